//! Staff routes: login/logout, and the hotline queue (list, claim, reply). Roles are checked on
//! every route; sessions are HttpOnly, SameSite=Strict cookies (Secure behind HTTPS).

use std::collections::HashMap;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::auth::{self, Role};
use crate::clock::{now_ms, rfc3339};
use crate::error::status_label;
use crate::error::{ApiError, ApiResult};
use crate::phone;
use crate::privacy;
use crate::state::AppState;
use crate::storage::{ClaimOutcome, QueueFilter, QueueTicket};

pub const SESSION_COOKIE: &str = "dvc_session";
const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
const MAX_FAILED_LOGINS: i64 = 5;
const LOCKOUT: Duration = Duration::from_secs(15 * 60);
pub const MAX_REPLY_CHARS: usize = 4000;

/// A logged-in account, taken from the session cookie.
#[derive(Debug, Clone)]
pub struct Staff {
    pub username: String,
    pub role: Role,
}

fn session_token(headers: &HeaderMap) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == SESSION_COOKIE && !v.is_empty()).then(|| v.to_string())
    })
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = session_token(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        let (username, role) =
            state.store.session_user(&auth::token_hash(&token)).await?.ok_or(ApiError::Unauthenticated)?;
        Ok(Staff { username, role })
    }
}

impl Staff {
    fn require_tickets(&self) -> ApiResult<()> {
        if self.role.can_work_tickets() { Ok(()) } else { Err(ApiError::Forbidden) }
    }
}

#[derive(Debug, Deserialize)]
struct Login {
    username: String,
    password: String,
}

fn behind_https(headers: &HeaderMap) -> bool {
    headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

fn cookie(state: &AppState, headers: &HeaderMap, value: &str, max_age: u64) -> HeaderValue {
    let secure = if state.settings.secure_cookies || behind_https(headers) { "; Secure" } else { "" };
    let c = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&c).expect("cookie is ASCII")
}

/// `POST /api/v1/auth/login`.
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let req: Login = serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)?;
    let Some((id, hash, role, locked_until)) = state.store.user_by_name(req.username.trim()).await? else {
        // same work and answer as a wrong password, so usernames cannot be probed
        auth::verify_password(&req.password, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$invalid");
        return Err(ApiError::BadCredentials);
    };
    if locked_until > now_ms() {
        return Err(ApiError::Locked);
    }
    let password = req.password.clone();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash)).await?;
    if !ok {
        state.store.login_failed(id, MAX_FAILED_LOGINS, LOCKOUT).await?;
        tracing::warn!(user = %req.username.trim(), "login failed");
        return Err(ApiError::BadCredentials);
    }
    let (token, token_hash) = auth::new_session_token();
    state.store.create_session(id, &token_hash, SESSION_TTL).await?;
    tracing::info!(user = %req.username.trim(), role = role.as_str(), "logged in");
    let mut resp = Json(json!({"username": req.username.trim(), "role": role.as_str()})).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, cookie(&state, &headers, &token, SESSION_TTL.as_secs()));
    Ok(resp)
}

/// `POST /api/v1/auth/logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = session_token(&headers) {
        state.store.delete_session(&auth::token_hash(&token)).await?;
    }
    let mut resp = Json(json!({"ok": true})).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, cookie(&state, &headers, "", 0));
    Ok(resp)
}

/// `GET /api/v1/auth/me`.
pub async fn me(staff: Staff) -> Json<Value> {
    Json(json!({"username": staff.username, "role": staff.role.as_str()}))
}

/// `GET /api/v1/staff/tickets?status=…&field=…&mine=1`: the queue, longest waiting first, with
/// the SLA clock; phones and names are masked except for the officer holding the ticket.
/// `status=open` shows everything not resolved.
pub async fn list(
    staff: Staff,
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let param = |k: &str| params.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    if let Some(s) = param("status")
        && !STATUSES.contains(&s.as_str())
        && s != "open"
    {
        return Err(ApiError::Invalid { field: "status", message: "Trạng thái không hợp lệ.".into() });
    }
    let filter = QueueFilter {
        status: param("status"),
        field: param("field"),
        claimed_by: param("mine").filter(|m| m == "1" || m == "true").map(|_| staff.username.clone()),
    };
    let now = now_ms();
    let tickets: Vec<Value> =
        state.store.list_tickets(&filter).await?.iter().map(|t| queue_json(t, &staff, now)).collect();
    Ok(Json(json!({ "tickets": tickets, "fields": state.store.ticket_fields().await?, "now": rfc3339(now) })))
}

/// Every status a ticket can have.
pub const STATUSES: [&str; 5] = ["new", "claimed", "answered", "called_back", "resolved"];

/// Whether `staff` sees the personal data of `t` unmasked: the officer holding it, and admins.
fn sees_personal_data(t: &QueueTicket, staff: &Staff) -> bool {
    staff.role == Role::Admin || t.claimed_by.as_deref() == Some(staff.username.as_str())
}

fn queue_json(t: &QueueTicket, staff: &Staff, now: i64) -> Value {
    let open = t.status != "resolved";
    let clear = sees_personal_data(t, staff);
    json!({
        "code": t.code,
        "status": t.status,
        "status_label": status_label(&t.status),
        "created_at": rfc3339(t.created_at),
        "waiting_minutes": (t.first_response_at.unwrap_or(now) - t.created_at) / 60_000,
        "due_at": t.due_at.map(rfc3339),
        // minutes until the response-time target (negative: overdue); none once answered
        "minutes_left": t.due_at.filter(|_| open && t.first_response_at.is_none()).map(|d| (d - now).div_euclid(60_000)),
        "overdue": t.due_at.is_some_and(|d| t.first_response_at.unwrap_or(now) > d),
        "claimed_by": t.claimed_by,
        "procedure_id": t.procedure_id,
        "field": t.field,
        "name": if clear { t.name.clone() } else { mask_name(&t.name) },
        "phone": if clear { t.phone.clone() } else { phone::masked(&t.phone) },
        "question": t.question,
    })
}

/// `GET /api/v1/staff/tickets/{code}`: the ticket view: transcript, the procedure the citizen was
/// reading, replies, internal notes and the audit trail.
pub async fn detail(staff: Staff, State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let d = state.store.ticket_detail(&code).await?.ok_or(ApiError::TicketNotFound)?;
    let clear = sees_personal_data(&d.ticket, &staff);
    let mut ticket = queue_json(&d.ticket, &staff, now_ms());
    let procedure = d
        .ticket
        .procedure_id
        .as_deref()
        .and_then(|id| state.catalog().content.get(id).map(|doc| json!({"id": id, "title": doc.title()})));
    let masked = |s: &str| if clear { s.to_string() } else { privacy::mask(s) };
    let transcript: Vec<Value> = d
        .transcript
        .unwrap_or_default()
        .iter()
        .map(|t| json!({"role": t.role, "text": masked(&t.text), "at": rfc3339(t.at)}))
        .collect();
    let obj = ticket.as_object_mut().expect("an object");
    obj.insert("email".into(), json!(d.email.as_deref().map(|e| if clear { e.to_string() } else { "***".into() })));
    obj.insert("contact_time".into(), json!(d.contact_time));
    obj.insert("procedure".into(), json!(procedure));
    obj.insert("transcript".into(), json!(transcript));
    obj.insert(
        "replies".into(),
        json!(d.replies.iter().map(|(text, at)| json!({"text": text, "at": rfc3339(*at)})).collect::<Vec<_>>()),
    );
    obj.insert(
        "history".into(),
        json!(
            d.entries
                .iter()
                .map(|e| json!({"at": rfc3339(e.at), "actor": e.actor, "action": e.action, "detail": e.detail}))
                .collect::<Vec<_>>()
        ),
    );
    obj.insert("can_see_personal_data".into(), json!(clear));
    Ok(Json(ticket))
}

/// "Nguyễn Văn An" → "N*** V** A*".
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(cs.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn outcome(o: ClaimOutcome) -> ApiResult<Json<Value>> {
    match o {
        ClaimOutcome::Done => Ok(Json(json!({"ok": true}))),
        ClaimOutcome::TakenBy(who) => Err(ApiError::TicketTaken(who)),
        ClaimOutcome::NotFound => Err(ApiError::TicketNotFound),
        ClaimOutcome::WrongState(status) => Err(ApiError::TicketState(status)),
    }
}

/// `POST /api/v1/staff/tickets/{code}/claim`: two officers cannot both claim it.
pub async fn claim(staff: Staff, State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let o = outcome(state.store.claim_ticket(&code, &staff.username).await?)?;
    state.publish("claimed", &code).await;
    Ok(o)
}

#[derive(Debug, Deserialize)]
struct TextBody {
    #[serde(default)]
    text: String,
}

/// The `text` of a JSON body, trimmed; required or not, at most `MAX_REPLY_CHARS`.
fn text_of(body: Result<Bytes, BytesRejection>, required: bool) -> ApiResult<String> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let text = if body.is_empty() && !required {
        String::new()
    } else {
        serde_json::from_slice::<TextBody>(&body).map_err(|_| ApiError::BadJson)?.text.trim().to_string()
    };
    if (required && text.is_empty()) || text.chars().count() > MAX_REPLY_CHARS {
        return Err(ApiError::Invalid {
            field: "text",
            message: format!("Nội dung từ 1 đến {MAX_REPLY_CHARS} ký tự."),
        });
    }
    Ok(text)
}

/// `POST /api/v1/staff/tickets/{code}/reply`: the reply reaches the citizen's widget.
pub async fn reply(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let text = text_of(body, true)?;
    let o = outcome(state.store.reply_ticket(&code, &staff.username, &text).await?)?;
    state.publish("answered", &code).await;
    Ok(o)
}

/// `POST /api/v1/staff/tickets/{code}/note`: an internal note (never shown to the citizen).
pub async fn note(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let text = text_of(body, true)?;
    let o = outcome(state.store.add_note(&code, &staff.username, &text).await?)?;
    state.publish("note", &code).await;
    Ok(o)
}

/// `POST /api/v1/staff/tickets/{code}/called-back`: the citizen was phoned (optional `text`).
pub async fn called_back(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let text = text_of(body, false)?;
    let detail = Some(text.as_str()).filter(|t| !t.is_empty());
    let o = outcome(state.store.mark_called_back(&code, &staff.username, detail).await?)?;
    state.publish("called_back", &code).await;
    Ok(o)
}

/// `POST /api/v1/staff/tickets/{code}/resolve`: by the officer holding it, or an admin.
pub async fn resolve(staff: Staff, State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let admin = staff.role == Role::Admin;
    let o = outcome(state.store.resolve_ticket(&code, &staff.username, admin, state.settings.webhook).await?)?;
    state.publish("resolved", &code).await;
    Ok(o)
}

/// `POST /api/v1/staff/tickets/{code}/reopen`: a resolved ticket back to work, held by whoever
/// reopens it (optional `text`: why).
pub async fn reopen(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let text = text_of(body, false)?;
    let reason = Some(text.as_str()).filter(|t| !t.is_empty());
    let o = outcome(state.store.reopen_ticket(&code, &staff.username, reason).await?)?;
    state.publish("reopened", &code).await;
    Ok(o)
}

/// One open live stream, in the metrics.
struct SseClient(std::sync::Arc<crate::metrics::Metrics>);

impl SseClient {
    fn new(m: std::sync::Arc<crate::metrics::Metrics>) -> Self {
        m.sse(1);
        SseClient(m)
    }
}

impl Drop for SseClient {
    fn drop(&mut self) {
        self.0.sse(-1);
    }
}

/// `GET /api/v1/staff/events`: Server-Sent Events of the queue, so consoles update without a
/// reload. A console that falls behind is told to reload the list (`event: resync`).
pub async fn events(
    staff: Staff,
    State(state): State<AppState>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>> {
    staff.require_tickets()?;
    // counted while open; ends when the server stops, so the shutdown can drain
    let guard = SseClient::new(state.metrics.clone());
    let stopping = tokio_stream::wrappers::WatchStream::new(state.on_shutdown()).filter(|stop| *stop).map(|_| None);
    let events = BroadcastStream::new(state.store.subscribe()).map(Some);
    let stream = events.merge(stopping).take_while(|e| e.is_some()).map(move |msg| {
        let _alive = &guard;
        let msg = msg.expect("taken while some");
        Ok(match msg {
            Ok(e) if e.kind == "resync" => Event::default().event("resync").data("{}"),
            Ok(e) if e.kind == "content" => Event::default().event("content").data(e.code),
            Ok(e) => {
                Event::default().event("ticket").json_data(&e).unwrap_or_else(|_| Event::default().event("resync"))
            }
            Err(_) => Event::default().event("resync").data("{}"),
        })
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_masked_but_initials_stay() {
        assert_eq!(super::mask_name("Nguyễn Văn An"), "N***** V** A*");
        assert_eq!(super::mask_name(""), "");
    }
}
