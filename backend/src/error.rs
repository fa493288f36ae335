//! The one error type of the HTTP API: a status, a stable code and a Vietnamese message.
//! Internal details are logged, never sent.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dvc_api::{ErrorBody, ErrorDetail, MAX_QUERY_CHARS, MAX_SEARCH_LIMIT};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("empty query")]
    EmptyQuery,
    #[error("query too long")]
    QueryTooLong,
    #[error("bad limit")]
    BadLimit,
    #[error("bad kind")]
    BadKind,
    #[error("body too large")]
    BodyTooLarge,
    #[error("bad json")]
    BadJson,
    #[error("message too long")]
    MessageTooLong,
    #[error("conversation not found")]
    ConversationNotFound,
    #[error("invalid {field}")]
    Invalid { field: &'static str, message: String },
    #[error("idempotency conflict")]
    IdempotencyConflict,
    #[error("ticket not found")]
    TicketNotFound,
    #[error("ticket taken by {0}")]
    TicketTaken(String),
    #[error("ticket is {0}")]
    TicketState(String),
    #[error("user exists")]
    UserExists,
    #[error("user not found")]
    UserNotFound,
    #[error("last admin")]
    LastAdmin,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("timeout")]
    Timeout,
    #[error("cross-site request")]
    CrossSite,
    #[error("tickets unavailable")]
    TicketsUnavailable { hotline: String },
    #[error("not logged in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("bad credentials")]
    BadCredentials,
    #[error("account locked")]
    Locked,
    #[error("rate limited")]
    RateLimited { minutes: u64, hotline: String },
    #[error("document not found")]
    DocumentNotFound,
    #[error("route not found")]
    RouteNotFound,
    #[error("internal: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::EmptyQuery
            | ApiError::QueryTooLong
            | ApiError::BadLimit
            | ApiError::BadKind
            | ApiError::BadJson
            | ApiError::MessageTooLong => StatusCode::BAD_REQUEST,
            ApiError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Invalid { .. } => StatusCode::BAD_REQUEST,
            ApiError::IdempotencyConflict => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TicketNotFound => StatusCode::NOT_FOUND,
            ApiError::TicketTaken(_) | ApiError::TicketState(_) | ApiError::UserExists | ApiError::LastAdmin => {
                StatusCode::CONFLICT
            }
            ApiError::UserNotFound => StatusCode::NOT_FOUND,
            ApiError::Unavailable(_) | ApiError::Timeout | ApiError::TicketsUnavailable { .. } => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::CrossSite => StatusCode::FORBIDDEN,
            ApiError::Unauthenticated | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::Locked | ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::DocumentNotFound | ApiError::RouteNotFound | ApiError::ConversationNotFound => {
                StatusCode::NOT_FOUND
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn detail(&self) -> ErrorDetail {
        let (code, message, field) = match self {
            ApiError::TicketTaken(who) => {
                ("ticket_taken", format!("Yêu cầu này đã được tổng đài viên {who} nhận xử lý."), None)
            }
            ApiError::RateLimited { minutes, hotline } => (
                "rate_limited",
                format!(
                    "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau {minutes} phút, hoặc gọi tổng đài {hotline} để được hỗ trợ ngay."
                ),
                None,
            ),
            ApiError::TicketState(status) => (
                "ticket_state",
                format!("Không thể thực hiện thao tác này khi yêu cầu đang ở trạng thái \"{}\".", status_label(status)),
                None,
            ),
            ApiError::UserExists => {
                ("user_exists", "Tên đăng nhập này đã có người dùng.".to_string(), Some("username"))
            }
            ApiError::UserNotFound => ("not_found", "Không tìm thấy tài khoản này.".to_string(), None),
            ApiError::LastAdmin => {
                ("last_admin", "Không thể khóa hoặc đổi vai trò của quản trị viên cuối cùng.".to_string(), None)
            }
            ApiError::Unavailable(_) => (
                "unavailable",
                "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Vui lòng thử lại sau ít phút.".to_string(),
                None,
            ),
            ApiError::Timeout => {
                ("timeout", "Hệ thống đang bận, yêu cầu xử lý quá lâu. Vui lòng thử lại sau ít phút.".to_string(), None)
            }
            ApiError::CrossSite => (
                "cross_site",
                "Yêu cầu đến từ một trang khác nên bị từ chối. Hãy thao tác trên trang quản trị.".to_string(),
                None,
            ),
            ApiError::TicketsUnavailable { hotline } => (
                "unavailable",
                format!(
                    "Hệ thống tạm thời chưa ghi nhận được yêu cầu của bạn. Vui lòng thử lại sau ít phút hoặc gọi tổng đài {hotline} để được hỗ trợ ngay."
                ),
                None,
            ),
            ApiError::Unauthenticated => ("unauthenticated", "Vui lòng đăng nhập.".to_string(), None),
            ApiError::Forbidden => {
                ("forbidden", "Tài khoản của bạn không có quyền thực hiện thao tác này.".to_string(), None)
            }
            ApiError::BadCredentials => {
                ("bad_credentials", "Tên đăng nhập hoặc mật khẩu không đúng.".to_string(), None)
            }
            ApiError::Locked => (
                "locked",
                "Tài khoản tạm khóa 15 phút do đăng nhập sai nhiều lần. Vui lòng thử lại sau.".to_string(),
                None,
            ),
            ApiError::Invalid { field, message } => ("invalid", message.clone(), Some(*field)),
            ApiError::IdempotencyConflict => (
                "idempotency_conflict",
                "Mã Idempotency-Key này đã được dùng cho một yêu cầu khác.".to_string(),
                Some("Idempotency-Key"),
            ),
            ApiError::TicketNotFound => (
                "not_found",
                "Không tìm thấy yêu cầu hỗ trợ với mã và số điện thoại (hoặc mã tra cứu) này.".to_string(),
                None,
            ),
            ApiError::EmptyQuery => {
                ("empty_query", "Vui lòng nhập câu hỏi hoặc từ khóa cần tìm.".to_string(), Some("q"))
            }
            ApiError::QueryTooLong => {
                ("query_too_long", format!("Câu hỏi quá dài: vui lòng nhập tối đa {MAX_QUERY_CHARS} ký tự."), Some("q"))
            }
            ApiError::BadLimit => {
                ("bad_limit", format!("Tham số limit phải là số nguyên từ 1 đến {MAX_SEARCH_LIMIT}."), Some("limit"))
            }
            ApiError::BadKind => (
                "bad_kind",
                "Tham số kind chỉ nhận \"procedure\" (thủ tục) hoặc \"faq\" (câu hỏi thường gặp).".to_string(),
                Some("kind"),
            ),
            ApiError::BodyTooLarge => {
                ("body_too_large", "Nội dung gửi lên quá lớn. Vui lòng rút gọn câu hỏi và gửi lại.".to_string(), None)
            }
            ApiError::BadJson => (
                "invalid_json",
                "Yêu cầu không đúng định dạng: cần JSON {\"conversation\": ..., \"message\": \"...\"}.".to_string(),
                None,
            ),
            ApiError::MessageTooLong => (
                "message_too_long",
                format!("Tin nhắn quá dài: vui lòng nhập tối đa {} ký tự.", dvc_api::MAX_MESSAGE_CHARS),
                Some("message"),
            ),
            ApiError::ConversationNotFound => (
                "not_found",
                "Cuộc trò chuyện này không còn được lưu. Bạn hãy bắt đầu cuộc trò chuyện mới.".to_string(),
                None,
            ),
            ApiError::DocumentNotFound => ("not_found", "Không tìm thấy thủ tục hoặc câu hỏi này.".to_string(), None),
            ApiError::RouteNotFound => ("not_found", "Không tìm thấy địa chỉ được yêu cầu.".to_string(), None),
            ApiError::Internal(_) => {
                ("internal", "Hệ thống đang gặp sự cố, vui lòng thử lại sau ít phút.".to_string(), None)
            }
        };
        ErrorDetail { code: code.to_string(), message, field: field.map(str::to_string) }
    }
}

impl From<dvc_index::Error> for ApiError {
    fn from(e: dvc_index::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(e: crate::storage::StorageError) -> Self {
        use crate::storage::StorageError::Sql;
        let unavailable = match &e {
            // the database is down, restarting or overloaded: say so (503); the caller may retry
            Sql(
                sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::Io(_)
                | sqlx::Error::Protocol(_)
                | sqlx::Error::WorkerCrashed,
            ) => true,
            // PostgreSQL: connection exception (08), operator intervention (57: shutdown, a
            // killed session), insufficient resources (53), database not accepting connections
            Sql(sqlx::Error::Database(d)) => d
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57") || c.starts_with("53") || c == "55000"),
            _ => false,
        };
        if unavailable { ApiError::Unavailable(e.to_string()) } else { ApiError::Internal(e.to_string()) }
    }
}

/// A ticket status as officers and citizens read it.
pub fn status_label(status: &str) -> &str {
    match status {
        "new" => "mới",
        "claimed" => "đang xử lý",
        "answered" => "đã trả lời",
        "called_back" => "đã gọi lại",
        "resolved" => "đã giải quyết",
        other => other,
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Internal(msg) => tracing::error!(error = %msg, "internal error"),
            ApiError::Unavailable(msg) => tracing::warn!(error = %msg, "database unavailable"),
            _ => {}
        }
        (self.status_code(), Json(ErrorBody { error: self.detail() })).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
