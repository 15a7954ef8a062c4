#!/usr/bin/env bash
# API conformance: schemathesis (PyPI) generates requests from openapi.yaml and checks the
# real server's answers against it (status codes, content types, schemas, no 5xx).
# Usage: bash bench/conformance.sh [max examples per operation, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-50}"
command -v st >/dev/null || python3 -m pip install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
# GLEANER_BIN: a binary built already (CI: the container image's); else the release build.
bin="${GLEANER_BIN:-}"
if [ -z "$bin" ]; then
  cargo build --release --quiet
  bin=./target/release/gleaner
fi
log=$(mktemp)
"$bin" serve --addr 127.0.0.1:0 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  addr=$(grep -o 'addr=[0-9.:]*' "$log" | head -1 | cut -d= -f2 || true)
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "the server did not start" >&2; cat "$log" >&2; exit 1; }
st run openapi.yaml --url "http://$addr" --checks all --max-examples "$n" \
  --generation-deterministic --no-color
