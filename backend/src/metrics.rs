//! Prometheus metrics in the text exposition format: requests and latency per route, search
//! latency, answer confidence, SSE clients; gauges read at scrape time (tickets by status,
//! webhook deliveries pending, content and index versions). No personal data, no free-text labels.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, d: Duration) {
        let s = d.as_secs_f64();
        for (i, le) in BUCKETS.iter().enumerate() {
            if s <= *le {
                self.counts[i] += 1;
            }
        }
        self.count += 1;
        self.sum += s;
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (i, le) in BUCKETS.iter().enumerate() {
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{le}\"}} {}", self.counts[i]);
        }
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}", self.count);
        let braces = if labels.is_empty() { String::new() } else { format!("{{{labels}}}") };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// The process's metrics; cheap to update from any request.
#[derive(Debug, Default)]
pub struct Metrics {
    /// (route, method, status) → count
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency
    latency: Mutex<BTreeMap<String, Histogram>>,
    search: Mutex<Histogram>,
    /// high, medium, low
    confidence: [AtomicU64; 3],
    sse_clients: AtomicI64,
}

/// What is read from elsewhere at scrape time.
#[derive(Debug, Default)]
pub struct Gauges {
    pub tickets_by_status: Vec<(String, i64)>,
    pub webhook_pending: i64,
    pub content_version: Option<i64>,
    pub index_version: String,
    pub documents: u64,
    pub database_up: bool,
}

impl Metrics {
    /// One finished request; `route` is the matched route pattern (never the raw path).
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let mut r = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        *r.entry((route.to_string(), method.to_string(), status)).or_default() += 1;
        drop(r);
        let mut l = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        l.entry(route.to_string()).or_default().observe(took);
    }

    pub fn search(&self, took: Duration) {
        self.search.lock().unwrap_or_else(|p| p.into_inner()).observe(took);
    }

    /// An answer of the assistant with this confidence ("high", "medium", "low").
    pub fn answer(&self, confidence: &str) {
        let i = match confidence {
            "high" => 0,
            "medium" => 1,
            _ => 2,
        };
        self.confidence[i].fetch_add(1, Ordering::Relaxed);
    }

    /// A console's live stream opened (`+1`) or closed (`-1`).
    pub fn sse(&self, delta: i64) {
        self.sse_clients.fetch_add(delta, Ordering::Relaxed);
    }

    /// Everything, in the Prometheus text format.
    pub fn render(&self, g: &Gauges) -> String {
        let mut out = String::new();
        out.push_str("# HELP dvc_http_requests_total HTTP requests by route, method and status.\n");
        out.push_str("# TYPE dvc_http_requests_total counter\n");
        for ((route, method, status), n) in self.requests.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            let _ = writeln!(
                out,
                "dvc_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str("# HELP dvc_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE dvc_http_request_duration_seconds histogram\n");
        for (route, h) in self.latency.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            h.render(&mut out, "dvc_http_request_duration_seconds", &format!("route=\"{}\"", escape(route)));
        }
        out.push_str("# HELP dvc_search_duration_seconds Time spent ranking one search.\n");
        out.push_str("# TYPE dvc_search_duration_seconds histogram\n");
        self.search.lock().unwrap_or_else(|p| p.into_inner()).render(&mut out, "dvc_search_duration_seconds", "");
        out.push_str("# HELP dvc_answers_total Assistant answers by confidence.\n");
        out.push_str("# TYPE dvc_answers_total counter\n");
        for (i, c) in ["high", "medium", "low"].iter().enumerate() {
            let _ =
                writeln!(out, "dvc_answers_total{{confidence=\"{c}\"}} {}", self.confidence[i].load(Ordering::Relaxed));
        }
        out.push_str("# HELP dvc_sse_clients Staff consoles connected to the live queue.\n");
        out.push_str("# TYPE dvc_sse_clients gauge\n");
        let _ = writeln!(out, "dvc_sse_clients {}", self.sse_clients.load(Ordering::Relaxed));
        out.push_str("# HELP dvc_tickets Hotline tickets by status.\n# TYPE dvc_tickets gauge\n");
        for (status, n) in &g.tickets_by_status {
            let _ = writeln!(out, "dvc_tickets{{status=\"{}\"}} {n}", escape(status));
        }
        out.push_str("# HELP dvc_webhook_pending Webhook deliveries not yet made.\n# TYPE dvc_webhook_pending gauge\n");
        let _ = writeln!(out, "dvc_webhook_pending {}", g.webhook_pending);
        out.push_str("# HELP dvc_content_version Content version served.\n# TYPE dvc_content_version gauge\n");
        let _ = writeln!(out, "dvc_content_version {}", g.content_version.unwrap_or(0));
        out.push_str(
            "# HELP dvc_index_info Index served (label) and its documents (value).\n# TYPE dvc_index_info gauge\n",
        );
        let _ = writeln!(out, "dvc_index_info{{index=\"{}\"}} {}", escape(&g.index_version), g.documents);
        out.push_str(
            "# HELP dvc_database_up Whether the database answered this scrape.\n# TYPE dvc_database_up gauge\n",
        );
        let _ = writeln!(out, "dvc_database_up {}", u8::from(g.database_up));
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let m = Metrics::default();
        m.request("/api/v1/search", "GET", 200, Duration::from_millis(3));
        m.request("/api/v1/search", "GET", 200, Duration::from_millis(30));
        m.search(Duration::from_micros(400));
        m.answer("high");
        m.answer("low");
        m.sse(1);
        let g = Gauges {
            tickets_by_status: vec![("new".into(), 2)],
            content_version: Some(3),
            index_version: "abc".into(),
            documents: 3097,
            database_up: true,
            ..Gauges::default()
        };
        let text = m.render(&g);
        assert!(text.contains("dvc_http_requests_total{route=\"/api/v1/search\",method=\"GET\",status=\"200\"} 2"));
        assert!(text.contains("dvc_http_request_duration_seconds_bucket{route=\"/api/v1/search\",le=\"0.005\"} 1"));
        assert!(text.contains("dvc_http_request_duration_seconds_count{route=\"/api/v1/search\"} 2"));
        assert!(text.contains("dvc_search_duration_seconds_bucket{le=\"0.0005\"} 1"));
        assert!(text.contains("dvc_answers_total{confidence=\"low\"} 1"));
        assert!(text.contains("dvc_tickets{status=\"new\"} 2"));
        assert!(text.contains("dvc_content_version 3"));
        assert!(text.contains("dvc_sse_clients 1"));
    }
}
