//! `POST /api/v1/chat` and `GET /api/v1/chat/{conversation}`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use dvc_api::{
    ChatRequest, ChatResponse, Document, FeedbackRequest, FeedbackResponse, MAX_MESSAGE_CHARS, Transcript, Vote,
};
use dvc_index::{Hit, Kind, Query, Synonyms};

use crate::assistant::{self, Input, Knowledge};
use crate::catalog::Catalog;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Largest accepted chat request body.
pub const MAX_CHAT_BODY: usize = 16 * 1024;

/// The catalog and synonyms as the dialogue sees them.
struct CatalogKnowledge<'a> {
    catalog: &'a Catalog,
    synonyms: &'a Synonyms,
}

impl Knowledge for CatalogKnowledge<'_> {
    fn search(&self, text: &str, limit: usize, kind: Option<Kind>) -> Vec<Hit> {
        match self.catalog.index.search(Query { text, limit, kind }, self.synonyms) {
            Ok(r) => r.hits,
            Err(e) => {
                tracing::error!(error = %e, "search failed in chat");
                vec![]
            }
        }
    }
    fn document(&self, id: &str) -> Option<&Document> {
        self.catalog.content.get(id)
    }
    fn content_date(&self) -> String {
        self.catalog.content.date.clone()
    }
}

/// Parse and check a chat request body; every failure is a Vietnamese 4xx.
pub fn parse_request(body: Result<Bytes, BytesRejection>) -> ApiResult<ChatRequest> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let req: ChatRequest = serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)?;
    if req.message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::MessageTooLong);
    }
    Ok(req)
}

/// `POST /api/v1/chat`. The conversation lives in the database; while the database is
/// unreachable the assistant still answers, from the message alone (nothing remembered).
pub async fn chat(State(state): State<AppState>, body: Result<Bytes, BytesRejection>) -> ApiResult<Json<ChatResponse>> {
    let req = parse_request(body)?;
    let (id, mut dialogue, stored) = match state.store.open_conversation(req.conversation.as_deref()).await {
        Ok((id, d)) => (id, d, true),
        Err(e) => {
            tracing::warn!(error = %e, "conversation not stored: answering without memory");
            (req.conversation.clone().unwrap_or_else(crate::storage::new_id), Default::default(), false)
        }
    };
    let catalog = state.catalog();
    let synonyms = state.synonyms();
    let hotline = state.settings.hotline.clone();
    let message = req.message.clone();
    let (reply, dialogue) = tokio::task::spawn_blocking(move || {
        let k = CatalogKnowledge { catalog: &catalog, synonyms: &synonyms };
        let input = match &req.action {
            Some(a) => Input::Action { kind: a.kind, id: a.id.as_deref() },
            None => Input::Message(&req.message),
        };
        let reply = assistant::respond(&k, &mut dialogue, input, &hotline);
        (reply, dialogue)
    })
    .await?;
    let turn = match stored {
        true => match state.store.record_exchange(&id, &dialogue, &message, &reply).await {
            Ok(turn) => turn,
            Err(e) => {
                tracing::warn!(error = %e, "exchange not stored");
                0
            }
        },
        false => 0,
    };
    // analytics event: no message text, no personal data
    let confidence = serde_json::to_value(reply.confidence).ok();
    state.metrics.answer(confidence.as_ref().and_then(|v| v.as_str()).unwrap_or_default());
    tracing::info!(confidence = ?reply.confidence, card = reply.card.as_ref().map(|c| c.id.as_str()), "chat answered");
    Ok(Json(ChatResponse { conversation: id, turn, reply }))
}

pub async fn transcript(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Transcript>> {
    let turns = state.store.transcript(&id).await?.ok_or(ApiError::ConversationNotFound)?;
    Ok(Json(Transcript { conversation: id, turns }))
}

/// `POST /api/v1/feedback`: thumbs up or down on an answer; a thumbs down offers the hotline.
pub async fn feedback(
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<FeedbackResponse>> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let req: FeedbackRequest = serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)?;
    let mut dialogue =
        state.store.vote(&req.conversation, req.turn, req.vote).await?.ok_or(ApiError::ConversationNotFound)?;
    tracing::info!(vote = ?req.vote, "answer feedback");
    let reply = match req.vote {
        Vote::Up => None,
        Vote::Down => {
            let reply = assistant::thumbs_down(&mut dialogue, &state.settings.hotline);
            state.store.set_state(&req.conversation, &dialogue).await?;
            Some(reply)
        }
    };
    Ok(Json(FeedbackResponse { recorded: true, reply }))
}
