use clap::Parser;
use dvc_backend::auth::{self, Role};
use dvc_backend::config::{Cli, Command, IndexCommand, UserCommand};
use dvc_backend::storage::{Limits, Store};
use tracing_subscriber::EnvFilter;

fn init_tracing(json: bool) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn,tantivy=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(ansi);
    if json { builder.json().init() } else { builder.init() }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(cfg) => {
            init_tracing(cfg.log_format == "json");
            dvc_backend::run(cfg).await
        }
        Command::Index { command: IndexCommand::Build(cfg) } => {
            init_tracing(false);
            let catalog = dvc_backend::catalog::load(&cfg.content, &cfg.data_dir)?;
            println!("index {} ready: {} documents", catalog.version, catalog.index.num_docs());
            Ok(())
        }
        Command::User { command: UserCommand::Add { username, role, db } } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("role must be staff, editor or admin"))?;
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            auth::check_password_strength(password).map_err(|e| anyhow::anyhow!(e))?;
            let sqlite = db.data_dir.join(dvc_backend::DATABASE_FILE);
            let store = Store::open(db.database_url.as_deref(), &sqlite, Limits::default()).await?;
            if !store.add_user(username.trim(), &auth::hash_password(password), role).await? {
                anyhow::bail!("user {username} already exists");
            }
            println!("user {} added with role {}", username.trim(), role.as_str());
            Ok(())
        }
    }
}
