//! The `gleaner` binary: parses flags, sets up logging, runs the library.

use clap::Parser;
use gleaner::cli::{Cli, LogFormat};
use tracing_subscriber::EnvFilter;

/// mimalloc returns freed memory to the OS after a load (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_env("GLEANER_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    match cli.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
    match gleaner::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("gleaner: {e:#}");
            std::process::exit(2);
        }
    }
}
