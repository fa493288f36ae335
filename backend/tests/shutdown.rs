//! SIGTERM drains: in-flight requests finish, the consoles' live streams are closed, and the
//! process exits cleanly instead of waiting forever on an open Server-Sent Events stream.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{bin, http, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_closes_live_streams_and_exits_cleanly() {
    let dir = std::env::temp_dir().join(format!("dvc-shutdown-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (mut server, addr) = start(&dir, None);
    let mut add = Command::new(bin())
        .args(["user", "add", "truc", "--role", "staff", "--data-dir"])
        .arg(&dir)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(add.stdin.as_mut().unwrap(), "mật khẩu trực ca 2026\n".as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());
    let login = serde_json::json!({"username": "truc", "password": "mật khẩu trực ca 2026"}).to_string();
    let (status, _) = http(&addr, "POST", "/api/v1/auth/login", &[], &login).await.unwrap();
    assert_eq!(status, 200);
    // the session cookie, from a raw request (the helper drops headers)
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let req = format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{login}",
        login.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let cookie =
        out.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();

    let mut sse = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let req = format!("GET /api/v1/staff/events HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\r\n");
    sse.write_all(req.as_bytes()).await.unwrap();
    let mut buf = [0u8; 512];
    let n = sse.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("text/event-stream"), "a live stream is open");

    let started = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap().success());
    let status = loop {
        if let Some(s) = server.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "still running 15 s after SIGTERM");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");
    println!("# SIGTERM with a console connected: exited in {} ms", started.elapsed().as_millis());
    let _ = std::fs::remove_dir_all(&dir);
}
