#!/usr/bin/env python3
"""Side-by-side speed on the policy histories, one core each.

policydiff: import both versions and run the full diff (semantic + text +
rules) for every consecutive pair, via the `history_stats` example built in
release mode, pinned to one CPU with RAYON_NUM_THREADS=1.

Python: read both files and run difflib.unified_diff over their lines for the
same pairs, pinned to the same CPU.

Usage: python3 scripts/bench_diff.py [../shared/corpus/versions] [--runs 3]
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = re.compile(r"(?i)^(\d{4}-\d{2}-\d{2})(T\d{2}-\d{2}-\d{2}Z)?[^/\\]*\.(md|markdown|txt|html?|xml)$")


def pairs(base: Path):
    for org in sorted(p for p in base.iterdir() if p.is_dir()):
        files = sorted(f for f in org.iterdir() if f.is_file() and VERSION_FILE.match(f.name))
        yield from zip(files, files[1:])


def python_difflib(base: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    n = lines = 0
    for a, b in pairs(base):
        old = a.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        new = b.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        lines += sum(1 for _ in difflib.unified_diff(old, new, str(a), str(b)))
        n += 1
    return time.perf_counter() - start, n, lines


def policydiff(base: Path, exe: Path) -> tuple[float, float, str]:
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    cmd = [str(exe), str(base), "--quiet"]
    if sys.platform.startswith("linux"):
        cmd = ["taskset", "-c", "0", *cmd]
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    inner = float(re.search(r"elapsed_ms ([\d.]+)", out).group(1)) / 1000
    total = next(line for line in out.splitlines() if line.startswith("TOTAL"))
    return wall, inner, total


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("versions", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "versions"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--exe", default=str(ROOT / "target" / "release" / "examples" / "history_stats"))
    args = ap.parse_args()
    base = Path(args.versions)
    if not base.is_dir():
        print(f"skipped: {base} not found", file=sys.stderr)
        return 0
    exe = Path(args.exe)
    if not exe.is_file():
        subprocess.run(["cargo", "build", "--release", "-p", "policydiff", "--example", "history_stats"], cwd=ROOT, check=True)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    py = min(python_difflib(base)[0] for _ in range(args.runs))
    _, n, lines = python_difflib(base)
    runs = [policydiff(base, exe) for _ in range(args.runs)]
    wall = min(r[0] for r in runs)
    inner = min(r[1] for r in runs)
    print(runs[0][2])
    print(f"pairs: {n} (unified diff output: {lines} lines)")
    print(f"python difflib.unified_diff, 1 core:           {py * 1000:8.1f} ms")
    print(f"policydiff import + full diff, 1 core (inner): {inner * 1000:8.1f} ms")
    print(f"policydiff process wall time incl. start-up:   {wall * 1000:8.1f} ms")
    print(f"ratio difflib / policydiff (inner): {py / inner:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
