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

async fn call(app: &TestApp, cookie: &str, code: &str, action: &str, body: serde_json::Value) -> dvc_tests::Reply {
    app.post_with(&format!("/api/v1/staff/tickets/{code}/{action}"), &[("cookie", cookie)], body.to_string()).await
}

#[tokio::test]
async fn the_ticket_view_notes_call_backs_resolve_and_reopen() {
    let app = TestApp::new().await;
    app.add_user("an", "mật khẩu của An 2026", Role::Staff).await;
    app.add_user("binh", "mật khẩu của Bình 2026", Role::Staff).await;
    // the citizen asked about a procedure first: the ticket knows which one, and its field
    let chat = app.post("/api/v1/chat", json!({"message": "thủ tục đăng ký khai sinh"}).to_string()).await.json();
    let conversation = chat["conversation"].as_str().unwrap();
    let choice = json!({"conversation": conversation, "message": "Thủ tục đăng ký khai sinh",
        "action": {"kind": "choose", "id": "tthc-1.001193"}});
    let chat = app.post("/api/v1/chat", choice.to_string()).await.json();
    let procedure =
        chat["reply"]["card"]["id"].as_str().unwrap_or_else(|| panic!("a procedure card: {chat}")).to_string();
    let ticket = json!({"name": "Lê Thị Cúc", "phone": "0912 345 678", "question": "Con tôi sinh ở nước ngoài",
        "consent": true, "conversation": conversation});
    let code = app.post("/api/v1/tickets", ticket.to_string()).await.json()["code"].as_str().unwrap().to_string();
    let an = login(&app, "an", "mật khẩu của An 2026").await;
    let binh = login(&app, "binh", "mật khẩu của Bình 2026").await;

    let view = app.get_with(&format!("/api/v1/staff/tickets/{code}"), &[("cookie", &an)]).await.json();
    assert_eq!(view["procedure"]["id"], procedure.as_str());
    assert!(view["procedure"]["title"].as_str().unwrap().contains("khai sinh"), "{view}");
    assert_eq!(view["transcript"][0]["text"], "thủ tục đăng ký khai sinh");
    assert_eq!(view["phone"], "+8491*****78", "not holding it: masked");
    assert_eq!(view["can_see_personal_data"], false);
    assert!(view["minutes_left"].as_i64().unwrap() > 100, "2 h SLA clock running: {view}");
    assert!(view["field"].is_string(), "the procedure's field is kept for the queue filter: {view}");
    let field = view["field"].as_str().unwrap().to_string();
    let filtered = app
        .get_with(&format!("/api/v1/staff/tickets?status=open&field={}", dvc_tests::enc(&field)), &[("cookie", &an)])
        .await
        .json();
    assert_eq!(filtered["tickets"].as_array().unwrap().len(), 1);
    assert!(filtered["fields"].as_array().unwrap().iter().any(|f| f == field.as_str()));
    let bad = app.get_with("/api/v1/staff/tickets?status=xyz", &[("cookie", &an)]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    assert_eq!(call(&app, &an, &code, "claim", json!({})).await.status, StatusCode::OK);
    let mine = app.get_with(&format!("/api/v1/staff/tickets/{code}"), &[("cookie", &an)]).await.json();
    assert_eq!((mine["phone"].as_str(), mine["name"].as_str()), (Some("+84912345678"), Some("Lê Thị Cúc")));
    let note = call(&app, &binh, &code, "note", json!({"text": "Đã gặp trường hợp tương tự hôm qua."})).await;
    assert_eq!(note.status, StatusCode::OK, "any officer adds an internal note");
    assert_eq!(call(&app, &binh, &code, "called-back", json!({})).await.status, StatusCode::CONFLICT);
    let called = call(&app, &an, &code, "called-back", json!({"text": "Đã gọi, hẹn gửi hồ sơ"})).await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.body);
    assert_eq!(call(&app, &an, &code, "resolve", json!({})).await.status, StatusCode::OK);
    let again = call(&app, &an, &code, "reply", json!({"text": "x"})).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["error"]["message"].as_str().unwrap().contains("đã giải quyết"), "{}", again.body);
    let reopened = call(&app, &binh, &code, "reopen", json!({"text": "Công dân gọi lại"})).await;
    assert_eq!(reopened.status, StatusCode::OK);
    assert_eq!(call(&app, &binh, &code, "reopen", json!({})).await.status, StatusCode::CONFLICT, "not resolved");

    let view = app.get_with(&format!("/api/v1/staff/tickets/{code}"), &[("cookie", &binh)]).await.json();
    assert_eq!((view["status"].as_str(), view["claimed_by"].as_str()), (Some("claimed"), Some("binh")));
    let history: Vec<String> = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{} {}", h["actor"].as_str().unwrap(), h["action"].as_str().unwrap()))
        .collect();
    assert_eq!(history, ["an claim", "binh note", "an called_back", "an resolve", "binh reopen"]);
    // the citizen never sees internal notes
    let token_view = app.get(&format!("/api/v1/tickets/{code}?phone=0912345678")).await;
    assert!(!token_view.body.contains("tương tự"), "{}", token_view.body);
}

#[tokio::test]
async fn admins_manage_accounts_in_the_console() {
    let app = TestApp::new().await;
    app.add_user("quantri", "quản trị viên 2026", Role::Admin).await;
    app.add_user("an", "mật khẩu của An 2026", Role::Staff).await;
    let admin = login(&app, "quantri", "quản trị viên 2026").await;
    let an = login(&app, "an", "mật khẩu của An 2026").await;
    assert_eq!(app.get_with("/api/v1/admin/users", &[("cookie", &an)]).await.status, StatusCode::FORBIDDEN);

    let users = |cookie: String| {
        let app = &app;
        async move { app.get_with("/api/v1/admin/users", &[("cookie", &cookie)]).await.json() }
    };
    assert_eq!(users(admin.clone()).await["users"].as_array().unwrap().len(), 2);
    let new = json!({"username": "chi", "password": "biên tập 2026!", "role": "editor"});
    let created = app.post_with("/api/v1/admin/users", &[("cookie", &admin)], new.to_string()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let dup = app.post_with("/api/v1/admin/users", &[("cookie", &admin)], new.to_string()).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    for (body, field) in [
        (json!({"username": "có dấu cách", "password": "đủ mười ký tự", "role": "staff"}), "username"),
        (json!({"username": "x", "password": "ngắn", "role": "staff"}), "password"),
        (json!({"username": "x", "password": "đủ mười ký tự", "role": "boss"}), "role"),
    ] {
        let r = app.post_with("/api/v1/admin/users", &[("cookie", &admin)], body.to_string()).await;
        assert_eq!((r.status, r.json()["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some(field)), "{body}");
    }
    login(&app, "chi", "biên tập 2026!").await;

    // disabling ends the officer's session at once; a reset password works
    let patch = |user: &str, body: serde_json::Value| {
        let uri = format!("/api/v1/admin/users/{user}");
        let (app, admin) = (&app, admin.clone());
        async move {
            let req = axum::http::Request::patch(uri)
                .header("cookie", admin)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            app.send_request(req).await
        }
    };
    assert_eq!(patch("an", json!({"disabled": true})).await.status, StatusCode::OK);
    assert_eq!(app.get_with("/api/v1/auth/me", &[("cookie", &an)]).await.status, StatusCode::UNAUTHORIZED);
    let r = app.post("/api/v1/auth/login", json!({"username": "an", "password": "mật khẩu của An 2026"}).to_string());
    assert_eq!(r.await.status, StatusCode::UNAUTHORIZED, "disabled accounts cannot log in");
    assert_eq!(patch("an", json!({"disabled": false, "password": "mật khẩu mới 2026"})).await.status, StatusCode::OK);
    login(&app, "an", "mật khẩu mới 2026").await;
    assert_eq!(patch("ai-do", json!({"disabled": true})).await.status, StatusCode::NOT_FOUND);
    let last = patch("quantri", json!({"role": "staff"})).await;
    assert_eq!(last.status, StatusCode::CONFLICT, "the last admin stays admin: {}", last.body);
    let listed = users(admin.clone()).await;
    let chi = listed["users"].as_array().unwrap().iter().find(|u| u["username"] == "chi").unwrap().clone();
    assert_eq!((chi["role"].as_str(), chi["disabled"].as_bool()), (Some("editor"), Some(false)));
}
