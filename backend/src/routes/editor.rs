//! Content editors (role editor or admin): find, create, edit and retire documents, edit the
//! synonym list, import and export files, publish and roll back versions, and learn from what
//! citizens asked (unanswered questions, usage figures). Every change publishes a content
//! version; the new index is built in the background and swapped in atomically.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dvc_api::Document;
use serde::Deserialize;
use serde_json::{Value, json};

use super::staff::Staff;
use crate::auth::Role;
use crate::clock::{now_ms, rfc3339};
use crate::error::{ApiError, ApiResult};
use crate::import::{self, Format};
use crate::state::AppState;
use crate::storage::{Change, ChangeSummary};
use crate::{content_sync, privacy};

impl Staff {
    fn require_editor(&self) -> ApiResult<()> {
        if matches!(self.role, Role::Editor | Role::Admin) { Ok(()) } else { Err(ApiError::Forbidden) }
    }
}

fn summary_json(s: &ChangeSummary) -> Value {
    json!({"added": s.added, "changed": s.changed, "retired": s.retired, "synonyms_changed": s.synonyms_changed})
}

/// Publish and start serving: the new index builds in the background.
async fn publish(
    state: &AppState,
    staff: &Staff,
    changes: &[Change],
    synonyms: Option<&str>,
    note: &str,
) -> ApiResult<Json<Value>> {
    let Some((info, summary)) = state.store.publish_content(changes, synonyms, &staff.username, note).await? else {
        return Ok(Json(json!({"version": null, "message": "Không có thay đổi nào để xuất bản."})));
    };
    tracing::info!(version = info.version, editor = %staff.username, note, "content published");
    state.publish("content", &info.version.to_string()).await;
    let s = state.clone();
    tokio::spawn(async move {
        if let Err(e) = content_sync::sync(&s).await {
            tracing::error!(error = %e, "published content not served");
        }
    });
    Ok(Json(json!({"version": info.version, "summary": summary_json(&summary), "status": "building"})))
}

/// `GET /api/v1/editor/status`: the version served here and the newest published.
pub async fn status(staff: Staff, State(state): State<AppState>) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let catalog = state.catalog();
    Ok(Json(json!({
        "serving_version": catalog.content_version,
        "newest_version": state.store.content_head().await?,
        "documents": catalog.index.num_docs(),
        "index": catalog.version,
        "database": state.store.dialect().as_str(),
    })))
}

/// `GET /api/v1/editor/documents?q=&kind=faq|procedure&limit=&offset=`.
pub async fn list(
    staff: Staff,
    State(state): State<AppState>,
    Query(p): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let kind = match p.get("kind").map(String::as_str) {
        None | Some("") => None,
        Some("faq") => Some(dvc_index::Kind::Faq),
        Some("procedure") => Some(dvc_index::Kind::Procedure),
        Some(_) => return Err(ApiError::BadKind),
    };
    let limit: usize = p.get("limit").and_then(|l| l.parse().ok()).unwrap_or(50).clamp(1, 200);
    let offset: usize = p.get("offset").and_then(|o| o.parse().ok()).unwrap_or(0);
    let catalog = state.catalog();
    let item = |d: &Document| {
        let (group, reviewed) = match d {
            Document::Faq(f) => (f.category.clone(), Some(f.reviewed)),
            Document::Procedure(p) => (p.field.clone(), None),
        };
        json!({"id": d.id(), "kind": d.kind(), "title": d.title(), "group": group, "reviewed": reviewed})
    };
    let q = p.get("q").map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    let (total, items): (usize, Vec<Value>) = match q {
        Some(q) => {
            let synonyms = state.synonyms();
            let c = catalog.clone();
            let hits = tokio::task::spawn_blocking(move || {
                c.index.search(dvc_index::Query { text: &q, limit: 200, kind }, &synonyms)
            })
            .await??;
            let docs: Vec<&Document> = hits.hits.iter().filter_map(|h| catalog.content.get(&h.id)).collect();
            (docs.len(), docs.into_iter().skip(offset).take(limit).map(item).collect())
        }
        None => {
            let docs: Vec<&Document> =
                catalog.content.docs.iter().filter(|d| kind.is_none_or(|k| d.kind().as_str() == k.as_str())).collect();
            (docs.len(), docs.into_iter().skip(offset).take(limit).map(item).collect())
        }
    };
    Ok(Json(json!({"total": total, "items": items})))
}

fn parse_json<T: serde::de::DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> ApiResult<T> {
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    serde_json::from_slice(&body).map_err(|_| ApiError::BadJson)
}

fn check(state: &AppState, doc: &Document) -> ApiResult<()> {
    let catalog = state.catalog();
    let known = |id: &str| matches!(catalog.content.get(id), Some(Document::Procedure(_)));
    match import::validate(doc, &known).into_iter().next() {
        None => Ok(()),
        Some((field, message)) => Err(ApiError::Invalid { field, message }),
    }
}

/// `POST /api/v1/editor/documents`: a new document (an FAQ without `id` gets one).
pub async fn create(
    staff: Staff,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let mut doc: Document = parse_json(body)?;
    if let Document::Faq(f) = &mut doc
        && f.id.trim().is_empty()
    {
        f.id = format!("faq-{}-{}", &crate::clock::rfc3339(now_ms())[..10], &crate::storage::new_id()[..6]);
    }
    if state.catalog().content.get(doc.id()).is_some() {
        return Err(ApiError::Invalid {
            field: "id", message: format!("Mã {} đã có: hãy sửa tài liệu đó.", doc.id())
        });
    }
    check(&state, &doc)?;
    let note = format!("Thêm {}", doc.id());
    publish(&state, &staff, &[Change::Upsert(doc)], None, &note).await
}

/// `PUT /api/v1/editor/documents/{id}`: replace a document (the whole record, as `GET
/// /api/v1/documents/{id}` gives it).
pub async fn update(
    staff: Staff,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let doc: Document = parse_json(body)?;
    if doc.id() != id {
        return Err(ApiError::Invalid {
            field: "id", message: "Mã trong nội dung khác mã trên đường dẫn.".into()
        });
    }
    match (state.catalog().content.get(&id), &doc) {
        (None, _) => return Err(ApiError::DocumentNotFound),
        (Some(old), new) if old.kind() != new.kind() => {
            return Err(ApiError::Invalid {
                field: "kind", message: "Không đổi được loại tài liệu.".into()
            });
        }
        _ => {}
    }
    check(&state, &doc)?;
    let note = format!("Sửa {id}");
    publish(&state, &staff, &[Change::Upsert(doc)], None, &note).await
}

/// `POST /api/v1/editor/documents/{id}/retire`: out of the live content (kept in history).
pub async fn retire(staff: Staff, State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    if state.catalog().content.get(&id).is_none() {
        return Err(ApiError::DocumentNotFound);
    }
    let note = format!("Ngừng áp dụng {id}");
    publish(&state, &staff, &[Change::Retire(id)], None, &note).await
}

/// `GET /api/v1/editor/synonyms`.
pub async fn synonyms(staff: Staff, State(state): State<AppState>) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let head = state.store.content_head().await?;
    let text = match head {
        Some(v) => state.store.content_version(v).await?.map(|c| c.synonyms).unwrap_or_default(),
        None => String::new(),
    };
    Ok(Json(json!({"version": head, "text": text})))
}

#[derive(Debug, Deserialize)]
struct SynonymsBody {
    text: String,
}

/// `PUT /api/v1/editor/synonyms` `{"text"}`: a bad rule is reported with its line.
pub async fn set_synonyms(
    staff: Staff,
    State(state): State<AppState>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let req: SynonymsBody = parse_json(body)?;
    if let Err(e) = dvc_index::Synonyms::parse(&req.text) {
        return Err(ApiError::Invalid {
            field: "text", message: format!("Danh sách từ đồng nghĩa có lỗi: {e}")
        });
    }
    publish(&state, &staff, &[], Some(&req.text), "Sửa danh sách từ đồng nghĩa").await
}

/// `POST /api/v1/editor/import?format=jsonl|csv|xlsx&dry_run=1`, the file as the body: every bad
/// row with its line and field (422, nothing applied), or a preview, or the published version.
pub async fn import_file(
    staff: Staff,
    State(state): State<AppState>,
    Query(p): Query<HashMap<String, String>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    staff.require_editor()?;
    let body = body.map_err(|_| ApiError::BodyTooLarge)?;
    let format =
        p.get("format").and_then(|f| Format::parse(f)).ok_or(ApiError::Invalid {
            field: "format",
            message: "Định dạng tệp phải là jsonl, csv hoặc xlsx.".into(),
        })?;
    let catalog = state.catalog();
    let parsed = tokio::task::spawn_blocking(move || import::parse(&body, format, &catalog.content)).await?;
    let changes = match parsed {
        Ok(c) => c,
        Err(rows) => {
            let body = json!({
                "error": {"code": "invalid_import", "message": format!("Tệp có {} lỗi: chưa áp dụng thay đổi nào.", rows.len())},
                "rows": rows,
            });
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
        }
    };
    if p.get("dry_run").is_some_and(|v| v == "1" || v == "true") {
        let preview = state.store.preview_changes(&changes, None).await?;
        return Ok(Json(json!({"preview": summary_json(&preview)})).into_response());
    }
    let note = format!("Nhập tệp {} ({} dòng)", p.get("name").map(String::as_str).unwrap_or("tải lên"), changes.len());
    Ok(publish(&state, &staff, &changes, None, &note).await?.into_response())
}

/// `GET /api/v1/editor/export?format=jsonl|csv&kind=faq|procedure`.
pub async fn export(
    staff: Staff,
    State(state): State<AppState>,
    Query(p): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    staff.require_editor()?;
    let format = match p.get("format").map(String::as_str).unwrap_or("jsonl") {
        "jsonl" => Format::Jsonl,
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => {
            return Err(ApiError::Invalid {
                field: "format", message: "Xuất được jsonl, csv hoặc xlsx.".into()
            });
        }
    };
    let kind = p.get("kind").map(String::as_str).filter(|k| !k.is_empty());
    if kind.is_some_and(|k| k != "faq" && k != "procedure") {
        return Err(ApiError::BadKind);
    }
    let bytes = import::export(&state.catalog().content, kind, format).map_err(ApiError::Internal)?;
    let (mime, ext) =
        if format == Format::Csv { ("text/csv; charset=utf-8", "csv") } else { ("application/x-ndjson", "jsonl") };
    let name = format!("attachment; filename=\"dvc-{}.{ext}\"", kind.unwrap_or("all"));
    Ok(([(header::CONTENT_TYPE, mime.to_string()), (header::CONTENT_DISPOSITION, name)], bytes).into_response())
}

/// `GET /api/v1/editor/versions`: newest first.
pub async fn versions(staff: Staff, State(state): State<AppState>) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let list: Vec<Value> = state
        .store
        .content_versions(100)
        .await?
        .into_iter()
        .map(|v| {
            json!({"version": v.version, "at": rfc3339(v.created_at), "author": v.author, "note": v.note,
                "added": v.added, "changed": v.changed, "retired": v.retired, "restored_from": v.restored_from})
        })
        .collect();
    Ok(Json(json!({"serving_version": state.catalog().content_version, "versions": list})))
}

/// `POST /api/v1/editor/versions/{version}/rollback`: publish that version's content again.
pub async fn rollback(staff: Staff, State(state): State<AppState>, Path(version): Path<i64>) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let info = state
        .store
        .rollback_content(version, &staff.username)
        .await?
        .ok_or(ApiError::Invalid { field: "version", message: format!("Không có phiên bản {version}.") })?;
    tracing::info!(version = info.version, restored = version, editor = %staff.username, "content rolled back");
    state.publish("content", &info.version.to_string()).await;
    let s = state.clone();
    tokio::spawn(async move {
        if let Err(e) = content_sync::sync(&s).await {
            tracing::error!(error = %e, "rolled-back content not served");
        }
    });
    Ok(Json(json!({"version": info.version, "restored_from": version, "status": "building"})))
}

fn days(p: &HashMap<String, String>) -> i64 {
    p.get("days").and_then(|d| d.parse().ok()).unwrap_or(30).clamp(1, 366)
}

/// The grouping key of a question: its folded meaning words, filler dropped ("Cho tôi hỏi làm lại
/// CCCD ạ?" and "lam lai cccd" → "lam lai cccd").
pub fn group_key(text: &str) -> String {
    dvc_index::meaning_key(text)
}

#[derive(Default)]
struct Group {
    example: String,
    count: u32,
    first: i64,
    last: i64,
    low: u32,
    no_answer: u32,
    thumbs_down: u32,
    tickets: u32,
}

/// `GET /api/v1/editor/unanswered?days=30`: questions answered with low confidence, without an
/// answer, voted down, or escalated to the hotline, grouped by [`group_key`], most asked
/// first. Personal data is masked.
pub async fn unanswered(
    staff: Staff,
    State(state): State<AppState>,
    Query(p): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let since = now_ms() - days(&p) * 86_400_000;
    let mut groups: HashMap<String, Group> = HashMap::new();
    let mut add = |text: &str, at: i64, bump: &dyn Fn(&mut Group)| {
        let key = group_key(text);
        if key.is_empty() {
            return;
        }
        let g = groups.entry(key).or_insert_with(|| Group { first: at, ..Group::default() });
        if at >= g.last {
            g.last = at;
            g.example = text.to_string();
        }
        g.first = g.first.min(at);
        g.count += 1;
        bump(g);
    };
    for a in state.store.answers_since(since).await? {
        let low = a.confidence == "low";
        let none = a.card_id.is_none();
        let down = a.vote.as_deref() == Some("down");
        if low || none || down {
            add(&a.question, a.at, &|g| {
                g.low += u32::from(low);
                g.no_answer += u32::from(none);
                g.thumbs_down += u32::from(down);
            });
        }
    }
    for (question, created, _, _) in state.store.ticket_activity_since(since).await? {
        if created >= since {
            add(&privacy::mask(&question), created, &|g| g.tickets += 1);
        }
    }
    let mut list: Vec<(String, Group)> = groups.into_iter().collect();
    list.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(b.1.last.cmp(&a.1.last)));
    let groups: Vec<Value> = list
        .into_iter()
        .take(200)
        .map(|(key, g)| {
            json!({"key": key, "example": g.example, "count": g.count, "first_at": rfc3339(g.first),
                "last_at": rfc3339(g.last), "low_confidence": g.low, "no_answer": g.no_answer,
                "thumbs_down": g.thumbs_down, "tickets": g.tickets})
        })
        .collect();
    Ok(Json(json!({"days": days(&p), "groups": groups})))
}

/// `GET /api/v1/editor/usage?days=30`: questions, share answered with high confidence, votes,
/// tickets created and resolved, median first response of the hotline, and questions per day.
pub async fn usage(
    staff: Staff,
    State(state): State<AppState>,
    Query(p): Query<HashMap<String, String>>,
) -> ApiResult<Json<Value>> {
    staff.require_editor()?;
    let since = now_ms() - days(&p) * 86_400_000;
    let answers = state.store.answers_since(since).await?;
    let questions = answers.len();
    let high = answers.iter().filter(|a| a.confidence == "high").count();
    let up = answers.iter().filter(|a| a.vote.as_deref() == Some("up")).count();
    let down = answers.iter().filter(|a| a.vote.as_deref() == Some("down")).count();
    let mut per_day: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    for a in &answers {
        *per_day.entry(rfc3339(a.at)[..10].to_string()).or_default() += 1;
    }
    let tickets = state.store.ticket_activity_since(since).await?;
    let created = tickets.iter().filter(|t| t.1 >= since).count();
    let resolved = tickets.iter().filter(|t| t.3.is_some_and(|r| r >= since)).count();
    let mut waits: Vec<i64> = tickets.iter().filter(|t| t.1 >= since).filter_map(|t| t.2.map(|f| f - t.1)).collect();
    waits.sort_unstable();
    let median_minutes = waits.get(waits.len() / 2).map(|ms| (*ms as f64 / 60_000.0 * 10.0).round() / 10.0);
    Ok(Json(json!({
        "days": days(&p),
        "questions": questions,
        "high_confidence_share": if questions == 0 { 0.0 } else { (high as f64 / questions as f64 * 1000.0).round() / 1000.0 },
        "thumbs_up": up,
        "thumbs_down": down,
        "tickets_created": created,
        "tickets_resolved": resolved,
        "median_first_response_minutes": median_minutes,
        "questions_per_day": per_day,
    })))
}
