//! Installs what the project needs, only where missing or at the wrong version. Every step
//! uses a package registry (crates.io, npm, Debian); nothing downloads binaries at run time.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::util::{cargo, cargo_bin, output, root, run};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132";
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Every tool: widget build, browser tests, PostgreSQL.
pub fn all() -> Result<()> {
    widget_tools()?;
    browser_tools()?;
    postgres()?;
    Ok(())
}

/// Tools to build the widget with Trunk.
pub fn widget_tools() -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()
}

/// Chromium and the Node packages of the browser tests.
pub fn browser_tools() -> Result<()> {
    if !Path::new(CHROMIUM).exists() {
        apt(&["chromium", "chromium-driver"])?;
    }
    let dir = root().join("tests/browser");
    // Reinstall only when the lockfile changed since the last install.
    let lock = std::fs::read(dir.join("package-lock.json")).context("tests/browser/package-lock.json")?;
    let stamp = dir.join("node_modules/.dvc-installed-lock");
    if std::fs::read(&stamp).ok().as_deref() != Some(&lock[..]) {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))?;
        std::fs::write(&stamp, &lock)?;
    }
    Ok(())
}

/// PostgreSQL server binaries (for the baselines in `eval` and the storage tests).
pub fn postgres() -> Result<()> {
    if pg_bindir().is_none() {
        apt(&["postgresql"])?;
    }
    Ok(())
}

/// The load generator of `cargo xtask load`.
pub fn wrk() -> Result<()> {
    if output(Command::new("sh").args(["-c", "command -v wrk"])).is_none_or(|p| p.trim().is_empty()) {
        apt(&["wrk"])?;
    }
    Ok(())
}

/// Directory of the newest installed PostgreSQL server binaries.
pub fn pg_bindir() -> Option<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

fn wasm_target() -> Result<()> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if !installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn trunk() -> Result<()> {
    let have = output(Command::new(cargo_bin().join("trunk")).arg("--version")).unwrap_or_default();
    if !have.contains(TRUNK_VERSION) {
        // trunk 0.22 needs a newer rustc than this machine's
        run(cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))?;
    }
    Ok(())
}

/// The wasm-bindgen version pinned by Cargo.lock.
pub fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    bail!("wasm-bindgen is not in Cargo.lock")
}

fn wasm_bindgen() -> Result<()> {
    let version = locked_wasm_bindgen()?;
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{version}\"")) {
        bail!("Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen {version}");
    }
    let have = output(Command::new(cargo_bin().join("wasm-bindgen")).arg("--version")).unwrap_or_default();
    if !have.contains(&version) {
        // without --locked: its lockfile pins a crate version the registry lacks
        run(cargo().args(["install", "wasm-bindgen-cli", "--version", &version]))?;
    }
    Ok(())
}

fn wasm_opt() -> Result<()> {
    let bin = root().join(".tools/node_modules/.bin/wasm-opt");
    let have = output(Command::new(&bin).arg("--version")).unwrap_or_default();
    if !have.contains(&format!("version_{BINARYEN_VERSION}")) {
        // never Debian's binaryen 108: it builds a broken wasm
        std::fs::create_dir_all(root().join(".tools"))?;
        run(Command::new("npm").args([
            "install",
            "--prefix",
            ".tools",
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))?;
    }
    Ok(())
}

fn apt(packages: &[&str]) -> Result<()> {
    run(Command::new("apt-get").arg("update"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
