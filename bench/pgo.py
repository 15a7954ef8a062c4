#!/usr/bin/env python3
"""The shipped build: fat LTO (`--profile dist`) guided by the profile committed in pgo/.

    python3 bench/pgo.py build      # target/pgo/x86_64-unknown-linux-gnu/dist/gleaner, as the image
    python3 bench/pgo.py generate   # a new pgo/gleaner.profdata.gz from the shared datasets

`build` unpacks the committed profile and builds `gleaner` with `-Cprofile-use`, in its own
target folder (the flags differ from the everyday `release` build, which stays as it is).
The Dockerfile does the same; CI's speed guard counts the image's binary, so a local guard
run compares like with like on this one (`bench/instructions.py` takes it by default).

`generate` builds an instrumented binary (`-Cprofile-generate`), runs `gleaner batch
--jobs 1` over the training pages, merges what they recorded with `llvm-profdata` of the
same LLVM major version as rustc (Debian: `apt-get install llvm-22` for Rust 1.95), and
writes the gzipped profile. Training pages: AEB, zh-gne, mercury-meta and wcxb-dev, that is
English news, Chinese portals in legacy charsets and the seven page types; not
trafilatura-eval, on which the speed goals are measured, so that those figures are of pages
the profile has not seen. Run it again when the code has moved far from the profile: a
function whose code changed loses its profile (the build still works), and the speed
guard shows the drift.
"""

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PROFILE = common.ROOT / "pgo" / "gleaner.profdata.gz"
TARGET = common.ROOT / "target" / "pgo"
TRAINING = ["aeb", "zh-gne", "mercury-meta", "wcxb-dev"]


# As the Dockerfile builds: the target named and glibc linked in statically. The target
# must be the same in every build: a crate's symbol names, by which a profile finds its
# functions, hash what it is compiled for (a profile of a host build matches nothing in a
# build for a named target).
TRIPLE = "x86_64-unknown-linux-gnu"
IMAGE_FLAGS = "-C target-feature=+crt-static"


def cargo(target_dir, flag):
    """`cargo build --profile dist --bin gleaner` as the image builds it, with `flag`."""
    env = dict(os.environ)
    env["RUSTFLAGS"] = f"{IMAGE_FLAGS} {flag}"
    subprocess.run(
        ["cargo", "build", "--locked", "--profile", "dist", "--bin", "gleaner",
         "--target", TRIPLE, "--target-dir", str(target_dir)],
        cwd=common.ROOT, env=env, check=True,
    )
    return target_dir / TRIPLE / "dist" / "gleaner"


def build():
    TARGET.mkdir(parents=True, exist_ok=True)
    profile = TARGET / "gleaner.profdata"
    data = gzip.decompress(PROFILE.read_bytes())
    if not profile.exists() or profile.read_bytes() != data:
        profile.write_bytes(data)
    binary = cargo(TARGET, f"-Cprofile-use={profile}")
    print(binary)


def llvm_profdata():
    """The llvm-profdata of rustc's LLVM major version."""
    info = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    major = re.search(r"LLVM version: (\d+)", info).group(1)
    for name in (f"llvm-profdata-{major}", "llvm-profdata"):
        path = shutil.which(name)
        if not path:
            continue
        version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        if re.search(rf"LLVM version {major}\.", version):
            return path
    raise SystemExit(f"no llvm-profdata of LLVM {major} (rustc's): apt-get install llvm-{major}")


def generate():
    merge = llvm_profdata()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        binary = cargo(common.ROOT / "target" / "pgo-generate", f"-Cprofile-generate={raw}")
        for dataset in TRAINING:
            html = common.SHARED / "datasets" / dataset / "html"
            if not html.is_dir():
                raise SystemExit(f"{html}: not found (../shared must sit beside the repository)")
            subprocess.run([str(binary), "batch", "--jobs", "1", str(html)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        merged = tmp / "gleaner.profdata"
        # --sparse leaves out the functions the pages never ran: a quarter of the size.
        subprocess.run([merge, "merge", "--sparse", "-o", str(merged),
                        *map(str, raw.glob("*.profraw"))], check=True)
        PROFILE.parent.mkdir(exist_ok=True)
        PROFILE.write_bytes(gzip.compress(merged.read_bytes(), compresslevel=9, mtime=0))
    print(f"{PROFILE.relative_to(common.ROOT)}: {PROFILE.stat().st_size:,} bytes, trained on "
          + ", ".join(TRAINING))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["build", "generate"])
    args = ap.parse_args()
    build() if args.what == "build" else generate()


if __name__ == "__main__":
    main()
