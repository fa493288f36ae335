//! A ticket acknowledged with 201 survives `kill -9` of the server at any moment, exactly once
//! (issue #5). Starts the real binary, creates tickets from many concurrent clients, kills the
//! process mid-stream, restarts it on the same data dir and checks every acknowledged ticket.
//! Runs on SQLite and on a throwaway PostgreSQL cluster.

#[path = "../../tests/src/pg.rs"]
#[allow(dead_code)]
mod pg;

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{http, start};

fn field(json: &str, key: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    v[key].as_str().unwrap_or_default().to_string()
}

fn ticket_body(i: usize) -> String {
    serde_json::json!({"name": format!("Người dân {i}"), "phone": "0912345678", "question": format!("Yêu cầu số {i}"), "consent": true})
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_kill_9_exactly_once_on_sqlite() {
    kill_test(None, "SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_tickets_survive_kill_9_exactly_once_on_postgres() {
    let url = tokio::task::spawn_blocking(|| pg::cluster().new_database()).await.unwrap();
    kill_test(Some(&url), "PostgreSQL").await;
}

async fn kill_test(database_url: Option<&str>, engine: &str) {
    let dir = std::env::temp_dir().join(format!("dvc-kill-{}-{engine}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (mut server, addr) = start(&dir, database_url);

    // 20 clients create tickets as fast as they can; the server is killed mid-stream.
    let acked: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let mut clients = Vec::new();
    for c in 0..20 {
        let (addr, acked) = (addr.clone(), acked.clone());
        clients.push(tokio::spawn(async move {
            for n in 0..1000 {
                let i = c * 1000 + n;
                let key = format!("kill-test-{i}");
                match http(&addr, "POST", "/api/v1/tickets", &[("Idempotency-Key", &key)], &ticket_body(i)).await {
                    Ok((201, body)) => {
                        acked.lock().unwrap().push((key, field(&body, "code"), field(&body, "lookup_token")))
                    }
                    Ok(_) | Err(_) => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    for c in clients {
        c.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 20, "the load ran ({} acknowledged)", acked.len());

    let (mut server, addr) = start(&dir, database_url);
    for (key, code, token) in &acked {
        let (status, body) =
            http(&addr, "GET", &format!("/api/v1/tickets/{code}?token={token}"), &[], "").await.unwrap();
        assert_eq!(status, 200, "acknowledged ticket {code} lost: {body}");
        // a client retrying after the crash gets the same ticket, not a second one
        let i: usize = key.trim_start_matches("kill-test-").parse().unwrap();
        let (status, body) =
            http(&addr, "POST", "/api/v1/tickets", &[("Idempotency-Key", key)], &ticket_body(i)).await.unwrap();
        assert_eq!(status, 200, "{body}");
        assert_eq!(&field(&body, "code"), code, "retry of {key} duplicated the ticket");
    }
    println!(
        "# kill test ({engine}): {} tickets acknowledged before kill -9, all present exactly once after restart",
        acked.len()
    );
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
