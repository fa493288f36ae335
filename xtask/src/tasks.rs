//! The commands behind `cargo xtask`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::setup;
use crate::util::{cargo, cargo_bin, output, root, run as sh, tool_path};

/// Build the widget with Trunk (release, the small `wasm-release` profile) into dist/.
pub fn widget() -> Result<()> {
    setup::widget_tools()?;
    // Trunk runs cargo with --offline: fetch first.
    sh(cargo().args(["fetch", "--quiet"]))?;
    let trunk = |extra: &[&str]| {
        sh(Command::new(cargo_bin().join("trunk"))
            .args(["build", "--release", "--cargo-profile", "wasm-release"])
            .args(extra)
            .env("PATH", tool_path())
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            .env("NO_COLOR", "true")
            // its own target dir: never waits on the backend build's lock
            .env("CARGO_TARGET_DIR", root().join("target-wasm")))
    };
    // the citizen widget into dist/ (Trunk.toml), then the staff console into dist/console/
    trunk(&[])?;
    trunk(&["frontend/console.html", "--dist", "dist/console", "--public-url", "/console/"])?;
    size_report()
}

/// Sizes of what a portal page downloads: the loader before a click, the widget after.
fn size_report() -> Result<()> {
    let gzip = |bytes: &[u8]| -> usize {
        let mut child =
            Command::new("gzip").args(["-9", "-c"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("gzip");
        let mut stdin = child.stdin.take().expect("stdin");
        let data = bytes.to_vec();
        let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &data));
        let out = child.wait_with_output().expect("gzip output");
        let _ = writer.join();
        out.stdout.len()
    };
    let mut rows = vec![("loader embed.js".to_string(), std::fs::read(root().join("backend/assets/embed.js"))?)];
    for entry in std::fs::read_dir(root().join("dist"))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if [".wasm", ".js", ".css", ".html"].iter().any(|ext| name.ends_with(ext)) {
            rows.push((format!("widget {name}"), std::fs::read(entry.path())?));
        }
    }
    if let Ok(dir) = std::fs::read_dir(root().join("dist/console")) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if [".wasm", ".js", ".css", ".html"].iter().any(|ext| name.ends_with(ext)) {
                rows.push((format!("console {name}"), std::fs::read(entry.path())?));
            }
        }
    }
    rows.sort();
    println!("\nbundle sizes (bytes)          raw      gzip");
    let mut widget_gz = 0;
    for (name, bytes) in &rows {
        let gz = gzip(bytes);
        if name.starts_with("widget") {
            widget_gz += gz;
        }
        println!("  {name:<44} {:>8} {:>8}", bytes.len(), gz);
    }
    println!("  opened widget total (gzip)                    {widget_gz:>8}   budget 358400\n");
    if widget_gz > 350 * 1024 {
        bail!("the opened widget is {widget_gz} bytes gzip, over the 350 KB budget");
    }
    Ok(())
}

/// `cargo xtask run`: tools, widget, release server, default content, http://127.0.0.1:8080.
pub fn run(args: &[String]) -> Result<()> {
    widget()?;
    sh(cargo().args(["build", "--release", "-p", "dvc-backend", "--bin", "dvc-assistant"]))?;
    let bin = root().join("target/release/dvc-assistant");
    sh(Command::new(bin).arg("serve").args(args))
}

/// Crate arrows that must never exist: (package, must not depend on).
const FORBIDDEN: &[(&str, &str)] = &[
    ("dvc-index", "axum"),
    ("dvc-index", "tokio"),
    ("dvc-index", "hyper"),
    ("dvc-index", "sqlx"),
    ("dvc-index", "rusqlite"),
    ("dvc-index", "dvc-api"),
    ("dvc-api", "tokio"),
    ("dvc-api", "tantivy"),
    ("dvc-frontend", "tantivy"),
    ("dvc-frontend", "dvc-index"),
    ("dvc-frontend", "dvc-backend"),
    ("dvc-frontend", "tokio"),
];

fn check_arrows() -> Result<()> {
    for (pkg, dep) in FORBIDDEN {
        let tree = output(cargo().current_dir(root()).args(["tree", "-q", "-e", "normal", "-p", pkg, "-i", dep]));
        if tree.is_some_and(|t| !t.trim().is_empty()) {
            bail!("forbidden arrow: {pkg} depends on {dep} (see ARCHITECTURE.md)");
        }
    }
    // Nothing but the black-box tests depends on the backend.
    let dependents = output(cargo().current_dir(root()).args([
        "tree",
        "-q",
        "-e",
        "normal,dev",
        "--workspace",
        "-i",
        "dvc-backend",
        "--depth",
        "1",
        "--prefix",
        "none",
    ]))
    .unwrap_or_default();
    for line in dependents.lines().skip(1) {
        if !line.starts_with("dvc-tests") && !line.trim().is_empty() {
            bail!("forbidden arrow: {} depends on dvc-backend", line.trim());
        }
    }
    println!("crate arrows ok ({} forbidden arrows checked)", FORBIDDEN.len() + 1);
    Ok(())
}

/// `cargo xtask test`: what CI runs.
pub fn test() -> Result<()> {
    setup::widget_tools()?;
    setup::browser_tools()?;
    setup::postgres()?;
    sh(cargo().args(["fmt", "--all", "--check"]))?;
    check_arrows()?;
    sh(cargo().args([
        "clippy",
        "--quiet",
        "--workspace",
        "--exclude",
        "dvc-frontend",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The browser-side crates must build for wasm32 (and pass clippy there).
    sh(cargo()
        .args([
            "clippy",
            "--quiet",
            "-p",
            "dvc-api",
            "-p",
            "dvc-frontend",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ])
        .env("CARGO_TARGET_DIR", root().join("target-wasm")))?;
    sh(cargo().args(["test", "--workspace", "--exclude", "dvc-frontend"]))?;
    // the same HTTP suites once more on a throwaway PostgreSQL (no rebuild: the engine is chosen
    // at run time)
    sh(cargo()
        .args([
            "test",
            "-p",
            "dvc-tests",
            "--test",
            "tickets_api",
            "--test",
            "staff_api",
            "--test",
            "chat_api",
            "--test",
            "editor_api",
        ])
        .env("DVC_TEST_DATABASE", "postgres"))?;
    widget()?;
    sh(cargo().args(["build", "-p", "dvc-backend", "--bin", "dvc-assistant"]))?;
    sh(Command::new("npm")
        .args(["test", "--silent"])
        .current_dir(root().join("tests/browser"))
        .env("DVC_BIN", root().join("target/debug/dvc-assistant"))
        .env("DVC_WIDGET_DIR", root().join("dist")))?;
    Ok(())
}

/// `cargo xtask bench`: criterion benchmarks of the engine over the default content.
pub fn bench(args: &[String]) -> Result<()> {
    sh(cargo().args(["bench", "-p", "dvc-tests", "--bench", "search"]).args(args))
}

fn shared_dir() -> PathBuf {
    std::env::var_os("DVC_SHARED").map(PathBuf::from).unwrap_or_else(|| root().join("../shared"))
}

/// A release server on a free port, for eval and load runs.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

fn start_release_server() -> Result<Server> {
    sh(cargo().args(["build", "--release", "-p", "dvc-backend", "--bin", "dvc-assistant"]))?;
    // A fresh database each run: the server seeds it from `data/` only when it holds no content,
    // and a run must measure the content (and synonyms) of this checkout, not an earlier one.
    let var = root().join("target/eval-var");
    if var.exists() {
        std::fs::remove_dir_all(&var).with_context(|| format!("removing {}", var.display()))?;
    }
    let mut child = Command::new(root().join("target/release/dvc-assistant"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(&var)
        .env("DVC_LOG_FORMAT", "json")
        .env("DVC_RATE_LIMITS", "off")
        .current_dir(root())
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().context("server stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let Some(line) = lines.next() else { bail!("server exited before it was ready") };
        let line = line?;
        if line.contains("\"message\":\"ready\"") {
            let start = line.find("http://").context("ready line has a url")?;
            break line[start..].split('"').next().unwrap_or_default().trim_end_matches('/').to_string();
        }
    };
    // keep draining the log so the server never blocks on a full pipe
    std::thread::spawn(move || for _ in lines {});
    Ok(Server { child, url })
}

/// `cargo xtask load`: wrk against a release server on SQLite and on PostgreSQL; see
/// `xtask/load/load.py`. Extra arguments go to the script (e.g. `--seconds 30`).
pub fn load(args: &[String]) -> Result<()> {
    setup::postgres()?;
    setup::wrk()?;
    sh(cargo().args(["build", "--release", "-p", "dvc-backend", "--bin", "dvc-assistant"]))?;
    sh(Command::new("python3")
        .arg(root().join("xtask/load/load.py"))
        .arg("--bin")
        .arg(root().join("target/release/dvc-assistant"))
        .args(args))
}

/// `cargo xtask fuzz [cases]`: the property tests of everything a request reaches (query
/// builder, analyzer, synonym, phone and import parsers) with a large budget (default 100,000
/// cases each), in release.
pub fn fuzz(args: &[String]) -> Result<()> {
    let cases = args.first().map(String::as_str).unwrap_or("100000");
    sh(cargo().args(["test", "--release", "-p", "dvc-backend", "--test", "fuzz"]).env("PROPTEST_CASES", cases))?;
    sh(cargo().args(["test", "--release", "-p", "dvc-index", "--lib", "analyzer"]).env("PROPTEST_CASES", cases))
}

/// `cargo xtask eval`: the dev sets against this engine and both baselines, in one run.
pub fn eval() -> Result<()> {
    setup::postgres()?;
    let shared = shared_dir();
    let evaluate = shared.join("tools/evaluate.py");
    if !evaluate.exists() {
        bail!("{} not found: set DVC_SHARED to the shared/ directory", evaluate.display());
    }
    let server = start_release_server()?;
    sh(Command::new("python3")
        .arg(&evaluate)
        .args(["--api", &server.url, "--json"])
        .arg(root().join("target/eval.json")))?;
    sh(Command::new("python3")
        .arg(root().join("xtask/eval_confidence.py"))
        .args(["--api", &server.url, "--data"])
        .arg(shared.join("data")))?;
    Ok(())
}
