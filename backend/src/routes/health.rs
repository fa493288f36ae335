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
        "content_version": catalog.content_version,
        "index_version": catalog.version,
        "answer_threshold": (f64::from(dvc_index::ANSWER_THRESHOLD) * 1000.0).round() / 1000.0,
    }))
}

/// Readiness: 200 when the database answers (within 2 s), else 503; a load balancer sends
/// traffic only to ready replicas. Searches and chats keep working without the database.
pub async fn readyz(State(state): State<AppState>) -> (axum::http::StatusCode, Json<Value>) {
    let db = tokio::time::timeout(std::time::Duration::from_secs(2), state.store.ping()).await;
    let ok = matches!(db, Ok(Ok(())));
    let status = if ok { axum::http::StatusCode::OK } else { axum::http::StatusCode::SERVICE_UNAVAILABLE };
    let catalog = state.catalog();
    (
        status,
        Json(json!({
            "status": if ok { "ready" } else { "database unavailable" },
            "database": state.store.dialect().as_str(),
            "content_version": catalog.content_version,
        })),
    )
}

/// `GET /metrics`: Prometheus text format (restrict it to the monitoring network at the proxy).
pub async fn metrics(State(state): State<AppState>) -> impl axum::response::IntoResponse {
    let catalog = state.catalog();
    let db = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        Ok::<_, crate::storage::StorageError>((
            state.store.tickets_by_status().await?,
            state.store.outbox_pending().await?,
        ))
    })
    .await;
    let (tickets_by_status, webhook_pending, database_up) = match db {
        Ok(Ok((t, w))) => (t, w, true),
        _ => (vec![], 0, false),
    };
    let gauges = crate::metrics::Gauges {
        tickets_by_status,
        webhook_pending,
        content_version: catalog.content_version,
        index_version: catalog.version.clone(),
        documents: catalog.index.num_docs(),
        database_up,
    };
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render(&gauges))
}
