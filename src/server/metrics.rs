//! `/metrics`: Prometheus metrics kept and rendered by prometheus-client (the Prometheus
//! project's Rust client), in the Prometheus text format (0.0.4), named by its
//! conventions: `_total` counters, base units (`_seconds`, `_bytes`).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::{Registry, Unit};

/// How an extraction request ended.
#[derive(Clone, Copy, Debug, Hash, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx.
    Ok,
    /// 4xx: the client's mistake (bad query, body, media type...).
    ClientError,
    /// 503 by design: every extraction slot or the memory budget was taken (load shedding,
    /// not a fault).
    Overloaded,
    /// Any other 5xx.
    ServerError,
}

impl Outcome {
    /// The outcome of a response status.
    pub fn of(status: u16) -> Outcome {
        match status {
            200..=399 => Outcome::Ok,
            400..=499 => Outcome::ClientError,
            _ => Outcome::ServerError,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::ClientError => "client_error",
            Outcome::Overloaded => "overloaded",
            Outcome::ServerError => "server_error",
        }
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

/// The service's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<OutcomeLabel, Counter>,
    empty: Counter,
    received: Counter,
    request_seconds: Histogram,
    body_bytes: Histogram,
    extraction_seconds: Histogram,
    in_flight: Gauge,
    ready: Gauge,
    resident: Gauge,
    open_fds: Gauge,
}

impl Metrics {
    /// Metrics of a service that runs at most `max_concurrent` extractions at once.
    pub fn new(max_concurrent: usize) -> Metrics {
        let mut registry = Registry::default();
        let requests = Family::<OutcomeLabel, Counter>::default();
        // Every outcome shows from the start, at 0: a rate over a series that appears
        // only with its first event misses that event.
        for o in [
            Outcome::Ok,
            Outcome::ClientError,
            Outcome::Overloaded,
            Outcome::ServerError,
        ] {
            let _ = requests.get_or_create(&OutcomeLabel { outcome: o.label() });
        }
        registry.register(
            "gleaner_requests",
            "Extraction requests (POST /v1/extract) by outcome: ok (2xx), client_error (4xx), \
             overloaded (503 load shedding), server_error (other 5xx)",
            requests.clone(),
        );
        let empty = Counter::default();
        registry.register(
            "gleaner_empty_articles",
            "Pages answered with no article found",
            empty.clone(),
        );
        let received = Counter::default();
        registry.register_with_unit(
            "gleaner_received",
            "Request body bytes received, as sent (before Content-Encoding is undone)",
            Unit::Bytes,
            received.clone(),
        );
        // 1 ms to ~33 s.
        let request_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 16));
        registry.register_with_unit(
            "gleaner_request_duration",
            "Time from an extraction request's arrival to its answer, upload included",
            Unit::Seconds,
            request_seconds.clone(),
        );
        // 1 KiB to 256 MiB.
        let body_bytes = Histogram::new(exponential_buckets(1024.0, 4.0, 10));
        registry.register_with_unit(
            "gleaner_request_body",
            "Size of the extraction requests' bodies as received",
            Unit::Bytes,
            body_bytes.clone(),
        );
        // 0.1 ms to ~3 s.
        let extraction_seconds = Histogram::new(exponential_buckets(0.0001, 2.0, 16));
        registry.register_with_unit(
            "gleaner_extraction",
            "CPU time spent processing each page (decoding, parsing, extracting), without \
             waiting for its upload",
            Unit::Seconds,
            extraction_seconds.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "gleaner_extractions_in_flight",
            "Extractions holding a slot now (the autoscaling signal; see \
             gleaner_extractions_max)",
            in_flight.clone(),
        );
        let max: Gauge = Gauge::default();
        max.set(i64::try_from(max_concurrent).unwrap_or(i64::MAX));
        registry.register(
            "gleaner_extractions_max",
            "Extraction slots (--max-concurrent); past them requests get 503",
            max,
        );
        let ready = Gauge::default();
        registry.register(
            "gleaner_ready",
            "Whether the service accepts work (0 while shutting down)",
            ready.clone(),
        );
        let build = Family::<BuildLabels, Gauge>::default();
        build
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
            })
            .set(1);
        registry.register(
            "gleaner_build_info",
            "The running build: always 1, its version as a label",
            build,
        );
        let resident = Gauge::default();
        registry.register_with_unit(
            "process_resident_memory",
            "Resident memory size of the process",
            Unit::Bytes,
            resident.clone(),
        );
        let open_fds = Gauge::default();
        registry.register(
            "process_open_fds",
            "Open file descriptors of the process",
            open_fds.clone(),
        );
        Metrics {
            registry,
            requests,
            empty,
            received,
            request_seconds,
            body_bytes,
            extraction_seconds,
            in_flight,
            ready,
            resident,
            open_fds,
        }
    }

    /// An extraction request answered with `outcome` after `seconds`.
    pub fn request(&self, outcome: Outcome, seconds: f64) {
        self.requests
            .get_or_create(&OutcomeLabel {
                outcome: outcome.label(),
            })
            .inc();
        self.request_seconds.observe(seconds);
    }

    /// A page extracted in `busy_us` of CPU time; `empty` when no article was found.
    pub fn extracted(&self, busy_us: u64, empty: bool) {
        self.extraction_seconds.observe(busy_us as f64 / 1e6);
        if empty {
            self.empty.inc();
        }
    }

    /// `n` bytes of a request body received.
    pub fn received(&self, n: u64) {
        self.received.inc_by(n);
    }

    /// A request body read whole: `bytes` long.
    pub fn body(&self, bytes: u64) {
        self.body_bytes.observe(bytes as f64);
    }

    /// The metrics as Prometheus text, with the gauges read now.
    pub fn render(&self, in_flight: usize, ready: bool) -> String {
        self.in_flight
            .set(i64::try_from(in_flight).unwrap_or(i64::MAX));
        self.ready.set(i64::from(ready));
        if let Some((rss, fds)) = process() {
            self.resident.set(rss);
            self.open_fds.set(fds);
        }
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry);
        out
    }

    /// The `Content-Type` of [`Metrics::render`]'s text.
    pub const CONTENT_TYPE: &'static str =
        prometheus_client::encoding::prometheus_text::CONTENT_TYPE;
}

/// The process's resident memory (bytes) and open file descriptors, where `/proc` tells.
fn process() -> Option<(i64, i64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: i64 = line.split_whitespace().nth(1)?.parse().ok()?;
    let fds = std::fs::read_dir("/proc/self/fd").ok()?.count() as i64;
    Some((kib * 1024, fds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_of_statuses() {
        assert_eq!(Outcome::of(200), Outcome::Ok);
        assert_eq!(Outcome::of(400), Outcome::ClientError);
        assert_eq!(Outcome::of(413), Outcome::ClientError);
        assert_eq!(Outcome::of(500), Outcome::ServerError);
        assert_eq!(Outcome::of(503), Outcome::ServerError);
    }

    #[test]
    fn text_follows_the_naming_conventions() {
        let m = Metrics::new(8);
        m.request(Outcome::ClientError, 0.002);
        m.received(10);
        m.body(10);
        m.extracted(1500, true);
        let t = m.render(3, true);
        for want in [
            "# TYPE gleaner_requests_total counter",
            "gleaner_requests_total{outcome=\"client_error\"} 1",
            "gleaner_requests_total{outcome=\"overloaded\"} 0",
            "gleaner_received_bytes_total 10",
            "gleaner_empty_articles_total 1",
            "# TYPE gleaner_request_duration_seconds histogram",
            "gleaner_request_duration_seconds_count 1",
            "gleaner_request_body_bytes_count 1",
            "gleaner_extraction_seconds_sum 0.0015",
            "gleaner_extractions_in_flight 3",
            "gleaner_extractions_max 8",
            "gleaner_ready 1",
            "gleaner_build_info{version=\"",
            "process_open_fds ",
            "process_resident_memory_bytes ",
        ] {
            assert!(t.contains(want), "{want} in:\n{t}");
        }
    }
}
