//! What the server answers from at one moment: the content, its search index and the synonym
//! list. A catalog is immutable; a new one is swapped in whole.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use dvc_index::{SearchIndex, Synonyms};

use crate::content::{self, Content, ContentError};

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(transparent)]
    Content(#[from] ContentError),
    #[error("index: {0}")]
    Index(#[from] dvc_index::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Content plus the index built from it.
#[derive(Debug)]
pub struct Catalog {
    pub content: Content,
    pub index: SearchIndex,
    /// Identifies the content and the index format (the index directory's name).
    pub version: String,
    /// The published content version served (`None`: read from files, as in tests).
    pub content_version: Option<i64>,
}

/// Load the content from `content_dir` and open its index in `data_dir`, building it if the
/// content or the program changed since the last build.
pub fn load(content_dir: &Path, data_dir: &Path) -> Result<Catalog, CatalogError> {
    open_or_build(content::load(content_dir)?, None, data_dir)
}

/// The catalog of a published content version (index in `data_dir`, reused when current).
pub fn from_version(v: crate::storage::VersionContent, data_dir: &Path) -> Result<Catalog, CatalogError> {
    let date = crate::clock::rfc3339(v.created_at)[..10].to_string();
    open_or_build(Content::from_docs(v.docs, date), Some(v.version), data_dir)
}

fn open_or_build(content: Content, content_version: Option<i64>, data_dir: &Path) -> Result<Catalog, CatalogError> {
    let version = version(&content);
    let root = data_dir.join("index");
    let dir = root.join(&version);
    let index = match dir.join("meta.json").exists() {
        true => match SearchIndex::open(&dir) {
            Ok(index) => index,
            Err(e) => {
                tracing::warn!(error = %e, "index unreadable, rebuilding");
                build(&root, &dir, &content)?
            }
        },
        false => build(&root, &dir, &content)?,
    };
    Ok(Catalog { content, index, version, content_version })
}

fn build(root: &Path, dir: &Path, content: &Content) -> Result<SearchIndex, CatalogError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CatalogError::Io { path, source }
    };
    let started = std::time::Instant::now();
    let tmp = root.join(format!(".build-{}-{}", std::process::id(), crate::storage::new_id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    let docs: Vec<_> = content.docs.iter().map(content::index_doc).collect();
    drop(SearchIndex::build(&tmp, &docs)?);
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::rename(&tmp, dir).map_err(io(dir))?;
    // Older versions are no longer served by this process.
    for entry in std::fs::read_dir(root).map_err(io(root))?.flatten() {
        let p = entry.path();
        if p != dir && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            let _ = std::fs::remove_dir_all(&p);
        }
    }
    tracing::info!(docs = docs.len(), ms = started.elapsed().as_millis() as u64, "index built");
    Ok(SearchIndex::open(dir)?)
}

/// A version key of the content and of this program's build (a new binary may analyse differently).
fn version(content: &Content) -> String {
    let mut h = std::hash::DefaultHasher::new();
    content.fingerprint.hash(&mut h);
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    format!("{:016x}", h.finish())
}

/// Read the synonym list; a missing file is an empty list.
pub fn load_synonyms(content_dir: &Path) -> Result<Synonyms, dvc_index::Error> {
    match std::fs::read_to_string(content_dir.join(content::SYNONYMS_FILE)) {
        Ok(text) => Synonyms::parse(&text),
        Err(_) => Ok(Synonyms::default()),
    }
}
