//! Account management for admins: list, create, change role, disable, reset a password.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::staff::Staff;
use crate::auth::{self, Role};
use crate::clock::rfc3339;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

const MAX_USERNAME_CHARS: usize = 64;

impl Staff {
    fn require_admin(&self) -> ApiResult<()> {
        if self.role == Role::Admin { Ok(()) } else { Err(ApiError::Forbidden) }
    }
}

/// `GET /api/v1/admin/users`.
pub async fn list(staff: Staff, State(state): State<AppState>) -> ApiResult<Json<Value>> {
    staff.require_admin()?;
    let now = crate::clock::now_ms();
    let users: Vec<Value> = state
        .store
        .list_users()
        .await?
        .into_iter()
        .map(|u| {
            json!({
                "username": u.username,
                "role": u.role,
                "created_at": rfc3339(u.created_at),
                "disabled": u.disabled,
                "locked": u.locked_until > now,
            })
        })
        .collect();
    Ok(Json(json!({ "users": users })))
}

#[derive(Debug, Deserialize)]
struct NewUser {
    username: String,
    password: String,
    role: String,
}

fn parse_role(role: &str) -> ApiResult<Role> {
    Role::parse(role).ok_or_else(|| ApiError::Invalid {
        field: "role",
        message: "Vai trò phải là staff (tổng đài viên), editor (biên tập viên) hoặc admin (quản trị).".into(),
    })
}

fn check_password(password: &str) -> ApiResult<()> {
    auth::check_password_strength(password)
        .map_err(|message| ApiError::Invalid { field: "password", message: message.into() })
}

fn parse<T: serde::de::DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> ApiResult<T> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)
}

/// `POST /api/v1/admin/users` `{"username", "password", "role"}`.
pub async fn create(
    staff: Staff,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    staff.require_admin()?;
    let req: NewUser = parse(body)?;
    let username = req.username.trim();
    let valid_name = !username.is_empty()
        && username.chars().count() <= MAX_USERNAME_CHARS
        && username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !valid_name {
        return Err(ApiError::Invalid {
            field: "username",
            message: format!(
                "Tên đăng nhập gồm 1–{MAX_USERNAME_CHARS} chữ cái, chữ số hoặc dấu . _ - (không có khoảng trắng)."
            ),
        });
    }
    let role = parse_role(&req.role)?;
    check_password(&req.password)?;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&req.password)).await?;
    if !state.store.add_user(username, &hash, role).await? {
        return Err(ApiError::UserExists);
    }
    tracing::info!(admin = %staff.username, user = %username, role = role.as_str(), "account created");
    Ok((StatusCode::CREATED, Json(json!({"username": username, "role": role}))))
}

#[derive(Debug, Deserialize)]
struct UserChange {
    role: Option<String>,
    disabled: Option<bool>,
    password: Option<String>,
}

/// `PATCH /api/v1/admin/users/{username}` `{"role"?, "disabled"?, "password"?}`: the account's
/// sessions end; the last active admin cannot be demoted or disabled.
pub async fn update(
    staff: Staff,
    State(state): State<AppState>,
    Path(username): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_admin()?;
    let req: UserChange = parse(body)?;
    let role = req.role.as_deref().map(parse_role).transpose()?;
    if let Some(p) = &req.password {
        check_password(p)?;
    }
    let users = state.store.list_users().await?;
    let user = users.iter().find(|u| u.username == username).ok_or(ApiError::UserNotFound)?;
    let loses_admin = user.role == Role::Admin
        && !user.disabled
        && (req.disabled == Some(true) || role.is_some_and(|r| r != Role::Admin));
    if loses_admin && state.store.active_admins().await? <= 1 {
        return Err(ApiError::LastAdmin);
    }
    let hash = match req.password {
        Some(p) => Some(tokio::task::spawn_blocking(move || auth::hash_password(&p)).await?),
        None => None,
    };
    if !state.store.update_user(&username, role, req.disabled, hash.as_deref()).await? {
        return Err(ApiError::UserNotFound);
    }
    tracing::info!(
        admin = %staff.username,
        user = %username,
        role = ?role.map(Role::as_str),
        disabled = ?req.disabled,
        password_reset = hash.is_some(),
        "account changed"
    );
    Ok(Json(json!({"ok": true})))
}
