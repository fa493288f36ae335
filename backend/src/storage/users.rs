//! Staff accounts and sessions. Only password hashes (argon2id) and session-token hashes are
//! stored.

use std::time::Duration;

use super::{StorageResult, Store};
use crate::auth::Role as StaffRole;
use crate::clock::now_ms;

/// An account as the admins' account list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub username: String,
    pub role: StaffRole,
    pub created_at: i64,
    pub disabled: bool,
    pub locked_until: i64,
}

impl Store {
    pub async fn add_user(&self, username: &str, password_hash: &str, role: StaffRole) -> StorageResult<bool> {
        let res = sqlx::query("INSERT INTO users (username, password_hash, role, created_at) VALUES ($1, $2, $3, $4)")
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
        let row: Option<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, password_hash, role, locked_until FROM users WHERE username = $1 AND disabled = 0",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(id, hash, role, locked)| StaffRole::parse(&role).map(|r| (id, hash, r, locked))))
    }

    /// Count a failed login; after `max` failures in a row the account is locked for `lock`.
    pub async fn login_failed(&self, user_id: i64, max: i64, lock: Duration) -> StorageResult<()> {
        sqlx::query(
            "UPDATE users SET locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END,
             failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END
             WHERE id = $4",
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
        let mut tx = self.tx().await?;
        sqlx::query("UPDATE users SET failed_logins = 0 WHERE id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)")
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
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
        )
        .bind(token_hash)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(name, role)| StaffRole::parse(&role).map(|r| (name, r))))
    }

    pub async fn delete_session(&self, token_hash: &str) -> StorageResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(&self.pool).await?;
        Ok(())
    }

    /// Every account, by username.
    pub async fn list_users(&self) -> StorageResult<Vec<UserRow>> {
        let rows: Vec<(String, String, i64, i64, i64)> =
            sqlx::query_as("SELECT username, role, created_at, disabled, locked_until FROM users ORDER BY username")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(username, role, created_at, disabled, locked_until)| {
                Some(UserRow {
                    username,
                    role: StaffRole::parse(&role)?,
                    created_at,
                    disabled: disabled != 0,
                    locked_until,
                })
            })
            .collect())
    }

    /// Change an account: role, disabled (its sessions end), new password hash (its sessions end,
    /// lockout cleared). `false` when there is no such account.
    pub async fn update_user(
        &self,
        username: &str,
        role: Option<StaffRole>,
        disabled: Option<bool>,
        password_hash: Option<&str>,
    ) -> StorageResult<bool> {
        let mut tx = self.tx().await?;
        let res = sqlx::query(
            "UPDATE users SET role = COALESCE($1, role), disabled = COALESCE($2, disabled),
             password_hash = COALESCE($3, password_hash),
             failed_logins = CASE WHEN $3 IS NULL THEN failed_logins ELSE 0 END,
             locked_until = CASE WHEN $3 IS NULL THEN locked_until ELSE 0 END
             WHERE username = $4",
        )
        .bind(role.map(StaffRole::as_str))
        .bind(disabled.map(i64::from))
        .bind(password_hash)
        .bind(username)
        .execute(&mut *tx)
        .await?;
        if res.rows_affected() == 0 {
            return Ok(false);
        }
        if disabled == Some(true) || password_hash.is_some() || role.is_some() {
            sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)")
                .bind(username)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// How many active admins there are (the last one cannot be disabled or demoted).
    pub async fn active_admins(&self) -> StorageResult<i64> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
            .fetch_one(&self.pool)
            .await?;
        Ok(n)
    }
}
