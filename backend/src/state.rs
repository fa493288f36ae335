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
    /// Where indexes of new content versions are built.
    pub data_dir: PathBuf,
    pub hotline: String,
    /// Prefix of ticket codes ("TN" → "TN-7K3QX9").
    pub ticket_prefix: String,
    /// The response time promised to citizens, in hours (the hotline's SLA target).
    pub response_hours: u32,
    /// How those hours are counted.
    pub sla_calendar: crate::sla::Calendar,
    /// Whether ticket events are queued for the webhook.
    pub webhook: bool,
    /// `None`: rate limiting off.
    pub rate_limits: Option<RateLimits>,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Origins that may embed the widget and call the API cross-origin (empty: any embeds,
    /// none calls).
    pub portal_origins: Vec<String>,
    /// Session cookies always `Secure` (production), not only behind `X-Forwarded-Proto: https`.
    pub secure_cookies: bool,
}

/// Cheap to clone; everything inside is shared.
#[derive(Debug, Clone)]
pub struct AppState {
    catalog: Arc<RwLock<Arc<Catalog>>>,
    synonyms: Arc<RwLock<Arc<Synonyms>>>,
    pub settings: Arc<Settings>,
    pub store: Store,
    pub limiter: Arc<RateLimiter>,
    /// One content rebuild at a time.
    pub sync_lock: Arc<tokio::sync::Mutex<()>>,
    pub metrics: Arc<crate::metrics::Metrics>,
    pub policies: Arc<crate::middleware::Policies>,
    /// Becomes `true` when the server stops: live streams end so the drain can finish.
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl AppState {
    pub fn new(catalog: Arc<Catalog>, synonyms: Synonyms, settings: Settings, store: Store) -> Self {
        let limiter = Arc::new(RateLimiter::new(settings.rate_limits));
        let policies = Arc::new(crate::middleware::Policies::new(&settings.widget_dir, &settings.portal_origins));
        AppState {
            catalog: Arc::new(RwLock::new(catalog)),
            synonyms: Arc::new(RwLock::new(Arc::new(synonyms))),
            settings: Arc::new(settings),
            store,
            limiter,
            sync_lock: Arc::default(),
            metrics: Arc::default(),
            policies,
            shutdown: tokio::sync::watch::channel(false).0,
        }
    }

    /// Tell live streams the server is stopping.
    pub fn begin_shutdown(&self) {
        let _ = self.shutdown.send(true);
    }

    /// Changes to `true` when the server stops.
    pub fn on_shutdown(&self) -> tokio::sync::watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// The catalog being served now. Requests keep the one they started with.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.catalog.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn synonyms(&self) -> Arc<Synonyms> {
        self.synonyms.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Tell the consoles of every replica; nobody listening is fine.
    pub async fn publish(&self, kind: &str, code: &str) {
        self.store.publish(kind, code).await;
    }

    /// Swap in a new content version (catalog and synonyms); requests already running keep the
    /// ones they started with.
    pub fn set_content(&self, catalog: Arc<Catalog>, synonyms: Synonyms) {
        *self.catalog.write().unwrap_or_else(|p| p.into_inner()) = catalog;
        self.set_synonyms(synonyms);
    }

    /// Swap in a new synonym list; searches already running keep the old one.
    pub fn set_synonyms(&self, synonyms: Synonyms) {
        *self.synonyms.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(synonyms);
    }
}
