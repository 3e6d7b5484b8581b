#!/usr/bin/env python3
"""P3P import speed: policydiff (Rust, one thread) vs Python's xml.etree.ElementTree
(and lxml.etree when installed), side by side in one run.

ElementTree and lxml only build a tree; policydiff does everything
`policydiff::import_bytes` does for a P3P file: decodes, checks limits and
entities, builds the tree, validates against the P3P content models, maps to
the Policy model, canonicalises it and hashes the input. Every side runs on
one thread over the same bytes (every .xml file under FOLDER, read into
memory first, sorted by path).

Rates are given by wall-clock time and by the CPU time of the measuring
thread (Rust: /proc/thread-self/schedstat; Python: time.thread_time). On a
busy machine the CPU rates are the fair comparison. The sides alternate
REPEAT times and the best rate of each is kept.

    python3 scripts/bench_p3p.py [FOLDER] [ROUNDS] [REPEAT]

FOLDER defaults to ../shared/corpus/p3p (else corpus/p3p); ROUNDS (passes over
the files per measurement) to 200; REPEAT to 3. The Rust side is the example
`p3p_throughput`, built with --release first.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from typing import Callable

ROOT = pathlib.Path(__file__).resolve().parent.parent


def files(folder: pathlib.Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(folder.rglob("*.xml"))]


def parse_rate(parse: Callable[[bytes], object], errors: tuple[type[BaseException], ...], data: list[bytes], rounds: int) -> tuple[float, float, int]:
    """(wall MB/s, cpu MB/s, successful parses) of `parse` over `data`."""
    for blob in data:  # warm up
        try:
            parse(blob)
        except errors:
            pass
    ok = 0
    wall0, cpu0 = time.perf_counter(), time.thread_time()
    for _ in range(rounds):
        for blob in data:
            try:
                parse(blob)
                ok += 1
            except errors:
                pass
    wall, cpu = time.perf_counter() - wall0, time.thread_time() - cpu0
    mb = sum(map(len, data)) * rounds / 1e6
    return mb / wall, mb / cpu, ok


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


def rust_rate(folder: pathlib.Path, rounds: int) -> tuple[float, float, str]:
    cmd = [str(ROOT / "target" / "release" / "examples" / "p3p_throughput"), str(folder), str(rounds)]
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    m = re.search(r"= ([\d.]+) MB/s, cpu [\d.]+ s = ([\d.]+) MB/s", out)
    if not m:
        raise SystemExit(f"unexpected output: {out}")
    return float(m.group(1)), float(m.group(2)), out


def main() -> None:
    shared = ROOT.parent / "shared" / "corpus" / "p3p"
    folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else (shared if shared.is_dir() else ROOT / "corpus" / "p3p")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    data = files(folder)
    if not data:
        raise SystemExit(f"bench_p3p: no .xml files under {folder}")
    print(f"{len(data)} files, {sum(map(len, data))} bytes, {rounds} rounds x {repeat}, folder {folder}")
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "policydiff", "--example", "p3p_throughput"], cwd=ROOT, check=True)
    sides: dict[str, tuple[Callable[[bytes], object], tuple[type[BaseException], ...]]] = {
        "ElementTree.fromstring (tree only)": (ET.fromstring, (ET.ParseError,)),
    }
    try:
        from lxml import etree as lxml_etree  # type: ignore[import-not-found]

        sides["lxml.etree.fromstring (tree only)"] = (lxml_etree.fromstring, (lxml_etree.XMLSyntaxError, ValueError))
    except ImportError:
        print("lxml not installed: skipped")
    best: dict[str, tuple[float, float]] = {}
    notes: dict[str, str] = {}
    for _ in range(repeat):
        wall, cpu, line = rust_rate(folder.resolve(), rounds)
        notes["policydiff import (everything)"] = line
        old = best.get("policydiff import (everything)", (0.0, 0.0))
        best["policydiff import (everything)"] = (max(old[0], wall), max(old[1], cpu))
        for name, (parse, errors) in sides.items():
            wall, cpu, ok = parse_rate(parse, errors, data, rounds)
            notes[name] = f"{ok} parses"
            old = best.get(name, (0.0, 0.0))
            best[name] = (max(old[0], wall), max(old[1], cpu))
    print(notes["policydiff import (everything)"])
    ours_wall, ours_cpu = best["policydiff import (everything)"]
    print(f"{'':38} {'wall MB/s':>10} {'cpu MB/s':>10} {'ours/them (cpu)':>16}")
    for name, (wall, cpu) in best.items():
        ratio = "" if name.startswith("policydiff") else f"{ours_cpu / cpu:.2f}x"
        extra = "" if name.startswith("policydiff") else f"  ({notes[name]})"
        print(f"{name:38} {wall:10.1f} {cpu:10.1f} {ratio:>16}{extra}")


if __name__ == "__main__":
    main()
