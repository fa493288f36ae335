//! The database: SQLite (one file in the data dir, WAL) by default, PostgreSQL when
//! `DATABASE_URL` is a `postgres://` URL so several replicas share tickets, sessions, the queue
//! feed and content versions.
//!
//! One code path: every query is written once in SQL both engines accept (`$1` placeholders,
//! standard types) and runs through sqlx's `Any` driver; only the schema migrations and the event
//! fan-out differ (PostgreSQL: LISTEN/NOTIFY across replicas; SQLite: in the process). The store
//! is the only place that speaks SQL; handlers call its methods.

mod content;
mod conversations;
mod events;
mod schema;
mod tickets;
mod users;

use std::path::Path;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

pub use content::{Change, ChangeSummary, VersionContent, VersionInfo};
pub use conversations::AnswerRecord;
pub use events::Event;
pub use tickets::{
    ClaimOutcome, NewTicket, OutboxItem, QueueFilter, QueueTicket, StoredTicket, TicketDetail, TicketEntry, ticket_code,
};
pub use users::UserRow;

use crate::clock::now_ms;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("idempotency key reused for another request")]
    IdempotencyConflict,
    #[error("unsupported DATABASE_URL (expected postgres:// or sqlite://): {0}")]
    Url(String),
}

pub type StorageResult<T> = Result<T, StorageError>;

/// Which engine is behind the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgresql",
        }
    }
}

/// Bounds of what is kept.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_conversations: i64,
    pub max_turns: u32,
    pub max_age: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_conversations: 100_000, max_turns: 60, max_age: Duration::from_secs(30 * 24 * 3600) }
    }
}

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
    limits: Limits,
    events: events::Bus,
}

/// PostgreSQL connections per replica.
const PG_POOL: u32 = 16;

impl Store {
    /// Open the database named by `url` (`postgres://…`), or the SQLite file `default_sqlite`
    /// when `url` is `None`.
    pub async fn open(url: Option<&str>, default_sqlite: &Path, limits: Limits) -> StorageResult<Store> {
        match url {
            None => Self::open_sqlite(default_sqlite, limits).await,
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => {
                Self::open_postgres(u, limits).await
            }
            Some(u) if u.starts_with("sqlite://") => {
                Self::open_sqlite(Path::new(&u["sqlite://".len()..]), limits).await
            }
            Some(u) => Err(StorageError::Url(redact_url(u))),
        }
    }

    /// Open (creating if needed) the SQLite database at `path` and migrate it.
    pub async fn open_sqlite(path: &Path, limits: Limits) -> StorageResult<Store> {
        sqlx::any::install_default_drivers();
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let pool = AnyPoolOptions::new()
            .max_connections(4)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL, and an acknowledged write survives a crash of the process or the machine
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA busy_timeout = 5000",
                    ] {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let store = Store { pool, dialect: Dialect::Sqlite, limits, events: events::Bus::local() };
        store.migrate().await?;
        Ok(store)
    }

    /// Connect to PostgreSQL, migrate (one replica at a time), and listen for the other
    /// replicas' events.
    pub async fn open_postgres(url: &str, limits: Limits) -> StorageResult<Store> {
        sqlx::any::install_default_drivers();
        let pool =
            AnyPoolOptions::new().max_connections(PG_POOL).acquire_timeout(Duration::from_secs(5)).connect(url).await?;
        let events = events::Bus::postgres(url).await?;
        let store = Store { pool, dialect: Dialect::Postgres, limits, events };
        store.migrate().await?;
        Ok(store)
    }

    /// A write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`, waiting
    /// up to the busy timeout), so a transaction that reads before it writes cannot fail with
    /// "database is locked" when another writer commits in between.
    async fn tx(&self) -> StorageResult<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Dialect::Postgres => self.pool.begin().await?,
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A consistent copy of the SQLite database at `to` while it is in use (`VACUUM INTO`).
    pub async fn backup_sqlite(&self, to: &Path) -> StorageResult<()> {
        if self.dialect != Dialect::Sqlite {
            return Err(StorageError::Url("backups of PostgreSQL are made with pg_dump".into()));
        }
        let target = to.to_string_lossy().replace('\'', "''");
        sqlx::query(sqlx::AssertSqlSafe(format!("VACUUM INTO '{target}'"))).execute(&self.pool).await?;
        Ok(())
    }

    /// Whether the database answers now (readiness).
    pub async fn ping(&self) -> StorageResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn migrate(&self) -> StorageResult<()> {
        let mut tx = self.tx().await?;
        self.lock_migrations(&mut tx).await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        for (version, sql) in schema::migrations(self.dialect) {
            let mut tx = self.tx().await?;
            // replicas starting together: one migrates, the others wait and then skip
            self.lock_migrations(&mut tx).await?;
            let done: Option<(i64,)> = sqlx::query_as("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_some() {
                continue;
            }
            for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                sqlx::query(stmt).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)")
                .bind(version)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version, engine = self.dialect.as_str(), "database migrated");
        }
        Ok(())
    }

    async fn lock_migrations(&self, tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> StorageResult<()> {
        if self.dialect == Dialect::Postgres {
            sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_advisory_xact_lock(7251001)").execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Tell every replica's consoles (and content watchers) about a change; never fails the
    /// change itself.
    pub async fn publish(&self, kind: &str, code: &str) {
        let event = Event { kind: kind.to_string(), code: code.to_string(), at: now_ms() };
        self.events.publish(&self.pool, event).await;
    }

    /// Events from now on, from every replica.
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    fn oldest_kept(&self) -> i64 {
        now_ms() - self.limits.max_age.as_millis() as i64
    }
}

/// A URL without its password, for messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

/// A new unguessable id (128 random bits, hex).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Keeps a background task alive as long as a store handle exists.
#[derive(Debug)]
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(super::redact_url("postgres://dvc:secret@db:5432/dvc"), "postgres://***@db:5432/dvc");
        assert_eq!(super::redact_url("mysql://x"), "mysql://x");
    }
}
