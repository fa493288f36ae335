//! Content editors (issue #6): versions, publish with an atomic index swap, import validation,
//! export round trip, rollback, synonyms, the unanswered-questions report and usage figures, and
//! two PostgreSQL replicas picking up a new version.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dvc_backend::auth::Role;
use dvc_tests::{Db, Reply, TestApp, enc};
use serde_json::{Value, json};

async fn login(app: &TestApp, user: &str, role: Role) -> String {
    let password = format!("mật khẩu của {user} 2026");
    app.add_user(user, &password, role).await;
    let r = app.post("/api/v1/auth/login", json!({"username": user, "password": password}).to_string()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.set_cookie.unwrap().split(';').next().unwrap().to_string()
}

async fn send(app: &TestApp, method: &str, uri: &str, cookie: &str, body: impl Into<Body>) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header("cookie", cookie)
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap();
    app.send_request(req).await
}

/// Wait until the app serves `version`.
async fn serving(app: &TestApp, cookie: &str, version: i64) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let s = app.get_with("/api/v1/editor/status", &[("cookie", cookie)]).await.json();
        if s["serving_version"] == version {
            return;
        }
        assert!(Instant::now() < deadline, "version {version} not served: {s}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn top_hit(r: &Value) -> String {
    r["hits"][0]["id"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn an_editor_publishes_an_faq_and_searches_never_fail_during_the_swap() {
    let app = TestApp::with_content(Db::from_env()).await;
    let staff = login(&app, "tongdai", Role::Staff).await;
    let ed = login(&app, "bientap", Role::Editor).await;
    assert_eq!(app.get_with("/api/v1/editor/status", &[("cookie", &staff)]).await.status, StatusCode::FORBIDDEN);
    let versions = app.get_with("/api/v1/editor/versions", &[("cookie", &ed)]).await.json();
    assert_eq!(versions["versions"][0]["version"], 1, "the default content is version 1");

    // searches keep running while the new version is built and swapped in
    let searcher = {
        let q = format!("/api/v1/search?q={}", enc("thẻ bảo hiểm y tế bị rách"));
        let app = &app;
        async move {
            let (mut ok, mut failed) = (0, 0);
            for _ in 0..300 {
                if app.get(&q).await.status == StatusCode::OK { ok += 1 } else { failed += 1 }
            }
            (ok, failed)
        }
    };
    let faq = json!({"kind": "faq", "question": "Thẻ bảo hiểm y tế bị rách thì đổi ở đâu?",
        "alt_questions": ["đổi thẻ BHYT bị hỏng"], "answer": "Bạn mang thẻ cũ đến cơ quan BHXH cấp huyện.\n- Không mất phí.",
        "category": "Bảo hiểm", "reviewed": true});
    let publish = async { send(&app, "POST", "/api/v1/editor/documents", &ed, faq.to_string()).await };
    let (created, (ok, failed)) = tokio::join!(publish, searcher);
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert_eq!((ok, failed), (300, 0), "no failed request during the publish");
    let created = created.json();
    let version = created["version"].as_i64().unwrap();
    assert_eq!(version, 2);
    assert_eq!(created["summary"]["added"].as_array().unwrap().len(), 1);
    serving(&app, &ed, version).await;
    let id = created["summary"]["added"][0].as_str().unwrap().to_string();
    let hit = app.get(&format!("/api/v1/search?q={}", enc("the bhyt bi rach doi o dau"))).await.json();
    assert_eq!(top_hit(&hit), id, "the new FAQ answers, unaccented too");
    let chat =
        app.post("/api/v1/chat", json!({"message": "thẻ bảo hiểm y tế bị rách đổi ở đâu"}).to_string()).await.json();
    assert_eq!(chat["reply"]["card"]["id"], id.as_str(), "{chat}");

    // bad input: Vietnamese message naming the field; nothing published
    let bad = send(
        &app,
        "POST",
        "/api/v1/editor/documents",
        &ed,
        json!({"kind": "faq", "question": "", "answer": "x"}).to_string(),
    )
    .await;
    assert_eq!((bad.status, bad.json()["error"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("question")));

    // edit a procedure's local fields: the citizen's card shows them
    let mut p: Value = app.get("/api/v1/documents/tthc-1.001193").await.json();
    p["local_notes"] = json!("Bộ phận Một cửa UBND xã, sáng 7h30–11h30, chiều 13h30–17h");
    p["online_level"] = json!("toàn trình");
    let edited = send(&app, "PUT", "/api/v1/editor/documents/tthc-1.001193", &ed, p.to_string()).await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    serving(&app, &ed, 3).await;
    let card = app
        .post("/api/v1/chat", json!({"message": "x", "action": {"kind": "choose", "id": "tthc-1.001193"}}).to_string())
        .await
        .json();
    assert!(card["reply"]["card"]["local_notes"].as_str().unwrap_or_default().contains("Một cửa"), "{card}");
    p["online_level"] = json!("nửa vời");
    let bad = send(&app, "PUT", "/api/v1/editor/documents/tthc-1.001193", &ed, p.to_string()).await;
    assert_eq!(bad.json()["error"]["field"], "online_level");

    // retire, then roll back to version 2: the FAQ is back, the procedure edit gone
    assert_eq!(
        send(&app, "POST", &format!("/api/v1/editor/documents/{id}/retire"), &ed, "").await.status,
        StatusCode::OK
    );
    serving(&app, &ed, 4).await;
    assert_eq!(app.get(&format!("/api/v1/documents/{id}")).await.status, StatusCode::NOT_FOUND);
    let back = send(&app, "POST", "/api/v1/editor/versions/2/rollback", &ed, "").await.json();
    assert_eq!((back["version"].as_i64(), back["restored_from"].as_i64()), (Some(5), Some(2)));
    serving(&app, &ed, 5).await;
    assert_eq!(app.get(&format!("/api/v1/documents/{id}")).await.status, StatusCode::OK);
    let p: Value = app.get("/api/v1/documents/tthc-1.001193").await.json();
    assert!(p["local_notes"].is_null(), "{p}");
    let history = app.get_with("/api/v1/editor/versions", &[("cookie", &ed)]).await.json();
    let authors: Vec<&str> =
        history["versions"].as_array().unwrap().iter().map(|v| v["author"].as_str().unwrap()).collect();
    assert_eq!(authors, ["bientap", "bientap", "bientap", "bientap", "system"]);
}

#[tokio::test]
async fn imports_are_all_or_nothing_with_every_bad_row_reported() {
    let app = TestApp::with_content(Db::from_env()).await;
    let ed = login(&app, "bientap", Role::Editor).await;
    let csv = "kind,id,question,answer,category\n\
        faq,faq-moi-1,Đăng ký tạm trú online thế nào?,Vào Cổng dịch vụ công.,Cư trú\n\
        faq,faq-moi-2,,Thiếu câu hỏi,Cư trú\n\
        faq,faq-moi-1,Trùng?,x,\n\
        boss,x,y,z,\n";
    let r = send(&app, "POST", "/api/v1/editor/import?format=csv", &ed, csv).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let rows: Vec<(i64, String)> = r.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["field"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(rows, [(3, "question".into()), (4, "id".into()), (5, "kind".into())]);
    let v = app.get_with("/api/v1/editor/status", &[("cookie", &ed)]).await.json();
    assert_eq!(v["newest_version"], 1, "nothing applied");

    let good = "kind,id,question,answer,category\nfaq,faq-moi-1,Đăng ký tạm trú online thế nào?,Vào Cổng dịch vụ công.,Cư trú\nfaq,faq-cap-cu-tru-01,,,Cư trú (đã rà soát)\n";
    let preview = send(&app, "POST", "/api/v1/editor/import?format=csv&dry_run=1", &ed, good).await.json();
    assert_eq!(preview["preview"]["added"], json!(["faq-moi-1"]), "{preview}");
    let changed = preview["preview"]["changed"].as_array().unwrap().len();
    assert!(changed <= 1, "{preview}");
    let applied = send(&app, "POST", "/api/v1/editor/import?format=csv&name=faq.csv", &ed, good).await.json();
    assert_eq!(applied["version"], 2, "{applied}");
    serving(&app, &ed, 2).await;

    // export, import again: nothing changes
    let exported = app.get_with("/api/v1/editor/export?format=jsonl&kind=faq", &[("cookie", &ed)]).await;
    assert!(exported.content_type.starts_with("application/x-ndjson"));
    assert_eq!(exported.body.lines().count(), 86);
    let again =
        send(&app, "POST", "/api/v1/editor/import?format=jsonl&dry_run=1", &ed, exported.body.clone()).await.json();
    assert_eq!(again["preview"], json!({"added": [], "changed": [], "retired": [], "synonyms_changed": false}));
    let csv = app.get_with("/api/v1/editor/export?format=csv&kind=faq", &[("cookie", &ed)]).await;
    let round = send(&app, "POST", "/api/v1/editor/import?format=csv&dry_run=1", &ed, csv.body).await.json();
    assert_eq!(round["preview"]["changed"], json!([]), "CSV round trip: {round}");

    // the synonym list: a broken rule names its line; a good one applies without a reindex
    let syn = app.get_with("/api/v1/editor/synonyms", &[("cookie", &ed)]).await.json();
    let text = syn["text"].as_str().unwrap().to_string();
    let broken =
        send(&app, "PUT", "/api/v1/editor/synonyms", &ed, json!({"text": format!("{text}\n=> x\n")}).to_string()).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.json()["error"]["message"].as_str().unwrap().contains("từ đồng nghĩa"), "{}", broken.body);
    let added = format!("{text}\nthẻ xanh => thẻ bảo hiểm y tế\n");
    let ok = send(&app, "PUT", "/api/v1/editor/synonyms", &ed, json!({"text": added}).to_string()).await.json();
    assert_eq!(ok["summary"]["synonyms_changed"], true, "{ok}");
}

#[tokio::test]
async fn the_unanswered_report_groups_what_citizens_asked_and_usage_counts_it() {
    let app = TestApp::with_content(Db::from_env()).await;
    let ed = login(&app, "bientap", Role::Editor).await;
    for q in [
        "Giá vé tàu hỏa đi Sa Pa tháng sau là bao nhiêu?",
        "gia ve tau hoa di sa pa thang sau la bao nhieu",
        "Cho tôi hỏi giá vé tàu hỏa đi Sa Pa tháng sau ạ",
        "lệ phí hộ chiếu",
    ] {
        app.post("/api/v1/chat", json!({"message": q}).to_string()).await;
    }
    let ticket = json!({"name": "Ngô Văn E", "phone": "0912345678", "question": "Giá vé tàu hỏa đi Sa Pa tháng sau là bao nhiêu?", "consent": true});
    assert_eq!(app.post("/api/v1/tickets", ticket.to_string()).await.status, StatusCode::CREATED);
    let report = app.get_with("/api/v1/editor/unanswered?days=7", &[("cookie", &ed)]).await.json();
    let top = &report["groups"][0];
    assert_eq!(top["key"], "gia tau hoa di sa pa thang sau", "{report}");
    assert_eq!(top["example"], "Giá vé tàu hỏa đi Sa Pa tháng sau là bao nhiêu?", "the newest wording: {report}");
    assert_eq!((top["count"].as_i64(), top["tickets"].as_i64()), (Some(4), Some(1)), "{report}");
    let usage = app.get_with("/api/v1/editor/usage?days=7", &[("cookie", &ed)]).await.json();
    assert_eq!((usage["questions"].as_i64(), usage["tickets_created"].as_i64()), (Some(4), Some(1)), "{usage}");
    assert!(usage["high_confidence_share"].as_f64().unwrap() <= 1.0);
}

/// Two replicas on one PostgreSQL: a version published on one is served by the other within
/// seconds (LISTEN/NOTIFY wakes its content watcher).
#[tokio::test]
async fn a_second_postgres_replica_serves_a_new_version_within_seconds() {
    let a = TestApp::with_content(Db::Postgres).await;
    let b = a.replica().await;
    tokio::spawn(dvc_backend::content_sync::watch(a.state().clone()));
    tokio::spawn(dvc_backend::content_sync::watch(b.state().clone()));
    let ed = login(&a, "bientap", Role::Editor).await;
    // both serve version 1 first
    serving(&a, &ed, 1).await;
    let faq = json!({"kind": "faq", "id": "faq-nhan-ban", "question": "Nhân bản có dùng chung phiên bản không?", "answer": "Có."});
    let started = Instant::now();
    let r = send(&a, "POST", "/api/v1/editor/documents", &ed, faq.to_string()).await;
    assert_eq!(r.json()["version"], 2, "{}", r.body);
    let deadline = Instant::now() + Duration::from_secs(30);
    while b.get("/api/v1/documents/faq-nhan-ban").await.status != StatusCode::OK {
        assert!(Instant::now() < deadline, "replica B did not pick up version 2");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("# second replica served the new version {} ms after publish", started.elapsed().as_millis());
}
