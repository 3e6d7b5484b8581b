#!/usr/bin/env python3
"""P3P import speed: policydiff (Rust, one thread) vs Python's xml.etree.ElementTree.

ElementTree only builds a tree; policydiff decodes, checks limits and entities,
builds the tree, validates against the P3P content models, maps to the Policy
model and canonicalises it. Both run on one core over the same files, read
into memory first.

    python3 scripts/bench_p3p.py [FOLDER] [ROUNDS]

FOLDER defaults to ../shared/corpus/p3p (else corpus/p3p). The Rust side is the
example `p3p_throughput` (built with --release if needed).
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parent.parent


def files(folder: pathlib.Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(folder.rglob("*.xml"))]


def parse_once(data: list[bytes], fromstring=ET.fromstring) -> int:
    """Parse every file once; return how many parsed (bench_all.py reuses this loop)."""
    ok = 0
    for blob in data:
        try:
            fromstring(blob)
            ok += 1
        except (ET.ParseError, ValueError, SyntaxError):
            pass
    return ok


def python_rate(data: list[bytes], rounds: int) -> tuple[float, int]:
    parse_once(data)  # warm up
    start = time.perf_counter()
    ok = sum(parse_once(data) for _ in range(rounds))
    secs = time.perf_counter() - start
    return sum(map(len, data)) * rounds / 1e6 / secs, ok


def rust_rate(folder: pathlib.Path, rounds: int) -> tuple[float, str]:
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "policydiff", "--example", "p3p_throughput", "--", str(folder), str(rounds)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    m = re.search(r"([\d.]+) MB/s", out)
    if not m:
        raise SystemExit(f"unexpected output: {out}")
    return float(m.group(1)), out


def main() -> None:
    shared = ROOT.parent / "shared" / "corpus" / "p3p"
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else (shared if shared.is_dir() else ROOT / "corpus" / "p3p")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    data = files(folder)
    print(f"{len(data)} files, {sum(map(len, data))} bytes, {rounds} rounds, folder {folder}")
    rust, line = rust_rate(folder.resolve(), rounds)
    print(line)
    py, ok = python_rate(data, rounds)
    print(f"python ElementTree.fromstring (tree only): {py:.1f} MB/s ({ok} parses)")
    print(f"ratio policydiff / ElementTree: {rust / py:.2f}x")


if __name__ == "__main__":
    main()
