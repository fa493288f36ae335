//! Hotline tickets, citizen side (issue #5): validation, idempotency, lookup privacy.

use axum::http::StatusCode;
use dvc_tests::{TestApp, enc};
use serde_json::{Value, json};

fn ticket(phone: &str) -> Value {
    json!({"name": "Nguyễn Văn A", "phone": phone, "question": "Tôi cần hỗ trợ cấp lại căn cước", "consent": true,
           "contact_time": "buổi sáng"})
}

#[tokio::test]
async fn a_ticket_is_created_with_a_readable_unguessable_code() {
    let app = TestApp::new().await;
    let r = app.post("/api/v1/tickets", ticket("0912 345 678").to_string()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let code = v["code"].as_str().unwrap();
    assert!(code.starts_with("TN-") && code.len() == 9, "{code}");
    assert!(code[3..].chars().all(|c| "ACDEFGHJKMNPQRTUVWXY34679".contains(c)), "{code}");
    assert_eq!(v["status"], "new");
    assert!(v["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v["hotline"], "1900 0000");
    assert!(v["expected_response"].as_str().unwrap().contains("2 giờ"));
    let second = app.post("/api/v1/tickets", ticket("0912 345 678").to_string()).await.json();
    assert_ne!(second["code"], v["code"], "codes are random, not sequential");
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_creates_nothing_new() {
    let app = TestApp::new().await;
    let body = ticket("0912345678").to_string();
    let first = app.post_with("/api/v1/tickets", &[("Idempotency-Key", "k-1")], body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let retry = app.post_with("/api/v1/tickets", &[("Idempotency-Key", "k-1")], body.clone()).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.json(), first.json(), "same body");
    // concurrent retries: one ticket
    let (a, b, c) = tokio::join!(
        app.post_with("/api/v1/tickets", &[("Idempotency-Key", "k-2")], body.clone()),
        app.post_with("/api/v1/tickets", &[("Idempotency-Key", "k-2")], body.clone()),
        app.post_with("/api/v1/tickets", &[("Idempotency-Key", "k-2")], body.clone()),
    );
    let codes: Vec<String> = [a, b, c].iter().map(|r| r.json()["code"].as_str().unwrap().to_string()).collect();
    assert!(codes.iter().all(|c| *c == codes[0]), "{codes:?}");
    let other = app.post_with("/api/v1/tickets", &[("Idempotency-Key", "k-1")], ticket("0987654321").to_string()).await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(other.json()["error"]["code"], "idempotency_conflict");
}

async fn check_invalid(app: &TestApp, body: Value, field: &str, message_part: &str) {
    let r = app.post("/api/v1/tickets", body.to_string()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.body);
    let e = &r.json()["error"];
    assert_eq!(e["field"], field, "{body}");
    assert!(e["message"].as_str().unwrap().contains(message_part), "{body}: {e}");
}

#[tokio::test]
async fn every_invalid_field_is_named_in_vietnamese() {
    let app = TestApp::new().await;
    let with = |k: &str, v: Value| {
        let mut t = ticket("0912345678");
        t[k] = v;
        t
    };
    check_invalid(&app, with("consent", json!(false)), "consent", "13/2023/NĐ-CP").await;
    check_invalid(&app, with("name", json!("  ")), "name", "họ và tên").await;
    check_invalid(&app, with("name", json!("a".repeat(101))), "name", "tối đa 100").await;
    check_invalid(&app, with("phone", json!("12345")), "phone", "Số điện thoại").await;
    check_invalid(&app, with("phone", json!("0912 34x 678")), "phone", "chữ số").await;
    check_invalid(&app, with("email", json!("khong-phai-email")), "email", "email").await;
    check_invalid(&app, with("question", json!("")), "question", "nội dung").await;
    check_invalid(&app, with("question", json!("a".repeat(2001))), "question", "tối đa 2000").await;
    check_invalid(&app, with("website", json!("http://spam")), "website", "tổng đài").await;
    let r = app.post("/api/v1/tickets", "{oops").await;
    assert_eq!(r.json()["error"]["code"], "invalid_json");
    let big = json!({"name": "A", "phone": "0912345678", "question": "x".repeat(40_000), "consent": true});
    assert_eq!(app.post("/api/v1/tickets", big.to_string()).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn lookup_needs_the_phone_or_token_and_cannot_be_probed() {
    let app = TestApp::new().await;
    let created = app.post("/api/v1/tickets", ticket("+84 912 345 678").to_string()).await.json();
    let code = created["code"].as_str().unwrap();
    let token = created["lookup_token"].as_str().unwrap();
    let by_phone = app.get(&format!("/api/v1/tickets/{code}?phone={}", enc("0912.345.678"))).await;
    assert_eq!(by_phone.status, StatusCode::OK, "{}", by_phone.body);
    assert_eq!(by_phone.json()["code"], code);
    assert_eq!(by_phone.json()["replies"], json!([]));
    let by_token = app.get(&format!("/api/v1/tickets/{code}?token={token}")).await;
    assert_eq!(by_token.status, StatusCode::OK);
    let wrong_phone = app.get(&format!("/api/v1/tickets/{code}?phone=0987654321")).await;
    let no_such = app.get("/api/v1/tickets/TN-AAAAAA?phone=0912345678").await;
    assert_eq!(wrong_phone.status, StatusCode::NOT_FOUND);
    assert_eq!(wrong_phone.body, no_such.body, "the same answer for a wrong phone and an unknown code");
    assert_eq!(app.get(&format!("/api/v1/tickets/{code}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn rate_limits_answer_429_in_vietnamese_and_never_block_a_retry() {
    use dvc_backend::ratelimit::{Limit, RateLimits};
    use std::time::Duration;
    let hour = Duration::from_secs(3600);
    let limits = RateLimits {
        tickets_per_ip: Limit { max: 3, window: hour },
        tickets_per_phone: Limit { max: 2, window: hour },
        lookups_per_ip: Limit { max: 2, window: hour },
        requests_per_ip: Limit { max: 1000, window: hour },
    };
    let app = TestApp::with_limits(Some(limits)).await;
    let ip = |a: &'static str| [("X-Forwarded-For", a)];
    // per phone: the third ticket for one number is refused, whatever the address
    let first = app
        .post_with(
            "/api/v1/tickets",
            &[("X-Forwarded-For", "10.0.0.1"), ("Idempotency-Key", "a")],
            ticket("0912345678").to_string(),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(
        app.post_with("/api/v1/tickets", &ip("10.0.0.2"), ticket("0912345678").to_string()).await.status,
        StatusCode::CREATED
    );
    let refused = app.post_with("/api/v1/tickets", &ip("10.0.0.3"), ticket("0912345678").to_string()).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let msg = refused.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(msg.contains("quá nhiều yêu cầu") && msg.contains("1900 0000"), "{msg}");
    // a retry of an acknowledged ticket is answered, not limited
    let retry = app
        .post_with(
            "/api/v1/tickets",
            &[("X-Forwarded-For", "10.0.0.1"), ("Idempotency-Key", "a")],
            ticket("0912345678").to_string(),
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK);
    // per address
    for phone in ["0911111111", "0922222222"] {
        assert_eq!(
            app.post_with("/api/v1/tickets", &ip("10.0.0.9"), ticket(phone).to_string()).await.status,
            StatusCode::CREATED
        );
    }
    assert_eq!(
        app.post_with("/api/v1/tickets", &ip("10.0.0.9"), ticket("0933333333").to_string()).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post_with("/api/v1/tickets", &ip("10.0.0.9"), ticket("0944444444").to_string()).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // lookups
    let code = first.json()["code"].as_str().unwrap().to_string();
    for _ in 0..2 {
        assert_eq!(
            app.get_with(&format!("/api/v1/tickets/{code}?phone=0912345678"), &ip("10.0.0.5")).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        app.get_with(&format!("/api/v1/tickets/{code}?phone=0912345678"), &ip("10.0.0.5")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}
