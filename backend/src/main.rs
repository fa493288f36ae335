use clap::Parser;
use dvc_backend::cli;
use dvc_backend::config::{Cli, Command, ContentCommand, DbUrl, IndexCommand, UserCommand};
use tracing_subscriber::EnvFilter;

fn init_tracing(json: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,tantivy=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(ansi);
    if json { builder.json().init() } else { builder.init() }
}

/// Tools print their results on stdout: logs go to stderr, warnings only.
fn init_cli_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_writer(std::io::stderr).init();
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // settings from --config FILE / DVC_CONFIG, under the environment and the flags
    let args = match dvc_backend::config::with_config_file(std::env::args_os().collect()) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("dvc-assistant: {e}");
            std::process::exit(2);
        }
    };
    let cli = Cli::parse_from(args);
    match cli.command {
        Command::Serve(cfg) => {
            init_tracing(cfg.log_format == "json");
            dvc_backend::run(cfg).await
        }
        Command::Index { command: IndexCommand::Build { content, db } } => {
            init_tracing(false);
            cli::index_build(content, db).await
        }
        Command::User { command: UserCommand::Add { username, role, db } } => {
            init_cli_tracing();
            cli::user_add(&username, &role, &db.data_dir, DbUrl { database_url: db.database_url }).await
        }
        Command::Probe { url } => cli::probe(&url),
        Command::Backup { to, data_dir } => {
            init_cli_tracing();
            cli::backup(&to, &data_dir).await
        }
        Command::Restore { from, data_dir } => {
            init_cli_tracing();
            cli::restore(&from, &data_dir).await
        }
        Command::Content { command: ContentCommand::Import { file, dry_run, author, content, db } } => {
            init_cli_tracing();
            cli::content_import(&file, dry_run, &author, content, db).await
        }
        Command::Content { command: ContentCommand::Export { format, kind, content, db } } => {
            init_cli_tracing();
            cli::content_export(&format, kind.as_deref(), content, db).await
        }
    }
}
