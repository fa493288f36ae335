//! The conversation API: `POST /api/v1/chat` and `GET /api/v1/chat/{conversation}`.
//!
//! Portal integrators rely on this shape: keep it stable and additive.

use serde::{Deserialize, Serialize};

use crate::DocKind;

/// Longest accepted chat message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// `POST /api/v1/chat` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    /// The conversation to continue; `null` starts a new one.
    #[serde(default)]
    pub conversation: Option<String>,
    pub message: String,
    /// An action button pressed instead of typing (`kind` and optional `id` of an [`Action`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionRequest>,
}

/// A pressed action button.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub kind: ActionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `POST /api/v1/chat` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    pub conversation: String,
    /// Number of the reply's turn in the conversation, for feedback.
    #[serde(default)]
    pub turn: u32,
    pub reply: Reply,
}

/// `POST /api/v1/feedback`: a thumbs up or down on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackRequest {
    pub conversation: String,
    /// The `turn` of the answer, as given by [`ChatResponse`].
    pub turn: u32,
    pub vote: Vote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Up,
    Down,
}

/// `POST /api/v1/feedback` answer: after a thumbs down, a reply that offers the hotline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackResponse {
    pub recorded: bool,
    pub reply: Option<Reply>,
}

/// One answer of the assistant. Text comes from the content or from fixed templates, never made up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Short text for the citizen (plain text, may contain line breaks).
    pub text: String,
    /// The single answer, when there is one.
    pub card: Option<Card>,
    /// At most 3 other documents worth a look.
    pub related: Vec<Related>,
    pub confidence: Confidence,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    High,
    Medium,
    Low,
}

/// A button under a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub kind: ActionKind,
    pub label: String,
    /// The candidate document, for `choose`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Documents,
    Fee,
    Time,
    Agency,
    Steps,
    FileOnline,
    LegalBasis,
    Eligibility,
    Choose,
    Escalate,
}

/// A document mentioned next to the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Related {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    /// A plain-text excerpt, when the reply lists search results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// What the widget shows for one procedure or FAQ, already made readable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    /// The page of the national portal the content comes from (also the online-filing entry).
    pub source_url: Option<String>,
    /// Who published the content: ministry or FAQ source.
    pub source: Option<String>,
    /// Publishing decision (số quyết định công bố).
    pub decision_no: Option<String>,
    pub legal_basis: Vec<String>,
    /// Date of the content version the answer comes from (YYYY-MM-DD).
    pub content_date: String,
    pub agency: Option<String>,
    pub field: Option<String>,
    /// Processing time per channel ("Trực tiếp: 15 ngày làm việc").
    pub processing_time: Vec<String>,
    /// Fees, amount in đồng first, conditions after.
    pub fees: Vec<FeeLine>,
    /// "Nộp trực tuyến được giảm …" when the content states a lower online fee.
    pub online_discount: Option<String>,
    /// Documents to prepare, as a checklist.
    pub documents: Vec<String>,
    /// Numbered steps.
    pub steps: Vec<String>,
    /// "toàn trình" | "một phần" when the content says.
    pub online_level: Option<String>,
    /// Who may apply (đối tượng thực hiện).
    pub target: Option<String>,
    /// The answer of an FAQ, as paragraphs.
    pub answer: Vec<String>,
    /// False for sample content not yet reviewed by an editor.
    pub reviewed: bool,
    /// Where to file online in this province, when editors set it (else `source_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    /// Local notes: the one-stop desk's address, opening hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_notes: Option<String>,
}

/// One fee: channel, amount first, then its conditions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeLine {
    pub channel: Option<String>,
    pub amount: String,
    pub detail: Option<String>,
}

/// `GET /api/v1/chat/{conversation}`: the transcript, so a reload keeps the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    pub conversation: String,
    pub turns: Vec<Turn>,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// Number of the turn in its conversation (never reused, even when old turns are dropped).
    #[serde(default)]
    pub id: u32,
    pub role: Role,
    pub text: String,
    /// The assistant's full reply (for assistant turns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
    /// Unix time in milliseconds.
    pub at: i64,
    /// The citizen's thumbs up or down on this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<Vote>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Citizen,
    Assistant,
}
