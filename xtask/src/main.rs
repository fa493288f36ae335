//! `cargo xtask <command>`: the project's own automation. Every tool the project needs is
//! installed here, idempotently, from the package registries only.

mod setup;
mod tasks;
mod util;

use anyhow::{Result, bail};

const HELP: &str = "\
usage: cargo xtask <command> [args]

  run [serve args]   install missing tools, build the widget (release) and the server (release),
                     index the default content, serve http://127.0.0.1:8080
  test               everything CI runs: fmt, arrows, clippy, unit + HTTP tests, browser tests
  eval               answer quality on the dev sets vs PostgreSQL and SQLite baselines
  bench              criterion benchmarks of the search engine
  fuzz [cases]       property tests of every request-reachable parser, 100,000 cases each
  load [--seconds N] wrk load test of a release server on SQLite and PostgreSQL (report in
                     target/load-report.md)
  setup              only install the missing tools
  widget             only build the widget into dist/
";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let cmd = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "run" => tasks::run(&rest),
        "test" => tasks::test(),
        "eval" => tasks::eval(),
        "bench" => tasks::bench(&rest),
        "load" => tasks::load(&rest),
        "fuzz" => tasks::fuzz(&rest),
        "setup" => setup::all(),
        "widget" => tasks::widget(),
        "" | "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n{HELP}"),
    }
}
