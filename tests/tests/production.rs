//! Production readiness (issue #7): security headers, CORS allowlist, CSRF refusal, request ids,
//! per-address limits on the public API, Prometheus metrics, refusing an insecure configuration,
//! backup and restore, and serving through a database outage.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dvc_backend::auth::Role;
use dvc_tests::{Db, TestApp, pg};
use serde_json::json;

fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut r = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn every_answer_carries_security_headers_and_a_request_id() {
    let app = TestApp::new().await;
    let r = app.send_request(request("GET", "/api/v1/search?q=cccd", &[], "")).await;
    assert_eq!(r.status, StatusCode::OK);
    let h = &r.headers;
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
    assert_eq!(h["x-request-id"].len(), 16);
    // behind the trusted proxy, its request id is kept (and a bad one replaced)
    let r = app.send_request(request("GET", "/healthz", &[("x-request-id", "nginx-abc-123")], "")).await;
    assert_eq!(r.headers["x-request-id"], "nginx-abc-123");
    let r = app.send_request(request("GET", "/healthz", &[("x-request-id", "<script>")], "")).await;
    assert_ne!(r.headers["x-request-id"], "<script>");
}

#[tokio::test]
async fn only_the_configured_portals_may_call_the_public_api_cross_origin() {
    let app = TestApp::new().await;
    let preflight = |origin: &'static str| {
        request(
            "OPTIONS",
            "/api/v1/chat",
            &[
                ("origin", origin),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
            "",
        )
    };
    let ok = app.send_request(preflight("https://cong.example.gov.vn")).await;
    assert_eq!(
        ok.headers.get("access-control-allow-origin").map(|v| v.to_str().unwrap()),
        Some("https://cong.example.gov.vn")
    );
    let other = app.send_request(preflight("https://evil.example")).await;
    assert!(other.headers.get("access-control-allow-origin").is_none(), "{:?}", other.headers);
    let staff = app
        .send_request(request(
            "OPTIONS",
            "/api/v1/staff/tickets",
            &[("origin", "https://cong.example.gov.vn"), ("access-control-request-method", "GET")],
            "",
        ))
        .await;
    assert!(staff.headers.get("access-control-allow-origin").is_none(), "the console's API is same-origin only");
}

#[tokio::test]
async fn cookie_routes_refuse_requests_made_by_other_sites() {
    let app = TestApp::new().await;
    app.add_user("an", "mật khẩu của An 2026", Role::Admin).await;
    let login = json!({"username": "an", "password": "mật khẩu của An 2026"}).to_string();
    let forged = app
        .send_request(request(
            "POST",
            "/api/v1/auth/login",
            &[("origin", "https://evil.example"), ("host", "hotro.example.vn"), ("content-type", "application/json")],
            &login,
        ))
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.json()["error"]["code"], "cross_site");
    let r = app.post("/api/v1/auth/login", login.clone()).await;
    let cookie = r.set_cookie.unwrap().split(';').next().unwrap().to_string();
    let body = json!({"username": "binh", "password": "mật khẩu của Bình 2026", "role": "staff"}).to_string();
    let cross = app
        .send_request(request(
            "POST",
            "/api/v1/admin/users",
            &[("cookie", &cookie), ("sec-fetch-site", "cross-site"), ("content-type", "application/json")],
            &body,
        ))
        .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN, "{}", cross.body);
    let same = app
        .send_request(request(
            "POST",
            "/api/v1/admin/users",
            &[
                ("cookie", &cookie),
                ("sec-fetch-site", "same-origin"),
                ("origin", "http://hotro.example.vn"),
                ("host", "hotro.example.vn"),
                ("content-type", "application/json"),
            ],
            &body,
        ))
        .await;
    assert_eq!(same.status, StatusCode::CREATED, "{}", same.body);
}

#[tokio::test]
async fn the_public_api_is_limited_per_address_but_staff_routes_are_not() {
    use dvc_backend::ratelimit::{Limit, RateLimits};
    let minute = std::time::Duration::from_secs(60);
    let limits = RateLimits { requests_per_ip: Limit { max: 3, window: minute }, ..RateLimits::default() };
    let app = TestApp::with_limits(Some(limits)).await;
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    for _ in 0..3 {
        assert_eq!(app.get_with("/api/v1/suggest?q=can", &from("203.0.113.7")).await.status, StatusCode::OK);
    }
    let limited = app.get_with("/api/v1/search?q=can%20cuoc", &from("203.0.113.7")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.json()["error"]["message"].as_str().unwrap().contains("1900 0000"));
    assert_eq!(app.get_with("/api/v1/search?q=can%20cuoc", &from("203.0.113.8")).await.status, StatusCode::OK);
    for _ in 0..5 {
        let r = app.get_with("/api/v1/staff/tickets", &from("203.0.113.7")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "authenticated routes answer on their own terms");
    }
}

#[tokio::test]
async fn prometheus_metrics_count_routes_answers_and_tickets() {
    let app = TestApp::new().await;
    app.get("/api/v1/search?q=h%E1%BB%99%20chi%E1%BA%BFu").await;
    app.post("/api/v1/chat", json!({"message": "lệ phí hộ chiếu"}).to_string()).await;
    let t = json!({"name": "Lý Thị F", "phone": "0912345678", "question": "Hỏi", "consent": true});
    app.post("/api/v1/tickets", t.to_string()).await;
    let m = app.get("/metrics").await;
    assert!(m.content_type.starts_with("text/plain"));
    for needle in [
        "dvc_http_requests_total{route=\"/api/v1/search\",method=\"GET\",status=\"200\"} 1",
        "dvc_http_request_duration_seconds_count{route=\"/api/v1/chat\"} 1",
        "dvc_search_duration_seconds_count 1",
        "dvc_tickets{status=\"new\"} 1",
        "dvc_database_up 1",
        "dvc_sse_clients 0",
    ] {
        assert!(m.body.contains(needle), "{needle} missing:\n{}", m.body);
    }
    assert!(m.body.contains("dvc_answers_total{confidence="), "{}", m.body);
    assert!(!m.body.contains("0912345678") && !m.body.contains("Lý"), "no personal data in metrics");
}

#[tokio::test]
async fn an_insecure_production_configuration_is_refused() {
    use clap::Parser;
    use dvc_backend::config::{Cli, Command};
    let parse = |extra: &[&str]| {
        let mut args = vec!["dvc-assistant", "serve", "--production", "--data-dir", "/nonexistent/never-created"];
        args.extend_from_slice(extra);
        match Cli::try_parse_from(args).unwrap().command {
            Command::Serve(cfg) => cfg,
            _ => unreachable!(),
        }
    };
    let cases: [(&[&str], &str); 4] = [
        (&[], "DVC_PORTAL_ORIGINS"),
        (&["--portal-origins", "http://cong.example.gov.vn"], "DVC_PORTAL_ORIGINS"),
        (&["--portal-origins", "https://cong.example.gov.vn"], "DVC_TRUST_PROXY"),
        (&["--portal-origins", "https://cong.example.gov.vn", "--trust-proxy", "--rate-limits", "off"], "rate limits"),
    ];
    for (extra, expected) in cases {
        let err = dvc_backend::run(parse(extra)).await.expect_err("refused");
        assert!(err.to_string().contains(expected), "{extra:?}: {err}");
    }
}

#[tokio::test]
async fn a_backup_restores_every_ticket() {
    let app = TestApp::with_content(Db::Sqlite).await;
    let mut codes = vec![];
    for i in 0..20 {
        let t = json!({"name": format!("Người {i}"), "phone": "0912345678", "question": format!("Hỏi {i}"), "consent": true});
        codes.push(app.post("/api/v1/tickets", t.to_string()).await.json()["code"].as_str().unwrap().to_string());
    }
    let base = std::env::temp_dir().join(format!("dvc-backup-{}", dvc_backend::storage::new_id()));
    let file = base.join("backup.sqlite3");
    std::fs::create_dir_all(&base).unwrap();
    // the live database, online
    let live_dir = app.store_dir();
    dvc_backend::cli::backup(&file, &live_dir).await.unwrap();
    let restored = base.join("restored");
    dvc_backend::cli::restore(&file, &restored).await.unwrap();
    let store =
        dvc_backend::storage::Store::open_sqlite(&restored.join("dvc.sqlite3"), Default::default()).await.unwrap();
    for code in &codes {
        assert!(store.ticket(code).await.unwrap().is_some(), "{code} restored");
    }
    assert_eq!(store.content_head().await.unwrap(), Some(1), "the content versions too");
    let _ = std::fs::remove_dir_all(base);
}

/// The database goes away: searches and chats keep answering, a new ticket gets a 503 in
/// Vietnamese with the hotline number (never a silent loss), and when the database is back the
/// server reconnects by itself.
#[tokio::test]
async fn searches_and_chats_survive_a_database_outage_and_tickets_say_so() {
    let app = TestApp::with_content(Db::Postgres).await;
    let db = app.database_name().unwrap();
    let cluster = tokio::task::spawn_blocking(pg::cluster).await.unwrap();
    let ticket = json!({"name": "Đỗ Văn G", "phone": "0912345678", "question": "Hỏi trong lúc sự cố", "consent": true})
        .to_string();
    let outage = format!("ALTER DATABASE {db} ALLOW_CONNECTIONS false");
    let kill = format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}'");
    tokio::task::spawn_blocking(move || {
        cluster.sql(&outage);
        cluster.sql(&kill);
    })
    .await
    .unwrap();
    assert_eq!(app.get("/api/v1/search?q=ho%20chieu").await.status, StatusCode::OK);
    let chat = app.post("/api/v1/chat", json!({"message": "lệ phí hộ chiếu"}).to_string()).await;
    assert_eq!(chat.status, StatusCode::OK, "{}", chat.body);
    assert!(chat.json()["reply"]["text"].is_string());
    let t = app.post("/api/v1/tickets", ticket.clone()).await;
    assert_eq!(t.status, StatusCode::SERVICE_UNAVAILABLE, "{}", t.body);
    assert!(t.json()["error"]["message"].as_str().unwrap().contains("1900 0000"), "{}", t.body);
    assert_eq!(app.get("/readyz").await.status, StatusCode::SERVICE_UNAVAILABLE);

    let back = format!("ALTER DATABASE {db} ALLOW_CONNECTIONS true");
    tokio::task::spawn_blocking(move || cluster.sql(&back)).await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let t = app.post("/api/v1/tickets", ticket.clone()).await;
        if t.status == StatusCode::CREATED {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no reconnect: {}", t.body);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
}
