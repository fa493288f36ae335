//! The operator's commands besides `serve`: offline index build, content import and export,
//! account creation. Each opens the same database the server uses.

use std::path::Path;

use anyhow::{Context, bail};

use crate::auth::{self, Role};
use crate::config::{ContentConfig, DbUrl};
use crate::import::{self, Format};
use crate::storage::{Change, Limits, Store};
use crate::{DATABASE_FILE, catalog, content_sync};

async fn open(content: &ContentConfig, db: &DbUrl) -> anyhow::Result<Store> {
    let sqlite = content.data_dir.join(DATABASE_FILE);
    let store = Store::open(db.database_url.as_deref(), &sqlite, Limits::default()).await?;
    content_sync::seed(&store, &content.content).await?;
    Ok(store)
}

/// The newest version's catalog (index built in the data dir when missing).
async fn newest(store: &Store, data_dir: &Path) -> anyhow::Result<catalog::Catalog> {
    let head = store.content_head().await?.context("no content version")?;
    let v = store.content_version(head).await?.context("content version unreadable")?;
    let dir = data_dir.to_path_buf();
    Ok(tokio::task::spawn_blocking(move || catalog::from_version(v, &dir)).await??)
}

/// `dvc-assistant index build`.
pub async fn index_build(content: ContentConfig, db: DbUrl) -> anyhow::Result<()> {
    let store = open(&content, &db).await?;
    let c = newest(&store, &content.data_dir).await?;
    println!(
        "content version {} indexed ({}): {} documents",
        c.content_version.unwrap_or_default(),
        c.version,
        c.index.num_docs()
    );
    Ok(())
}

/// `dvc-assistant content import FILE [--dry-run]`: exit status 1 and every problem on stderr
/// when the file is invalid; nothing applied.
pub async fn content_import(
    file: &Path,
    dry_run: bool,
    author: &str,
    content: ContentConfig,
    db: DbUrl,
) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("{}", file.display()))?;
    let store = open(&content, &db).await?;
    let name = file.to_string_lossy();
    let note = format!("Nhập từ tệp {}", file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    if name.to_lowercase().ends_with(".txt") {
        let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{name}: không phải văn bản UTF-8"))?;
        if let Err(e) = dvc_index::Synonyms::parse(&text) {
            eprintln!("{name}: {e}");
            eprintln!("từ đồng nghĩa không hợp lệ: không có gì được áp dụng");
            std::process::exit(1);
        }
        return publish(&store, &[], Some(&text), dry_run, author, &note).await;
    }
    let format = Format::parse(&name).context("định dạng tệp phải là .jsonl, .csv, .xlsx hoặc .txt (từ đồng nghĩa)")?;
    let current = newest_content(&store).await?;
    let changes = match import::parse(&bytes, format, &current) {
        Ok(c) => c,
        Err(errors) => {
            for e in &errors {
                eprintln!("{name}: {e}");
            }
            eprintln!("{} lỗi trong tệp: không có gì được áp dụng", errors.len());
            std::process::exit(1);
        }
    };
    publish(&store, &changes, None, dry_run, author, &note).await
}

async fn newest_content(store: &Store) -> anyhow::Result<crate::content::Content> {
    let head = store.content_head().await?.context("no content version")?;
    let v = store.content_version(head).await?.context("content version unreadable")?;
    let date = crate::clock::rfc3339(v.created_at)[..10].to_string();
    Ok(crate::content::Content::from_docs(v.docs, date))
}

async fn publish(
    store: &Store,
    changes: &[Change],
    synonyms: Option<&str>,
    dry_run: bool,
    author: &str,
    note: &str,
) -> anyhow::Result<()> {
    let show = |label: &str, ids: &[String]| {
        let shown: Vec<&str> = ids.iter().take(20).map(String::as_str).collect();
        let more = if ids.len() > 20 { format!(" … (+{})", ids.len() - 20) } else { String::new() };
        println!("{label}: {} {}{more}", ids.len(), shown.join(", "));
    };
    if dry_run {
        let s = store.preview_changes(changes, synonyms).await?;
        println!("kiểm tra xong, tệp hợp lệ (chưa áp dụng):");
        show("thêm mới", &s.added);
        show("thay đổi", &s.changed);
        show("ngừng áp dụng", &s.retired);
        if s.synonyms_changed {
            println!("từ đồng nghĩa: thay đổi");
        }
        return Ok(());
    }
    match store.publish_content(changes, synonyms, author, note).await? {
        Some((info, s)) => {
            store.publish("content", &info.version.to_string()).await;
            println!("đã xuất bản phiên bản nội dung {}:", info.version);
            show("thêm mới", &s.added);
            show("thay đổi", &s.changed);
            show("ngừng áp dụng", &s.retired);
        }
        None => println!("không có thay đổi: không tạo phiên bản mới"),
    }
    Ok(())
}

/// `dvc-assistant content export`.
pub async fn content_export(format: &str, kind: Option<&str>, content: ContentConfig, db: DbUrl) -> anyhow::Result<()> {
    let store = open(&content, &db).await?;
    let format = Format::parse(format).context("--format jsonl|csv")?;
    let current = newest_content(&store).await?;
    let bytes = import::export(&current, kind, format).map_err(|e| anyhow::anyhow!(e))?;
    use std::io::Write;
    std::io::stdout().write_all(&bytes)?;
    Ok(())
}

/// `dvc-assistant user add NAME --role …` (password from standard input).
pub async fn user_add(username: &str, role: &str, content_data_dir: &Path, db: DbUrl) -> anyhow::Result<()> {
    let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("role must be staff, editor or admin"))?;
    let mut password = String::new();
    std::io::stdin().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    auth::check_password_strength(password).map_err(|e| anyhow::anyhow!(e))?;
    let sqlite = content_data_dir.join(DATABASE_FILE);
    let store = Store::open(db.database_url.as_deref(), &sqlite, Limits::default()).await?;
    if !store.add_user(username.trim(), &auth::hash_password(password), role).await? {
        bail!("user {username} already exists");
    }
    println!("user {} added with role {}", username.trim(), role.as_str());
    Ok(())
}

/// `dvc-assistant probe URL`: exit status 0 when the URL answers 200 within 3 s.
pub fn probe(url: &str) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").context("probe takes an http:// URL")?;
    let (host, path) = rest.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((rest, "/".into()));
    let addr = std::net::ToSocketAddrs::to_socket_addrs(host)?.next().context("address")?;
    let mut s = std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_secs(3))?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(3)))?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head)?;
    if &head[9..12] == b"200" { Ok(()) } else { bail!("{url}: {}", String::from_utf8_lossy(&head[9..12])) }
}

/// `dvc-assistant backup --to FILE`: a consistent snapshot of the running server's SQLite file.
pub async fn backup(to: &Path, data_dir: &Path) -> anyhow::Result<()> {
    if to.exists() {
        bail!("{} exists: choose a new file name", to.display());
    }
    let store = Store::open_sqlite(&data_dir.join(DATABASE_FILE), Limits::default()).await?;
    store.backup_sqlite(to).await?;
    let copy = Store::open_sqlite(to, Limits::default()).await?;
    println!(
        "backup {}: {} tickets, content version {}",
        to.display(),
        copy.ticket_count().await?,
        copy.content_head().await?.unwrap_or(0)
    );
    Ok(())
}

/// `dvc-assistant restore --from FILE`: the backup becomes the data dir's database (the server
/// must be stopped).
pub async fn restore(from: &Path, data_dir: &Path) -> anyhow::Result<()> {
    // the file must be a database of this program: opening it checks and migrates it
    let copy = Store::open_sqlite(from, Limits::default())
        .await
        .with_context(|| format!("{} is not a backup", from.display()))?;
    let tickets = copy.ticket_count().await?;
    drop(copy);
    std::fs::create_dir_all(data_dir)?;
    let target = data_dir.join(DATABASE_FILE);
    let tmp = data_dir.join(format!("{DATABASE_FILE}.restoring"));
    std::fs::copy(from, &tmp)?;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(data_dir.join(format!("{DATABASE_FILE}{suffix}")));
    }
    std::fs::rename(&tmp, &target)?;
    println!("restored {} into {} ({tickets} tickets)", from.display(), target.display());
    Ok(())
}
