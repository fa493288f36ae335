//! Versioned content: every publish is a content version (who, when, what changed) mapping each
//! live document to one immutable revision. A rollback publishes an earlier version's mapping
//! again, so history is never rewritten.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use dvc_api::Document;

use super::{Dialect, StorageResult, Store};
use crate::clock::now_ms;

/// One change in a publish.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant, reason = "changes are built once per publish and read in place")]
pub enum Change {
    /// Create or replace a document.
    Upsert(Document),
    /// Take a document out of the live content (its revisions stay in history).
    Retire(String),
}

/// A published content version.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionInfo {
    pub version: i64,
    pub created_at: i64,
    pub author: String,
    pub note: String,
    pub added: i64,
    pub changed: i64,
    pub retired: i64,
    /// Set for a rollback: the version whose content it restored.
    pub restored_from: Option<i64>,
}

/// The content of one version: documents and the synonym list.
#[derive(Debug, Clone)]
pub struct VersionContent {
    pub version: i64,
    pub created_at: i64,
    pub docs: Vec<Document>,
    pub synonyms: String,
}

/// What a publish would do (or did), by document id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSummary {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub retired: Vec<String>,
    pub synonyms_changed: bool,
}

impl ChangeSummary {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.retired.is_empty() && !self.synonyms_changed
    }
}

fn kind_str(d: &Document) -> &'static str {
    match d {
        Document::Procedure(_) => "procedure",
        Document::Faq(_) => "faq",
    }
}

/// A stable fingerprint of a document's JSON.
fn hash_of(body: &str) -> String {
    let mut h = std::hash::DefaultHasher::new();
    body.hash(&mut h);
    format!("{:016x}{:08x}", h.finish(), body.len())
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// version, created_at, author, note, added, changed, retired, restored_from
type VersionRow = (i64, i64, String, String, i64, i64, i64, Option<i64>);

impl Store {
    /// The newest content version, if any content was ever published.
    pub async fn content_head(&self) -> StorageResult<Option<i64>> {
        let (v,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(version) FROM content_versions").fetch_one(&self.pool).await?;
        Ok(v)
    }

    /// Everything in version `version`.
    pub async fn content_version(&self, version: i64) -> StorageResult<Option<VersionContent>> {
        let head: Option<(i64, String)> =
            sqlx::query_as("SELECT created_at, synonyms FROM content_versions WHERE version = $1")
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
        let Some((created_at, synonyms)) = head else { return Ok(None) };
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT r.body FROM content_version_docs v
             JOIN content_revisions r ON r.doc_id = v.doc_id AND r.rev = v.rev
             WHERE v.version = $1 ORDER BY r.kind DESC, v.doc_id",
        )
        .bind(version)
        .fetch_all(&self.pool)
        .await?;
        let docs = rows.iter().map(|(b,)| serde_json::from_str(b)).collect::<Result<Vec<Document>, _>>()?;
        Ok(Some(VersionContent { version, created_at, docs, synonyms }))
    }

    /// Published versions, newest first.
    pub async fn content_versions(&self, limit: i64) -> StorageResult<Vec<VersionInfo>> {
        let rows: Vec<VersionRow> = sqlx::query_as(
            "SELECT version, created_at, author, note, added, changed, retired, restored_from
             FROM content_versions ORDER BY version DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(version, created_at, author, note, added, changed, retired, restored_from)| VersionInfo {
                version,
                created_at,
                author,
                note,
                added,
                changed,
                retired,
                restored_from,
            })
            .collect())
    }

    /// What publishing `changes` (and `synonyms`) on top of the newest version would do.
    pub async fn preview_changes(&self, changes: &[Change], synonyms: Option<&str>) -> StorageResult<ChangeSummary> {
        let mut tx = self.pool.begin().await?;
        let head = head_in(&mut tx).await?;
        let summary = diff(&mut tx, head, changes, synonyms).await?.0;
        tx.rollback().await?;
        Ok(summary)
    }

    /// Publish `changes` (and a new synonym list, when given) as a new version, atomically.
    /// `None` when nothing would change.
    pub async fn publish_content(
        &self,
        changes: &[Change],
        synonyms: Option<&str>,
        author: &str,
        note: &str,
    ) -> StorageResult<Option<(VersionInfo, ChangeSummary)>> {
        let mut tx = self.tx().await?;
        self.lock_content(&mut tx).await?;
        let head = head_in(&mut tx).await?;
        let (summary, revisions) = diff(&mut tx, head, changes, synonyms).await?;
        if summary.is_empty() && head.is_some() {
            return Ok(None);
        }
        let version = head.unwrap_or(0) + 1;
        let synonyms = match (synonyms, head) {
            (Some(s), _) => s.to_string(),
            (None, Some(h)) => {
                let (s,): (String,) = sqlx::query_as("SELECT synonyms FROM content_versions WHERE version = $1")
                    .bind(h)
                    .fetch_one(&mut *tx)
                    .await?;
                s
            }
            (None, None) => String::new(),
        };
        if let Some(h) = head {
            sqlx::query(
                "INSERT INTO content_version_docs (version, doc_id, rev)
                 SELECT $1, doc_id, rev FROM content_version_docs WHERE version = $2",
            )
            .bind(version)
            .bind(h)
            .execute(&mut *tx)
            .await?;
        }
        for id in &summary.retired {
            sqlx::query("DELETE FROM content_version_docs WHERE version = $1 AND doc_id = $2")
                .bind(version)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        for (id, kind, body, hash) in &revisions {
            let (rev,): (i64,) =
                sqlx::query_as("SELECT COALESCE(MAX(rev), 0) + 1 FROM content_revisions WHERE doc_id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query("INSERT INTO content_revisions (doc_id, rev, kind, body, hash) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(rev)
                .bind(*kind)
                .bind(body)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM content_version_docs WHERE version = $1 AND doc_id = $2")
                .bind(version)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO content_version_docs (version, doc_id, rev) VALUES ($1, $2, $3)")
                .bind(version)
                .bind(id)
                .bind(rev)
                .execute(&mut *tx)
                .await?;
        }
        let info = VersionInfo {
            version,
            created_at: now_ms(),
            author: author.to_string(),
            note: note.to_string(),
            added: summary.added.len() as i64,
            changed: summary.changed.len() as i64,
            retired: summary.retired.len() as i64,
            restored_from: None,
        };
        insert_version(&mut tx, &info, &synonyms).await?;
        tx.commit().await?;
        Ok(Some((info, summary)))
    }

    /// Publish the content of an earlier version again, as a new version.
    pub async fn rollback_content(&self, to: i64, author: &str) -> StorageResult<Option<VersionInfo>> {
        let mut tx = self.tx().await?;
        self.lock_content(&mut tx).await?;
        let Some(head) = head_in(&mut tx).await? else { return Ok(None) };
        let old: Option<(String,)> = sqlx::query_as("SELECT synonyms FROM content_versions WHERE version = $1")
            .bind(to)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((synonyms,)) = old else { return Ok(None) };
        let version = head + 1;
        sqlx::query(
            "INSERT INTO content_version_docs (version, doc_id, rev)
             SELECT $1, doc_id, rev FROM content_version_docs WHERE version = $2",
        )
        .bind(version)
        .bind(to)
        .execute(&mut *tx)
        .await?;
        let count = |sql: &'static str| sqlx::query_as::<_, (i64,)>(sql).bind(version).bind(head);
        let (added,) = count(
            "SELECT COUNT(*) FROM content_version_docs n WHERE n.version = $1 AND NOT EXISTS
             (SELECT 1 FROM content_version_docs o WHERE o.version = $2 AND o.doc_id = n.doc_id)",
        )
        .fetch_one(&mut *tx)
        .await?;
        let (changed,) = count(
            "SELECT COUNT(*) FROM content_version_docs n JOIN content_version_docs o
             ON o.doc_id = n.doc_id AND o.version = $2 WHERE n.version = $1 AND o.rev <> n.rev",
        )
        .fetch_one(&mut *tx)
        .await?;
        let (retired,) = count(
            "SELECT COUNT(*) FROM content_version_docs o WHERE o.version = $2 AND NOT EXISTS
             (SELECT 1 FROM content_version_docs n WHERE n.version = $1 AND n.doc_id = o.doc_id)",
        )
        .fetch_one(&mut *tx)
        .await?;
        let info = VersionInfo {
            version,
            created_at: now_ms(),
            author: author.to_string(),
            note: format!("Khôi phục phiên bản {to}"),
            added,
            changed,
            retired,
            restored_from: Some(to),
        };
        insert_version(&mut tx, &info, &synonyms).await?;
        tx.commit().await?;
        Ok(Some(info))
    }

    /// Serialize publishes (SQLite already does with `BEGIN IMMEDIATE`).
    async fn lock_content(&self, tx: &mut Tx) -> StorageResult<()> {
        if self.dialect == Dialect::Postgres {
            sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_advisory_xact_lock(7251002)").execute(&mut **tx).await?;
        }
        Ok(())
    }
}

async fn head_in(tx: &mut Tx) -> StorageResult<Option<i64>> {
    let (v,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM content_versions").fetch_one(&mut **tx).await?;
    Ok(v)
}

async fn insert_version(tx: &mut Tx, info: &VersionInfo, synonyms: &str) -> StorageResult<()> {
    sqlx::query(
        "INSERT INTO content_versions (version, created_at, author, note, added, changed, retired, synonyms, restored_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(info.version)
    .bind(info.created_at)
    .bind(&info.author)
    .bind(&info.note)
    .bind(info.added)
    .bind(info.changed)
    .bind(info.retired)
    .bind(synonyms)
    .bind(info.restored_from)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A new revision to write: (id, kind, JSON, hash).
type Revision = (String, &'static str, String, String);

/// Compare `changes` with version `head`: the summary, and the revisions to write.
async fn diff(
    tx: &mut Tx,
    head: Option<i64>,
    changes: &[Change],
    synonyms: Option<&str>,
) -> StorageResult<(ChangeSummary, Vec<Revision>)> {
    let live: HashMap<String, String> = match head {
        Some(h) => {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT v.doc_id, r.hash FROM content_version_docs v
                 JOIN content_revisions r ON r.doc_id = v.doc_id AND r.rev = v.rev WHERE v.version = $1",
            )
            .bind(h)
            .fetch_all(&mut **tx)
            .await?;
            rows.into_iter().collect()
        }
        None => HashMap::new(),
    };
    let mut summary = ChangeSummary::default();
    let mut revisions = Vec::new();
    // the last change of an id wins
    let mut last: HashMap<&str, &Change> = HashMap::new();
    let mut order = Vec::new();
    for c in changes {
        let id = match c {
            Change::Upsert(d) => d.id(),
            Change::Retire(id) => id.as_str(),
        };
        if last.insert(id, c).is_none() {
            order.push(id);
        }
    }
    for id in order {
        match last[id] {
            Change::Upsert(doc) => {
                let body = serde_json::to_string(doc)?;
                let hash = hash_of(&body);
                match live.get(id) {
                    Some(h) if *h == hash => {}
                    Some(_) => {
                        summary.changed.push(id.to_string());
                        revisions.push((id.to_string(), kind_str(doc), body, hash));
                    }
                    None => {
                        summary.added.push(id.to_string());
                        revisions.push((id.to_string(), kind_str(doc), body, hash));
                    }
                }
            }
            Change::Retire(id) => {
                if live.contains_key(id.as_str()) {
                    summary.retired.push(id.clone());
                }
            }
        }
    }
    if let Some(s) = synonyms {
        let current: Option<(String,)> = match head {
            Some(h) => {
                sqlx::query_as("SELECT synonyms FROM content_versions WHERE version = $1")
                    .bind(h)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            None => None,
        };
        summary.synonyms_changed = current.map(|(c,)| c) != Some(s.to_string());
    }
    Ok((summary, revisions))
}
