//! Change events (a ticket created, claimed, answered…; a content version published) for the
//! staff consoles' live feed and the content watchers. With PostgreSQL they go through
//! LISTEN/NOTIFY so every replica hears every other; with SQLite they stay in the process.

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;

use super::{AbortOnDrop, StorageResult};

/// The NOTIFY channel.
const CHANNEL: &str = "dvc_events";

/// A change; carries no personal data.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// "created" | "claimed" | "answered" | "called_back" | "resolved" | "reopened" | "note" |
    /// "content" (a content version published) | "resync" (events may have been missed).
    pub kind: String,
    /// Ticket code, or content version.
    pub code: String,
    /// Unix milliseconds when it happened (to measure delivery delay).
    pub at: i64,
}

/// Fan-out of events to this process's subscribers.
#[derive(Debug, Clone)]
pub(super) struct Bus {
    tx: broadcast::Sender<Event>,
    /// Set with PostgreSQL: the listener task, stopped with the last store handle.
    listener: Option<Arc<AbortOnDrop>>,
}

impl Bus {
    pub(super) fn local() -> Bus {
        Bus { tx: broadcast::channel(1024).0, listener: None }
    }

    /// Listen on PostgreSQL; every notification (ours included) reaches our subscribers.
    pub(super) async fn postgres(url: &str) -> StorageResult<Bus> {
        let tx = broadcast::channel(1024).0;
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        let task = tokio::spawn(listen(listener, tx.clone()));
        Ok(Bus { tx, listener: Some(Arc::new(AbortOnDrop(task))) })
    }

    pub(super) async fn publish(&self, pool: &AnyPool, event: Event) {
        if self.listener.is_some() {
            let payload = serde_json::to_string(&event).expect("an event serializes");
            let sent = sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(pool)
                .await;
            match sent {
                Ok(_) => return,
                // the change is stored; consoles elsewhere catch up on their next resync
                Err(e) => tracing::warn!(error = %e, kind = %event.kind, "NOTIFY failed; telling this replica only"),
            }
        }
        let _ = self.tx.send(event);
    }

    pub(super) fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }
}

async fn listen(mut listener: PgListener, tx: broadcast::Sender<Event>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(n)) => match serde_json::from_str::<Event>(n.payload()) {
                Ok(e) => {
                    let _ = tx.send(e);
                }
                Err(e) => tracing::warn!(error = %e, "unreadable event on {CHANNEL}"),
            },
            // the connection dropped and came back: events in between are lost, so tell
            // subscribers to reload
            Ok(None) => {
                tracing::warn!("event listener reconnected");
                let _ = tx.send(Event { kind: "resync".into(), code: String::new(), at: crate::clock::now_ms() });
            }
            Err(e) => {
                tracing::warn!(error = %e, "event listener lost the database; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
