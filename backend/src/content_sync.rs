//! Keeping the served catalog on the newest published content version: seeding the database
//! from the content files on first start, and rebuilding + swapping the index in the background
//! when a version is published here, by another replica (LISTEN/NOTIFY) or by the command line
//! on the same data dir (polled). Searches and chats keep answering from the old catalog until
//! the new one is ready; the swap is one pointer store.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::catalog;
use crate::content;
use crate::state::AppState;
use crate::storage::{Change, Store};

/// How often the newest version is checked without an event (other process on the same file).
pub const POLL: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
    #[error(transparent)]
    Catalog(#[from] catalog::CatalogError),
    #[error(transparent)]
    Content(#[from] content::ContentError),
    #[error("synonyms: {0}")]
    Synonyms(#[from] dvc_index::Error),
    #[error(transparent)]
    Join(#[from] tokio::task::JoinError),
}

/// Publish the content files of `content_dir` as version 1 when the database holds no content
/// yet; returns the newest version.
pub async fn seed(store: &Store, content_dir: &Path) -> Result<i64, SyncError> {
    if let Some(v) = store.content_head().await? {
        return Ok(v);
    }
    let dir = content_dir.to_path_buf();
    let loaded = tokio::task::spawn_blocking(move || content::load(&dir)).await??;
    let synonyms = std::fs::read_to_string(content_dir.join(content::SYNONYMS_FILE)).unwrap_or_default();
    dvc_index::Synonyms::parse(&synonyms)?;
    let changes: Vec<Change> = loaded.docs.into_iter().map(Change::Upsert).collect();
    let note = format!("Nội dung mặc định từ {}", content_dir.display());
    match store.publish_content(&changes, Some(&synonyms), "system", &note).await? {
        Some((info, _)) => {
            tracing::info!(version = info.version, documents = info.added, "content seeded into the database");
            Ok(info.version)
        }
        // another replica seeded it first
        None => Ok(store.content_head().await?.unwrap_or(0)),
    }
}

/// Serve the newest published version if it is not served yet. Only one rebuild runs at a time;
/// `Ok(Some(v))` when version `v` was swapped in.
pub async fn sync(state: &AppState) -> Result<Option<i64>, SyncError> {
    let _one_at_a_time = state.sync_lock.lock().await;
    let Some(head) = state.store.content_head().await? else { return Ok(None) };
    if state.catalog().content_version == Some(head) {
        return Ok(None);
    }
    let Some(v) = state.store.content_version(head).await? else { return Ok(None) };
    let synonyms = dvc_index::Synonyms::parse(&v.synonyms)?;
    let started = std::time::Instant::now();
    let data_dir = state.settings.data_dir.clone();
    let catalog = tokio::task::spawn_blocking(move || catalog::from_version(v, &data_dir)).await??;
    let documents = catalog.index.num_docs();
    state.set_content(Arc::new(catalog), synonyms);
    tracing::info!(version = head, documents, ms = started.elapsed().as_millis() as u64, "content version served");
    Ok(Some(head))
}

/// Follow published versions for as long as the server runs.
pub async fn watch(state: AppState) {
    let mut events = state.store.subscribe();
    loop {
        if let Err(e) = sync(&state).await {
            tracing::error!(error = %e, "new content version not served; keeping the current one");
        }
        // wake on a publish anywhere, or poll for one made by another process
        let wait = async {
            loop {
                match events.recv().await {
                    Ok(e) if e.kind == "content" || e.kind == "resync" => return,
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => std::future::pending::<()>().await,
                }
            }
        };
        let _ = tokio::time::timeout(POLL, wait).await;
    }
}
