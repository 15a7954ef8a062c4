#!/usr/bin/env python3
"""The speed guard: instructions of a whole `gleaner batch --jobs 1` process over a fixed
page set, counted by valgrind (deterministic on a shared machine, unlike time), against
the baseline committed in bench/instructions.json.

    python3 bench/instructions.py [--bin BIN]            # check (CI runs this)
    python3 bench/instructions.py [--bin BIN] --update "why the cost moved"

The page set is the first pages, in name order, of three shared datasets (see
`PAGE_SET`): ordinary multilingual articles, Chinese portals (legacy charsets, the
CJK rules) and the seven page types. Pages are unpacked to a temporary folder first so
that gzip is not counted. The count includes start-up (the rules compile once per
process), as a CLI user pays it.

The check fails when the count is more than `tolerance` (3%) above the baseline: a change
that costs more updates the baseline in the same commit, with `--update` and a reason that
says what bought the instructions. It also fails when the count is more than `tolerance`
below: a gain is banked by updating the baseline, or later changes could spend it unseen.
Counts are of the binary given. The baseline is of the shipped build (fat LTO and the
committed profile, BENCHMARKS.md): CI counts the container image's static binary, and the
default here is the same build made locally by `python3 bench/pgo.py build`
(target/pgo/x86_64-unknown-linux-gnu/dist/gleaner). The everyday `cargo build --release`
counts about 19% more, so it is no measure against this baseline. Needs valgrind.
"""

import argparse
import datetime
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

BASELINE = Path(__file__).resolve().parent / "instructions.json"
PGO_BIN = common.ROOT / "target" / "pgo" / "x86_64-unknown-linux-gnu" / "dist" / "gleaner"
PAGE_SET = {"trafilatura-eval": 120, "zh-gne": 30, "wcxb-dev": 30}


def pages(folder):
    """Unpacks the page set into `folder`; returns how many pages it holds."""
    n = 0
    for dataset, count in PAGE_SET.items():
        html = common.SHARED / "datasets" / dataset / "html"
        names = sorted(p.name for p in html.iterdir() if p.name.endswith((".html", ".html.gz")))
        if len(names) < count:
            raise SystemExit(f"{html}: {len(names)} pages, the set needs {count}")
        for name in names[:count]:
            raw = (html / name).read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            (folder / f"{dataset}--{name.removesuffix('.gz')}").write_bytes(raw)
            n += 1
    return n


def count(binary, folder):
    """Instructions of one `batch --jobs 1` process over `folder`."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         str(binary), "batch", "--jobs", "1", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-3000:])
        raise SystemExit(f"valgrind exited with {run.returncode}")
    m = re.search(r"Collected : (\d+)", run.stderr)
    if not m:
        raise SystemExit("valgrind printed no instruction count")
    return int(m.group(1))


def commit():
    """HEAD's short hash, with `+changes` when the working tree differs from it (the
    baseline is then measured on the commit being made)."""
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=common.ROOT,
                         capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                           cwd=common.ROOT, capture_output=True, text=True).stdout.strip()
    return (git.stdout.strip() or "unknown") + ("+changes" if dirty else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=str(PGO_BIN),
                    help="the gleaner binary to count (default: the shipped build of "
                         "`python3 bench/pgo.py build`)")
    ap.add_argument("--update", metavar="REASON",
                    help="write the count as the new baseline, with this reason")
    args = ap.parse_args()
    if not Path(args.bin).exists():
        raise SystemExit(f"{args.bin}: not built (python3 bench/pgo.py build, or --bin BIN)")
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="gleaner-instr-") as tmp:
        n = pages(Path(tmp))
        total = count(args.bin, Path(tmp))
    print(f"instructions: {total:,} for {n} pages ({total / n / 1e6:.2f} M per page, "
          f"start-up included), binary {args.bin}")
    if args.update:
        BASELINE.write_text(json.dumps({
            "instructions": total,
            "pages": PAGE_SET,
            "tolerance": 0.03,
            "measured_at": commit(),
            "date": datetime.date.today().isoformat(),
            "reason": args.update,
        }, indent=2) + "\n")
        print(f"baseline written: {BASELINE}")
        return 0
    base = json.loads(BASELINE.read_text())
    if base["pages"] != PAGE_SET:
        raise SystemExit("the baseline was counted over another page set: --update it")
    change = total / base["instructions"] - 1
    tol = base["tolerance"]
    print(f"baseline: {base['instructions']:,} (at {base['measured_at']}: {base['reason']}); "
          f"change {change:+.2%}, allowed ±{tol:.0%}")
    if change > tol:
        print(f"FAIL: {change:+.2%} instructions. Make it cheaper, or say what the cost buys: "
              "python3 bench/instructions.py --update 'reason' in the same commit",
              file=sys.stderr)
        return 1
    if change < -tol:
        print(f"FAIL: {change:+.2%} instructions: a gain; bank it with "
              "python3 bench/instructions.py --update 'reason'", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
