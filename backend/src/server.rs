//! Start-up and shutdown of the server.

use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use anyhow::Context;

use crate::config::ServeConfig;
use crate::ratelimit::{Limit, RateLimits};
use crate::routes::app;
use crate::state::{AppState, Settings};
use crate::storage::{Limits, Store};
use crate::webhook::WebhookConfig;
use crate::{catalog, content_sync};

/// The SQLite database in the data dir.
pub const DATABASE_FILE: &str = "dvc.sqlite3";
/// How often old conversations are forgotten.
const PRUNE_EVERY: Duration = Duration::from_secs(600);

/// Load the content, open or build the index, and serve until SIGTERM or Ctrl-C.
pub async fn run(cfg: ServeConfig) -> anyhow::Result<()> {
    let content_dir = cfg.content.content.clone();
    let data_dir = cfg.content.data_dir.clone();
    if !cfg.widget_dir.join("index.html").exists() {
        tracing::warn!(dir = %cfg.widget_dir.display(), "widget not built: /widget/ will answer 404 (run `cargo xtask run`)");
    }
    let webhook = match (&cfg.webhook_url, &cfg.webhook_secret) {
        (None, _) => None,
        (Some(url), Some(secret)) if !secret.trim().is_empty() => {
            Some(WebhookConfig { url: url.clone(), secret: secret.clone() })
        }
        (Some(_), _) => {
            anyhow::bail!("DVC_WEBHOOK_URL is set without DVC_WEBHOOK_SECRET: refusing to send unsigned events")
        }
    };
    if cfg.production {
        check_production(&cfg)?;
    }
    let store = Store::open(cfg.database_url.as_deref(), &data_dir.join(DATABASE_FILE), Limits::default()).await?;
    // the database holds the content; the files of --content only seed an empty database
    let head = content_sync::seed(&store, &content_dir).await?;
    let version = store.content_version(head).await?.context("the newest content version is readable")?;
    let synonyms = dvc_index::Synonyms::parse(&version.synonyms)?;
    let catalog = tokio::task::spawn_blocking({
        let d = data_dir.clone();
        move || catalog::from_version(version, &d)
    })
    .await??;
    let settings = Settings {
        widget_dir: cfg.widget_dir.clone(),
        data_dir: data_dir.clone(),
        hotline: cfg.hotline.clone(),
        ticket_prefix: cfg.ticket_prefix.clone(),
        response_hours: cfg.response_hours,
        sla_calendar: cfg.sla_calendar,
        webhook: webhook.is_some(),
        rate_limits: match cfg.rate_limits.as_str() {
            "off" => None,
            _ => Some(RateLimits {
                tickets_per_ip: Limit { max: cfg.tickets_per_ip_hour, window: Duration::from_secs(3600) },
                tickets_per_phone: Limit { max: cfg.tickets_per_phone_day, window: Duration::from_secs(24 * 3600) },
                lookups_per_ip: Limit { max: cfg.lookups_per_ip_minute, window: Duration::from_secs(60) },
                requests_per_ip: Limit { max: cfg.requests_per_ip_minute, window: Duration::from_secs(60) },
            }),
        },
        trust_proxy: cfg.trust_proxy,
        portal_origins: cfg.portal_origins.iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect(),
        secure_cookies: cfg.production,
    };
    let state = AppState::new(Arc::new(catalog), synonyms, settings, store.clone());
    if let Some(config) = webhook {
        tokio::spawn(crate::webhook::run(store.clone(), config));
    }
    tokio::spawn(prune(store));
    tokio::spawn(content_sync::watch(state.clone()));
    let listener = TcpListener::bind(cfg.addr).await?;
    let addr = listener.local_addr()?;
    let catalog = state.catalog();
    tracing::info!(
        url = %format!("http://{addr}/"),
        documents = catalog.index.num_docs(),
        database = state.store.dialect().as_str(),
        content_version = catalog.content_version.unwrap_or_default(),
        index = %catalog.version,
        "ready"
    );
    drop(catalog);
    let stopping = state.clone();
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            // end the consoles' live streams so the drain can finish
            stopping.begin_shutdown();
        })
        .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Refuse to serve the public with a configuration known to be unsafe.
fn check_production(cfg: &ServeConfig) -> anyhow::Result<()> {
    let origins: Vec<&str> = cfg.portal_origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()).collect();
    if origins.is_empty() || origins.iter().any(|o| !o.starts_with("https://")) {
        anyhow::bail!(
            "DVC_PRODUCTION: set DVC_PORTAL_ORIGINS to the https:// origins of the portals that embed the widget"
        );
    }
    if !cfg.trust_proxy {
        anyhow::bail!("DVC_PRODUCTION: serve behind the HTTPS reverse proxy and set DVC_TRUST_PROXY=true");
    }
    if cfg.rate_limits == "off" {
        anyhow::bail!("DVC_PRODUCTION: rate limits cannot be off (DVC_RATE_LIMITS=off is for load tests on loopback)");
    }
    if cfg.webhook_url.as_deref().is_some_and(|u| !u.starts_with("https://")) {
        anyhow::bail!("DVC_PRODUCTION: the webhook URL must be https://");
    }
    if cfg.webhook_secret.as_deref().is_some_and(|s| s.len() < 16) {
        anyhow::bail!("DVC_PRODUCTION: the webhook secret must have at least 16 characters");
    }
    Ok(())
}

/// Forget conversations past the limits, now and then.
async fn prune(store: Store) {
    loop {
        match store.prune().await {
            Ok(n) if n > 0 => tracing::info!(conversations = n, "old conversations forgotten"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "pruning conversations failed"),
        }
        tokio::time::sleep(PRUNE_EVERY).await;
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
