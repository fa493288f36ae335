use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use dvc_api::{SuggestResponse, Suggestion};

use super::search::{parse_params, wire_kind};
use crate::error::ApiResult;
use crate::state::AppState;

const DEFAULT_SUGGESTIONS: usize = 6;

/// `GET /api/v1/suggest?q=<prefix>&limit=N&kind=…`: titles for as-you-type suggestions.
pub async fn suggest(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<SuggestResponse>> {
    let p = parse_params(&params, DEFAULT_SUGGESTIONS)?;
    // Keep a trailing space: it says the last word is complete.
    let raw = params.get("q").map(|s| s.trim_start()).unwrap_or_default();
    let suggestions = state
        .catalog()
        .index
        .suggest(raw, p.limit, p.kind)
        .into_iter()
        .map(|s| Suggestion { id: s.id, kind: wire_kind(s.kind), title: s.title })
        .collect();
    Ok(Json(SuggestResponse { query: p.q, suggestions }))
}
