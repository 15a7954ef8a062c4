//! The HTTP service: `POST /v1/extract`, health, readiness, metrics and the OpenAPI document.
//!
//! [`configure`] builds the routes for both `gleaner serve` and the tests, so what is
//! tested is what runs.

mod body;
mod error;
mod metrics;
mod pool;
mod routes;
mod trace;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::{web, App, HttpServer};

pub use error::Problem;
pub use pool::Pool;
#[doc(hidden)]
pub use routes::json_request;

pub use metrics::{Metrics, Outcome};

use crate::Options;

/// How the service runs: the flags of `gleaner serve`, each with its environment
/// variable. The defaults are [`ServerConfig::default()`]'s, and nowhere else.
#[derive(Debug, Clone, clap::Args)]
pub struct ServerConfig {
    /// Address to listen on (port 0 picks a free port; the chosen address is logged).
    #[arg(long, env = "GLEANER_ADDR", default_value_t = ServerConfig::default().addr)]
    pub addr: String,
    /// Request-serving threads (they move bytes and answer health checks). Default: the
    /// number of cores.
    #[arg(long, env = "GLEANER_WORKERS")]
    pub workers: Option<usize>,
    /// Extraction threads: all decoding, parsing and extraction runs on them, never on
    /// the request-serving threads. Default: the number of cores.
    #[arg(long, env = "GLEANER_EXTRACT_THREADS")]
    pub extract_threads: Option<usize>,
    /// Largest request body accepted, in bytes (413 beyond it, checked while streaming;
    /// for a compressed body, its decoded size).
    #[arg(long, env = "GLEANER_MAX_BODY_BYTES", default_value_t = ServerConfig::default().max_body_bytes)]
    pub max_body_bytes: u64,
    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    #[arg(long, env = "GLEANER_SHUTDOWN_GRACE", default_value_t = ServerConfig::default().shutdown_grace)]
    pub shutdown_grace: u64,
    /// Seconds between failing readiness and stopping to accept connections on shutdown,
    /// so that load balancers notice first.
    #[arg(long, env = "GLEANER_READINESS_DELAY", default_value_t = ServerConfig::default().readiness_delay)]
    pub readiness_delay: u64,
    /// Seconds a client has to send its request headers.
    #[arg(long, env = "GLEANER_HEADER_TIMEOUT", default_value_t = ServerConfig::default().header_timeout)]
    pub header_timeout: u64,
    /// Seconds a client may go without sending any body data before its request is
    /// answered 408 (stalled uploads cannot hold a slot forever).
    #[arg(long, env = "GLEANER_BODY_TIMEOUT", default_value_t = ServerConfig::default().body_timeout)]
    pub body_timeout: u64,
    /// Seconds an upload may take before `--min-upload-rate` applies.
    #[arg(long, env = "GLEANER_UPLOAD_GRACE", default_value_t = ServerConfig::default().upload_grace)]
    pub upload_grace: u64,
    /// Bytes per second an upload must average after the grace period (each byte
    /// received buys 1/rate seconds more); slower ones are answered 408. 0: no minimum.
    #[arg(long, env = "GLEANER_MIN_UPLOAD_RATE", default_value_t = ServerConfig::default().min_upload_rate)]
    pub min_upload_rate: u64,
    /// Seconds a whole request body may take to arrive, however steadily (408 past it).
    #[arg(long, env = "GLEANER_MAX_UPLOAD_SECONDS", default_value_t = ServerConfig::default().max_upload_seconds)]
    pub max_upload_seconds: u64,
    /// Bytes of memory the extractions in progress may reserve in all: each page reserves
    /// its worst case (`--max-page-memory` + `--max-parser-memory` + four times
    /// `--max-text-bytes` for the article's copies and its JSON, and for a JSON request
    /// twice `--max-body-bytes`) when it takes its slot; past it, 503 with Retry-After.
    /// Default: three quarters of the cgroup's memory limit, or of the machine's memory.
    #[arg(long, env = "GLEANER_MAX_MEMORY")]
    pub max_memory: Option<u64>,
    /// Seconds data sent to a client may stay unacknowledged — a client that stops reading
    /// its answer — before the connection is closed and its buffers freed (Linux
    /// TCP_USER_TIMEOUT; elsewhere the system's default). 0: the system's default.
    #[arg(long, env = "GLEANER_WRITE_TIMEOUT", default_value_t = ServerConfig::default().write_timeout)]
    pub write_timeout: u64,
    /// Seconds a connection answered before its request body ended (a 413, a 422, a
    /// route that reads no body) keeps reading and discarding that body before it is
    /// closed (a lingering close, as nginx's): a client that writes its whole body before
    /// reading gets the answer, and no connection waits for a body for ever. The answer
    /// says `Connection: close`.
    #[arg(long, env = "GLEANER_LINGER", default_value_t = ServerConfig::default().linger)]
    pub linger: u64,
    /// Connections each request-serving thread keeps open at once (each holds at most
    /// about 128 KiB of buffers while its upload arrives); more wait in the backlog.
    #[arg(long, env = "GLEANER_MAX_CONNECTIONS", default_value_t = ServerConfig::default().max_connections)]
    pub max_connections: usize,
    /// Requests being extracted at once (each holds at most the parser memory and text
    /// limits, and a streamed upload holds its slot while it arrives); beyond it they are
    /// answered 503 with Retry-After.
    #[arg(long, env = "GLEANER_MAX_CONCURRENT", default_value_t = ServerConfig::default().max_concurrent)]
    pub max_concurrent: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            addr: "127.0.0.1:8080".into(),
            workers: None,
            extract_threads: None,
            max_body_bytes: 64 * 1024 * 1024,
            shutdown_grace: 10,
            readiness_delay: 0,
            header_timeout: 10,
            body_timeout: 15,
            upload_grace: 10,
            min_upload_rate: 1024,
            max_upload_seconds: 300,
            max_concurrent: 256,
            max_memory: None,
            max_connections: 1024,
            write_timeout: 30,
            linger: 5,
        }
    }
}

/// Shared state of the running service.
#[derive(Debug)]
pub struct AppState {
    /// Default options for every request.
    pub options: Options,
    /// Body limit in bytes (of the decoded body when it has a Content-Encoding).
    pub max_body_bytes: u64,
    /// Longest wait for the next piece of a request body.
    pub body_timeout: Duration,
    /// Time before the minimum upload rate applies.
    pub upload_grace: Duration,
    /// Bytes per second an upload must average after the grace (0: none).
    pub min_upload_rate: u64,
    /// Longest time for a whole body.
    pub max_upload: Duration,
    /// Extractions allowed at once.
    pub max_concurrent: usize,
    /// Extractions in progress.
    pub in_flight: std::sync::atomic::AtomicUsize,
    /// Bytes the extractions in progress may reserve in all.
    pub max_memory: u64,
    /// Bytes they have reserved.
    pub reserved: AtomicU64,
    /// What one page reserves (its worst case under the limits).
    pub page_reservation: u64,
    /// False once shutdown has begun.
    pub ready: AtomicBool,
    /// What `/metrics` shows.
    pub metrics: Metrics,
    /// The threads that decode and extract.
    pub pool: Pool,
    /// Set when the shutdown grace runs out: requests still in progress answer 503.
    pub grace_over: AtomicBool,
    /// Wakes the requests in progress when the grace runs out.
    pub grace_notify: tokio::sync::Notify,
    /// Seconds of shutdown grace.
    pub grace: u64,
}

impl AppState {
    /// Resolves when the shutdown grace has run out (never, until shutdown).
    pub async fn grace_over(&self) {
        loop {
            let woken = self.grace_notify.notified();
            if self.grace_over.load(Ordering::SeqCst) {
                return;
            }
            woken.await;
        }
    }

    /// Ends the grace: requests in progress answer 503 now.
    pub fn end_grace(&self) {
        self.grace_over.store(true, Ordering::SeqCst);
        self.grace_notify.notify_waiters();
    }
}

impl AppState {
    /// State for requests with `options` as their defaults, under `config`'s limits; starts
    /// the extraction threads.
    pub fn new(options: Options, config: &ServerConfig) -> std::io::Result<Self> {
        let threads = config
            .extract_threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let pool = Pool::new(threads)?;
        let page_reservation = page_reservation(&options.limits);
        Ok(AppState {
            options,
            max_body_bytes: config.max_body_bytes,
            body_timeout: Duration::from_secs(config.body_timeout.max(1)),
            upload_grace: Duration::from_secs(config.upload_grace),
            min_upload_rate: config.min_upload_rate,
            max_upload: Duration::from_secs(config.max_upload_seconds.max(1)),
            max_concurrent: config.max_concurrent.max(1),
            in_flight: std::sync::atomic::AtomicUsize::new(0),
            max_memory: config.max_memory.unwrap_or_else(default_max_memory),
            reserved: AtomicU64::new(0),
            page_reservation,
            grace_over: AtomicBool::new(false),
            grace_notify: tokio::sync::Notify::new(),
            grace: config.shutdown_grace,
            ready: AtomicBool::new(true),
            metrics: Metrics::new(config.max_concurrent.max(1)),
            pool,
        })
    }
}

/// What one page can make the process hold under `limits`: its records, lol_html's
/// buffers, the article's text copies and JSON, and a body piece.
fn page_reservation(limits: &crate::Limits) -> u64 {
    (limits.max_page_memory
        + limits.max_parser_memory
        + 4 * limits.max_text_bytes
        + 2 * limits.max_json_ld_bytes
        + pool::FEED_BYTES) as u64
}

/// Three quarters of the memory this process may use: the cgroup's limit (v2
/// `memory.max`, v1 `memory.limit_in_bytes`) when there is one, else the machine's.
fn default_max_memory() -> u64 {
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let cgroup = read("/sys/fs/cgroup/memory.max")
        .or_else(|| read("/sys/fs/cgroup/memory/memory.limit_in_bytes"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&v| v < 1 << 60);
    let machine = read("/proc/meminfo").and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
    });
    let total = match (cgroup, machine) {
        (Some(c), Some(m)) => c.min(m),
        (c, m) => c.or(m).unwrap_or(8 << 30),
    };
    total / 4 * 3
}

/// The connection callback that gives each connection a write timeout of `secs` (Linux:
/// TCP_USER_TIMEOUT, which also bounds zero-window probing, so a client that never reads
/// cannot hold its reply's buffers for longer).
fn write_timeout(
    secs: u64,
) -> impl Fn(&dyn std::any::Any, &mut actix_web::dev::Extensions) + Send + Sync + 'static {
    move |conn, _| {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        if secs > 0 {
            if let Some(tcp) = conn.downcast_ref::<actix_web::rt::net::TcpStream>() {
                let ms = u32::try_from(secs.saturating_mul(1000)).unwrap_or(u32::MAX);
                if let Err(e) = rustix::net::sockopt::set_tcp_user_timeout(tcp, ms) {
                    tracing::debug!(error = %e, "could not set the write timeout");
                }
            }
        }
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let _ = (conn, secs);
    }
}

/// Registers the service's routes on an actix `App`.
pub fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| routes::configure(cfg, state)
}

/// The addresses `--addr` names: an IP address and port (`127.0.0.1:8080`, `[::1]:8080`)
/// or a host name and port (`localhost:8080`: every address it resolves to).
fn listen_addrs(addr: &str) -> std::io::Result<Vec<SocketAddr>> {
    use std::net::ToSocketAddrs;
    let bad = |why: String| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "--addr {addr:?} is not an address like 127.0.0.1:8080 or localhost:8080: {why}"
            ),
        )
    };
    if let Ok(a) = addr.parse::<SocketAddr>() {
        return Ok(vec![a]);
    }
    let addrs: Vec<SocketAddr> = addr
        .to_socket_addrs()
        .map_err(|e| bad(e.to_string()))?
        .collect();
    if addrs.is_empty() {
        return Err(bad("the host name resolves to no address".into()));
    }
    Ok(addrs)
}

/// Runs the server until SIGTERM or SIGINT, then drains it gracefully. `options` are the
/// defaults of every request.
pub fn run(config: &ServerConfig, options: Options) -> std::io::Result<()> {
    let addrs = listen_addrs(&config.addr)?;
    // A long-running service compiles every rule now rather than on some request.
    options.rules.compile_all();
    let workers = config
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let state = web::Data::new(AppState::new(options, config)?);
    let grace = config.shutdown_grace;
    let readiness_delay = config.readiness_delay;
    let header_timeout = Duration::from_secs(config.header_timeout.max(1));

    actix_web::rt::System::new().block_on(async move {
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .configure(configure(app_state.clone()))
                .wrap(actix_web::middleware::from_fn(routes::trace_request))
        })
        .on_connect(write_timeout(config.write_timeout))
        .workers(workers)
        .max_connections(config.max_connections.max(1))
        .client_request_timeout(header_timeout)
        // How long a connection answered before its body ended lingers (reading and
        // discarding) before it is closed: actix-http closes such a connection only when
        // the request's payload is still held as the answer goes out (routes.rs keeps it).
        .client_disconnect_timeout(Duration::from_secs(config.linger.max(1)))
        // A second past the grace: requests still running answer 503 at the grace (see
        // below), and that answer is written before connections are closed.
        .shutdown_timeout(grace + 1)
        .disable_signals()
        .bind(&addrs[..])
        .map_err(|e| std::io::Error::new(e.kind(), format!("binding {}: {e}", config.addr)))?;
        for a in server.addrs() {
            tracing::info!(addr = %a, workers, extract_threads = state.pool.threads(), max_body_bytes = state.max_body_bytes, max_memory = state.max_memory, page_reservation = state.page_reservation, "listening");
        }
        let server = server.run();
        let handle = server.handle();
        let signal_state: Arc<web::Data<AppState>> = Arc::new(state.clone());
        actix_web::rt::spawn(async move {
            let signal = shutdown_signal().await;
            tracing::info!(
                signal,
                grace_s = grace,
                "shutting down: readiness now fails"
            );
            signal_state.ready.store(false, Ordering::SeqCst);
            if readiness_delay > 0 {
                actix_web::rt::time::sleep(Duration::from_secs(readiness_delay)).await;
            }
            let grace_state = signal_state.clone();
            actix_web::rt::spawn(async move {
                actix_web::rt::time::sleep(Duration::from_secs(grace)).await;
                tracing::info!("shutdown grace over: requests still running answer 503");
                grace_state.end_grace();
            });
            handle.stop(true).await;
        });
        server.await?;
        tracing::info!("stopped");
        Ok(())
    })
}

async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            },
            _ => {
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "ctrl-c"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses_are_ip_addresses_or_host_names() {
        assert_eq!(
            listen_addrs("127.0.0.1:8080").unwrap(),
            ["127.0.0.1:8080".parse::<SocketAddr>().unwrap()]
        );
        assert_eq!(listen_addrs("[::1]:0").unwrap().len(), 1);
        let local = listen_addrs("localhost:8080").unwrap();
        assert!(
            !local.is_empty()
                && local
                    .iter()
                    .all(|a| a.ip().is_loopback() && a.port() == 8080)
        );
        for bad in [
            "localhost",
            "127.0.0.1",
            ":8080",
            "no host.invalid:80",
            "localhost:99999",
        ] {
            let e = listen_addrs(bad).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{bad}");
            assert!(e.to_string().contains("localhost:8080"), "{e}");
        }
    }
}
