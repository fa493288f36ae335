use axum::Json;
use axum::extract::{Path, State};
use dvc_api::Document;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// `GET /api/v1/documents/{id}`: the full record for a card.
pub async fn get(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Document>> {
    state.catalog().content.get(&id).cloned().map(Json).ok_or(ApiError::DocumentNotFound)
}
