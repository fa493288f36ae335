//! Hotline tickets: `POST /api/v1/tickets` and `GET /api/v1/tickets/{code}`.

use serde::{Deserialize, Serialize};

/// Longest accepted name, question and contact time, in characters.
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_QUESTION_CHARS: usize = 2000;
pub const MAX_CONTACT_TIME_CHARS: usize = 100;

/// `POST /api/v1/tickets` body (send an `Idempotency-Key` header so a retry creates nothing new).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketRequest {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub question: String,
    pub contact_time: Option<String>,
    /// Explicit consent to processing personal data (Nghị định 13/2023/NĐ-CP). No consent, no ticket.
    pub consent: bool,
    /// The conversation whose transcript is attached.
    pub conversation: Option<String>,
    /// Honeypot: hidden in the form, filled only by bots. Must stay empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// `POST /api/v1/tickets` answer (201 when created, 200 for a retry with the same key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketCreated {
    /// Short, readable, unguessable: "TN-7K3QX9".
    pub code: String,
    pub status: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Lets this browser see the ticket without the phone number.
    pub lookup_token: String,
    pub hotline: String,
    /// "Tổng đài viên sẽ liên hệ trong vòng 2 giờ."
    pub expected_response: String,
}

/// `GET /api/v1/tickets/{code}?phone=…` or `?token=…`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketStatus {
    pub code: String,
    pub status: String,
    pub created_at: String,
    pub replies: Vec<TicketReply>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketReply {
    pub text: String,
    pub at: String,
}
