//! The router: one file per resource.

mod admin;
mod chat;
mod documents;
mod editor;
mod health;
mod search;
mod site;
mod staff;
mod suggest;
mod tickets;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, patch, post, put};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::middleware;

use crate::error::ApiError;
use crate::state::AppState;

/// Body limit of an officer's reply or note (4,000 characters of Vietnamese in JSON).
const STAFF_TEXT_BODY: usize = 32 * 1024;

/// Body limit of one edited document or the synonym list.
const EDIT_BODY: usize = 1024 * 1024;

/// Every route of the server, testable without a socket.
pub fn app(state: AppState) -> Router {
    // what a portal may call from its own pages (CORS allowlist of the portal origins)
    let public = Router::new()
        .route("/search", get(search::search))
        .route("/suggest", get(suggest::suggest))
        .route("/documents/{id}", get(documents::get))
        .route("/chat", post(chat::chat).layer(DefaultBodyLimit::max(chat::MAX_CHAT_BODY)))
        .route("/chat/{conversation}", get(chat::transcript))
        .route("/feedback", post(chat::feedback).layer(DefaultBodyLimit::max(1024)))
        .route("/tickets", post(tickets::create).layer(DefaultBodyLimit::max(tickets::MAX_TICKET_BODY)))
        .route("/tickets/{code}", get(tickets::lookup))
        .layer(cors(&state.settings.portal_origins));
    // the console's routes: same origin only, cookie sessions
    let staff = Router::new()
        .route("/auth/login", post(staff::login).layer(DefaultBodyLimit::max(4096)))
        .route("/auth/logout", post(staff::logout))
        .route("/auth/me", get(staff::me))
        .route("/staff/tickets", get(staff::list))
        .route("/staff/events", get(staff::events))
        .route("/staff/tickets/{code}", get(staff::detail))
        .route("/staff/tickets/{code}/claim", post(staff::claim))
        .route("/staff/tickets/{code}/reply", post(staff::reply).layer(DefaultBodyLimit::max(STAFF_TEXT_BODY)))
        .route("/staff/tickets/{code}/note", post(staff::note).layer(DefaultBodyLimit::max(STAFF_TEXT_BODY)))
        .route(
            "/staff/tickets/{code}/called-back",
            post(staff::called_back).layer(DefaultBodyLimit::max(STAFF_TEXT_BODY)),
        )
        .route("/staff/tickets/{code}/resolve", post(staff::resolve))
        .route("/staff/tickets/{code}/reopen", post(staff::reopen).layer(DefaultBodyLimit::max(STAFF_TEXT_BODY)))
        .route("/editor/status", get(editor::status))
        .route("/editor/documents", get(editor::list).post(editor::create).layer(DefaultBodyLimit::max(EDIT_BODY)))
        .route("/editor/documents/{id}", put(editor::update).layer(DefaultBodyLimit::max(EDIT_BODY)))
        .route("/editor/documents/{id}/retire", post(editor::retire))
        .route(
            "/editor/synonyms",
            get(editor::synonyms).put(editor::set_synonyms).layer(DefaultBodyLimit::max(EDIT_BODY)),
        )
        .route(
            "/editor/import",
            post(editor::import_file).layer(DefaultBodyLimit::max(crate::import::MAX_IMPORT_BYTES)),
        )
        .route("/editor/export", get(editor::export))
        .route("/editor/versions", get(editor::versions))
        .route("/editor/versions/{version}/rollback", post(editor::rollback))
        .route("/editor/unanswered", get(editor::unanswered))
        .route("/editor/usage", get(editor::usage))
        .route("/admin/users", get(admin::list).post(admin::create).layer(DefaultBodyLimit::max(4096)))
        .route("/admin/users/{username}", patch(admin::update).layer(DefaultBodyLimit::max(4096)));
    let api = public
        .merge(staff)
        .fallback(|| async { ApiError::RouteNotFound })
        .layer(from_fn(middleware::csrf))
        .layer(from_fn_with_state(state.clone(), middleware::limit_public));
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .merge(site::routes(&state.settings.widget_dir))
        .layer(from_fn_with_state(state.clone(), middleware::security_headers))
        .layer(from_fn_with_state(state.clone(), middleware::observe))
        .with_state(state)
}

/// Cross-origin calls to the public API from the configured portals only (no cookies).
fn cors(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, HeaderName::from_static("idempotency-key")])
        .max_age(std::time::Duration::from_secs(3600))
}
