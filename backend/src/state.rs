//! Shared state of the HTTP handlers.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use dvc_index::Synonyms;

use crate::catalog::Catalog;
use crate::ratelimit::{RateLimiter, RateLimits};
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
    /// `None`: rate limiting off.
    pub rate_limits: Option<RateLimits>,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
}

/// Cheap to clone; everything inside is shared.
#[derive(Debug, Clone)]
pub struct AppState {
    catalog: Arc<RwLock<Arc<Catalog>>>,
    synonyms: Arc<RwLock<Arc<Synonyms>>>,
    pub settings: Arc<Settings>,
    pub store: Store,
    /// Queue events (ticket created, claimed, answered) for the staff consoles' live feed.
    pub events: tokio::sync::broadcast::Sender<QueueEvent>,
    pub limiter: Arc<RateLimiter>,
}

/// A change in the hotline queue; carries no personal data.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QueueEvent {
    /// "created" | "claimed" | "answered"
    pub kind: &'static str,
    pub code: String,
    /// Unix milliseconds when it happened (to measure delivery delay).
    pub at: i64,
}

impl AppState {
    pub fn new(catalog: Arc<Catalog>, synonyms: Synonyms, settings: Settings, store: Store) -> Self {
        let limiter = Arc::new(RateLimiter::new(settings.rate_limits));
        AppState {
            catalog: Arc::new(RwLock::new(catalog)),
            synonyms: Arc::new(RwLock::new(Arc::new(synonyms))),
            settings: Arc::new(settings),
            store,
            events: tokio::sync::broadcast::channel(1024).0,
            limiter,
        }
    }

    /// The catalog being served now. Requests keep the one they started with.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Tell the consoles; nobody listening is fine.
    pub fn publish(&self, kind: &'static str, code: &str) {
        let _ = self.events.send(QueueEvent { kind, code: code.to_string(), at: crate::clock::now_ms() });
    }

    /// Swap in a new synonym list; searches already running keep the old one.
    pub fn set_synonyms(&self, synonyms: Synonyms) {
        *self.synonyms.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(synonyms);
    }
}
