//! The database: SQLite (one file in the data dir, WAL) for conversations and answer analytics.
//!
//! Migrations run at start-up, each once, in order, inside a transaction. The store is the only
//! place that speaks SQL; handlers call its methods.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use dvc_api::{Reply, Role, Turn, Vote};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::assistant::DialogueState;
use crate::auth::Role as StaffRole;
use crate::clock::now_ms;

/// Ordered schema changes; never edit one that has shipped, add a new one.
const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        "CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        next_turn INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        last_active INTEGER NOT NULL
    );
    CREATE INDEX conversations_last_active ON conversations(last_active);
    CREATE TABLE turns (
        conversation TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        role TEXT NOT NULL,
        text TEXT NOT NULL,
        reply TEXT,
        at INTEGER NOT NULL,
        feedback TEXT,
        PRIMARY KEY (conversation, id)
    );
    CREATE TABLE answers (
        conversation TEXT NOT NULL,
        turn INTEGER NOT NULL,
        at INTEGER NOT NULL,
        question TEXT NOT NULL,
        confidence TEXT NOT NULL,
        card_id TEXT,
        vote TEXT,
        PRIMARY KEY (conversation, turn)
    );
    CREATE INDEX answers_at ON answers(at);",
    ),
    (
        2,
        "CREATE TABLE tickets (
        code TEXT PRIMARY KEY,
        lookup_token TEXT NOT NULL UNIQUE,
        idempotency_key TEXT UNIQUE,
        request_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        email TEXT,
        question TEXT NOT NULL,
        contact_time TEXT,
        conversation TEXT,
        transcript TEXT,
        status TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX tickets_status ON tickets(status, created_at);
    CREATE TABLE ticket_replies (
        ticket TEXT NOT NULL REFERENCES tickets(code),
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (ticket, seq)
    );",
    ),
    (
        3,
        "CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
    );
    CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT
    );
    ALTER TABLE tickets ADD COLUMN claimed_by TEXT;
    ALTER TABLE tickets ADD COLUMN updated_at INTEGER",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("idempotency key reused for another request")]
    IdempotencyConflict,
}

/// One ticket in the hotline queue.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueTicket {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub question: String,
    pub status: String,
    pub created_at: i64,
    pub claimed_by: Option<String>,
}

type QueueRow = (String, String, String, String, String, i64, Option<String>);

/// Result of claiming or answering a ticket.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimOutcome {
    Claimed,
    TakenBy(String),
    NotFound,
}

async fn audit(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    code: &str,
    actor: &str,
    action: &str,
    detail: Option<&str>,
) -> StorageResult<()> {
    sqlx::query("INSERT INTO audit (ticket, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)")
        .bind(code)
        .bind(now_ms())
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A validated ticket to store.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub prefix: String,
    pub idempotency_key: Option<String>,
    /// Identifies the request body, to tell a retry from a different request with the same key.
    pub request_hash: String,
    pub name: String,
    /// E.164.
    pub phone: String,
    pub email: Option<String>,
    pub question: String,
    pub contact_time: Option<String>,
    pub conversation: Option<String>,
}

/// What the citizen side needs of a stored ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTicket {
    pub code: String,
    pub lookup_token: String,
    pub phone: String,
    pub status: String,
    pub created_at: i64,
    pub request_hash: String,
}

/// The answer to a retry: the ticket made for this key, unless the key came with another body.
fn replay(existing: StoredTicket, t: &NewTicket) -> StorageResult<(StoredTicket, bool)> {
    if existing.request_hash == t.request_hash { Ok((existing, false)) } else { Err(StorageError::IdempotencyConflict) }
}

/// Letters and digits that cannot be misread (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// "TN-7K3QX9": a prefix and 6 random characters (25^6 ≈ 244 million codes).
pub fn ticket_code(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let body: String = bytes.iter().map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char).collect();
    format!("{prefix}-{body}")
}

pub type StorageResult<T> = Result<T, StorageError>;

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

/// A stored turn: id, role, text, reply JSON, time, feedback.
type TurnRow = (i64, String, String, Option<String>, i64, Option<String>);

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    limits: Limits,
}

/// One answer as the editors' analytics see it: no personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    pub question: String,
    pub confidence: String,
    pub card_id: Option<String>,
    pub vote: Option<String>,
}

fn role_str(r: Role) -> &'static str {
    match r {
        Role::Citizen => "citizen",
        Role::Assistant => "assistant",
    }
}

fn vote_str(v: Vote) -> &'static str {
    match v {
        Vote::Up => "up",
        Vote::Down => "down",
    }
}

impl Store {
    /// Open (creating if needed) the SQLite database at `path` and migrate it.
    pub async fn open_sqlite(path: &Path, limits: Limits) -> StorageResult<Store> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let opts = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // an acknowledged write survives a crash of the process or the machine
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(opts).await?;
        let store = Store { pool, limits };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> StorageResult<()> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
        )
        .execute(&self.pool)
        .await?;
        for (version, sql) in MIGRATIONS {
            let done: Option<(i64,)> = sqlx::query_as("SELECT version FROM schema_migrations WHERE version = ?")
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
            if done.is_some() {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            for stmt in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                sqlx::query(stmt).execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)")
                .bind(version)
                .bind(now_ms())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            tracing::info!(version, "database migrated");
        }
        Ok(())
    }

    /// The conversation `id` if it is kept and recent, else a new one: (id, its dialogue state).
    pub async fn open_conversation(&self, id: Option<&str>) -> StorageResult<(String, DialogueState)> {
        if let Some(id) = id {
            let row: Option<(String,)> =
                sqlx::query_as("SELECT state FROM conversations WHERE id = ? AND last_active > ?")
                    .bind(id)
                    .bind(self.oldest_kept())
                    .fetch_optional(&self.pool)
                    .await?;
            if let Some((state,)) = row {
                return Ok((id.to_string(), serde_json::from_str(&state)?));
            }
        }
        let id = new_id();
        let state = DialogueState::default();
        let now = now_ms();
        sqlx::query("INSERT INTO conversations (id, state, next_turn, created_at, last_active) VALUES (?, ?, 0, ?, ?)")
            .bind(&id)
            .bind(serde_json::to_string(&state)?)
            .bind(now)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok((id, state))
    }

    fn oldest_kept(&self) -> i64 {
        now_ms() - self.limits.max_age.as_millis() as i64
    }

    /// Store one exchange, the new state, and the answer for analytics (question masked).
    /// Returns the number of the assistant's turn.
    pub async fn record_exchange(
        &self,
        id: &str,
        state: &DialogueState,
        message: &str,
        reply: &Reply,
    ) -> StorageResult<u32> {
        let mut tx = self.pool.begin().await?;
        let (next,): (i64,) =
            sqlx::query_as("SELECT next_turn FROM conversations WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
        let at = now_ms();
        let reply_json = serde_json::to_string(reply)?;
        for (turn, role, text, reply) in [
            (next, Role::Citizen, message, None),
            (next + 1, Role::Assistant, reply.text.as_str(), Some(reply_json.as_str())),
        ] {
            sqlx::query("INSERT INTO turns (conversation, id, role, text, reply, at) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(id)
                .bind(turn)
                .bind(role_str(role))
                .bind(text)
                .bind(reply)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM turns WHERE conversation = ? AND id < ?")
            .bind(id)
            .bind(next + 2 - i64::from(self.limits.max_turns))
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE conversations SET state = ?, next_turn = ?, last_active = ? WHERE id = ?")
            .bind(serde_json::to_string(state)?)
            .bind(next + 2)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let confidence = serde_json::to_value(reply.confidence)?.as_str().unwrap_or_default().to_string();
        sqlx::query(
            "INSERT INTO answers (conversation, turn, at, question, confidence, card_id) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(next + 1)
        .bind(at)
        .bind(crate::privacy::mask(message))
        .bind(confidence)
        .bind(reply.card.as_ref().map(|c| c.id.as_str()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok((next + 1) as u32)
    }

    /// Record a vote on an assistant turn; returns the dialogue state, or `None` when the
    /// conversation or turn is not kept.
    pub async fn vote(&self, id: &str, turn: u32, vote: Vote) -> StorageResult<Option<DialogueState>> {
        let mut tx = self.pool.begin().await?;
        let updated =
            sqlx::query("UPDATE turns SET feedback = ? WHERE conversation = ? AND id = ? AND role = 'assistant'")
                .bind(vote_str(vote))
                .bind(id)
                .bind(i64::from(turn))
                .execute(&mut *tx)
                .await?;
        if updated.rows_affected() == 0 {
            return Ok(None);
        }
        sqlx::query("UPDATE answers SET vote = ? WHERE conversation = ? AND turn = ?")
            .bind(vote_str(vote))
            .bind(id)
            .bind(i64::from(turn))
            .execute(&mut *tx)
            .await?;
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM conversations WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(serde_json::from_str(&state)?))
    }

    /// Replace the dialogue state (after a reaction that is not an exchange).
    pub async fn set_state(&self, id: &str, state: &DialogueState) -> StorageResult<()> {
        sqlx::query("UPDATE conversations SET state = ?, last_active = ? WHERE id = ?")
            .bind(serde_json::to_string(state)?)
            .bind(now_ms())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The kept turns of a recent conversation.
    pub async fn transcript(&self, id: &str) -> StorageResult<Option<Vec<Turn>>> {
        let exists: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM conversations WHERE id = ? AND last_active > ?")
            .bind(id)
            .bind(self.oldest_kept())
            .fetch_optional(&self.pool)
            .await?;
        if exists.is_none() {
            return Ok(None);
        }
        let rows: Vec<TurnRow> =
            sqlx::query_as("SELECT id, role, text, reply, at, feedback FROM turns WHERE conversation = ? ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
        let mut turns = Vec::with_capacity(rows.len());
        for (turn, role, text, reply, at, feedback) in rows {
            turns.push(Turn {
                id: turn as u32,
                role: if role == "assistant" { Role::Assistant } else { Role::Citizen },
                text,
                reply: reply.map(|r| serde_json::from_str(&r)).transpose()?,
                at,
                feedback: feedback.map(|f| if f == "up" { Vote::Up } else { Vote::Down }),
            });
        }
        Ok(Some(turns))
    }

    /// Forget conversations past their age and the oldest ones past the count limit.
    pub async fn prune(&self) -> StorageResult<u64> {
        let old = sqlx::query("DELETE FROM conversations WHERE last_active <= ?")
            .bind(self.oldest_kept())
            .execute(&self.pool)
            .await?
            .rows_affected();
        let over = sqlx::query(
            "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations ORDER BY last_active DESC LIMIT -1 OFFSET ?)",
        )
        .bind(self.limits.max_conversations)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(old + over)
    }

    /// Answers recorded since `since_ms` (newest first), for the editors' analytics.
    pub async fn answers_since(&self, since_ms: i64) -> StorageResult<Vec<AnswerRecord>> {
        let rows: Vec<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT question, confidence, card_id, vote FROM answers WHERE at >= ? ORDER BY at DESC, turn DESC",
        )
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(question, confidence, card_id, vote)| AnswerRecord { question, confidence, card_id, vote })
            .collect())
    }

    /// Create a ticket, or return the one created before with the same idempotency key.
    /// `Ok((ticket, true))` when created now.
    pub async fn create_ticket(&self, t: &NewTicket) -> StorageResult<(StoredTicket, bool)> {
        if let Some(key) = &t.idempotency_key
            && let Some(existing) = self.ticket_by_key(key).await?
        {
            return replay(existing, t);
        }
        let transcript = match &t.conversation {
            Some(c) => self.transcript(c).await?.map(|turns| serde_json::to_string(&turns)).transpose()?,
            None => None,
        };
        for _ in 0..8 {
            let code = ticket_code(&t.prefix);
            let token = new_id();
            let created_at = now_ms();
            let res = sqlx::query(
                "INSERT INTO tickets (code, lookup_token, idempotency_key, request_hash, name, phone, email, question,
                 contact_time, conversation, transcript, status, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?)",
            )
            .bind(&code)
            .bind(&token)
            .bind(&t.idempotency_key)
            .bind(&t.request_hash)
            .bind(&t.name)
            .bind(&t.phone)
            .bind(&t.email)
            .bind(&t.question)
            .bind(&t.contact_time)
            .bind(&t.conversation)
            .bind(&transcript)
            .bind(created_at)
            .execute(&self.pool)
            .await;
            match res {
                Ok(_) => {
                    let ticket = StoredTicket {
                        code,
                        lookup_token: token,
                        phone: t.phone.clone(),
                        status: "new".into(),
                        created_at,
                        request_hash: t.request_hash.clone(),
                    };
                    return Ok((ticket, true));
                }
                Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                    // a concurrent retry with the same key won the race: answer with its ticket
                    if let Some(key) = &t.idempotency_key
                        && let Some(existing) = self.ticket_by_key(key).await?
                    {
                        return replay(existing, t);
                    }
                    // else the random code collided: draw another
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(StorageError::Sql(sqlx::Error::Protocol("no free ticket code".into())))
    }

    /// Whether a ticket was already created with this idempotency key.
    pub async fn ticket_exists_for_key(&self, key: &str) -> StorageResult<bool> {
        Ok(self.ticket_by_key(key).await?.is_some())
    }

    async fn ticket_by_key(&self, key: &str) -> StorageResult<Option<StoredTicket>> {
        self.ticket_where(
            "SELECT code, lookup_token, phone, status, created_at, request_hash FROM tickets WHERE idempotency_key = ?",
            key,
        )
        .await
    }

    /// A ticket by code.
    pub async fn ticket(&self, code: &str) -> StorageResult<Option<StoredTicket>> {
        self.ticket_where(
            "SELECT code, lookup_token, phone, status, created_at, request_hash FROM tickets WHERE code = ?",
            code,
        )
        .await
    }

    async fn ticket_where(&self, sql: &'static str, value: &str) -> StorageResult<Option<StoredTicket>> {
        let row: Option<(String, String, String, String, i64, String)> =
            sqlx::query_as(sql).bind(value).fetch_optional(&self.pool).await?;
        Ok(row.map(|(code, lookup_token, phone, status, created_at, request_hash)| StoredTicket {
            code,
            lookup_token,
            phone,
            status,
            created_at,
            request_hash,
        }))
    }

    /// Replies of the hotline to a ticket, oldest first: (text, time).
    pub async fn ticket_replies(&self, code: &str) -> StorageResult<Vec<(String, i64)>> {
        Ok(sqlx::query_as("SELECT text, at FROM ticket_replies WHERE ticket = ? ORDER BY seq")
            .bind(code)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The conversation transcript attached to a ticket when it was created.
    pub async fn ticket_transcript(&self, code: &str) -> StorageResult<Option<Vec<Turn>>> {
        let row: Option<(Option<String>,)> = sqlx::query_as("SELECT transcript FROM tickets WHERE code = ?")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|(t,)| t).map(|t| serde_json::from_str(&t)).transpose()?)
    }

    pub async fn ticket_count(&self) -> StorageResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tickets").fetch_one(&self.pool).await?;
        Ok(n)
    }

    /// Create an account; `false` when the username is taken.
    pub async fn add_user(&self, username: &str, password_hash: &str, role: StaffRole) -> StorageResult<bool> {
        let res = sqlx::query("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
            .bind(username)
            .bind(password_hash)
            .bind(role.as_str())
            .bind(now_ms())
            .execute(&self.pool)
            .await;
        match res {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// An account by username: (id, password hash, role, locked until).
    pub async fn user_by_name(&self, username: &str) -> StorageResult<Option<(i64, String, StaffRole, i64)>> {
        let row: Option<(i64, String, String, i64)> =
            sqlx::query_as("SELECT id, password_hash, role, locked_until FROM users WHERE username = ?")
                .bind(username)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(id, hash, role, locked)| StaffRole::parse(&role).map(|r| (id, hash, r, locked))))
    }

    /// Count a failed login; after `max` failures in a row the account is locked for `lock`.
    pub async fn login_failed(&self, user_id: i64, max: i64, lock: Duration) -> StorageResult<()> {
        sqlx::query(
            "UPDATE users SET locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END,
             failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END
             WHERE id = ?",
        )
        .bind(max)
        .bind(now_ms() + lock.as_millis() as i64)
        .bind(max)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Start a session after a successful login.
    pub async fn create_session(&self, user_id: i64, token_hash: &str, ttl: Duration) -> StorageResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET failed_logins = 0 WHERE id = ?").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
            .bind(token_hash)
            .bind(user_id)
            .bind(now_ms() + ttl.as_millis() as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user of a live session: (username, role).
    pub async fn session_user(&self, token_hash: &str) -> StorageResult<Option<(String, StaffRole)>> {
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT u.username, u.role FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.token_hash = ? AND s.expires_at > ?",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(name, role)| StaffRole::parse(&role).map(|r| (name, r))))
    }

    pub async fn delete_session(&self, token_hash: &str) -> StorageResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// The queue: tickets by status (all when `None`), longest waiting first.
    pub async fn list_tickets(&self, status: Option<&str>) -> StorageResult<Vec<QueueTicket>> {
        let rows: Vec<QueueRow> = sqlx::query_as(
            "SELECT code, name, phone, question, status, created_at, claimed_by FROM tickets
             WHERE (? IS NULL OR status = ?) ORDER BY created_at LIMIT 500",
        )
        .bind(status)
        .bind(status)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(code, name, phone, question, status, created_at, claimed_by)| QueueTicket {
                code,
                name,
                phone,
                question,
                status,
                created_at,
                claimed_by,
            })
            .collect())
    }

    /// Claim a ticket for `actor`; only one officer can hold it.
    pub async fn claim_ticket(&self, code: &str, actor: &str) -> StorageResult<ClaimOutcome> {
        let mut tx = self.pool.begin().await?;
        let res = sqlx::query(
            "UPDATE tickets SET claimed_by = ?, status = 'claimed', updated_at = ?
             WHERE code = ? AND (claimed_by IS NULL OR claimed_by = ?)",
        )
        .bind(actor)
        .bind(now_ms())
        .bind(code)
        .bind(actor)
        .execute(&mut *tx)
        .await?;
        if res.rows_affected() == 0 {
            let holder: Option<(Option<String>,)> = sqlx::query_as("SELECT claimed_by FROM tickets WHERE code = ?")
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
            return Ok(match holder {
                None => ClaimOutcome::NotFound,
                Some((holder,)) => ClaimOutcome::TakenBy(holder.unwrap_or_default()),
            });
        }
        audit(&mut tx, code, actor, "claim", None).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Claimed)
    }

    /// Reply to the citizen (the officer must hold the ticket).
    pub async fn reply_ticket(&self, code: &str, actor: &str, text: &str) -> StorageResult<ClaimOutcome> {
        let mut tx = self.pool.begin().await?;
        let holder: Option<(Option<String>,)> =
            sqlx::query_as("SELECT claimed_by FROM tickets WHERE code = ?").bind(code).fetch_optional(&mut *tx).await?;
        match holder {
            None => return Ok(ClaimOutcome::NotFound),
            Some((Some(h),)) if h == actor => {}
            Some((h,)) => return Ok(ClaimOutcome::TakenBy(h.unwrap_or_default())),
        }
        let at = now_ms();
        sqlx::query(
            "INSERT INTO ticket_replies (ticket, seq, text, at)
             VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ticket_replies WHERE ticket = ?), ?, ?)",
        )
        .bind(code)
        .bind(code)
        .bind(text)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE tickets SET status = 'answered', updated_at = ? WHERE code = ?")
            .bind(at)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, code, actor, "reply", Some(text)).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Claimed)
    }

    /// The audit trail of a ticket: (time, actor, action).
    pub async fn audit_trail(&self, code: &str) -> StorageResult<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as("SELECT at, actor, action FROM audit WHERE ticket = ? ORDER BY seq")
            .bind(code)
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn conversation_count(&self) -> StorageResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM conversations").fetch_one(&self.pool).await?;
        Ok(n)
    }
}

/// A new unguessable id (128 random bits, hex).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvc_api::Confidence;

    fn reply(text: &str) -> Reply {
        Reply { text: text.into(), card: None, related: vec![], confidence: Confidence::Low, actions: vec![] }
    }

    async fn store(limits: Limits) -> (Store, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(format!("dvc-store-{}", new_id()));
        let s = Store::open_sqlite(&dir.join("dvc.sqlite3"), limits).await.unwrap();
        (s, dir)
    }

    #[tokio::test]
    async fn conversations_survive_a_reopen_and_stay_bounded() {
        let limits = Limits { max_conversations: 2, max_turns: 4, max_age: Duration::from_secs(60) };
        let (s, dir) = store(limits).await;
        let (a, _) = s.open_conversation(None).await.unwrap();
        let state = DialogueState { topic: Some("tthc-1".into()), ..Default::default() };
        for i in 0..3 {
            s.record_exchange(&a, &state, &format!("hỏi {i}, gọi 0912 345 678"), &reply("đáp")).await.unwrap();
        }
        // reopen the file: everything is still there
        drop(s);
        let s = Store::open_sqlite(&dir.join("dvc.sqlite3"), limits).await.unwrap();
        let t = s.transcript(&a).await.unwrap().unwrap();
        assert_eq!(t.len(), 4, "only the last turns are kept");
        assert_eq!((t[0].id, t[0].text.as_str()), (2, "hỏi 1, gọi 0912 345 678"));
        assert_eq!(s.open_conversation(Some(&a)).await.unwrap(), (a.clone(), state));
        assert_eq!(s.vote(&a, 5, Vote::Down).await.unwrap().map(|st| st.topic), Some(Some("tthc-1".into())));
        assert!(s.vote(&a, 4, Vote::Up).await.unwrap().is_none(), "citizen turns take no votes");
        let answers = s.answers_since(0).await.unwrap();
        assert_eq!(answers.len(), 3);
        assert_eq!(answers[0].vote.as_deref(), Some("down"));
        assert!(!answers[0].question.contains("345"), "analytics never keep a phone number: {}", answers[0].question);
        let (b, _) = s.open_conversation(Some("không-có")).await.unwrap();
        assert_ne!(b, a);
        s.open_conversation(None).await.unwrap();
        assert_eq!(s.prune().await.unwrap(), 1);
        assert_eq!(s.conversation_count().await.unwrap(), 2);
        assert!(s.transcript(&a).await.unwrap().is_none(), "the oldest conversation went first");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_ticket_carries_the_transcript_and_survives_a_reopen() {
        let (s, dir) = store(Limits::default()).await;
        let (conv, _) = s.open_conversation(None).await.unwrap();
        s.record_exchange(&conv, &DialogueState::default(), "lệ phí hộ chiếu?", &reply("Phí, lệ phí: …"))
            .await
            .unwrap();
        let new = NewTicket {
            prefix: "TN".into(),
            idempotency_key: Some("k".into()),
            request_hash: "h".into(),
            name: "Nguyễn Văn A".into(),
            phone: "+84912345678".into(),
            email: None,
            question: "cần hỗ trợ".into(),
            contact_time: None,
            conversation: Some(conv),
        };
        let (t, created) = s.create_ticket(&new).await.unwrap();
        assert!(created);
        drop(s);
        let s = Store::open_sqlite(&dir.join("dvc.sqlite3"), Limits::default()).await.unwrap();
        let transcript = s.ticket_transcript(&t.code).await.unwrap().unwrap();
        assert_eq!(transcript[0].text, "lệ phí hộ chiếu?");
        assert_eq!(s.create_ticket(&new).await.unwrap(), (t.clone(), false), "same key: same ticket");
        let other = NewTicket { request_hash: "other".into(), ..new };
        assert!(matches!(s.create_ticket(&other).await, Err(StorageError::IdempotencyConflict)));
        assert_eq!(s.ticket_count().await.unwrap(), 1);

        // two officers cannot both hold it; only the holder replies; every change is audited
        assert_eq!(s.claim_ticket(&t.code, "an").await.unwrap(), ClaimOutcome::Claimed);
        assert_eq!(s.claim_ticket(&t.code, "binh").await.unwrap(), ClaimOutcome::TakenBy("an".into()));
        assert_eq!(s.reply_ticket(&t.code, "binh", "x").await.unwrap(), ClaimOutcome::TakenBy("an".into()));
        assert_eq!(s.reply_ticket(&t.code, "an", "Đã gọi lại.").await.unwrap(), ClaimOutcome::Claimed);
        assert_eq!(s.ticket_replies(&t.code).await.unwrap()[0].0, "Đã gọi lại.");
        let trail: Vec<String> =
            s.audit_trail(&t.code).await.unwrap().into_iter().map(|(_, a, act)| format!("{a} {act}")).collect();
        assert_eq!(trail, ["an claim", "an reply"]);
        assert_eq!(s.list_tickets(Some("answered")).await.unwrap().len(), 1);
        assert_eq!(s.claim_ticket("TN-KHONGCO", "an").await.unwrap(), ClaimOutcome::NotFound);
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn accounts_lock_after_repeated_failures() {
        let (s, dir) = store(Limits::default()).await;
        assert!(s.add_user("an", "hash", StaffRole::Staff).await.unwrap());
        assert!(!s.add_user("an", "hash", StaffRole::Staff).await.unwrap(), "usernames are unique");
        let (id, _, role, locked) = s.user_by_name("an").await.unwrap().unwrap();
        assert_eq!((role, locked), (StaffRole::Staff, 0));
        for _ in 0..3 {
            s.login_failed(id, 3, Duration::from_secs(60)).await.unwrap();
        }
        assert!(s.user_by_name("an").await.unwrap().unwrap().3 > now_ms(), "locked after 3 failures");
        s.create_session(id, "h", Duration::from_secs(60)).await.unwrap();
        assert_eq!(s.session_user("h").await.unwrap(), Some(("an".into(), StaffRole::Staff)));
        s.delete_session("h").await.unwrap();
        assert_eq!(s.session_user("h").await.unwrap(), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
