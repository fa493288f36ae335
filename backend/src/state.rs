//! Shared state of the HTTP handlers.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use dvc_index::Synonyms;

use crate::catalog::Catalog;
use crate::storage::Store;

/// Settings the handlers need.
#[derive(Debug, Clone)]
pub struct Settings {
    pub widget_dir: PathBuf,
    pub hotline: String,
    /// Prefix of ticket codes ("TN" → "TN-7K3QX9").
    pub ticket_prefix: String,
    /// The response time promised to citizens, in hours.
    pub response_hours: u32,
}

/// Cheap to clone; everything inside is shared.
#[derive(Debug, Clone)]
pub struct AppState {
    catalog: Arc<RwLock<Arc<Catalog>>>,
    synonyms: Arc<RwLock<Arc<Synonyms>>>,
    pub settings: Arc<Settings>,
    pub store: Store,
}

impl AppState {
    pub fn new(catalog: Arc<Catalog>, synonyms: Synonyms, settings: Settings, store: Store) -> Self {
        AppState {
            catalog: Arc::new(RwLock::new(catalog)),
            synonyms: Arc::new(RwLock::new(Arc::new(synonyms))),
            settings: Arc::new(settings),
            store,
        }
    }

    /// The catalog being served now. Requests keep the one they started with.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Swap in a new synonym list; searches already running keep the old one.
    pub fn set_synonyms(&self, synonyms: Synonyms) {
        *self.synonyms.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(synonyms);
    }
}
