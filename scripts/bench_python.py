#!/usr/bin/env python3
"""Throughput of the Python batch functions against the Rust core, on the same files.

Usage (from the repository root, after a release build of both sides):

    cargo build --release -p policydiff --example import_throughput
    (cd python && VIRTUAL_ENV=$PWD/../.venv ../.venv/bin/maturin develop --release -q)
    .venv/bin/python scripts/bench_python.py [--corpus ../shared/corpus/versions] [--repeat 3]

or pass ``--build`` to run both builds first. The baseline is the core library's own loop, run
by ``crates/policydiff/examples/import_throughput.rs`` on one thread (what ``policydiff import``
does for one file, without a process per file). The script reports MB/s of input for:

- Rust, 1 thread; Rust, 2 threads (for reference);
- ``policydiff.import_many(paths, jobs=1)`` and ``jobs=2``;

and the two ratios the project promises: Python 1 job / Rust 1 thread >= 0.90, and Python 2 jobs /
Python 1 job >= 1.6. It is a benchmark, not a test: timings depend on the machine.
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

    # Warm up (page cache, lazily built lexicon), then check every file imports.
    warm = policydiff.import_many(files, jobs=1, progress=False)
    errors = sum(isinstance(r, Exception) for r in warm)
    py1 = best_of(args.repeat, lambda: policydiff.import_many(files, jobs=1, progress=False))
    py2 = best_of(args.repeat, lambda: policydiff.import_many(files, jobs=2, progress=False))

    figures = {
        "corpus": str(args.corpus),
        "files": len(files),
        "megabytes": round(mb, 3),
        "errors": errors,
        "cpus": os.cpu_count(),
        "import": {
            "rust_1_thread_mb_s": round(rust1["mb_per_s"], 2),
            "rust_2_threads_mb_s": round(rust2["mb_per_s"], 2),
            "python_jobs1_mb_s": round(mb / py1, 2),
            "python_jobs2_mb_s": round(mb / py2, 2),
            "python_jobs1_vs_rust": round((mb / py1) / rust1["mb_per_s"], 3),
            "python_jobs2_vs_jobs1": round(py1 / py2, 3),
        },
    }
    print(json.dumps(figures, indent=2))
    imp = figures["import"]
    ok = imp["python_jobs1_vs_rust"] >= 0.90 and imp["python_jobs2_vs_jobs1"] >= 1.6
    print(
        f"import_many: {imp['python_jobs1_vs_rust']:.0%} of the Rust core's 1-thread throughput; "
        f"2 jobs = {imp['python_jobs2_vs_jobs1']:.2f}x 1 job -> {'OK' if ok else 'BELOW TARGET'}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
