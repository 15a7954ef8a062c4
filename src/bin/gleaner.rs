//! The `gleaner` binary: parses flags, sets up logging, runs the library.

use clap::Parser;
use gleaner::cli::{Cli, LogFormat};
use tracing_subscriber::EnvFilter;

/// mimalloc returns freed memory to the OS after a load (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc reads its options from the environment when the process starts, before
/// `main`. With its default purge delay, memory freed after a load is given back only
/// when later allocations trigger a collection — never, in an idle server — so `main`
/// re-executes the binary once with `MIMALLOC_PURGE_DELAY=0` (freed pages go back at once)
/// unless the variable is set: same process id, arguments and descriptors. Measured with
/// `bench/hostile_pages.py`: a 256 MiB page of navigation peaks at 27 MiB instead of 78,
/// and the server is back to 22 MiB after eight 16 MiB pages instead of 162; throughput is
/// the same within noise.
#[cfg(unix)]
fn purge_freed_memory_at_once() {
    use std::os::unix::process::CommandExt;
    const VAR: &str = "MIMALLOC_PURGE_DELAY";
    if std::env::var_os(VAR).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    // `exec` returns only when it failed; the process then goes on as it is.
    let _ = std::process::Command::new(exe)
        .args(args)
        .env(VAR, "0")
        .exec();
}

fn main() {
    #[cfg(unix)]
    purge_freed_memory_at_once();
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
