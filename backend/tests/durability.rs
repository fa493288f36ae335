//! A ticket acknowledged with 201 survives `kill -9` of the server at any moment, exactly once
//! (issue #5). Starts the real binary, creates tickets from many concurrent clients, kills the
//! process mid-stream, restarts it on the same data dir and checks every acknowledged ticket.
//! Runs on SQLite and on a throwaway PostgreSQL cluster.

#[path = "../../tests/src/pg.rs"]
#[allow(dead_code)]
mod pg;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Start the server; returns the child and its address.
fn start(data_dir: &Path, database_url: Option<&str>) -> (Child, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dvc-assistant"));
    match database_url {
        Some(url) => cmd.env("DATABASE_URL", url),
        None => cmd.env_remove("DATABASE_URL"),
    };
    let mut child = cmd
        .args(["serve", "--addr", "127.0.0.1:0", "--ticket-prefix", "KT", "--data-dir"])
        .arg(data_dir)
        .arg("--content")
        .arg(root().join("data"))
        .arg("--widget-dir")
        .arg(data_dir.join("no-widget"))
        .env("DVC_LOG_FORMAT", "json")
        .env("DVC_RATE_LIMITS", "off")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("server exited before ready").unwrap();
        if line.contains("\"message\":\"ready\"") {
            let start = line.find("http://").unwrap() + 7;
            break line[start..].split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// One HTTP/1.1 request on a fresh connection: (status, body).
async fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr).await?;
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("Content-Type: application/json\r\n\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).await?;
    let mut out = String::new();
    s.read_to_string(&mut out).await?;
    let status = out.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}

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
