//! A throwaway PostgreSQL cluster from the installed binaries (`/usr/lib/postgresql/<v>/bin`,
//! installed by `cargo xtask setup`), one per test binary, started on first use and stopped
//! when the test process exits. Each test gets its own database.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running cluster: `postgres://postgres@127.0.0.1:<port>/`.
#[derive(Debug)]
pub struct Cluster {
    pub port: u16,
}

/// The newest installed PostgreSQL's bin directory.
pub fn bindir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort_by_key(|p| {
        p.parent().and_then(|v| v.file_name()).and_then(|v| v.to_str()).and_then(|v| v.parse::<u32>().ok())
    });
    dirs.pop()
}

/// `(uid, gid)` of the `postgres` account: PostgreSQL refuses to run as root.
fn postgres_ids() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.first() == Some(&"postgres")).then(|| Some((f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?)))?
    })
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

fn as_postgres(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    if is_root() {
        let (uid, gid) = postgres_ids().expect("a postgres account (installed with the PostgreSQL packages)");
        cmd.uid(uid).gid(gid);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// The cluster of this test binary, started on first use.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(start)
}

fn start() -> Cluster {
    let bin = bindir().expect("PostgreSQL binaries in /usr/lib/postgresql (run `cargo xtask setup`)");
    let dir = std::env::temp_dir().join(format!("dvc-pg-{}", dvc_backend::storage::new_id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    if is_root() {
        let (uid, gid) = postgres_ids().expect("a postgres account");
        std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown the cluster dir");
    }
    let data = dir.join("data");
    let mut initdb = Command::new(bin.join("initdb"));
    initdb.args(["-D", path(&data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    initdb.stdout(Stdio::null()).stderr(Stdio::piped());
    as_postgres(&mut initdb);
    let out = initdb.output().expect("initdb runs");
    assert!(out.status.success(), "initdb failed: {}", String::from_utf8_lossy(&out.stderr));
    let port = free_port();
    let mut postgres = Command::new(bin.join("postgres"));
    postgres.args(["-D", path(&data), "-p", &port.to_string(), "-k", path(&dir)]);
    // a test cluster: durability is tested on the real settings elsewhere; speed matters here
    postgres.args(["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off"]);
    postgres.args(["-c", "max_connections=300", "-c", "shared_buffers=32MB"]);
    postgres
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("log")).map(Stdio::from).unwrap_or(Stdio::null()));
    as_postgres(&mut postgres);
    let mut child = postgres.spawn().expect("postgres starts");
    watchdog(child.id(), &dir);
    // reap the server if it stops while the tests run
    std::thread::spawn(move || child.wait());
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "PostgreSQL did not start: see {}", dir.join("log").display());
        std::thread::sleep(Duration::from_millis(50));
    }
    // accepting connections is not yet ready: wait until a query works
    let ready = Instant::now() + Duration::from_secs(30);
    loop {
        let ok = Command::new(bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-U", "postgres", "-d", "postgres", "-c", "SELECT 1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            break;
        }
        assert!(Instant::now() < ready, "PostgreSQL not ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    Cluster { port }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// Stop the server (fast shutdown) and remove its files once this test process is gone.
fn watchdog(server: u32, dir: &Path) {
    let me = std::process::id();
    let script = format!(
        "while kill -0 {me} 2>/dev/null; do sleep 0.5; done; kill -INT {server} 2>/dev/null; \
         for i in $(seq 1 100); do kill -0 {server} 2>/dev/null || break; sleep 0.1; done; rm -rf '{}'",
        dir.display()
    );
    let mut sh = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sh runs");
    // it outlives this process on purpose; the thread only reaps it if it ends first
    std::thread::spawn(move || sh.wait());
}

impl Cluster {
    /// A new, empty database: its URL.
    pub fn new_database(&self) -> String {
        let name = format!("t_{}", dvc_backend::storage::new_id());
        let bin = bindir().expect("PostgreSQL binaries");
        let out = Command::new(bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres"])
            .args(["-v", "ON_ERROR_STOP=1", "-c", &format!("CREATE DATABASE {name}")])
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "CREATE DATABASE failed: {}", String::from_utf8_lossy(&out.stderr));
        self.url(&name)
    }

    /// Run SQL as the superuser (e.g. to take a database away from the server under test).
    pub fn sql(&self, statement: &str) {
        let bin = bindir().expect("PostgreSQL binaries");
        let out = Command::new(bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", "postgres"])
            .args(["-v", "ON_ERROR_STOP=1", "-c", statement])
            .output()
            .expect("psql runs");
        assert!(out.status.success(), "{statement}: {}", String::from_utf8_lossy(&out.stderr));
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }
}
