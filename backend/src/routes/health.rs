use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use crate::state::AppState;

/// Liveness: 200 once the server serves, with the content version it answers from.
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    let catalog = state.catalog();
    Json(json!({
        "status": "ok",
        "documents": catalog.index.num_docs(),
        "content_version": catalog.version,
        "answer_threshold": (f64::from(dvc_index::ANSWER_THRESHOLD) * 1000.0).round() / 1000.0,
    }))
}
