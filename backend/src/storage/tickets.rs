//! Hotline tickets: idempotent creation, the citizen's lookup, the officers' queue and lifecycle
//! (claim, reply, note, called back, resolve, reopen) with an audit trail, and the webhook outbox
//! (written in the same transaction as the change it announces, delivered by `crate::webhook`).

use dvc_api::Turn;
use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{StorageError, StorageResult, Store, new_id};
use crate::clock::now_ms;

/// Letters and digits that cannot be misread (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";

/// "TN-7K3QX9": a prefix and 6 random characters (25^6 ≈ 244 million codes).
pub fn ticket_code(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    let body: String = bytes.iter().map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char).collect();
    format!("{prefix}-{body}")
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
    /// The procedure the citizen was reading, and its field (lĩnh vực).
    pub procedure_id: Option<String>,
    pub field: Option<String>,
    /// When the promised response time runs out (Unix ms).
    pub due_at: i64,
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

/// One ticket in the hotline queue (personal data unmasked: the caller masks).
#[derive(Debug, Clone, PartialEq)]
pub struct QueueTicket {
    pub code: String,
    pub name: String,
    pub phone: String,
    pub question: String,
    pub status: String,
    pub created_at: i64,
    pub claimed_by: Option<String>,
    pub procedure_id: Option<String>,
    pub field: Option<String>,
    pub due_at: Option<i64>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
}

/// The whole of a ticket, for the officer's ticket view.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketDetail {
    pub ticket: QueueTicket,
    pub email: Option<String>,
    pub contact_time: Option<String>,
    pub transcript: Option<Vec<Turn>>,
    pub replies: Vec<(String, i64)>,
    /// The audit trail, internal notes included, oldest first.
    pub entries: Vec<TicketEntry>,
}

/// One line of the audit trail: who did what, when.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub detail: Option<String>,
}

/// Which tickets the queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// One status, or "open" for everything not resolved; all when `None`.
    pub status: Option<String>,
    /// Field (lĩnh vực) of the procedure the citizen was reading.
    pub field: Option<String>,
    /// Only tickets held by this officer.
    pub claimed_by: Option<String>,
}

/// Result of a change an officer asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimOutcome {
    Done,
    /// Another officer holds the ticket.
    TakenBy(String),
    NotFound,
    /// Not possible in the ticket's status (e.g. reopening an open ticket).
    WrongState(String),
}

/// A webhook delivery waiting in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxItem {
    pub id: i64,
    pub payload: String,
    pub attempts: i64,
    pub next_at: i64,
}

fn queue_ticket(row: &AnyRow) -> StorageResult<QueueTicket> {
    Ok(QueueTicket {
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        phone: row.try_get("phone")?,
        question: row.try_get("question")?,
        status: row.try_get("status")?,
        created_at: row.try_get("created_at")?,
        claimed_by: row.try_get("claimed_by")?,
        procedure_id: row.try_get("procedure_id")?,
        field: row.try_get("field")?,
        due_at: row.try_get("due_at")?,
        first_response_at: row.try_get("first_response_at")?,
        resolved_at: row.try_get("resolved_at")?,
    })
}

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

async fn audit(tx: &mut Tx<'_>, code: &str, actor: &str, action: &str, detail: Option<&str>) -> StorageResult<()> {
    sqlx::query("INSERT INTO audit (ticket, at, actor, action, detail) VALUES ($1, $2, $3, $4, $5)")
        .bind(code)
        .bind(now_ms())
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Who holds a ticket and its status, or `None` when there is no such ticket.
async fn holder(tx: &mut Tx<'_>, code: &str) -> StorageResult<Option<(Option<String>, String)>> {
    Ok(sqlx::query_as("SELECT claimed_by, status FROM tickets WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?)
}

/// Queue an announcement for the webhook (no personal data), in the change's transaction.
async fn enqueue_webhook(tx: &mut Tx<'_>, event: &str, code: &str, status: &str) -> StorageResult<()> {
    let at = now_ms();
    let payload = json!({"event": event, "code": code, "status": status, "at": crate::clock::rfc3339(at)});
    sqlx::query("INSERT INTO webhook_outbox (payload, attempts, next_at) VALUES ($1, 0, $2)")
        .bind(payload.to_string())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Create a ticket, or return the one created before with the same idempotency key.
    /// `Ok((ticket, true))` when created now. With `webhook`, its announcement is queued in the
    /// same transaction.
    pub async fn create_ticket(&self, t: &NewTicket, webhook: bool) -> StorageResult<(StoredTicket, bool)> {
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
            let mut tx = self.tx().await?;
            let res = sqlx::query(
                "INSERT INTO tickets (code, lookup_token, idempotency_key, request_hash, name, phone, email, question,
                 contact_time, conversation, transcript, status, created_at, updated_at, procedure_id, field, due_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'new', $12, $12, $13, $14, $15)",
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
            .bind(&t.procedure_id)
            .bind(&t.field)
            .bind(t.due_at)
            .execute(&mut *tx)
            .await;
            match res {
                Ok(_) => {
                    if webhook {
                        enqueue_webhook(&mut tx, "ticket.created", &code, "new").await?;
                    }
                    tx.commit().await?;
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
                    drop(tx);
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
            "SELECT code, lookup_token, phone, status, created_at, request_hash FROM tickets WHERE idempotency_key = $1",
            key,
        )
        .await
    }

    /// A ticket by code.
    pub async fn ticket(&self, code: &str) -> StorageResult<Option<StoredTicket>> {
        self.ticket_where(
            "SELECT code, lookup_token, phone, status, created_at, request_hash FROM tickets WHERE code = $1",
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
        Ok(sqlx::query_as("SELECT text, at FROM ticket_replies WHERE ticket = $1 ORDER BY seq")
            .bind(code)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The conversation transcript attached to a ticket when it was created.
    pub async fn ticket_transcript(&self, code: &str) -> StorageResult<Option<Vec<Turn>>> {
        let row: Option<(Option<String>,)> = sqlx::query_as("SELECT transcript FROM tickets WHERE code = $1")
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|(t,)| t).map(|t| serde_json::from_str(&t)).transpose()?)
    }

    pub async fn ticket_count(&self) -> StorageResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tickets").fetch_one(&self.pool).await?;
        Ok(n)
    }

    /// Tickets created or resolved since `since_ms`, for usage figures: (question, created,
    /// first response, resolved), newest first. Questions are the citizens' words: mask them
    /// before showing them to editors.
    pub async fn ticket_activity_since(
        &self,
        since_ms: i64,
    ) -> StorageResult<Vec<(String, i64, Option<i64>, Option<i64>)>> {
        Ok(sqlx::query_as(
            "SELECT question, created_at, first_response_at, resolved_at FROM tickets
             WHERE created_at >= $1 OR resolved_at >= $1 ORDER BY created_at DESC LIMIT 100000",
        )
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Ticket counts by status.
    pub async fn tickets_by_status(&self) -> StorageResult<Vec<(String, i64)>> {
        Ok(sqlx::query_as("SELECT status, COUNT(*) FROM tickets GROUP BY status ORDER BY status")
            .fetch_all(&self.pool)
            .await?)
    }

    /// The queue, longest waiting first (at most 500).
    pub async fn list_tickets(&self, filter: &QueueFilter) -> StorageResult<Vec<QueueTicket>> {
        let rows = sqlx::query(
            "SELECT code, name, phone, question, status, created_at, claimed_by, procedure_id, field, due_at,
                first_response_at, resolved_at FROM tickets
             WHERE ($1 IS NULL OR status = $1 OR ($1 = 'open' AND status <> 'resolved'))
               AND ($2 IS NULL OR field = $2) AND ($3 IS NULL OR claimed_by = $3)
             ORDER BY created_at LIMIT 500",
        )
        .bind(filter.status.as_deref())
        .bind(filter.field.as_deref())
        .bind(filter.claimed_by.as_deref())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(queue_ticket).collect()
    }

    /// The fields (lĩnh vực) tickets were raised about, for the queue filter.
    pub async fn ticket_fields(&self) -> StorageResult<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT DISTINCT field FROM tickets WHERE field IS NOT NULL ORDER BY field LIMIT 200")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|(f,)| f).collect())
    }

    /// Everything about one ticket.
    pub async fn ticket_detail(&self, code: &str) -> StorageResult<Option<TicketDetail>> {
        let Some(row) = sqlx::query(
            "SELECT code, name, phone, question, status, created_at, claimed_by, procedure_id, field, due_at,
                first_response_at, resolved_at, email, contact_time, transcript FROM tickets WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let ticket = queue_ticket(&row)?;
        let transcript: Option<String> = row.try_get("transcript")?;
        let entries: Vec<(i64, String, String, Option<String>)> =
            sqlx::query_as("SELECT at, actor, action, detail FROM audit WHERE ticket = $1 ORDER BY seq")
                .bind(code)
                .fetch_all(&self.pool)
                .await?;
        Ok(Some(TicketDetail {
            email: row.try_get("email")?,
            contact_time: row.try_get("contact_time")?,
            transcript: transcript.map(|t| serde_json::from_str(&t)).transpose()?,
            replies: self.ticket_replies(code).await?,
            entries: entries
                .into_iter()
                .map(|(at, actor, action, detail)| TicketEntry { at, actor, action, detail })
                .collect(),
            ticket,
        }))
    }

    /// Claim a ticket for `actor`; only one officer can hold it.
    pub async fn claim_ticket(&self, code: &str, actor: &str) -> StorageResult<ClaimOutcome> {
        let mut tx = self.tx().await?;
        let res = sqlx::query(
            "UPDATE tickets SET claimed_by = $1, updated_at = $2,
             status = CASE WHEN status = 'new' THEN 'claimed' ELSE status END
             WHERE code = $3 AND (claimed_by IS NULL OR claimed_by = $1) AND status <> 'resolved'",
        )
        .bind(actor)
        .bind(now_ms())
        .bind(code)
        .execute(&mut *tx)
        .await?;
        if res.rows_affected() == 0 {
            return Ok(match holder(&mut tx, code).await? {
                None => ClaimOutcome::NotFound,
                Some((_, status)) if status == "resolved" => ClaimOutcome::WrongState(status),
                Some((holder, _)) => ClaimOutcome::TakenBy(holder.unwrap_or_default()),
            });
        }
        audit(&mut tx, code, actor, "claim", None).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Done)
    }

    /// Reply to the citizen (the officer must hold the ticket); the reply shows in their widget.
    pub async fn reply_ticket(&self, code: &str, actor: &str, text: &str) -> StorageResult<ClaimOutcome> {
        let mut tx = self.tx().await?;
        if let Some(refused) = self.must_hold(&mut tx, code, actor, false).await? {
            return Ok(refused);
        }
        let at = now_ms();
        sqlx::query(
            "INSERT INTO ticket_replies (ticket, seq, text, at)
             VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM ticket_replies WHERE ticket = $1), $2, $3)",
        )
        .bind(code)
        .bind(text)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE tickets SET status = 'answered', updated_at = $1, first_response_at = COALESCE(first_response_at, $1)
             WHERE code = $2",
        )
        .bind(at)
        .bind(code)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, code, actor, "reply", Some(text)).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Done)
    }

    /// The officer holding the ticket phoned the citizen back.
    pub async fn mark_called_back(&self, code: &str, actor: &str, detail: Option<&str>) -> StorageResult<ClaimOutcome> {
        let mut tx = self.tx().await?;
        if let Some(refused) = self.must_hold(&mut tx, code, actor, false).await? {
            return Ok(refused);
        }
        let at = now_ms();
        sqlx::query(
            "UPDATE tickets SET status = 'called_back', updated_at = $1,
             first_response_at = COALESCE(first_response_at, $1) WHERE code = $2",
        )
        .bind(at)
        .bind(code)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, code, actor, "called_back", detail).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Done)
    }

    /// Close a ticket: its holder, or an admin (`override_holder`).
    pub async fn resolve_ticket(
        &self,
        code: &str,
        actor: &str,
        override_holder: bool,
        webhook: bool,
    ) -> StorageResult<ClaimOutcome> {
        let mut tx = self.tx().await?;
        if let Some(refused) = self.must_hold(&mut tx, code, actor, override_holder).await? {
            return Ok(refused);
        }
        let at = now_ms();
        sqlx::query("UPDATE tickets SET status = 'resolved', updated_at = $1, resolved_at = $1 WHERE code = $2")
            .bind(at)
            .bind(code)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, code, actor, "resolve", None).await?;
        if webhook {
            enqueue_webhook(&mut tx, "ticket.resolved", code, "resolved").await?;
        }
        tx.commit().await?;
        Ok(ClaimOutcome::Done)
    }

    /// Open a resolved ticket again; the officer reopening it holds it.
    pub async fn reopen_ticket(&self, code: &str, actor: &str, reason: Option<&str>) -> StorageResult<ClaimOutcome> {
        let mut tx = self.tx().await?;
        let res = sqlx::query(
            "UPDATE tickets SET status = 'claimed', claimed_by = $1, resolved_at = NULL, updated_at = $2
             WHERE code = $3 AND status = 'resolved'",
        )
        .bind(actor)
        .bind(now_ms())
        .bind(code)
        .execute(&mut *tx)
        .await?;
        if res.rows_affected() == 0 {
            return Ok(match holder(&mut tx, code).await? {
                None => ClaimOutcome::NotFound,
                Some((_, status)) => ClaimOutcome::WrongState(status),
            });
        }
        audit(&mut tx, code, actor, "reopen", reason).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Done)
    }

    /// An internal note, seen by staff only; any officer may add one.
    pub async fn add_note(&self, code: &str, actor: &str, text: &str) -> StorageResult<ClaimOutcome> {
        let mut tx = self.tx().await?;
        if holder(&mut tx, code).await?.is_none() {
            return Ok(ClaimOutcome::NotFound);
        }
        sqlx::query("UPDATE tickets SET updated_at = $1 WHERE code = $2")
            .bind(now_ms())
            .bind(code)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, code, actor, "note", Some(text)).await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Done)
    }

    /// `None` when `actor` may change the ticket (holds it, or overrides); else why not.
    async fn must_hold(
        &self,
        tx: &mut Tx<'_>,
        code: &str,
        actor: &str,
        override_holder: bool,
    ) -> StorageResult<Option<ClaimOutcome>> {
        Ok(match holder(tx, code).await? {
            None => Some(ClaimOutcome::NotFound),
            Some((_, status)) if status == "resolved" => Some(ClaimOutcome::WrongState(status)),
            Some((Some(h), _)) if h == actor || override_holder => None,
            Some((None, _)) if override_holder => None,
            Some((h, _)) => Some(ClaimOutcome::TakenBy(h.unwrap_or_default())),
        })
    }

    /// The audit trail of a ticket: (time, actor, action).
    pub async fn audit_trail(&self, code: &str) -> StorageResult<Vec<(i64, String, String)>> {
        Ok(sqlx::query_as("SELECT at, actor, action FROM audit WHERE ticket = $1 ORDER BY seq")
            .bind(code)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Webhook deliveries due now, oldest first.
    pub async fn outbox_due(&self, limit: i64) -> StorageResult<Vec<OutboxItem>> {
        let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT id, payload, attempts, next_at FROM webhook_outbox
             WHERE delivered_at IS NULL AND next_at <= $1 ORDER BY next_at LIMIT $2",
        )
        .bind(now_ms())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, payload, attempts, next_at)| OutboxItem { id, payload, attempts, next_at })
            .collect())
    }

    /// Take a delivery for `lease_ms` so no other replica sends it at the same time; `false` when
    /// another one took it first.
    pub async fn outbox_lease(&self, item: &OutboxItem, lease_ms: i64) -> StorageResult<bool> {
        let res = sqlx::query(
            "UPDATE webhook_outbox SET next_at = $1 WHERE id = $2 AND next_at = $3 AND delivered_at IS NULL",
        )
        .bind(now_ms() + lease_ms)
        .bind(item.id)
        .bind(item.next_at)
        .execute(&self.pool)
        .await?;
        Ok(res.rows_affected() == 1)
    }

    /// Record the result of a delivery attempt: delivered, or try again at `retry_at` (`None`:
    /// give up).
    pub async fn outbox_result(
        &self,
        id: i64,
        delivered: bool,
        retry_at: Option<i64>,
        error: Option<&str>,
    ) -> StorageResult<()> {
        let now = now_ms();
        sqlx::query(
            "UPDATE webhook_outbox SET attempts = attempts + 1, last_error = $1,
             delivered_at = CASE WHEN $2 = 1 THEN $3 ELSE NULL END,
             next_at = $4 WHERE id = $5",
        )
        .bind(error)
        .bind(i64::from(delivered))
        .bind(now)
        // given up: parked far in the future, kept for the operator to see
        .bind(retry_at.unwrap_or(i64::MAX / 2))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deliveries not yet made (waiting or given up), for metrics.
    pub async fn outbox_pending(&self) -> StorageResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}
