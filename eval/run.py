#!/usr/bin/env python3
"""Evaluate gleaner on the shared benchmarks and gate on the pinned floors.

Runs `gleaner batch` over each dataset's pages (raw bytes, gzip), writes predictions as
{doc_id: {"articleBody": text}}, scores them with ../shared/eval/score.py (the reference
scorer, never re-implemented here) and prints one table. The metadata dataset
(mercury-meta) is scored by `score.py meta` on the batch output itself and gets a table of
its own; so does wcxb-dev (pages of seven types), scored by `score.py wcxb` overall and per
page type, with the accuracy of gleaner's page types against the benchmark's. Exits 1 when
a dataset's F1, a page type's F1, or a metadata field's accuracy, is below its floor in
eval/floors.json (unless --no-gate).

  python3 eval/run.py                       # all four datasets, release build
  python3 eval/run.py --datasets zh-gne --details eval/out   # per-document misses/leaks
  python3 eval/run.py --worst 10            # list the 10 worst documents per dataset
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ["aeb", "trafilatura-eval", "zh-gne"]
META_DATASETS = ["mercury-meta"]
TYPED_DATASETS = ["wcxb-dev"]
META_FIELDS = ["title", "author", "date", "image"]


def doc_ids(shared: Path, name: str) -> dict:
    """Maps each page file's name to its doc_id."""
    base = shared / "datasets" / name
    if name == "aeb":
        gt = json.loads((base / "ground-truth.json").read_text())
        return {f"{d}.html.gz": d for d in gt}
    ann = json.loads((base / "annotations.json").read_text())
    return {Path(v["file"]).name: d for d, v in ann.items()}


def score_cmd(shared: Path, name: str, pred: Path, details):
    scorer = shared / "eval" / "score.py"
    if name == "aeb":
        cmd = [sys.executable, str(scorer), "aeb", str(pred)]
    elif name == "trafilatura-eval":
        cmd = [sys.executable, str(scorer), "trafilatura-eval", str(pred)]
    else:
        ann = shared / "datasets" / name / "annotations.json"
        cmd = [sys.executable, str(scorer), "trafilatura-eval", str(pred), "--annotations", str(ann), "--name", name]
    if details:
        cmd += ["--details", str(details)]
    return cmd


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (default: ../shared)")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "gleaner"), help="gleaner binary")
    ap.add_argument("--datasets", nargs="+", default=DATASETS + META_DATASETS + TYPED_DATASETS,
                    choices=DATASETS + META_DATASETS + TYPED_DATASETS)
    ap.add_argument("--mode", default="balanced", choices=["precision", "balanced", "recall"])
    ap.add_argument("--jobs", type=int, default=0, help="parallel pages (default: all cores)")
    ap.add_argument("--out", default=str(ROOT / "eval" / "out"), help="folder for predictions and details")
    ap.add_argument("--details", action="store_true", help="write per-document details (score.py --details)")
    ap.add_argument("--worst", type=int, default=0, help="print the N worst documents with misses and leaks")
    ap.add_argument("--no-gate", action="store_true", help="do not fail below the floors")
    ap.add_argument("--repairs", action="store_true", help="list every page where text was repaired or flagged as mojibake")
    args = ap.parse_args()

    shared = Path(args.shared)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    all_floors = json.loads((ROOT / "eval" / "floors.json").read_text())
    floors = all_floors["f1"]
    rows = []
    failed = []
    meta_rows = []
    for name in [d for d in args.datasets if d in META_DATASETS]:
        row, below = score_meta(args, shared, out, name, all_floors.get("meta", {}).get(name, {}))
        if row is None:
            return 2
        meta_rows.append(row)
        failed += below
    typed_rows = []
    for name in [d for d in args.datasets if d in TYPED_DATASETS]:
        row, below = score_typed(args, shared, out, name, all_floors.get("wcxb", {}))
        if row is None:
            return 2
        typed_rows.append(row)
        failed += below
    for name in [d for d in args.datasets if d in DATASETS]:
        ids = doc_ids(shared, name)
        html = shared / "datasets" / name / "html"
        cmd = [args.bin, "batch", str(html), "--mode", args.mode]
        if args.jobs:
            cmd += ["--jobs", str(args.jobs)]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.monotonic() - t0
        summary = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
        if proc.returncode not in (0, 1):
            print(proc.stderr, file=sys.stderr)
            return 2
        preds = {}
        titles = {}
        tally = {"readings": 0, "mojibake": 0, "repaired": 0}
        for line in proc.stdout.splitlines():
            rec = json.loads(line)
            doc = ids.get(Path(rec["path"]).name)
            if doc is None:
                continue
            q = (rec.get("article") or {}).get("quality") or {}
            for key, hit in (("readings", q.get("readings_removed", 0) > 0), ("mojibake", q.get("mojibake")), ("repaired", q.get("repaired", 0) > 0)):
                if hit:
                    tally[key] += 1
            if args.repairs and (q.get("readings_removed") or q.get("mojibake")):
                print(f"{name} {doc}: readings_removed={q.get('readings_removed')} replacement_chars={q.get('replacement_chars')} runs={q.get('suspicious_runs')}")
            text = rec["article"]["text"] if "article" in rec else ""
            preds[doc] = {"articleBody": text}
            titles[doc] = (rec.get("article") or {}).get("title") or ""
        title_acc = title_accuracy(shared, name, titles, args.worst)
        pred_path = out / f"{name}.predictions.json"
        pred_path.write_text(json.dumps(preds, ensure_ascii=False))
        details = out / f"{name}.details.json" if (args.details or args.worst) else None
        sc = subprocess.run(score_cmd(shared, name, pred_path, details), capture_output=True, text=True)
        result = [l for l in sc.stdout.splitlines() if l.startswith("RESULT ")]
        if sc.returncode != 0 or not result:
            print(sc.stdout, sc.stderr, file=sys.stderr)
            return 2
        fields = dict(kv.split("=", 1) for kv in result[-1].split()[1:])
        m = re.search(r"docs_per_s=([\d.]+)", summary)
        dps = float(m.group(1)) if m else len(preds) / elapsed
        f1 = float(fields["f1"])
        floor = floors.get(name)
        ok = floor is None or f1 >= floor
        if not ok:
            failed.append(name)
        rows.append((name, fields["f1"], fields["precision"], fields["recall"], fields.get("n", "?"), f"{dps:.0f}", floor, "ok" if ok else "BELOW FLOOR", title_acc, tally))
        if args.worst and details:
            show_worst(details, args.worst)
    if meta_rows:
        print(f"{'metadata':<18} " + " ".join(f"{f:>13}" for f in META_FIELDS) + "   n  (accuracy / floor)")
        for name, acc, n, fl in meta_rows:
            cells = " ".join(f"{acc[f]:>6.3f}/{fl.get(f, 0):.3f}" if f in acc else f"{'-':>13}" for f in META_FIELDS)
            print(f"{name:<18} {cells} {n:>4}")
        print()
    for name, types, overall, type_acc, fl in typed_rows:
        print(f"{name:<18} {'F1/floor':>13} {'n':>5}   page types read right: {type_acc:.3f}")
        for kind, (f1, n) in list(types.items()) + [("all", overall)]:
            floor = fl.get(kind)
            mark = "" if floor is None or f1 >= floor else "  BELOW FLOOR"
            print(f"  {kind:<16} {f1:>6.3f}/{floor if floor is not None else '-':<6} {n:>5}{mark}")
        print()
    print(f"{'dataset':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'n':>5} {'docs/s':>7} {'title':>6} {'floor':>6}  gate")
    for r in rows:
        title = f"{r[8]:.3f}" if r[8] is not None else "-"
        print(f"{r[0]:<18} {r[1]:>6} {r[2]:>6} {r[3]:>6} {r[4]:>5} {r[5]:>7} {title:>6} {r[6] if r[6] is not None else '-':>6}  {r[7]}")
    print()
    print(f"{'text repair':<18} {'pages with readings removed':>28} {'pages flagged mojibake':>23} {'pages repaired':>15}")
    for r in rows:
        t = r[9]
        print(f"{r[0]:<18} {t['readings']:>28} {t['mojibake']:>23} {t['repaired']:>15}")
    if failed and not args.no_gate:
        print(f"FAIL: below floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def score_meta(args, shared: Path, out: Path, name: str, floors: dict):
    """Runs the batch over a metadata dataset and scores it with `score.py meta`; returns
    (row, [failures]) or (None, []) when a tool failed."""
    html = shared / "datasets" / name / "html"
    cmd = [args.bin, "batch", str(html), "--mode", args.mode]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
        return None, []
    pred = out / f"{name}.batch.jsonl"
    pred.write_text(proc.stdout)
    scorer = shared / "eval" / "score.py"
    cmd = [sys.executable, str(scorer), "meta", str(pred), "--gold", str(shared / "datasets" / name / "gold.json"), "--name", name]
    if args.details or args.worst:
        cmd += ["--details", str(out / f"{name}.details.json")]
    sc = subprocess.run(cmd, capture_output=True, text=True)
    result = [l for l in sc.stdout.splitlines() if l.startswith("RESULT ")]
    if sc.returncode != 0 or not result:
        print(sc.stdout, sc.stderr, file=sys.stderr)
        return None, []
    fields = dict(kv.split("=", 1) for kv in result[-1].split()[1:])
    acc = {f: float(fields[f"{f}_acc"]) for f in META_FIELDS if fields.get(f"{f}_acc", "n/a") != "n/a"}
    below = [f"{name} {f}" for f, floor in floors.items() if acc.get(f, 0.0) < floor]
    return (name, acc, fields.get("n", "?"), floors), below


def score_typed(args, shared: Path, out: Path, name: str, floors: dict):
    """Runs the batch over a dataset of typed pages (wcxb-dev) and scores it with
    `score.py wcxb`: F1 overall and per page type, and how often gleaner's `page_type`
    equals the benchmark's. Returns ((name, {type: (f1, n)}, (f1, n), type accuracy,
    floors), [failures]) or (None, []) when a tool failed."""
    folder = shared / "datasets" / name
    cmd = [args.bin, "batch", str(folder / "html"), "--mode", args.mode]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
        return None, []
    pred = out / f"{name}.batch.jsonl"
    pred.write_text(proc.stdout)
    right = total = 0
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        gt = folder / "ground-truth" / (Path(rec["path"]).name.split(".")[0] + ".json")
        if not gt.is_file():
            continue
        kind = ((json.loads(gt.read_text()).get("_internal") or {}).get("page_type") or {}).get("primary")
        kind = "collection" if kind == "category" else kind
        total += 1
        right += (rec.get("article") or {}).get("page_type") == kind
    scorer = shared / "eval" / "score.py"
    cmd = [sys.executable, str(scorer), "wcxb", str(pred), "--split", str(folder), "--name", name]
    if args.details or args.worst:
        cmd += ["--details", str(out / f"{name}.details.json")]
    if args.worst:
        cmd += ["--worst", str(args.worst)]
    sc = subprocess.run(cmd, capture_output=True, text=True)
    result = [l for l in sc.stdout.splitlines() if l.startswith("RESULT ")]
    if sc.returncode != 0 or not result:
        print(sc.stdout, sc.stderr, file=sys.stderr)
        return None, []
    if args.worst:
        for l in sc.stdout.splitlines():
            if l.startswith("worst "):
                print(l)
    types = {}
    for l in sc.stdout.splitlines():
        if l.startswith("TYPE "):
            _, kind, n, f1, *_ = l.split()
            types[kind] = (float(f1), int(n))
    fields = dict(kv.split("=", 1) for kv in result[-1].split()[1:])
    overall = (float(fields["f1"]), int(fields.get("n", "0")))
    below = [f"{name} {k}" for k, (f1, _) in list(types.items()) + [("all", overall)]
             if floors.get(k) is not None and f1 < floors[k]]
    return (name, types, overall, right / total if total else 0.0, floors), below


def norm_ws(s: str) -> str:
    return " ".join(s.split())


def title_accuracy(shared: Path, name: str, titles: dict, show: int):
    """Exact title match after whitespace normalisation, for datasets that annotate titles."""
    if name == "aeb":
        return None
    ann = json.loads((shared / "datasets" / name / "annotations.json").read_text())
    gold = {d: v["title"] for d, v in ann.items() if v.get("title")}
    if not gold:
        return None
    hits = 0
    for d, t in gold.items():
        if norm_ws(titles.get(d, "")) == norm_ws(t):
            hits += 1
        elif show:
            print(f"title miss {d}: got {titles.get(d, '')!r}, want {t!r}")
    return hits / len(gold)


def show_worst(details: Path, n: int) -> None:
    data = json.loads(details.read_text())
    docs = data.get("documents", data) if isinstance(data, dict) else data
    items = list(docs.items()) if isinstance(docs, dict) else [(d.get("doc_id"), d) for d in docs]

    def goodness(d):
        """Per-document F1 when score.py gives it (or its precision and recall), else minus
        the number of missed and leaked segments (the with/without datasets)."""
        if isinstance(d.get("f1"), (int, float)):
            return d["f1"]
        p, r = d.get("precision"), d.get("recall")
        if isinstance(p, (int, float)) and isinstance(r, (int, float)):
            return 2 * p * r / (p + r) if p + r else 0.0
        return -float(len(d.get("missed") or []) + len(d.get("leaked") or []))

    items.sort(key=lambda kv: goodness(kv[1]))
    for doc, d in items[:n]:
        print(f"--- {doc}: " + ", ".join(f"{k}={v}" for k, v in d.items() if isinstance(v, (int, float))))
        for k in ("missed", "leaked"):
            if d.get(k):
                print(f"  {k}: {json.dumps(d[k], ensure_ascii=False)[:400]}")


if __name__ == "__main__":
    sys.exit(main())
