//! The webhook against a real HTTP receiver: signed deliveries of ticket events, retried after a
//! failure, and ticket creation never waiting for it.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use dvc_backend::clock::now_ms;
use dvc_backend::storage::{Limits, NewTicket, Store, new_id};
use dvc_backend::webhook::{self, WebhookConfig};

type Seen = Arc<Mutex<Vec<(HeaderMap, String)>>>;

#[tokio::test]
async fn ticket_events_are_signed_delivered_and_retried() {
    let seen: Seen = Arc::default();
    let receiver = Router::new().route(
        "/hook",
        post({
            let seen = seen.clone();
            move |headers: HeaderMap, body: String| async move {
                let mut seen = seen.lock().unwrap();
                seen.push((headers, body));
                // the receiver fails the first delivery: it must come again
                if seen.len() == 1 { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::NO_CONTENT }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, receiver).await.unwrap() });

    let dir = std::env::temp_dir().join(format!("dvc-webhook-{}", new_id()));
    let store = Store::open_sqlite(&dir.join("dvc.sqlite3"), Limits::default()).await.unwrap();
    let secret = "bí mật của tỉnh";
    tokio::spawn(webhook::run(store.clone(), WebhookConfig { url, secret: secret.into() }));
    let ticket = NewTicket {
        prefix: "TN".into(),
        idempotency_key: None,
        request_hash: "h".into(),
        name: "Phạm Văn Đức".into(),
        phone: "+84987654321".into(),
        email: None,
        question: "Hỏi".into(),
        contact_time: None,
        conversation: None,
        procedure_id: None,
        field: None,
        due_at: now_ms(),
    };
    let started = Instant::now();
    let (t, _) = store.create_ticket(&ticket, true).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(1), "creation does not wait for the receiver");
    store.claim_ticket(&t.code, "an").await.unwrap();
    store.resolve_ticket(&t.code, "an", false, true).await.unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    while store.outbox_pending().await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "deliveries did not complete: {} seen", seen.lock().unwrap().len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3, "created (failed, then again) and resolved");
    let events: Vec<String> = seen
        .iter()
        .map(|(_, body)| serde_json::from_str::<serde_json::Value>(body).unwrap()["event"].as_str().unwrap().into())
        .collect();
    assert_eq!(events.iter().filter(|e| *e == "ticket.created").count(), 2);
    assert!(events.contains(&"ticket.resolved".to_string()));
    let created: Vec<_> = seen.iter().filter(|(_, b)| b.contains("ticket.created")).collect();
    assert_eq!(created[0].0["x-dvc-delivery"], created[1].0["x-dvc-delivery"], "a retry has the same delivery id");
    for (headers, body) in seen.iter() {
        let ts: i64 = headers["x-dvc-timestamp"].to_str().unwrap().parse().unwrap();
        assert_eq!(headers["x-dvc-signature"].to_str().unwrap(), webhook::signature(secret, ts, body));
        assert_ne!(headers["x-dvc-signature"].to_str().unwrap(), webhook::signature("other", ts, body));
        assert!(body.contains(&t.code) && !body.contains("987654321") && !body.contains("Đức"), "{body}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
