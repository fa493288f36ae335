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
use crate::error::{ApiError, ApiResult};
use crate::phone;
use crate::state::AppState;
use crate::storage::ClaimOutcome;

pub const SESSION_COOKIE: &str = "dvc_session";
const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);
const MAX_FAILED_LOGINS: i64 = 5;
const LOCKOUT: Duration = Duration::from_secs(15 * 60);
const MAX_REPLY_CHARS: usize = 4000;

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

fn cookie(headers: &HeaderMap, value: &str, max_age: u64) -> HeaderValue {
    let secure = if behind_https(headers) { "; Secure" } else { "" };
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
    resp.headers_mut().insert(header::SET_COOKIE, cookie(&headers, &token, SESSION_TTL.as_secs()));
    Ok(resp)
}

/// `POST /api/v1/auth/logout`.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    if let Some(token) = session_token(&headers) {
        state.store.delete_session(&auth::token_hash(&token)).await?;
    }
    let mut resp = Json(json!({"ok": true})).into_response();
    resp.headers_mut().insert(header::SET_COOKIE, cookie(&headers, "", 0));
    Ok(resp)
}

/// `GET /api/v1/auth/me`.
pub async fn me(staff: Staff) -> Json<Value> {
    Json(json!({"username": staff.username, "role": staff.role.as_str()}))
}

/// `GET /api/v1/staff/tickets?status=…`: the queue, longest waiting first; phones and names
/// are masked in the list (shown whole in the ticket view of the officer holding it).
pub async fn list(
    staff: Staff,
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let status = params.get("status").map(String::as_str).filter(|s| !s.is_empty());
    let now = now_ms();
    let tickets: Vec<Value> = state
        .store
        .list_tickets(status)
        .await?
        .into_iter()
        .map(|t| {
            let mine = t.claimed_by.as_deref() == Some(staff.username.as_str());
            json!({
                "code": t.code,
                "status": t.status,
                "created_at": rfc3339(t.created_at),
                "waiting_minutes": (now - t.created_at) / 60_000,
                "claimed_by": t.claimed_by,
                "name": if mine { t.name.clone() } else { mask_name(&t.name) },
                "phone": if mine { t.phone.clone() } else { phone::masked(&t.phone) },
                "question": t.question,
            })
        })
        .collect();
    Ok(Json(json!({ "tickets": tickets })))
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
        ClaimOutcome::Claimed => Ok(Json(json!({"ok": true}))),
        ClaimOutcome::TakenBy(who) => Err(ApiError::TicketTaken(who)),
        ClaimOutcome::NotFound => Err(ApiError::TicketNotFound),
    }
}

/// `POST /api/v1/staff/tickets/{code}/claim`: two officers cannot both claim it.
pub async fn claim(staff: Staff, State(state): State<AppState>, Path(code): Path<String>) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let o = outcome(state.store.claim_ticket(&code, &staff.username).await?)?;
    state.publish("claimed", &code);
    Ok(o)
}

#[derive(Debug, Deserialize)]
struct ReplyBody {
    text: String,
}

/// `POST /api/v1/staff/tickets/{code}/reply`: the reply reaches the citizen's widget.
pub async fn reply(
    staff: Staff,
    State(state): State<AppState>,
    Path(code): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_tickets()?;
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let req: ReplyBody = serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)?;
    let text = req.text.trim();
    if text.is_empty() || text.chars().count() > MAX_REPLY_CHARS {
        return Err(ApiError::Invalid {
            field: "text",
            message: format!("Nội dung trả lời từ 1 đến {MAX_REPLY_CHARS} ký tự."),
        });
    }
    let o = outcome(state.store.reply_ticket(&code, &staff.username, text).await?)?;
    state.publish("answered", &code);
    Ok(o)
}

/// `GET /api/v1/staff/events`: Server-Sent Events of the queue, so consoles update without a
/// reload. A console that falls behind is told to reload the list (`event: resync`).
pub async fn events(
    staff: Staff,
    State(state): State<AppState>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>> {
    staff.require_tickets()?;
    let stream = BroadcastStream::new(state.events.subscribe()).map(|msg| {
        Ok(match msg {
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
