# syntax=docker/dockerfile:1
# gleaner as a crawler sidecar: small non-root runtime image, JSON logs, port 8080.
#   docker build -t gleaner .
#   docker run --rm -p 8080:8080 gleaner

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# Dependencies first, so that source edits do not rebuild them.
# The manifest names every bench target, so the benches come in whole (they change rarely);
# stubbing them one by one broke the build whenever a bench was added.
COPY Cargo.toml Cargo.lock ./
COPY benches benches
RUN mkdir -p src/bin \
 && echo 'fn main() {}' > src/bin/gleaner.rs && echo '' > src/lib.rs \
 && cargo build --release --locked --bin gleaner \
 && rm -rf src
COPY src src
COPY rules rules
COPY openapi.yaml README.md ./
RUN touch src/lib.rs src/bin/gleaner.rs \
 && cargo build --release --locked --bin gleaner \
 && strip target/release/gleaner

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin gleaner
COPY --from=build /src/target/release/gleaner /usr/local/bin/gleaner
USER 10001:10001
ENV GLEANER_ADDR=0.0.0.0:8080 \
    GLEANER_LOG_FORMAT=json \
    GLEANER_SHUTDOWN_GRACE=20 \
    GLEANER_READINESS_DELAY=2
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["gleaner", "probe", "--path", "/livez"]
ENTRYPOINT ["/usr/bin/tini", "--", "gleaner"]
CMD ["serve"]
