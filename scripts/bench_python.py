#!/usr/bin/env python3
"""Throughput of the Python batch functions against the Rust core, on the same files.

Usage (from the repository root, after a release build of both sides):

    cargo build --release -p policydiff --example import_throughput
    (cd python && VIRTUAL_ENV=$PWD/../.venv ../.venv/bin/maturin develop --release -q)
    .venv/bin/python scripts/bench_python.py [--corpus ../shared/corpus/versions] [--repeat 3]

or pass ``--build`` to run both builds first. The baseline is the core library's own loop, run
by ``crates/policydiff/examples/import_throughput.rs`` on one thread (what ``policydiff import``
and ``policydiff diff`` do, without a process per file). The work, on both sides: import every
file, then compare every version with the one before it in its folder (text diff off). Each phase
is timed apart (best of ``--repeat`` runs) and the script reports MB/s of input for:

- Rust, 1 thread; Rust, 2 threads (for reference);
- ``import_many(paths, jobs=1)`` + ``diff_many(pairs, jobs=1)``, and the same with ``jobs=2``;

and the two ratios the project promises: Python 1 job / Rust 1 thread >= 0.90, and Python 2 jobs /
Python 1 job >= 1.6. It is a benchmark, not a test: timings depend on the machine (and on what
else runs on it: the load average is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".xml"}
EXAMPLE = ROOT / "target" / "release" / "examples" / "import_throughput"


def corpus_files(corpus: pathlib.Path) -> list[pathlib.Path]:
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and p.name.lower() != "readme.md"
    )


def build() -> None:
    subprocess.run(
        ["cargo", "build", "--release", "-q", "-p", "policydiff", "--example", "import_throughput"],
        cwd=ROOT,
        check=True,
    )
    venv = pathlib.Path(sys.prefix)
    subprocess.run(
        [str(venv / "bin" / "maturin"), "develop", "--release", "-q"],
        cwd=ROOT / "python",
        env={**os.environ, "VIRTUAL_ENV": str(venv)},
        check=True,
    )


def rust(list_file: pathlib.Path, jobs: int, repeat: int) -> dict[str, Any]:
    out = subprocess.run(
        [str(EXAMPLE), "--files-from", str(list_file), "--jobs", str(jobs), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=pathlib.Path, default=ROOT.parent / "shared/corpus/versions")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--build", action="store_true", help="build both sides in release first")
    parser.add_argument("--json", type=pathlib.Path, help="also write the figures here")
    args = parser.parse_args()

    if not args.corpus.is_dir():
        print(f"bench_python: {args.corpus} not found (needs ../shared next to the repository)")
        return 2
    if args.build:
        build()
    import policydiff

    if policydiff._native.DEBUG_BUILD:
        print("bench_python: the extension is a debug build; run with --build (or maturin develop --release)")
        return 2
    if not EXAMPLE.is_file():
        print(f"bench_python: {EXAMPLE} not found; run with --build")
        return 2

    files = corpus_files(args.corpus)
    total = sum(p.stat().st_size for p in files)
    mb = total / 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(str(p) for p in files))
        list_file = pathlib.Path(f.name)
    try:
        rust1 = rust(list_file, 1, args.repeat)
        rust2 = rust(list_file, 2, args.repeat)
    finally:
        list_file.unlink()

    # Warm up (page cache, lazily built lexicon and rules), then check every file imports.
    warm = policydiff.import_many(files, jobs=1, progress=False)
    errors = sum(isinstance(r, Exception) for r in warm)

    def pipeline(jobs: int) -> tuple[float, float, int]:
        best_import = best_diff = float("inf")
        pairs: list[tuple[policydiff.Policy, policydiff.Policy]] = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            policies = policydiff.import_many(files, jobs=jobs, progress=False)
            best_import = min(best_import, time.perf_counter() - start)
            pairs = [
                (a, b)
                for (fa, a), (fb, b) in zip(zip(files, policies), zip(files[1:], policies[1:]))
                if fa.parent == fb.parent
                and isinstance(a, policydiff.Policy)
                and isinstance(b, policydiff.Policy)
            ]
            start = time.perf_counter()
            policydiff.diff_many(pairs, jobs=jobs, progress=False)
            best_diff = min(best_diff, time.perf_counter() - start)
        return best_import, best_diff, len(pairs)

    py1_import, py1_diff, n_pairs = pipeline(1)
    py2_import, py2_diff, _ = pipeline(2)
    py1, py2 = py1_import + py1_diff, py2_import + py2_diff

    ratios = {
        "python_jobs1_vs_rust_1_thread": round((mb / py1) / rust1["mb_per_s"], 3),
        "python_jobs2_vs_jobs1": round(py1 / py2, 3),
        "rust_2_threads_vs_1": round(rust2["mb_per_s"] / rust1["mb_per_s"], 3),
    }
    figures: dict[str, Any] = {
        "corpus": str(args.corpus),
        "files": len(files),
        "pairs": n_pairs,
        "megabytes": round(mb, 3),
        "errors": errors,
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "seconds": {
            "rust_1_thread": {"import": rust1["import_seconds"], "diff": rust1["diff_seconds"]},
            "rust_2_threads": {"import": rust2["import_seconds"], "diff": rust2["diff_seconds"]},
            "python_jobs1": {"import": round(py1_import, 6), "diff": round(py1_diff, 6)},
            "python_jobs2": {"import": round(py2_import, 6), "diff": round(py2_diff, 6)},
        },
        "mb_per_s": {
            "rust_1_thread": round(rust1["mb_per_s"], 2),
            "rust_2_threads": round(rust2["mb_per_s"], 2),
            "python_jobs1": round(mb / py1, 2),
            "python_jobs2": round(mb / py2, 2),
        },
        "ratios": ratios,
    }
    print(json.dumps(figures, indent=2))
    r = ratios
    ok = r["python_jobs1_vs_rust_1_thread"] >= 0.90 and r["python_jobs2_vs_jobs1"] >= 1.6
    print(
        f"import_many + diff_many: {r['python_jobs1_vs_rust_1_thread']:.0%} of the Rust core's "
        f"1-thread throughput; 2 jobs = {r['python_jobs2_vs_jobs1']:.2f}x 1 job "
        f"(Rust itself: {r['rust_2_threads_vs_1']:.2f}x) -> {'OK' if ok else 'BELOW TARGET'}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
