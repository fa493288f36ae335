//! Helpers of the black-box tests: the real router over the shipped content, called without a
//! socket, on SQLite or on a throwaway PostgreSQL.

pub mod pg;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use dvc_backend::auth::{self, Role};
use dvc_backend::catalog::Catalog;
use dvc_backend::ratelimit::RateLimits;
use dvc_backend::storage::{self, Limits, Store};
use dvc_backend::{AppState, Settings, app, catalog};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

/// The catalog of the default content in `data/`, built once per test binary.
fn catalog() -> Arc<Catalog> {
    static CATALOG: OnceLock<Arc<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| {
            let var = root().join("target/test-var-http");
            Arc::new(catalog::load(&root().join("data"), &var).expect("default content loads and indexes"))
        })
        .clone()
}

/// Which database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

impl Db {
    /// The engine of the HTTP suites: SQLite, or PostgreSQL with `DVC_TEST_DATABASE=postgres`
    /// (`cargo xtask test` runs them on both).
    pub fn from_env() -> Db {
        match std::env::var("DVC_TEST_DATABASE").as_deref() {
            Ok("postgres" | "postgresql") => Db::Postgres,
            _ => Db::Sqlite,
        }
    }

    /// A fresh, empty store: a SQLite file in `dir`, or a new database in the test cluster.
    pub async fn open(self, dir: &std::path::Path) -> Store {
        self.open_with_url(dir).await.0
    }

    /// As `open`, with the PostgreSQL URL.
    pub async fn open_with_url(self, dir: &std::path::Path) -> (Store, Option<String>) {
        match self {
            Db::Sqlite => {
                (Store::open_sqlite(&dir.join("dvc.sqlite3"), Limits::default()).await.expect("SQLite opens"), None)
            }
            Db::Postgres => {
                let url = tokio::task::spawn_blocking(|| pg::cluster().new_database()).await.expect("cluster");
                (Store::open_postgres(&url, Limits::default()).await.expect("PostgreSQL opens"), Some(url))
            }
        }
    }
}

/// The real router over the shipped content with a fresh database: one per test (a database
/// pool belongs to the test's runtime).
#[derive(Debug)]
pub struct TestApp {
    router: Router,
    store: Store,
    state: AppState,
    dir: PathBuf,
    /// The PostgreSQL database, when on PostgreSQL.
    url: Option<String>,
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_limits(None).await
    }

    /// An app with rate limits (`None`: off, as in the other tests).
    pub async fn with_limits(rate_limits: Option<RateLimits>) -> TestApp {
        let dir = std::env::temp_dir().join(format!("dvc-http-test-{}", storage::new_id()));
        let (store, url) = Db::from_env().open_with_url(&dir).await;
        Self::build(store, url, dir, rate_limits, root().join("target/test-var-http"))
    }

    /// An app whose database holds the default content as version 1 (as a server's does after
    /// its first start), for the editors' tests; new versions are indexed in its own directory.
    pub async fn with_content(db: Db) -> TestApp {
        let dir = std::env::temp_dir().join(format!("dvc-editor-test-{}", storage::new_id()));
        let (store, url) = db.open_with_url(&dir).await;
        dvc_backend::content_sync::seed(&store, &root().join("data")).await.expect("content seeds");
        let data_dir = dir.join("var");
        Self::build(store, url, dir, None, data_dir)
    }

    /// A second replica on the same PostgreSQL database (its own catalog and index directory).
    pub async fn replica(&self) -> TestApp {
        let url = self.url.clone().expect("replicas share a PostgreSQL database");
        let store = Store::open_postgres(&url, Limits::default()).await.expect("PostgreSQL opens");
        let dir = std::env::temp_dir().join(format!("dvc-replica-test-{}", storage::new_id()));
        let data_dir = dir.join("var");
        Self::build(store, Some(url), dir, None, data_dir)
    }

    fn build(
        store: Store,
        url: Option<String>,
        dir: PathBuf,
        rate_limits: Option<RateLimits>,
        data_dir: PathBuf,
    ) -> TestApp {
        let synonyms = catalog::load_synonyms(&root().join("data")).expect("synonyms parse");
        let settings = Settings {
            widget_dir: root().join("dist"),
            data_dir,
            hotline: "1900 0000".into(),
            ticket_prefix: "TN".into(),
            response_hours: 2,
            sla_calendar: dvc_backend::sla::Calendar::AllHours,
            webhook: false,
            rate_limits,
            trust_proxy: true,
            portal_origins: vec!["https://cong.example.gov.vn".into()],
            secure_cookies: false,
        };
        let state = AppState::new(catalog(), synonyms, settings, store.clone());
        TestApp { router: app(state.clone()), store, state, dir, url }
    }

    /// The data dir of a SQLite test app (where `dvc.sqlite3` is).
    pub fn store_dir(&self) -> PathBuf {
        self.dir.clone()
    }

    /// The PostgreSQL database's name, when on PostgreSQL.
    pub fn database_name(&self) -> Option<String> {
        self.url.as_ref().and_then(|u| u.rsplit('/').next()).map(str::to_string)
    }

    /// The shared state (to run the server's background tasks, e.g. the content watcher).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The app's database.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Create a staff account.
    pub async fn add_user(&self, username: &str, password: &str, role: Role) {
        assert!(self.store.add_user(username, &auth::hash_password(password), role).await.expect("database"));
    }

    /// GET with extra headers (e.g. a session cookie).
    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// GET a streaming response (Server-Sent Events) and keep its body open.
    pub async fn stream(&self, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, Body) {
        let mut req = Request::get(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = self.router.clone().oneshot(req.body(Body::empty()).expect("request")).await.expect("infallible");
        (resp.status(), resp.into_body())
    }

    /// GET `uri` (already percent-encoded).
    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).expect("request")).await
    }

    /// POST a JSON (or any) body.
    pub async fn post(&self, uri: &str, body: impl Into<String>) -> Reply {
        let req = Request::post(uri).header("content-type", "application/json").body(Body::from(body.into()));
        self.send(req.expect("request")).await
    }

    /// POST a JSON body with extra headers.
    pub async fn post_with(&self, uri: &str, headers: &[(&str, &str)], body: impl Into<String>) -> Reply {
        let mut req = Request::post(uri).header("content-type", "application/json");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(body.into())).expect("request")).await
    }

    /// Send any request.
    pub async fn send_request(&self, req: Request<Body>) -> Reply {
        self.send(req).await
    }

    async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.router.clone().oneshot(req).await.expect("infallible");
        let status = resp.status();
        let content_type =
            resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let set_cookie = resp.headers().get("set-cookie").and_then(|v| v.to_str().ok()).map(str::to_string);
        let headers = resp.headers().clone();
        let bytes = resp.into_body().collect().await.expect("body").to_bytes();
        Reply { status, headers, content_type, set_cookie, body: String::from_utf8_lossy(&bytes).into_owned() }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A response as status, content type, the Set-Cookie header and body text.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub content_type: String,
    pub set_cookie: Option<String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
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
