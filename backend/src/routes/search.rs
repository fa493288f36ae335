use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use dvc_api::{DEFAULT_SEARCH_LIMIT, DocKind, MAX_QUERY_CHARS, MAX_SEARCH_LIMIT, SearchHit, SearchResponse};
use dvc_index::Kind;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Validated search parameters.
#[derive(Debug, PartialEq)]
pub struct SearchParams {
    pub q: String,
    pub limit: usize,
    pub kind: Option<Kind>,
}

/// Check `q`, `limit` and `kind`; every failure is a 400 with a Vietnamese message.
pub fn parse_params(params: &HashMap<String, String>, default_limit: usize) -> ApiResult<SearchParams> {
    let q = params.get("q").map(|s| s.trim()).unwrap_or("");
    if q.is_empty() {
        return Err(ApiError::EmptyQuery);
    }
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::QueryTooLong);
    }
    let limit = match params.get("limit") {
        None => default_limit,
        Some(s) => match s.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_SEARCH_LIMIT).contains(&n) => n,
            _ => return Err(ApiError::BadLimit),
        },
    };
    let kind = match params.get("kind").map(|s| s.trim()) {
        None | Some("") => None,
        Some(s) => Some(Kind::parse(s).ok_or(ApiError::BadKind)?),
    };
    Ok(SearchParams { q: q.to_string(), limit, kind })
}

pub fn wire_kind(kind: Kind) -> DocKind {
    match kind {
        Kind::Procedure => DocKind::Procedure,
        Kind::Faq => DocKind::Faq,
    }
}

/// `GET /api/v1/search?q=…&limit=N&kind=procedure|faq`
pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<SearchResponse>> {
    let p = parse_params(&params, DEFAULT_SEARCH_LIMIT)?;
    let catalog = state.catalog();
    let synonyms = state.synonyms();
    let started = std::time::Instant::now();
    let q = p.q.clone();
    let results = tokio::task::spawn_blocking(move || {
        catalog.index.search(dvc_index::Query { text: &q, limit: p.limit, kind: p.kind }, &synonyms)
    })
    .await??;
    state.metrics.search(started.elapsed());
    let took_ms = started.elapsed().as_secs_f64() * 1000.0;
    let hits = results
        .hits
        .into_iter()
        .map(|h| SearchHit {
            id: h.id,
            kind: wire_kind(h.kind),
            title: h.title,
            snippet: h.snippet,
            highlights: h.highlights,
            score: h.score,
            confidence: h.confidence,
        })
        .collect();
    Ok(Json(SearchResponse { query: p.q, total: results.total, took_ms: (took_ms * 1000.0).round() / 1000.0, hits }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pairs: &[(&str, &str)], expected: Result<(&str, usize, Option<Kind>), &str>) {
        let params: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let got = parse_params(&params, 10).map(|p| (p.q, p.limit, p.kind)).map_err(|e| e.to_string());
        let expected = expected.map(|(q, l, k)| (q.to_string(), l, k)).map_err(str::to_string);
        assert_eq!(got, expected, "{pairs:?}");
    }

    #[test]
    fn validates_every_parameter() {
        check(&[("q", " khai sinh ")], Ok(("khai sinh", 10, None)));
        check(&[("q", "x"), ("limit", "50"), ("kind", "faq")], Ok(("x", 50, Some(Kind::Faq))));
        check(&[], Err("empty query"));
        check(&[("q", "   ")], Err("empty query"));
        check(&[("q", &"a".repeat(501))], Err("query too long"));
        check(&[("q", &"ă".repeat(500))], Ok((&"ă".repeat(500), 10, None)));
        check(&[("q", "x"), ("limit", "0")], Err("bad limit"));
        check(&[("q", "x"), ("limit", "51")], Err("bad limit"));
        check(&[("q", "x"), ("limit", "abc")], Err("bad limit"));
        check(&[("q", "x"), ("kind", "law")], Err("bad kind"));
    }
}
