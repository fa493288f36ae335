//! `dvc-assistant content import` against the database of a running server (issue #6): a bad
//! file is refused with every bad row on stderr and nothing applied; a good one is published and
//! the running server serves it within seconds, without a restart.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{bin, http, root, start};

async fn served_version(addr: &str) -> i64 {
    let (_, body) = http(addr, "GET", "/healthz", &[], "").await.unwrap();
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["content_version"].as_i64().unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_from_the_command_line_reaches_the_running_server() {
    let dir = std::env::temp_dir().join(format!("dvc-cli-import-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (mut server, addr) = start(&dir, None);
    assert_eq!(served_version(&addr).await, 1, "the content files seeded version 1");

    let import = |file: &std::path::Path, extra: &[&str]| {
        Command::new(bin())
            .args(["content", "import"])
            .arg(file)
            .args(["--data-dir"])
            .arg(&dir)
            .args(["--content"])
            .arg(root().join("data"))
            .args(extra)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "kind,id,question,answer\nfaq,faq-cli-1,Xe máy điện có cần bằng lái không?,Cần bằng A1.\nfaq,faq-cli-2,,Thiếu câu hỏi\n",
    )
    .unwrap();
    let out = import(&bad, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("dòng 3, trường question"), "{stderr}");
    let good = dir.join("good.csv");
    std::fs::write(&good, "kind,id,question,answer\nfaq,faq-cli-1,Xe máy điện có cần bằng lái không?,Cần bằng A1.\n")
        .unwrap();
    let dry = import(&good, &["--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("thêm mới: 1 faq-cli-1"), "{dry:?}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(served_version(&addr).await, 1, "neither the bad file nor the dry run applied anything");

    let started = Instant::now();
    let out = import(&good, &["--author", "an"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    while served_version(&addr).await != 2 {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not pick up version 2");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("# command-line import → served by the running server after {} ms", started.elapsed().as_millis());
    let (status, body) = http(&addr, "GET", "/api/v1/documents/faq-cli-1", &[], "").await.unwrap();
    assert_eq!(status, 200, "{body}");
    server.kill().unwrap();
    server.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
