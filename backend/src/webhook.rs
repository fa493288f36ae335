//! Notifications for systems outside: each ticket created or resolved is POSTed as JSON to the
//! configured URL with an HMAC-SHA256 signature. Deliveries wait in the database's outbox
//! (written with the change itself), so they survive restarts, never block the citizen, and are
//! retried with exponential backoff; with several replicas each delivery is leased by one.
//!
//! Receivers check `X-DVC-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
//! with `X-DVC-Timestamp` (Unix seconds) and drop duplicates by `X-DVC-Delivery`.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::clock::now_ms;
use crate::storage::{OutboxItem, Store};

/// Where and how to deliver.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub url: String,
    pub secret: String,
}

/// Attempts before a delivery is given up (about 9 hours of retries).
pub const MAX_ATTEMPTS: i64 = 12;
const FIRST_RETRY: Duration = Duration::from_secs(2);
const MAX_RETRY: Duration = Duration::from_secs(3600);
const POLL: Duration = Duration::from_millis(500);
const TIMEOUT: Duration = Duration::from_secs(10);

/// The signature header's value for `body` sent at `timestamp` (Unix seconds).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{timestamp}.{body}").as_bytes());
    let bytes = mac.finalize().into_bytes();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Wait before attempt `attempts + 1`: 2 s, 4 s, 8 s… capped at an hour.
pub fn backoff(attempts: i64) -> Duration {
    let exp = attempts.clamp(0, 20) as u32;
    FIRST_RETRY.saturating_mul(2u32.saturating_pow(exp)).min(MAX_RETRY)
}

/// Deliver the outbox for as long as the server runs.
pub async fn run(store: Store, config: WebhookConfig) {
    let client = match reqwest::Client::builder().timeout(TIMEOUT).build() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client cannot start; notifications stay in the outbox");
            return;
        }
    };
    loop {
        match store.outbox_due(32).await {
            Ok(items) => {
                for item in items {
                    deliver(&store, &client, &config, item).await;
                }
            }
            Err(e) => tracing::warn!(error = %e, "webhook outbox unreadable; retrying"),
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn deliver(store: &Store, client: &reqwest::Client, config: &WebhookConfig, item: OutboxItem) {
    let lease = (TIMEOUT.as_millis() as i64) * 3;
    match store.outbox_lease(&item, lease).await {
        Ok(true) => {}
        Ok(false) => return, // another replica has it
        Err(e) => {
            tracing::warn!(error = %e, "webhook lease failed");
            return;
        }
    }
    let timestamp = now_ms() / 1000;
    let sent = client
        .post(&config.url)
        .header("content-type", "application/json")
        .header("x-dvc-timestamp", timestamp.to_string())
        .header("x-dvc-delivery", item.id.to_string())
        .header("x-dvc-signature", signature(&config.secret, timestamp, &item.payload))
        .body(item.payload.clone())
        .send()
        .await;
    let error = match sent {
        Ok(r) if r.status().is_success() => None,
        Ok(r) => Some(format!("HTTP {}", r.status().as_u16())),
        Err(e) => Some(describe(e)),
    };
    let attempts = item.attempts + 1;
    let result = match &error {
        None => store.outbox_result(item.id, true, None, None).await,
        Some(err) => {
            let retry = (attempts < MAX_ATTEMPTS).then(|| now_ms() + backoff(item.attempts).as_millis() as i64);
            if retry.is_none() {
                tracing::error!(delivery = item.id, attempts, error = %err, "webhook delivery given up");
            } else {
                tracing::warn!(delivery = item.id, attempts, error = %err, "webhook delivery failed; will retry");
            }
            store.outbox_result(item.id, false, retry, Some(err)).await
        }
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "webhook result not recorded; it may be sent again");
    }
}

/// A transport error without the URL (it may carry credentials), kept short.
fn describe(e: reqwest::Error) -> String {
    let mut text = e.without_url().to_string();
    text.truncate(300);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_of_timestamp_and_body() {
        // computed independently: python3 hmac.new(key, b"<ts>.<body>", hashlib.sha256)
        assert_eq!(
            signature("bí mật", 1_795_529_109, r#"{"event":"ticket.created"}"#),
            "sha256=1a362bf43e61afa757e0dfc1fd7f80edbe75ce884ec9be43554fb11a23be527e"
        );
        assert_ne!(signature("a", 1, "x"), signature("b", 1, "x"));
        assert!(signature("a", 1, "x").starts_with("sha256=") && signature("a", 1, "x").len() == 7 + 64);
    }

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(0), Duration::from_secs(2));
        assert_eq!(backoff(3), Duration::from_secs(16));
        assert_eq!(backoff(30), Duration::from_secs(3600));
    }
}
