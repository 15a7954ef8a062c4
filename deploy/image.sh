#!/usr/bin/env bash
# Builds the container image from the Dockerfile as written, with podman, on a machine that
# reaches no registry of base images, then starts it and checks /livez, /readyz, one
# extraction and a graceful stop; prints the image's size.
#
# The Dockerfile's build stage is FROM rust:1.95-slim-bookworm. When no image of that name is
# present, one is made here: Debian bookworm minbase (debootstrap, from the machine's own
# Debian mirror) with gcc and libc6-dev, plus this machine's Rust toolchain (rustc and cargo of
# `rustc --print sysroot`, which must be 1.95). The runtime stage is FROM scratch.
#
# Usage (root; needs podman, runc, debootstrap): bash deploy/image.sh [TAG]
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-localhost/gleaner:dev}"
builder=rust:1.95-slim-bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# Containers here run under runc (crun refuses hybrid cgroups) with limits no higher than the
# caller's own (raising them needs privileges a CI sandbox may not have).
limits=(--ulimit "nofile=4096:4096" --ulimit "nproc=4096:4096")
podman=(podman --runtime runc)

if ! "${podman[@]}" image exists "localhost/$builder"; then
  echo "== making the build stage's base, $builder (debootstrap + this machine's Rust)"
  version=$(rustc --version | awk '{print $2}')
  case "$version" in 1.95.*) ;; *) echo "rustc $version is not 1.95" >&2; exit 1 ;; esac
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include=gcc,libc6-dev,ca-certificates bookworm "$root" "$mirror" \
    > /tmp/gleaner-debootstrap.log 2>&1 || { tail -20 /tmp/gleaner-debootstrap.log >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  sysroot=$(rustc --print sysroot)
  mkdir -p "$root/usr/local/rust" "$root/usr/local/cargo"
  cp -a "$sysroot/bin" "$sysroot/lib" "$root/usr/local/rust/"
  tar -C "$root" -c . | podman import \
    --change 'ENV PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV CARGO_HOME=/usr/local/cargo' \
    - "localhost/$builder" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

echo "== podman build (the Dockerfile as written)"
# The crates come from this machine's cargo cache when it has them (a cache, like a
# BuildKit cache mount: the build itself is the Dockerfile's).
cache=()
registry="${CARGO_HOME:-$HOME/.cargo}/registry"
[ -d "$registry" ] && cache=(--volume "$registry:/usr/local/cargo/registry")
start=$(date +%s)
# Docker's image format: the OCI format has no HEALTHCHECK, and podman drops it there.
"${podman[@]}" build --format docker --pull=never --network host "${limits[@]}" "${cache[@]}" -t "$tag" -f Dockerfile . \
  > /tmp/gleaner-image-build.log 2>&1 || { tail -40 /tmp/gleaner-image-build.log >&2; exit 1; }
echo "built in $(( $(date +%s) - start )) s"

size=$(podman image inspect --format '{{.Size}}' "$tag")
user=$(podman image inspect --format '{{.Config.User}}' "$tag")
echo "image $tag: $size bytes ($(( size / 1024 / 1024 )) MiB), user $user"
[ "$user" = "10001:10001" ] || { echo "the image must run as 10001:10001" >&2; exit 1; }
health=$(podman image inspect --format '{{json .HealthCheck}}' "$tag")
echo "healthcheck: $health"
case "$health" in *probe*) ;; *) echo "the image lost the Dockerfile's HEALTHCHECK" >&2; exit 1 ;; esac

echo "== start it and check it"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# No systemd here to time the HEALTHCHECK: it is run once by hand below.
cid=$("${podman[@]}" run -d --network host --health-interval disable "${limits[@]}" \
  -e GLEANER_ADDR="127.0.0.1:$port" -e GLEANER_READINESS_DELAY=0 -e GLEANER_SHUTDOWN_GRACE=5 "$tag")
cleanup() { "${podman[@]}" rm -f "$cid" >/dev/null 2>&1 || true; }
trap cleanup EXIT
python3 - "$port" <<'PY'
import json, sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def get(path):
    try:
        with urllib.request.urlopen(base + path, timeout=5) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
for _ in range(100):
    try:
        status, _ = get("/livez")
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("the container did not answer /livez")
assert status == 200, status
status, body = get("/readyz")
assert status == 200 and json.loads(body)["status"] == "ready", (status, body)
page = open("tests/fixtures/structure.html", "rb").read()
req = urllib.request.Request(base + "/v1/extract?format=markdown", data=page,
                             headers={"Content-Type": "text/html"})
with urllib.request.urlopen(req, timeout=10) as r:
    article = json.load(r)
assert article["title"] == "How we measured the river", article["title"]
assert "| Station | Flow (m³/s) |" in article["markdown"], article["markdown"]
print(f"/livez 200, /readyz 200, extraction ok: {article['title']!r}, {article['stats']['text_chars']} chars")
PY
"${podman[@]}" healthcheck run "$cid" || { echo "the image's HEALTHCHECK failed" >&2; exit 1; }
echo "HEALTHCHECK (gleaner probe --path /livez): healthy"
"${podman[@]}" stop -t 10 "$cid" >/dev/null
code=$(podman inspect --format '{{.State.ExitCode}}' "$cid")
echo "stopped with SIGTERM: exit code $code"
[ "$code" = 0 ] || { podman logs "$cid" | tail -20 >&2; exit 1; }
"${podman[@]}" logs "$cid" 2>&1 | tail -3
