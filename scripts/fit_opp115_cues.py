#!/usr/bin/env python3
"""Fit the weights of the OPP-115 segment cues in lexicon/opp115.toml.

The cues (regular expressions) are written by hand; this script only fits
one weight per (cue, category) by L2-regularised logistic regression on the
Majority *train* split, then picks each category's threshold on the
*validation* split (maximising F1; for First Party Collection/Use and Third
Party Sharing/Collection only thresholds with precision >= 0.84 qualify).
The test split is never read. Pure standard library, deterministic.

Usage: scripts/fit_opp115_cues.py [--shared ../shared] [--l2 0.003]
Reads the patterns from crates/policydiff/lexicon/opp115.toml and rewrites
its weights, biases and thresholds in place.
"""
import argparse, collections, csv, json, math, re, sys, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "crates/policydiff/lexicon/opp115.toml"
CATS = ["First Party Collection/Use", "Third Party Sharing/Collection", "User Choice/Control",
        "User Access, Edit and Deletion", "Data Retention", "Data Security", "Policy Change", "Do Not Track",
        "International and Specific Audiences", "Introductory/Generic", "Practice not covered",
        "Privacy contact information"]
FOLD = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
        "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2212": "-", "\u00a0": " "}


def fold(s):  # same as policydiff::lexicon::fold
    return "".join(FOLD.get(c, c.lower() if c.isascii() else c) for c in s)


def load(shared, split, rx):
    texts = collections.defaultdict(set)
    path = Path(shared) / "corpus/opp115_splits_polisis_benchmark/datasets/Majority" / f"{split}_dataset.csv"
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) == 2:
                texts[row[0]].add(row[1])
    return [([i for i, r in enumerate(rx) if r.search(fold(t))], g) for t, g in texts.items()]


def fit(data, n_features, cat, l2, iters=200, lr=0.15):
    w = [0.0] * n_features; b = 0.0
    mw = [0.0] * n_features; vw = [0.0] * n_features; mb = vb = 0.0
    ys = [1.0 if cat in g else 0.0 for _, g in data]; n = len(data)
    for it in range(1, iters + 1):
        gw = [0.0] * n_features; gb = 0.0
        for (fs, _), y in zip(data, ys):
            s = b + sum(w[i] for i in fs)
            d = 1 / (1 + math.exp(-max(-30.0, min(30.0, s)))) - y
            gb += d
            for i in fs:
                gw[i] += d
        for i in range(n_features):
            g = gw[i] / n + l2 * w[i]
            mw[i] = 0.9 * mw[i] + 0.1 * g; vw[i] = 0.999 * vw[i] + 0.001 * g * g
            w[i] -= lr * (mw[i] / (1 - 0.9 ** it)) / (math.sqrt(vw[i] / (1 - 0.999 ** it)) + 1e-8)
        g = gb / n; mb = 0.9 * mb + 0.1 * g; vb = 0.999 * vb + 0.001 * g * g
        b -= lr * (mb / (1 - 0.9 ** it)) / (math.sqrt(vb / (1 - 0.999 ** it)) + 1e-8)
    return w, b


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--l2", type=float, default=0.003)
    args = ap.parse_args()
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    header = TABLE.read_text(encoding="utf-8").split("categories =")[0]
    pats = [f["pattern"] for f in table["feature"]]
    rx = [re.compile(p) for p in pats]
    train = load(args.shared, "train", rx)
    val = load(args.shared, "validation", rx)
    W, B = [], []
    for c in CATS:
        w, b = fit(train, len(pats), c, args.l2)
        W.append(w); B.append(b)
        print(f"fitted {c}", file=sys.stderr)
    thr = []
    for k, c in enumerate(CATS):
        scores = [(B[k] + sum(W[k][i] for i in fs), c in g) for fs, g in val]
        best = (-1.0, 0.0)
        fallback = (-1.0, 0.0)
        for t in [x / 8 for x in range(-32, 49)]:
            tp = sum(1 for s, y in scores if s >= t and y); fp = sum(1 for s, y in scores if s >= t and not y)
            fn = sum(1 for s, y in scores if s < t and y)
            p = tp / (tp + fp) if tp + fp else 0.0; r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            if p > fallback[0] + 1e-9 and tp >= 10:
                fallback = (p, t)
            if k < 2 and p < 0.84:
                continue
            if f > best[0] + 1e-9:
                best = (f, t)
        thr.append(best[1] if best[0] >= 0 else fallback[1])
    out = [header.rstrip() + "\n",
           "categories = " + json.dumps(CATS),
           "bias = " + json.dumps([round(b, 3) for b in B]),
           "threshold = " + json.dumps(thr), ""]
    for p, i in zip(pats, range(len(pats))):
        out.append("[[feature]]")
        out.append("pattern = " + json.dumps(p))
        out.append("weights = " + json.dumps([round(W[k][i], 3) for k in range(12)]))
        out.append("")
    TABLE.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {TABLE} ({len(pats)} cues)", file=sys.stderr)


if __name__ == "__main__":
    main()
