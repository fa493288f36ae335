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
use axum::routing::{get, patch, post, put};
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::state::AppState;

/// Body limit of an officer's reply or note (4,000 characters of Vietnamese in JSON).
const STAFF_TEXT_BODY: usize = 32 * 1024;

/// Body limit of one edited document or the synonym list.
const EDIT_BODY: usize = 1024 * 1024;

/// Every route of the server, testable without a socket.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/search", get(search::search))
        .route("/suggest", get(suggest::suggest))
        .route("/documents/{id}", get(documents::get))
        .route("/chat", post(chat::chat).layer(DefaultBodyLimit::max(chat::MAX_CHAT_BODY)))
        .route("/chat/{conversation}", get(chat::transcript))
        .route("/feedback", post(chat::feedback).layer(DefaultBodyLimit::max(1024)))
        .route("/tickets", post(tickets::create).layer(DefaultBodyLimit::max(tickets::MAX_TICKET_BODY)))
        .route("/tickets/{code}", get(tickets::lookup))
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
        .route("/admin/users/{username}", patch(admin::update).layer(DefaultBodyLimit::max(4096)))
        .fallback(|| async { ApiError::RouteNotFound });
    Router::new()
        .nest("/api/v1", api)
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(site::routes(&state.settings.widget_dir))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
