# syntax=docker/dockerfile:1
# gleaner as a crawler sidecar: one static binary in an otherwise empty image (no shell, no
# libc, no package manager), non-root, JSON logs, port 8080.
#   docker build -t gleaner .            (or: podman build -t gleaner .)
#   docker run --rm -p 8080:8080 gleaner
# Machines with no registry of base images: bash deploy/image.sh makes the build stage's
# base locally (Debian by debootstrap plus a Rust toolchain), builds this file with podman,
# starts the image and checks it. CI runs it.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
# glibc linked in statically (the target named, so build scripts and proc macros stay
# dynamic): the binary needs nothing from the image. The `dist` profile (fat LTO, one
# codegen unit) uses the committed profile of pgo/ (BENCHMARKS.md: about 16% fewer
# instructions and less CPU time than the `release` build, same output). Set before the
# first build, so that both builds agree and the dependencies are built once.
ENV RUSTFLAGS="-C target-feature=+crt-static -C profile-use=/src/pgo/gleaner.profdata" \
    CARGO_BUILD_TARGET=x86_64-unknown-linux-gnu
COPY pgo/gleaner.profdata.gz pgo/
RUN gzip -d pgo/gleaner.profdata.gz
# Dependencies first, so that source edits do not rebuild them.
# The manifest names every bench target, so the benches come in whole (they change rarely);
# stubbing them one by one broke the build whenever a bench was added.
COPY Cargo.toml Cargo.lock ./
COPY benches benches
RUN mkdir -p src/bin \
 && echo 'fn main() {}' > src/bin/gleaner.rs && echo '' > src/lib.rs \
 && cargo build --profile dist --locked --bin gleaner \
 && rm -rf src
COPY src src
COPY rules rules
COPY openapi.yaml README.md ./
RUN touch src/lib.rs src/bin/gleaner.rs \
 && cargo build --profile dist --locked --bin gleaner \
 && strip target/x86_64-unknown-linux-gnu/dist/gleaner \
 && target/x86_64-unknown-linux-gnu/dist/gleaner --version

FROM scratch
COPY --from=build /src/target/x86_64-unknown-linux-gnu/dist/gleaner /gleaner
# Numeric, so no /etc/passwd is needed. gleaner handles SIGTERM itself (readiness off, then
# a drain) and starts no child processes, so it runs as PID 1 without an init.
USER 10001:10001
ENV GLEANER_ADDR=0.0.0.0:8080 \
    GLEANER_LOG_FORMAT=json \
    GLEANER_SHUTDOWN_GRACE=20 \
    GLEANER_READINESS_DELAY=2
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["/gleaner", "probe", "--path", "/livez"]
ENTRYPOINT ["/gleaner"]
CMD ["serve"]
