//! The hotline officers' API (issue #5): login, roles, the queue, claim, reply, and the reply
//! reaching the citizen.

use axum::http::StatusCode;
use dvc_backend::auth::Role;
use dvc_tests::TestApp;
use serde_json::json;

async fn login(app: &TestApp, user: &str, password: &str) -> String {
    let r = app.post("/api/v1/auth/login", json!({"username": user, "password": password}).to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = r.set_cookie.expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn an_officer_claims_and_replies_and_the_citizen_sees_the_reply() {
    let app = TestApp::new().await;
    app.add_user("an", "mật khẩu của An 2026", Role::Staff).await;
    app.add_user("binh", "mật khẩu của Bình 2026", Role::Staff).await;
    let ticket =
        json!({"name": "Nguyễn Văn An", "phone": "0912345678", "question": "Cần hỗ trợ hộ chiếu", "consent": true});
    let created = app.post("/api/v1/tickets", ticket.to_string()).await.json();
    let code = created["code"].as_str().unwrap();

    let an = login(&app, "an", "mật khẩu của An 2026").await;
    let binh = login(&app, "binh", "mật khẩu của Bình 2026").await;
    let me = app.get_with("/api/v1/auth/me", &[("cookie", &an)]).await.json();
    assert_eq!(me["role"], "staff");

    let queue = app.get_with("/api/v1/staff/tickets?status=new", &[("cookie", &an)]).await.json();
    let row = queue["tickets"].as_array().unwrap().iter().find(|t| t["code"] == code).cloned().unwrap();
    assert_eq!(row["phone"], "+8491*****78", "the queue masks phone numbers");
    assert_eq!(row["name"], "N***** V** A*");

    let claim = app.post_with(&format!("/api/v1/staff/tickets/{code}/claim"), &[("cookie", &an)], "").await;
    assert_eq!(claim.status, StatusCode::OK, "{}", claim.body);
    let again = app.post_with(&format!("/api/v1/staff/tickets/{code}/claim"), &[("cookie", &binh)], "").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["error"]["message"].as_str().unwrap().contains("an"));
    let mine = app.get_with("/api/v1/staff/tickets", &[("cookie", &an)]).await.json();
    let row = mine["tickets"].as_array().unwrap().iter().find(|t| t["code"] == code).cloned().unwrap();
    assert_eq!(row["phone"], "+84912345678", "the officer holding the ticket sees the number");

    let reply = json!({"text": "Chào anh, hồ sơ hộ chiếu cần tờ khai X01 và ảnh 4x6."}).to_string();
    let not_holder =
        app.post_with(&format!("/api/v1/staff/tickets/{code}/reply"), &[("cookie", &binh)], reply.clone()).await;
    assert_eq!(not_holder.status, StatusCode::CONFLICT);
    let ok = app.post_with(&format!("/api/v1/staff/tickets/{code}/reply"), &[("cookie", &an)], reply).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);

    let token = created["lookup_token"].as_str().unwrap();
    let seen = app.get(&format!("/api/v1/tickets/{code}?token={token}")).await.json();
    assert_eq!(seen["status"], "answered");
    assert!(seen["replies"][0]["text"].as_str().unwrap().contains("tờ khai X01"));

    let out = app.post_with("/api/v1/auth/logout", &[("cookie", &an)], "").await;
    assert!(out.set_cookie.unwrap().contains("Max-Age=0"));
    assert_eq!(app.get_with("/api/v1/auth/me", &[("cookie", &an)]).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn roles_are_enforced_and_wrong_passwords_lock_the_account() {
    let app = TestApp::new().await;
    app.add_user("chi", "biên tập viên 2026", Role::Editor).await;
    app.add_user("dung", "tổng đài viên 2026", Role::Staff).await;
    assert_eq!(app.get("/api/v1/staff/tickets").await.status, StatusCode::UNAUTHORIZED);
    let editor = login(&app, "chi", "biên tập viên 2026").await;
    let r = app.get_with("/api/v1/staff/tickets", &[("cookie", &editor)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "editors do not work the hotline queue");
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("không có quyền"));

    let wrong = json!({"username": "dung", "password": "sai"}).to_string();
    for _ in 0..5 {
        let r = app.post("/api/v1/auth/login", wrong.clone()).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("không đúng"));
    }
    let right = json!({"username": "dung", "password": "tổng đài viên 2026"}).to_string();
    let locked = app.post("/api/v1/auth/login", right).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.body);
    let unknown = app.post("/api/v1/auth/login", json!({"username": "ai", "password": "x"}).to_string()).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED, "unknown users look like wrong passwords");
}

#[tokio::test]
async fn consoles_get_new_tickets_live_over_server_sent_events() {
    use http_body_util::BodyExt;
    let app = TestApp::new().await;
    app.add_user("em", "tổng đài viên 2026", Role::Staff).await;
    let cookie = login(&app, "em", "tổng đài viên 2026").await;
    assert_eq!(app.stream("/api/v1/staff/events", &[]).await.0, StatusCode::UNAUTHORIZED);
    let (status, mut body) = app.stream("/api/v1/staff/events", &[("cookie", &cookie)]).await;
    assert_eq!(status, StatusCode::OK);
    let ticket = json!({"name": "Trần B", "phone": "0987654321", "question": "Hỏi về đất đai", "consent": true});
    let created = app.post("/api/v1/tickets", ticket.to_string()).await.json();
    let code = created["code"].as_str().unwrap().to_string();
    let started = std::time::Instant::now();
    let mut seen = String::new();
    while !seen.contains(&code) {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(2), body.frame())
            .await
            .expect("an event within 2 s")
            .expect("stream open")
            .expect("frame");
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
    assert!(seen.contains("event: ticket") && seen.contains("\"kind\":\"created\""), "{seen}");
    assert!(!seen.contains("0987654321") && !seen.contains("Trần"), "no personal data in the feed");
    println!("# SSE delivery delay (in-process): {} ms", started.elapsed().as_millis());
}
