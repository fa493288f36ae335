//! Conversations (dialogue state and the kept turns) and the anonymised answers editors learn from.

use dvc_api::{Reply, Role, Turn, Vote};

use super::{StorageResult, Store, new_id};
use crate::assistant::DialogueState;
use crate::clock::now_ms;

/// A stored answer: time, question, confidence, card id, vote.
type AnswerRow = (i64, String, String, Option<String>, Option<String>);

/// A stored turn: id, role, text, reply JSON, time, feedback.
type TurnRow = (i64, String, String, Option<String>, i64, Option<String>);

/// One answer as the editors' analytics see it: no personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    pub at: i64,
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
    /// The conversation `id` if it is kept and recent, else a new one: (id, its dialogue state).
    pub async fn open_conversation(&self, id: Option<&str>) -> StorageResult<(String, DialogueState)> {
        if let Some(id) = id {
            let row: Option<(String,)> =
                sqlx::query_as("SELECT state FROM conversations WHERE id = $1 AND last_active > $2")
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
        sqlx::query(
            "INSERT INTO conversations (id, state, next_turn, created_at, last_active) VALUES ($1, $2, 0, $3, $4)",
        )
        .bind(&id)
        .bind(serde_json::to_string(&state)?)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok((id, state))
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
        let mut tx = self.tx().await?;
        let (next,): (i64,) =
            sqlx::query_as("SELECT next_turn FROM conversations WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        let at = now_ms();
        let reply_json = serde_json::to_string(reply)?;
        for (turn, role, text, reply) in [
            (next, Role::Citizen, message, None),
            (next + 1, Role::Assistant, reply.text.as_str(), Some(reply_json.as_str())),
        ] {
            sqlx::query("INSERT INTO turns (conversation, id, role, text, reply, at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id)
                .bind(turn)
                .bind(role_str(role))
                .bind(text)
                .bind(reply)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM turns WHERE conversation = $1 AND id < $2")
            .bind(id)
            .bind(next + 2 - i64::from(self.limits.max_turns))
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE conversations SET state = $1, next_turn = $2, last_active = $3 WHERE id = $4")
            .bind(serde_json::to_string(state)?)
            .bind(next + 2)
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let confidence = serde_json::to_value(reply.confidence)?.as_str().unwrap_or_default().to_string();
        sqlx::query(
            "INSERT INTO answers (conversation, turn, at, question, confidence, card_id) VALUES ($1, $2, $3, $4, $5, $6)",
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
        let mut tx = self.tx().await?;
        let updated =
            sqlx::query("UPDATE turns SET feedback = $1 WHERE conversation = $2 AND id = $3 AND role = 'assistant'")
                .bind(vote_str(vote))
                .bind(id)
                .bind(i64::from(turn))
                .execute(&mut *tx)
                .await?;
        if updated.rows_affected() == 0 {
            return Ok(None);
        }
        sqlx::query("UPDATE answers SET vote = $1 WHERE conversation = $2 AND turn = $3")
            .bind(vote_str(vote))
            .bind(id)
            .bind(i64::from(turn))
            .execute(&mut *tx)
            .await?;
        let (state,): (String,) =
            sqlx::query_as("SELECT state FROM conversations WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(serde_json::from_str(&state)?))
    }

    /// Replace the dialogue state (after a reaction that is not an exchange).
    pub async fn set_state(&self, id: &str, state: &DialogueState) -> StorageResult<()> {
        sqlx::query("UPDATE conversations SET state = $1, last_active = $2 WHERE id = $3")
            .bind(serde_json::to_string(state)?)
            .bind(now_ms())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The kept turns of a recent conversation.
    pub async fn transcript(&self, id: &str) -> StorageResult<Option<Vec<Turn>>> {
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT CAST(1 AS BIGINT) FROM conversations WHERE id = $1 AND last_active > $2")
                .bind(id)
                .bind(self.oldest_kept())
                .fetch_optional(&self.pool)
                .await?;
        if exists.is_none() {
            return Ok(None);
        }
        let rows: Vec<TurnRow> =
            sqlx::query_as("SELECT id, role, text, reply, at, feedback FROM turns WHERE conversation = $1 ORDER BY id")
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
        let old = sqlx::query("DELETE FROM conversations WHERE last_active <= $1")
            .bind(self.oldest_kept())
            .execute(&self.pool)
            .await?
            .rows_affected();
        let over = sqlx::query(
            "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations ORDER BY last_active DESC LIMIT 9223372036854775807 OFFSET $1)",
        )
        .bind(self.limits.max_conversations)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(old + over)
    }

    /// Answers recorded since `since_ms` (newest first), for the editors' analytics.
    pub async fn answers_since(&self, since_ms: i64) -> StorageResult<Vec<AnswerRecord>> {
        let rows: Vec<AnswerRow> = sqlx::query_as(
            "SELECT at, question, confidence, card_id, vote FROM answers WHERE at >= $1 ORDER BY at DESC, turn DESC",
        )
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, question, confidence, card_id, vote)| AnswerRecord { at, question, confidence, card_id, vote })
            .collect())
    }

    pub async fn conversation_count(&self) -> StorageResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM conversations").fetch_one(&self.pool).await?;
        Ok(n)
    }
}

impl Store {
    /// The id of the document a kept conversation is about, if any.
    pub async fn conversation_topic(&self, id: &str) -> StorageResult<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT state FROM conversations WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
        Ok(match row {
            Some((state,)) => serde_json::from_str::<DialogueState>(&state)?.topic,
            None => None,
        })
    }
}
