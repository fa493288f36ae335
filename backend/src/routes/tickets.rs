//! `POST /api/v1/tickets` and `GET /api/v1/tickets/{code}`: the citizen's side of the hotline.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use dvc_api::{
    Document, MAX_CONTACT_TIME_CHARS, MAX_NAME_CHARS, MAX_QUESTION_CHARS, TicketCreated, TicketReply, TicketRequest,
    TicketStatus,
};

use crate::clock::{now_ms, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::ratelimit::{Limit, RateLimits};
use crate::state::AppState;
use crate::storage::{NewTicket, StorageError};
use crate::{phone, sla};

/// Largest accepted ticket request body.
pub const MAX_TICKET_BODY: usize = 32 * 1024;
const MAX_IDEMPOTENCY_KEY: usize = 200;

fn invalid(field: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::Invalid { field, message: message.into() }
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// Check every field in the order of the form; the first problem is reported with the field named.
pub fn validate(req: &TicketRequest) -> ApiResult<(String, Option<String>)> {
    if req.website.as_deref().is_some_and(|w| !w.trim().is_empty()) {
        return Err(invalid("website", "Yêu cầu không hợp lệ. Nếu bạn cần hỗ trợ, vui lòng gọi tổng đài."));
    }
    let name = req.name.trim();
    if name.is_empty() {
        return Err(invalid("name", "Vui lòng nhập họ và tên."));
    }
    if too_long(name, MAX_NAME_CHARS) {
        return Err(invalid("name", format!("Họ và tên tối đa {MAX_NAME_CHARS} ký tự.")));
    }
    let phone = phone::normalize(&req.phone).map_err(|e| invalid("phone", e.0))?;
    let email = match req.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        None => None,
        Some(e) => {
            let ok = e.len() <= 254
                && !e.contains(char::is_whitespace)
                && e.split_once('@').is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !d.ends_with('.'));
            if !ok {
                return Err(invalid("email", "Địa chỉ email không đúng (ví dụ: ten@gmail.com)."));
            }
            Some(e.to_string())
        }
    };
    let question = req.question.trim();
    if question.is_empty() {
        return Err(invalid("question", "Vui lòng nhập nội dung cần hỗ trợ."));
    }
    if too_long(question, MAX_QUESTION_CHARS) {
        return Err(invalid("question", format!("Nội dung tối đa {MAX_QUESTION_CHARS} ký tự.")));
    }
    if req.contact_time.as_deref().is_some_and(|t| too_long(t, MAX_CONTACT_TIME_CHARS)) {
        return Err(invalid("contact_time", format!("Thời gian liên hệ tối đa {MAX_CONTACT_TIME_CHARS} ký tự.")));
    }
    if !req.consent {
        return Err(invalid(
            "consent",
            "Bạn cần đồng ý cho phép xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP) để tổng đài viên liên hệ lại.",
        ));
    }
    Ok((phone, email))
}

/// A stable hash of the request (FNV-1a), to tell a retry from another request with the same key.
fn request_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The client's address: the connection's peer, or the first `X-Forwarded-For` entry when the
/// server is configured to trust its reverse proxy.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(crate::middleware::client_ip(&parts.headers, &parts.extensions, state.settings.trust_proxy)))
    }
}

fn limited(state: &AppState, scope: &'static str, key: &str, pick: fn(&RateLimits) -> Limit) -> ApiResult<()> {
    let Some(limits) = state.limiter.limits() else { return Ok(()) };
    state.limiter.check(scope, key, pick(&limits)).map_err(|wait| {
        tracing::warn!(scope, "rate limited");
        ApiError::RateLimited { minutes: wait.as_secs().div_ceil(60).max(1), hotline: state.settings.hotline.clone() }
    })
}

/// `POST /api/v1/tickets`. While the database is unreachable: 503 with the hotline number, and
/// nothing is half-stored.
pub async fn create(
    State(state): State<AppState>,
    ip: ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<TicketCreated>)> {
    let hotline = state.settings.hotline.clone();
    create_ticket(state, ip, headers, body).await.map_err(|e| match e {
        ApiError::Unavailable(msg) => {
            tracing::error!(error = %msg, "ticket not stored: database unavailable");
            ApiError::TicketsUnavailable { hotline }
        }
        e => e,
    })
}

async fn create_ticket(
    state: AppState,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<TicketCreated>)> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let req: TicketRequest = serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)?;
    let key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => match v.to_str().map(str::trim) {
            Ok(k) if !k.is_empty() && k.len() <= MAX_IDEMPOTENCY_KEY => Some(k.to_string()),
            _ => return Err(invalid("Idempotency-Key", "Tiêu đề Idempotency-Key không hợp lệ (1–200 ký tự ASCII).")),
        },
    };
    let (phone, email) = validate(&req)?;
    // retries with a known key are never limited: they create nothing
    let retry = match &key {
        Some(k) => state.store.ticket_exists_for_key(k).await?,
        None => false,
    };
    if !retry {
        limited(&state, "tickets-ip", &ip, |l| l.tickets_per_ip)?;
        limited(&state, "tickets-phone", &phone, |l| l.tickets_per_phone)?;
    }
    let name = req.name.trim().to_string();
    let question = req.question.trim().to_string();
    let contact_time = req.contact_time.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let hash = request_hash(&[
        &name,
        &phone,
        email.as_deref().unwrap_or(""),
        &question,
        contact_time.as_deref().unwrap_or(""),
    ]);
    // the procedure the citizen was reading, for the officer and the queue's field filter
    let procedure_id = match &req.conversation {
        Some(c) => state.store.conversation_topic(c).await?,
        None => None,
    };
    let field = procedure_id.as_deref().and_then(|id| match state.catalog().content.get(id) {
        Some(Document::Procedure(p)) => p.field.clone(),
        Some(Document::Faq(f)) => f.category.clone(),
        None => None,
    });
    let new = NewTicket {
        prefix: state.settings.ticket_prefix.clone(),
        idempotency_key: key,
        request_hash: hash,
        name,
        phone,
        email,
        question,
        contact_time,
        conversation: req.conversation.clone(),
        procedure_id,
        field,
        due_at: sla::due_at(now_ms(), state.settings.response_hours, state.settings.sla_calendar),
    };
    let (ticket, created) = state.store.create_ticket(&new, state.settings.webhook).await.map_err(|e| match e {
        StorageError::IdempotencyConflict => ApiError::IdempotencyConflict,
        e => e.into(),
    })?;
    if created {
        tracing::info!(ticket = %ticket.code, "ticket created");
        state.publish("created", &ticket.code).await;
    }
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((
        status,
        Json(TicketCreated {
            code: ticket.code,
            status: ticket.status,
            created_at: rfc3339(ticket.created_at),
            lookup_token: ticket.lookup_token,
            hotline: state.settings.hotline.clone(),
            expected_response: format!(
                "Tổng đài viên sẽ liên hệ lại với bạn trong vòng {} giờ.",
                state.settings.response_hours
            ),
        }),
    ))
}

/// The same 404 for "no such code" and "wrong phone or token", so codes cannot be probed.
pub async fn lookup(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<TicketStatus>> {
    limited(&state, "lookups-ip", &ip, |l| l.lookups_per_ip)?;
    let ticket = state.store.ticket(&code.trim().to_uppercase()).await?.ok_or(ApiError::TicketNotFound)?;
    let by_phone = params.get("phone").and_then(|p| phone::normalize(p).ok()).is_some_and(|p| p == ticket.phone);
    let by_token = params.get("token").is_some_and(|t| !t.is_empty() && *t == ticket.lookup_token);
    if !(by_phone || by_token) {
        return Err(ApiError::TicketNotFound);
    }
    let replies = state
        .store
        .ticket_replies(&ticket.code)
        .await?
        .into_iter()
        .map(|(text, at)| TicketReply { text, at: rfc3339(at) })
        .collect();
    Ok(Json(TicketStatus { code: ticket.code, status: ticket.status, created_at: rfc3339(ticket.created_at), replies }))
}
