//! What wraps every request: a request id, metrics, a time limit and one log line
//! (`observe`); per-address rate limits on the public API (`limit_public`); a CSRF check on the
//! cookie-authenticated staff routes (`csrf`); security headers and the content security policy
//! of the widget and console pages (`security_headers`).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// Longest a request may take (the SSE stream excepted).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The address a request came from: `X-Forwarded-For`'s first hop behind a trusted proxy, else
/// the peer.
pub fn client_ip(headers: &HeaderMap, extensions: &axum::http::Extensions, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
        .flatten()
        .and_then(|v| v.split(',').next())
        .map(|v| v.trim().to_string());
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
    forwarded.or(peer).unwrap_or_else(|| "unknown".into())
}

fn new_request_id() -> String {
    crate::storage::new_id()[..16].to_string()
}

/// Request id (kept from a trusted proxy's `X-Request-Id`), metrics by route, the time limit,
/// and the log line. Paths are logged as their route pattern, never with query strings (they
/// may hold a citizen's phone number).
pub async fn observe(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = state
        .settings
        .trust_proxy
        .then(|| req.headers().get("x-request-id").and_then(|v| v.to_str().ok()))
        .flatten()
        .filter(|v| v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_string)
        .unwrap_or_else(new_request_id);
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_string()).unwrap_or_else(|| {
        // static files: one label per area, not per file
        let p = req.uri().path();
        ["/widget/", "/console/"].into_iter().find(|a| p.starts_with(a)).unwrap_or("other").to_string()
    });
    let method = req.method().clone();
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert("x-request-id", v);
    }
    let streaming = route == "/api/v1/staff/events";
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let mut resp = {
        let fut = tracing::Instrument::instrument(next.run(req), span.clone());
        if streaming {
            fut.await
        } else {
            match tokio::time::timeout(REQUEST_TIMEOUT, fut).await {
                Ok(r) => r,
                Err(_) => ApiError::Timeout.into_response(),
            }
        }
    };
    let took = started.elapsed();
    let status = resp.status().as_u16();
    state.metrics.request(&route, method.as_str(), status, took);
    let ms = took.as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(parent: &span, status, ms, "request failed");
    } else {
        tracing::debug!(parent: &span, status, ms, "request");
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

/// The path below `/api/v1` (the API router is nested, so requests reach its layers with the
/// prefix already taken off).
fn api_path(req: &Request) -> &str {
    let p = req.uri().path();
    p.strip_prefix("/api/v1").unwrap_or(p)
}

/// Per-address limit on the public API (search, suggest, documents, chat, feedback, login);
/// off with `DVC_RATE_LIMITS=off`. Staff routes are authenticated and not counted.
pub async fn limit_public(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = api_path(&req);
    let staff = ["/staff/", "/editor/", "/admin/"].iter().any(|p| path.starts_with(p));
    if !staff && let Some(limits) = state.limiter.limits() {
        let ip = client_ip(req.headers(), req.extensions(), state.settings.trust_proxy);
        if let Err(wait) = state.limiter.check("api-ip", &ip, limits.requests_per_ip) {
            tracing::warn!(scope = "api-ip", "rate limited");
            let minutes = wait.as_secs().div_ceil(60).max(1);
            return ApiError::RateLimited { minutes, hotline: state.settings.hotline.clone() }.into_response();
        }
    }
    next.run(req).await
}

/// Cookie-authenticated routes accept changes only from the console's own pages: a request
/// another site's page makes (`Sec-Fetch-Site: cross-site`, or an `Origin` that is not this
/// host) is refused, on top of the SameSite=Strict session cookie.
pub async fn csrf(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let path = api_path(&req).to_string();
    let cookie_routes = ["/auth/", "/staff/", "/editor/", "/admin/"];
    if unsafe_method && cookie_routes.iter().any(|p| path.starts_with(p)) && cross_site(req.headers()) {
        tracing::warn!(path = %path, "cross-site request refused");
        return ApiError::CrossSite.into_response();
    }
    next.run(req).await
}

fn cross_site(h: &HeaderMap) -> bool {
    let site = h.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(site, Some("cross-site" | "same-site")) {
        return true;
    }
    let origin = h.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = h.get(header::HOST).and_then(|v| v.to_str().ok());
    match (origin, host) {
        (Some("null"), _) => true,
        (Some(o), Some(host)) => o.split_once("://").map(|(_, rest)| rest) != Some(host),
        _ => false,
    }
}

/// The content security policies of the two pages, computed once from the built HTML (Trunk's
/// inline loader script is allowed by its hash, nothing else inline).
#[derive(Debug, Clone)]
pub struct Policies {
    pub widget: HeaderValue,
    pub console: HeaderValue,
}

impl Policies {
    pub fn new(widget_dir: &std::path::Path, portal_origins: &[String]) -> Policies {
        let ancestors = if portal_origins.is_empty() { "*".to_string() } else { portal_origins.join(" ") };
        let csp = |html: std::path::PathBuf, frame_ancestors: &str| {
            let hashes: String = std::fs::read_to_string(html)
                .map(|h| inline_script_hashes(&h).into_iter().map(|x| format!(" '{x}'")).collect())
                .unwrap_or_default();
            let v = format!(
                "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                 frame-ancestors {frame_ancestors}"
            );
            HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
        };
        Policies {
            widget: csp(widget_dir.join("index.html"), &ancestors),
            console: csp(widget_dir.join("console/index.html"), "'none'"),
        }
    }
}

/// `sha256-…` of each inline `<script>` of a page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&rest.as_bytes()[body_start..body_start + close]);
            out.push(format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &rest[body_start + close..];
    }
    out
}

/// `nosniff` and a referrer policy everywhere; the page policies on the widget and console.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    let is_html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.starts_with("text/html"));
    if is_html && path.starts_with("/widget") {
        h.insert(header::CONTENT_SECURITY_POLICY, state.policies.widget.clone());
    } else if is_html && path.starts_with("/console") {
        h.insert(header::CONTENT_SECURITY_POLICY, state.policies.console.clone());
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = "<script type=\"module\">alert(1)</script><script src=\"/a.js\"></script>";
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(inline_script_hashes(html), ["sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="]);
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("hotro.example.vn"));
        assert!(!cross_site(&h), "no Origin: a same-origin form or a tool");
        h.insert(header::ORIGIN, HeaderValue::from_static("https://hotro.example.vn"));
        assert!(!cross_site(&h));
        h.insert(header::ORIGIN, HeaderValue::from_static("https://evil.example"));
        assert!(cross_site(&h));
        let mut h2 = HeaderMap::new();
        h2.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(cross_site(&h2));
    }
}
