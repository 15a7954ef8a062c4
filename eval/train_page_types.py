#!/usr/bin/env python3
"""Train gleaner's page-type model (rules/page_types.toml) on the shared datasets.

The signals are gleaner's own: `gleaner batch --explain` reports every signal of a page
(`page_type_evidence.signals`, name and value), so this script computes no feature itself.
Labels: wcxb-dev's page types (its ground truth), and `article` for every page of aeb,
trafilatura-eval, zh-gne and mercury-meta (news and blog pages). Only the shared
datasets' development material is read; no test split exists here or is looked for.

The model is a multinomial logistic regression with L2 regularisation, fitted by
gradient descent on standardised signals (numpy only); the weights written back are for
the raw signal values, so gleaner computes score = bias + sum(value * weight) per type.

Cross-validation groups wcxb-dev's pages by site (registrable domain, roughly): a site's
pages are never both trained on and tested, so the accuracy printed is that on sites the
model has not seen.

  python3 eval/train_page_types.py                 # fit, print CV accuracy, write the model
  python3 eval/train_page_types.py --cv-only       # print CV accuracy only
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

try:
    import numpy as np
except ImportError:  # pragma: no cover
    sys.exit("numpy is needed: python3 -m pip install numpy")

ROOT = Path(__file__).resolve().parent.parent
TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
ARTICLE_SETS = ["aeb", "trafilatura-eval", "zh-gne", "mercury-meta"]


def run_batch(binary, folder, jobs):
    """{file stem: {signal: value}} for every page under `folder`."""
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as out:
        path = out.name
    try:
        subprocess.run([binary, "batch", "--explain", "--jobs", str(jobs), "--output", path, str(folder)],
                       check=True, stderr=subprocess.DEVNULL)
        feats = {}
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                art = r.get("article") or {}
                ev = art.get("page_type_evidence") or {}
                stem = Path(r["path"]).name.split(".")[0]
                feats[stem] = {s["name"]: s["value"] for s in ev.get("signals", [])}
        return feats
    finally:
        os.unlink(path)


def site(url):
    host = (urlparse(url or "").hostname or "").lower()
    parts = host.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def signal_names():
    """The signal names, in gleaner's order (read from its source)."""
    src = (ROOT / "src" / "pipeline" / "page_type" / "signals.rs").read_text()
    block = src[src.index("pub(crate) const NAMES"):]
    block = block[:block.index("];")]
    return re.findall(r'"([a-z0-9_]+)"', block)


def fit(X, y, w, l2, iters=3000, lr=0.5):
    """Multinomial logistic regression by full-batch gradient descent."""
    n, d = X.shape
    k = len(TYPES)
    W = np.zeros((d, k))
    b = np.zeros(k)
    Y = np.eye(k)[y]
    sw = w / w.sum()
    for _ in range(iters):
        z = X @ W + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - Y) * sw[:, None]
        W -= lr * (X.T @ g + l2 * W)
        b -= lr * g.sum(axis=0)
    return W, b


def standardise(X):
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    return mu, sd


def predict(X, W, b, article_margin):
    z = X @ W + b
    z[:, 0] += article_margin
    return z.argmax(axis=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "gleaner"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--l2", type=float, default=0.01, help="L2 weight (default 0.01)")
    ap.add_argument("--article-weight", type=float, default=0.5,
                    help="total weight of the article datasets' pages, as a share of wcxb-dev's articles")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--article-margin", type=float, default=0.0,
                    help="added to the article type's bias: a page is read as another type only when "
                         "that type wins by this much (misreading an article costs more than "
                         "misreading another type as one)")
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--cv-types", metavar="OUT.json",
                    help="also write each wcxb-dev page's cross-validated type ({id: type}): "
                         "what a model that never saw the page's site says")
    ap.add_argument("--out", default=str(ROOT / "rules" / "page_types.toml"))
    args = ap.parse_args()

    shared = Path(args.shared)
    names = signal_names()
    rows, labels, weights, groups, origin, stems = [], [], [], [], [], []

    wcxb = shared / "datasets" / "wcxb-dev"
    feats = run_batch(args.bin, wcxb / "html", args.jobs)
    n_wcxb_articles = 0
    for gt in sorted((wcxb / "ground-truth").glob("*.json")):
        d = json.loads(gt.read_text())
        kind = ((d.get("_internal") or {}).get("page_type") or {}).get("primary", "article")
        kind = "collection" if kind == "category" else kind
        f = feats.get(gt.stem)
        if f is None or kind not in TYPES:
            continue
        rows.append([f.get(n, 0.0) for n in names])
        labels.append(TYPES.index(kind))
        weights.append(1.0)
        groups.append(site(d.get("url")))
        origin.append("wcxb")
        stems.append(gt.stem)
        n_wcxb_articles += kind == "article"
    extra = []
    for name in ARTICLE_SETS:
        folder = shared / "datasets" / name / "html"
        if folder.is_dir():
            extra.append((name, run_batch(args.bin, folder, args.jobs)))
    n_extra = sum(len(f) for _, f in extra)
    for name, f in extra:
        for stem, v in sorted(f.items()):
            rows.append([v.get(n, 0.0) for n in names])
            labels.append(0)
            weights.append(args.article_weight * n_wcxb_articles / max(1, n_extra))
            groups.append(f"{name}:{stem}")
            origin.append(name)
            stems.append(stem)

    X = np.array(rows, dtype=float)
    y = np.array(labels)
    w = np.array(weights)
    mu, sd = standardise(X)
    Xs = (X - mu) / sd

    # Cross-validation: folds of sites.
    sites = sorted(set(groups))
    rng = np.random.default_rng(7)
    rng.shuffle(sites)
    fold_of = {s: i % args.folds for i, s in enumerate(sites)}
    fold = np.array([fold_of[g] for g in groups])
    pred = np.zeros_like(y)
    for k in range(args.folds):
        tr, te = fold != k, fold == k
        W, b = fit(Xs[tr], y[tr], w[tr], args.l2)
        pred[te] = predict(Xs[te], W, b, args.article_margin)
    is_wcxb = np.array([o == "wcxb" for o in origin])
    if args.cv_types:
        ids = [g for g, o in zip(stems, origin) if o == "wcxb"]
        Path(args.cv_types).write_text(json.dumps(
            {i: TYPES[t] for i, t in zip(ids, pred[is_wcxb])}, indent=0))
    acc = (pred[is_wcxb] == y[is_wcxb]).mean()
    print(f"cross-validated accuracy on wcxb-dev (sites held out): {acc:.3f}")
    for name in ARTICLE_SETS:
        m = np.array([o == name for o in origin])
        if m.any():
            print(f"  {name}: {(pred[m] == 0).mean():.3f} read as articles ({m.sum()} pages)")
    print("confusion (rows: true, columns: predicted), wcxb-dev:")
    print("               " + " ".join(f"{t[:6]:>6}" for t in TYPES))
    for i, t in enumerate(TYPES):
        m = is_wcxb & (y == i)
        counts = Counter(pred[m])
        print(f"  {t:<13}" + " ".join(f"{counts.get(j, 0):>6}" for j in range(len(TYPES))))
    if args.cv_only:
        return 0

    W, b = fit(Xs, y, w, args.l2)
    # Back to raw signal values: z = ((x - mu) / sd) W + b = x (W / sd) + (b - (mu / sd) W).
    Wr = W / sd[:, None]
    br = b - (mu / sd) @ W
    br[0] += args.article_margin
    train_acc = (predict(X, Wr, br, 0.0)[is_wcxb] == y[is_wcxb]).mean()
    lines = [
        "# Page types: the weights of gleaner's page-type model (src/pipeline/page_type/).",
        "# Generated by eval/train_page_types.py from the shared datasets (wcxb-dev's page",
        "# types; aeb, trafilatura-eval, zh-gne and mercury-meta as articles); do not edit by",
        "# hand. A type's score is its bias plus, for each signal, the signal's value times its",
        "# weight for the type; the highest score wins.",
        f"# Cross-validated accuracy on wcxb-dev, sites held out: {acc:.3f}; on the training",
        f"# data: {train_acc:.3f}. L2 {args.l2}, article datasets weighted {args.article_weight},",
        f"# article margin {args.article_margin}.",
        "types = [" + ", ".join(f'"{t}"' for t in TYPES) + "]",
        "bias = [" + ", ".join(f"{v:.4f}" for v in br) + "]",
        "",
        "[weights]",
    ]
    for i, n in enumerate(names):
        lines.append(f"{n} = [" + ", ".join(f"{v:.4f}" for v in Wr[i]) + "]")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
