//! Command line: `gleaner serve`, `gleaner extract`, `gleaner batch`.
//!
//! Raw flags (clap) are validated into run configurations before any work starts.

mod batch;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{Choices, Extractor, Limits, Options, Rules};

/// Command line of the `gleaner` binary.
#[derive(Debug, Parser)]
#[command(
    name = "gleaner",
    version,
    about = "Turns raw web pages into clean article JSON"
)]
pub struct Cli {
    /// Log format: `text` for people, `json` for containers.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, env = "GLEANER_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service.
    #[cfg(feature = "server")]
    Serve(ServeArgs),
    /// Extract one page (a file, or `-` for standard input) and print the Article JSON.
    Extract(ExtractArgs),
    /// Extract many pages (files and folders of .html, .htm, .gz) into JSONL on stdout.
    Batch(BatchArgs),
    /// Ask a running server for a health route; exit 0 when it answers 200 (for container
    /// HEALTHCHECKs, where no curl is installed).
    Probe(ProbeArgs),
}

/// `gleaner probe` flags.
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Address of the server.
    #[arg(long, env = "GLEANER_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Route to ask.
    #[arg(long, default_value = "/readyz")]
    pub path: String,
    /// Seconds to wait for the answer.
    #[arg(long, default_value_t = 3)]
    pub timeout: u64,
}

fn probe(args: &ProbeArgs) -> anyhow::Result<i32> {
    use std::net::ToSocketAddrs;
    let timeout = std::time::Duration::from_secs(args.timeout.max(1));
    // A wildcard listen address is probed on loopback.
    let addr = args.addr.replace("0.0.0.0", "127.0.0.1");
    let sock = addr
        .to_socket_addrs()
        .with_context(|| format!("resolving {addr}"))?
        .next()
        .with_context(|| format!("no address for {addr}"))?;
    let mut s = std::net::TcpStream::connect_timeout(&sock, timeout)
        .with_context(|| format!("connecting to {addr}"))?;
    s.set_read_timeout(Some(timeout))?;
    write!(
        s,
        "GET {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n",
        args.path
    )?;
    let mut head = [0u8; 12];
    s.read_exact(&mut head).context("reading the answer")?;
    let ok = head.get(9..12) == Some(b"200");
    eprintln!(
        "{} {}: {}",
        addr,
        args.path,
        String::from_utf8_lossy(&head).trim()
    );
    Ok(if ok { 0 } else { 1 })
}

/// How pages are extracted: shared by `extract` and `batch`, and the defaults of `serve`
/// (which a request's own choices override).
#[derive(Debug, Clone, Args)]
pub struct ExtractFlags {
    /// The choices of each page.
    #[command(
        flatten,
        next_help_heading = "Choices (per page; a request may override them)"
    )]
    pub choices: Choices,
    /// The limits of each page.
    #[command(flatten, next_help_heading = "Limits (per page)")]
    pub limits: Limits,
    /// Extra boilerplate rules (TOML, the format of rules/boilerplate.toml), added to the built-in ones.
    #[arg(long, env = "GLEANER_RULES")]
    pub rules: Option<PathBuf>,
}

impl ExtractFlags {
    /// Validates the flags into [`Options`] (reads and compiles the rules file).
    pub fn options(&self) -> anyhow::Result<Options> {
        let rules = match &self.rules {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading rules file {}", path.display()))?;
                Arc::new(
                    Rules::builtin_and(&text)
                        .with_context(|| format!("rules file {}", path.display()))?,
                )
            }
            None => Rules::builtin(),
        };
        let defaults = Options::default()
            .with_limits(self.limits)
            .with_rules(rules);
        Ok(self.choices.apply(defaults))
    }
}

/// `gleaner serve` flags.
#[cfg(feature = "server")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// How the service runs.
    #[command(flatten)]
    pub server: crate::server::ServerConfig,
    /// Default extraction options (a request's own choices override them).
    #[command(flatten)]
    pub flags: ExtractFlags,
}

/// `gleaner extract` flags.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The page: a file path, or `-` (the default) for standard input. `.gz` files are gunzipped.
    #[arg(default_value = "-")]
    pub input: PathBuf,
    /// Pretty-print the JSON.
    #[arg(long)]
    pub pretty: bool,
    /// Print the article alone, not its JSON: Markdown with `--format markdown`, sanitized
    /// HTML with `--format html`, plain text otherwise.
    #[arg(long)]
    pub bare: bool,
    /// Charset of the input, overriding what the page declares (a BOM still wins).
    #[arg(long)]
    pub charset: Option<String>,
    /// URL of the page (used for `url` and to resolve relative links).
    #[arg(long)]
    pub url: Option<String>,
    /// Extraction options.
    #[command(flatten)]
    pub flags: ExtractFlags,
}

/// `gleaner batch` flags.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Files and folders (searched recursively for .html, .htm and .gz files); with
    /// `--input jsonl`, JSONL files (`-`: standard input).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// What the inputs are: pages (`files`), or `jsonl` records `{"id", "url",
    /// "charset", "html" | "html_base64"}` answered with `{"id", "article" | "error"}`.
    #[arg(long, value_enum, default_value_t = BatchInput::Files)]
    pub input: BatchInput,
    /// Takes only shard I of N (`I/N`, 0-based): inputs number I, I+N, I+2N... (files in
    /// sorted order, or JSONL lines). I defaults to `JOB_COMPLETION_INDEX` when set
    /// (a Kubernetes indexed Job): `--shard /N`.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Skips the inputs already answered in this JSONL output of an earlier run (page
    /// files by `path`, records by their `input` number): append this run's output to it.
    /// A last line cut short is dropped from it when this run appends to the same file.
    /// `{shard}` in the path is replaced by the shard's index I.
    #[arg(long, value_name = "OUT.jsonl")]
    pub resume: Option<PathBuf>,
    /// Appends the lines to this file (created when missing) instead of standard output:
    /// what a container without a shell needs. `{shard}` in the path is replaced by the
    /// shard's index I (`--output out/shard-{shard}.jsonl --resume out/shard-{shard}.jsonl`).
    #[arg(long, value_name = "OUT.jsonl")]
    pub output: Option<PathBuf>,
    /// Pages extracted in parallel. Default (and 0): the number of cores.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// The error budget: pages that may fail (each an error line in the output) before
    /// the run's exit status is 1. With `--resume`, the error lines already in the file
    /// count too, so a restarted run says what the whole output holds. Exit status: 0
    /// within the budget, 1 over it, 2 when the run could not finish (a read or write
    /// error, bad arguments).
    #[arg(
        long,
        env = "GLEANER_MAX_ERRORS",
        default_value_t = 0,
        value_name = "N"
    )]
    pub max_errors: u64,
    /// Charset of every input, overriding what the pages declare (a BOM still wins).
    #[arg(long)]
    pub charset: Option<String>,
    /// Extraction options.
    #[command(flatten)]
    pub flags: ExtractFlags,
}

/// What `gleaner batch` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchInput {
    /// Page files and folders.
    Files,
    /// JSONL records, one page each.
    Jsonl,
}

impl BatchArgs {
    /// `--shard I/N` as (I, N); `I` may be left out when `JOB_COMPLETION_INDEX` is set.
    pub fn shard(&self) -> anyhow::Result<Option<(usize, usize)>> {
        let Some(spec) = self.shard.as_deref() else {
            return Ok(None);
        };
        let (i, n) = spec
            .split_once('/')
            .ok_or_else(|| anyhow::anyhow!("--shard {spec:?} is not I/N (e.g. 0/4)"))?;
        let n: usize = n
            .trim()
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| anyhow::anyhow!("--shard {spec:?}: N must be a number above 0"))?;
        let i = if i.trim().is_empty() {
            std::env::var("JOB_COMPLETION_INDEX").map_err(|_| {
                anyhow::anyhow!("--shard {spec:?} leaves I out but JOB_COMPLETION_INDEX is not set")
            })?
        } else {
            i.to_string()
        };
        let i: usize = i
            .trim()
            .parse()
            .ok()
            .filter(|&i| i < n)
            .ok_or_else(|| anyhow::anyhow!("--shard {spec:?}: I must be a number below N"))?;
        Ok(Some((i, n)))
    }
}

/// Streams a reader into an extractor in 64 KiB chunks.
pub(crate) fn extract_reader(
    mut r: impl Read,
    options: &Options,
) -> anyhow::Result<crate::Article> {
    let mut ex = Extractor::new(options);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = r.read(&mut buf).context("reading input")?;
        if n == 0 {
            break;
        }
        ex.write(buf.get(..n).unwrap_or_default())?;
    }
    Ok(ex.finish()?)
}

/// Opens a path for reading, gunzipping `.gz` files; `-` is standard input.
pub(crate) fn open(path: &std::path::Path) -> anyhow::Result<Box<dyn Read>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let f = std::io::BufReader::with_capacity(64 * 1024, f);
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(f)))
    } else {
        Ok(Box::new(f))
    }
}

/// Runs the CLI; returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    match cli.command {
        #[cfg(feature = "server")]
        Command::Serve(args) => {
            crate::server::run(&args.server, args.flags.options()?)?;
            Ok(0)
        }
        Command::Extract(args) => {
            let options = args
                .flags
                .options()?
                .with_charset(args.charset)
                .with_url(args.url);
            let format = options.format;
            let article = extract_reader(open(&args.input)?, &options)?;
            let mut out = std::io::stdout().lock();
            if args.bare {
                let doc = crate::render::document(&article, format);
                out.write_all(doc.trim_end().as_bytes())?;
            } else if args.pretty {
                serde_json::to_writer_pretty(&mut out, &article)?;
            } else {
                serde_json::to_writer(&mut out, &article)?;
            }
            writeln!(out)?;
            Ok(0)
        }
        Command::Batch(args) => batch::run(args),
        Command::Probe(args) => probe(&args),
    }
}
