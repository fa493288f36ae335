//! The demo portal page, the embed loader, and the built widget.

use std::path::Path;

use axum::Router;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

const DEMO_HTML: &str = include_str!("../../assets/demo.html");
const DEMO_CSS: &str = include_str!("../../assets/demo.css");
const EMBED_JS: &str = include_str!("../../assets/embed.js");

pub fn routes(widget_dir: &Path) -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Html(DEMO_HTML) }))
        .route("/demo.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], DEMO_CSS) }))
        .route("/embed.js", get(embed_js))
        .nest_service("/widget", ServeDir::new(widget_dir).append_index_html_on_directories(true))
        // the staff console: its own bundle (citizens never download it), built into <dist>/console
        .route_service("/console", ServeFile::new(widget_dir.join("console/index.html")))
        .nest_service("/console/", ServeDir::new(widget_dir.join("console")))
}

async fn embed_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")],
        EMBED_JS,
    )
}
