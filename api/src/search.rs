//! Search, suggest and error bodies of the public HTTP API.

use serde::{Deserialize, Serialize};

use crate::DocKind;

/// `GET /api/v1/search` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<SearchHit>,
}

/// One ranked document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
    /// Plain text excerpt; never HTML.
    pub snippet: String,
    /// Character ranges `[start, end)` of `snippet` that matched the query, for highlighting.
    #[serde(default)]
    pub highlights: Vec<[usize; 2]>,
    /// Raw BM25-based score; comparable only within one query.
    pub score: f32,
    /// Normalised confidence in `[0, 1]` that this hit answers the query; comparable across queries.
    #[serde(default)]
    pub confidence: f32,
}

/// `GET /api/v1/suggest` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestResponse {
    pub query: String,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub id: String,
    pub kind: DocKind,
    pub title: String,
}

/// Every error answer: `{"error": {"code": "...", "message": "<Vietnamese sentence>"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable, machine-readable code such as `empty_query`.
    pub code: String,
    /// A sentence for the citizen, in Vietnamese.
    pub message: String,
    /// The request field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}
