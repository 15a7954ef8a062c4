#!/usr/bin/env bash
# Snapshot of gleaner's whole output over every shared dataset, for changes that must not
# change it (a restructure) or whose every changed page must be read (a quality change).
#   bash bench/snapshot.sh target/release/gleaner /tmp/before   # at the old commit
#   bash bench/snapshot.sh target/release/gleaner /tmp/after    # at the new one
#   diff -rq /tmp/before /tmp/after                            # empty: byte-identical
# Each dataset in the three modes (balanced with --explain --format html), plus the script,
# ruby, width and reading options; `elapsed_us` and `busy_us` are zeroed, the only fields that vary.
set -euo pipefail
bin=$1 out=$2
shared="$(cd "$(dirname "$0")/../../shared" && pwd)"
mkdir -p "$out"
run() { "$bin" batch --jobs 2 "$@" 2>/dev/null | sed -E 's/"elapsed_us":[0-9]+/"elapsed_us":0/; s/"busy_us":[0-9]+/"busy_us":0/' || true; }
for ds in aeb trafilatura-eval zh-gne mercury-meta; do
  run --mode balanced --explain --format html "$shared/datasets/$ds/html" > "$out/$ds.balanced.jsonl"
  run --mode precision "$shared/datasets/$ds/html" > "$out/$ds.precision.jsonl"
  run --mode recall "$shared/datasets/$ds/html" > "$out/$ds.recall.jsonl"
done
run --ruby keep --script hant --width narrow "$shared/datasets/zh-gne/html" > "$out/zh-gne.opts.jsonl"
run --script hans --repair-readings=false "$shared/datasets/trafilatura-eval/html" > "$out/tr.opts.jsonl"
wc -l "$out"/*.jsonl | tail -1
