//! Fixed-window rate limits per client address and per phone number, so spam cannot flood the
//! hotline. Limits are configuration; `DVC_RATE_LIMITS=off` switches them off (load tests).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One limit: at most `max` events per `window`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

/// The configured limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    pub tickets_per_ip: Limit,
    pub tickets_per_phone: Limit,
    pub lookups_per_ip: Limit,
    /// Public API requests (search, suggest, documents, chat, feedback, login) per address.
    pub requests_per_ip: Limit,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            tickets_per_ip: Limit { max: 10, window: Duration::from_secs(3600) },
            tickets_per_phone: Limit { max: 5, window: Duration::from_secs(24 * 3600) },
            lookups_per_ip: Limit { max: 60, window: Duration::from_secs(60) },
            requests_per_ip: Limit { max: 300, window: Duration::from_secs(60) },
        }
    }
}

/// Start of the current window and events counted in it.
type Window = (Instant, u32);

/// Counters; `None` limits mean rate limiting is off.
#[derive(Debug, Default)]
pub struct RateLimiter {
    limits: Option<RateLimits>,
    windows: Mutex<HashMap<(&'static str, String), Window>>,
}

impl RateLimiter {
    pub fn new(limits: Option<RateLimits>) -> Self {
        RateLimiter { limits, windows: Mutex::new(HashMap::new()) }
    }

    pub fn limits(&self) -> Option<RateLimits> {
        self.limits
    }

    /// Count one event; `Err(retry_after)` when the limit is reached (the event is not counted).
    pub fn check(&self, scope: &'static str, key: &str, limit: Limit) -> Result<(), Duration> {
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(24 * 3600));
        }
        let entry = w.entry((scope, key.to_string())).or_insert((now, 0));
        if now.duration_since(entry.0) >= limit.window {
            *entry = (now, 0);
        }
        if entry.1 >= limit.max {
            return Err(limit.window.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_within_the_window() {
        let r = RateLimiter::new(Some(RateLimits::default()));
        let l = Limit { max: 2, window: Duration::from_secs(60) };
        assert!(r.check("t", "a", l).is_ok());
        assert!(r.check("t", "a", l).is_ok());
        let wait = r.check("t", "a", l).unwrap_err();
        assert!(wait <= Duration::from_secs(60) && wait > Duration::from_secs(50));
        assert!(r.check("t", "b", l).is_ok(), "another client is not affected");
        assert!(r.check("u", "a", l).is_ok(), "another scope is not affected");
    }
}
