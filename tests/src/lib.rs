//! Helpers of the black-box tests: the real router over the shipped content, called without a socket.

use std::path::PathBuf;
use std::sync::OnceLock;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dvc_backend::{AppState, Settings, app, catalog};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// The router over the default content in `data/`, built once per test binary.
pub fn router() -> Router {
    static STATE: OnceLock<AppState> = OnceLock::new();
    let state = STATE.get_or_init(|| {
        let data = root().join("data");
        let var = root().join("target/test-var-http");
        let catalog = catalog::load(&data, &var).expect("default content loads and indexes");
        let synonyms = catalog::load_synonyms(&data).expect("synonyms parse");
        AppState::new(catalog, synonyms, Settings { widget_dir: root().join("dist"), hotline: "1900 0000".into() })
    });
    app(state.clone())
}

/// A response as status, content type and body text.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// GET `uri` (already percent-encoded) through the router.
pub async fn get(uri: &str) -> Reply {
    send(Request::get(uri).body(Body::empty()).expect("request")).await
}

/// POST a JSON (or any) body.
pub async fn post(uri: &str, body: impl Into<String>) -> Reply {
    let req = Request::post(uri).header("content-type", "application/json").body(Body::from(body.into()));
    send(req.expect("request")).await
}

async fn send(req: Request<Body>) -> Reply {
    let resp = router().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let bytes = resp.into_body().collect().await.expect("body").to_bytes();
    Reply { status, content_type, body: String::from_utf8_lossy(&bytes).into_owned() }
}

/// Percent-encode a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
