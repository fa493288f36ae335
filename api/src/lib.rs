//! Wire types shared by the citizen widget (compiled to wasm32) and the server.
//!
//! This crate owns the JSON shapes of the public HTTP API and of the content records. It must stay
//! free of I/O, async runtimes and anything that does not build for `wasm32-unknown-unknown`.

mod chat;
mod content;
mod search;
mod ticket;

pub use chat::{
    Action, ActionKind, ActionRequest, Card, ChatRequest, ChatResponse, Confidence, FeeLine, FeedbackRequest,
    FeedbackResponse, MAX_MESSAGE_CHARS, Related, Reply, Role, Transcript, Turn, Vote,
};
pub use content::{DocKind, Document, DocumentItem, Faq, Procedure, SubmissionMethod};
pub use search::{ErrorBody, ErrorDetail, SearchHit, SearchResponse, SuggestResponse, Suggestion};
pub use ticket::{
    MAX_CONTACT_TIME_CHARS, MAX_NAME_CHARS, MAX_QUESTION_CHARS, TicketCreated, TicketReply, TicketRequest, TicketStatus,
};

/// Longest accepted query, in characters (`q` of search and suggest).
pub const MAX_QUERY_CHARS: usize = 500;
/// Largest `limit` a search accepts.
pub const MAX_SEARCH_LIMIT: usize = 50;
/// `limit` used when a search does not give one.
pub const DEFAULT_SEARCH_LIMIT: usize = 10;
