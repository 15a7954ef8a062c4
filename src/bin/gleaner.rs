//! The `gleaner` binary: parses flags, sets up logging, runs the library.

use clap::Parser;
use gleaner::cli::{Cli, LogFormat};
use tracing_subscriber::EnvFilter;

/// mimalloc returns freed memory to the OS after a load (see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (`include/mimalloc.h`), which
/// libmimalloc-sys names no constant for; `tests::purge_delay_is_option_15` checks it.
#[cfg(unix)]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc purges freed memory only when later allocations find its purge delay passed:
/// with its default (1 s) an idle server keeps what its last load freed. So the binary
/// purges at once (0 ms). Measured with `bench/hostile_pages.py` (2026-12-08): the server
/// is back to 18 MiB after a 256 MiB page of navigation, and to 27 MiB after eight 16 MiB
/// pages at once (peak 235 MiB); with the 1 s default it stayed at 162 MiB. `batch` gains nothing from a delay (trafilatura-eval, four
/// alternating runs of `--jobs 2` with 0, 10 and 1000 ms: CPU time equal within noise), so
/// every command uses 0. Set in-process before the first page (mimalloc reads the option
/// at each purge): no re-execution, so a profiler sees the whole run.
/// `MIMALLOC_PURGE_DELAY` in the environment wins.
#[cfg(unix)]
#[allow(unsafe_code)]
fn purge_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: mi_option_set stores a value in mimalloc's option table; any value is valid
    // for this option (negative disables purging).
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
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

#[cfg(all(test, unix))]
mod tests {
    use super::MI_OPTION_PURGE_DELAY;

    /// Option 15 is the purge delay: its default is mimalloc v3's 1000 ms, and setting it
    /// reads back. A renumbered option table fails here, not silently in production.
    #[test]
    #[allow(unsafe_code)]
    fn purge_delay_is_option_15() {
        // SAFETY: reads and writes one entry of mimalloc's option table.
        unsafe {
            if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
                assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 1000);
            }
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 7);
            assert_eq!(libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY), 7);
        }
    }
}
