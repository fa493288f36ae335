use std::path::PathBuf;

/// Everything that can go wrong in the index crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("index directory {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("synonyms line {line}: {message}")]
    Synonyms { line: usize, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
