//! Command line and environment: the one place the server reads its settings.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "dvc-assistant", version, about = "Trợ lý Dịch vụ công: citizen assistant for public-service portals")]
#[command(args_override_self = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API, the widget and the demo portal page.
    Serve(ServeConfig),
    /// Index operations.
    Index {
        #[command(subcommand)]
        command: IndexCommand,
    },
    /// Staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Exit 0 when URL answers 200 (a health check for containers without curl).
    Probe { url: String },
    /// Copy the SQLite database to FILE while the server runs (a consistent online snapshot).
    Backup {
        #[arg(long)]
        to: PathBuf,
        #[arg(long, env = "DVC_DATA_DIR", default_value = "var")]
        data_dir: PathBuf,
    },
    /// Put a backup in place of the SQLite database (stop the server first).
    Restore {
        #[arg(long)]
        from: PathBuf,
        #[arg(long, env = "DVC_DATA_DIR", default_value = "var")]
        data_dir: PathBuf,
    },
    /// Content in the database: import (validate, preview, publish) and export.
    Content {
        #[command(subcommand)]
        command: ContentCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Validate FILE (.jsonl, .csv, .xlsx; or a synonyms .txt) and publish it as a new content
    /// version; every bad row is reported with its line and nothing is applied. A server on the
    /// same database serves the new version within seconds.
    Import {
        file: PathBuf,
        /// Only validate and show what would be added, changed and retired.
        #[arg(long)]
        dry_run: bool,
        /// Who publishes (kept in the version history).
        #[arg(long, default_value = "cli")]
        author: String,
        #[command(flatten)]
        content: ContentConfig,
        #[command(flatten)]
        db: DbUrl,
    },
    /// Write the live content to standard output (`--format jsonl|csv`, `--kind faq|procedure`).
    Export {
        #[arg(long, default_value = "jsonl")]
        format: String,
        #[arg(long)]
        kind: Option<String>,
        #[command(flatten)]
        content: ContentConfig,
        #[command(flatten)]
        db: DbUrl,
    },
}

/// The PostgreSQL URL, when not SQLite in the data dir.
#[derive(Debug, Clone, Args)]
pub struct DbUrl {
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input (first line).
    Add {
        username: String,
        /// staff (hotline queue), editor (content) or admin (everything).
        #[arg(long)]
        role: String,
        #[command(flatten)]
        db: DatabaseConfig,
    },
}

/// Where tickets, accounts, conversations and content history are kept.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// Directory of the server's state (the SQLite database lives here by default).
    #[arg(long, env = "DVC_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// `postgres://user:password@host/db` to share the database between replicas; SQLite in the
    /// data dir when unset.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Build the search index of the newest content version offline (the server reuses it).
    Build {
        #[command(flatten)]
        content: ContentConfig,
        #[command(flatten)]
        db: DbUrl,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ContentConfig {
    /// Directory of the server's state: index, database.
    #[arg(long, env = "DVC_DATA_DIR", default_value = "var")]
    pub data_dir: PathBuf,
    /// Directory of the content files (procedures*.jsonl, faqs.jsonl, synonyms.txt).
    #[arg(long, env = "DVC_CONTENT", default_value = "data")]
    pub content: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "DVC_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub content: ContentConfig,
    /// Directory of the built widget (Trunk's output).
    #[arg(long, env = "DVC_WIDGET_DIR", default_value = "dist")]
    pub widget_dir: PathBuf,
    /// Hotline phone number shown to citizens.
    #[arg(long, env = "DVC_HOTLINE", default_value = "1900 0000")]
    pub hotline: String,
    /// Prefix of hotline ticket codes (e.g. the province: "TN" gives "TN-7K3QX9").
    #[arg(long, env = "DVC_TICKET_PREFIX", default_value = "DV")]
    pub ticket_prefix: String,
    /// Response time promised to citizens for a ticket, in hours.
    #[arg(long, env = "DVC_RESPONSE_HOURS", default_value_t = 2)]
    pub response_hours: u32,
    /// Rate limits on ticket creation and lookup: "on" or "off" (for load tests on loopback).
    #[arg(long, env = "DVC_RATE_LIMITS", default_value = "on")]
    pub rate_limits: String,
    /// Tickets per client address per hour.
    #[arg(long, env = "DVC_TICKETS_PER_IP_HOUR", default_value_t = 10)]
    pub tickets_per_ip_hour: u32,
    /// Tickets per phone number per day.
    #[arg(long, env = "DVC_TICKETS_PER_PHONE_DAY", default_value_t = 5)]
    pub tickets_per_phone_day: u32,
    /// Ticket lookups per client address per minute.
    #[arg(long, env = "DVC_LOOKUPS_PER_IP_MINUTE", default_value_t = 60)]
    pub lookups_per_ip_minute: u32,
    /// Public API requests (search, chat, …) per client address per minute.
    #[arg(long, env = "DVC_REQUESTS_PER_IP_MINUTE", default_value_t = 300)]
    pub requests_per_ip_minute: u32,
    /// Origins of the portals that embed the widget (comma-separated, e.g.
    /// `https://dichvucong.thainguyen.gov.vn`): the widget's frame-ancestors and the API's CORS
    /// allowlist. Empty: any page may embed the widget, and only same-origin calls reach the API.
    #[arg(long, env = "DVC_PORTAL_ORIGINS", value_delimiter = ',', default_value = "")]
    pub portal_origins: Vec<String>,
    /// Production mode: refuse to start with an insecure configuration (no portal origins, no
    /// HTTPS proxy, rate limits off, an http:// webhook); session cookies always Secure.
    #[arg(long, env = "DVC_PRODUCTION", default_value_t = false)]
    pub production: bool,
    /// Behind a reverse proxy: take the client address from X-Forwarded-For.
    #[arg(long, env = "DVC_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// PostgreSQL URL (`postgres://…`) to share tickets, sessions and content between replicas;
    /// SQLite in the data dir when unset.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// How the response-time target is counted: "24x7" or "office" (Mon–Fri 07:30–11:30,
    /// 13:30–17:00 Vietnam time).
    #[arg(long, env = "DVC_SLA_CALENDAR", default_value = "24x7")]
    pub sla_calendar: crate::sla::Calendar,
    /// URL to POST ticket events to (created, resolved), signed with the webhook secret.
    #[arg(long, env = "DVC_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// Secret of the webhook's HMAC-SHA256 signature (required with a webhook URL).
    #[arg(long, env = "DVC_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Log format: "text" or "json".
    #[arg(long, env = "DVC_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

/// Settings from a file (`--config FILE` or `DVC_CONFIG`): `KEY=VALUE` lines with the
/// environment names of the table in README (`DVC_HOTLINE=1900 1234`, `DATABASE_URL=…`; `#`
/// comments). Precedence: command-line flags, then the environment, then the file, then defaults.
/// Returns the arguments with the file's settings put in as flags (or a message naming the line).
pub fn with_config_file(args: Vec<std::ffi::OsString>) -> Result<Vec<std::ffi::OsString>, String> {
    use clap::CommandFactory;
    let mut args = args;
    let mut path = std::env::var_os("DVC_CONFIG").map(PathBuf::from);
    if let Some(i) = args.iter().position(|a| a == "--config") {
        let value = args.get(i + 1).cloned().ok_or("--config needs a file")?;
        path = Some(PathBuf::from(value));
        args.drain(i..=i + 1);
    }
    let Some(path) = path else { return Ok(args) };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    // the file configures `serve`; other commands take what they know from it
    let sub = args.get(1).and_then(|a| a.to_str()).unwrap_or_default().to_string();
    let cmd = Cli::command();
    let Some(sub_cmd) = cmd.find_subcommand(&sub) else { return Ok(args) };
    let known: Vec<(String, bool)> = sub_cmd
        .get_arguments()
        .filter_map(|a| a.get_long().map(|l| (l.to_string(), !a.get_action().takes_values())))
        .collect();
    let mut extra = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) =
            line.split_once('=').ok_or_else(|| format!("{}:{}: expected KEY=VALUE", path.display(), n + 1))?;
        let (key, value) = (key.trim(), value.trim().trim_matches('"'));
        let flag = match key {
            "DATABASE_URL" => "database-url".to_string(),
            k if k.starts_with("DVC_") => k["DVC_".len()..].to_lowercase().replace('_', "-"),
            _ => return Err(format!("{}:{}: unknown setting {key}", path.display(), n + 1)),
        };
        if std::env::var_os(key).is_some() {
            continue; // the environment wins over the file
        }
        match known.iter().find(|(l, _)| *l == flag) {
            Some((_, true)) if matches!(value, "true" | "1" | "yes") => extra.push(format!("--{flag}")),
            Some((_, true)) => {}
            Some((_, false)) => extra.push(format!("--{flag}={value}")),
            None if Cli::command()
                .get_subcommands()
                .any(|c| c.get_arguments().any(|a| a.get_long() == Some(&flag))) => {}
            None => return Err(format!("{}:{}: unknown setting {key}", path.display(), n + 1)),
        }
    }
    // right after the subcommand, so flags given on the command line (later) override them
    let at = 2.min(args.len());
    args.splice(at..at, extra.into_iter().map(std::ffi::OsString::from));
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Result<ServeConfig, String> {
        let args = with_config_file(args.iter().map(Into::into).collect())?;
        match Cli::try_parse_from(args).map_err(|e| e.to_string())?.command {
            Command::Serve(cfg) => Ok(cfg),
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_config_file_sets_what_flags_do_not() {
        let dir = std::env::temp_dir().join(format!("dvc-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("dvc.env");
        std::fs::write(
            &file,
            "# Thái Nguyên\nDVC_HOTLINE=\"0208 1022\"\nDVC_TICKET_PREFIX=TN\nDVC_TRUST_PROXY=true\nDVC_PORTAL_ORIGINS=https://a.gov.vn,https://b.gov.vn\n",
        )
        .unwrap();
        let f = file.to_str().unwrap();
        let cfg = serve(&["dvc-assistant", "serve", "--config", f, "--ticket-prefix", "TQ"]).unwrap();
        assert_eq!(cfg.hotline, "0208 1022");
        assert_eq!(cfg.ticket_prefix, "TQ", "a flag overrides the file");
        assert!(cfg.trust_proxy);
        assert_eq!(cfg.portal_origins, ["https://a.gov.vn", "https://b.gov.vn"]);
        std::fs::write(&file, "DVC_HOTLINE=1\nDVC_COLOUR=blue\n").unwrap();
        let err = serve(&["dvc-assistant", "serve", "--config", f]).unwrap_err();
        assert!(err.ends_with("dvc.env:2: unknown setting DVC_COLOUR"), "{err}");
        std::fs::write(&file, "just words\n").unwrap();
        assert!(serve(&["dvc-assistant", "serve", "--config", f]).unwrap_err().contains(":1: expected KEY=VALUE"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
