use clap::Parser;
use dvc_backend::config::{Cli, Command, IndexCommand};
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
    }
}
