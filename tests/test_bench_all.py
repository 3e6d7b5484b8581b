"""Smoke test of the benchmark driver (`scripts/bench_all.py`, run by `make bench`).

`--quick` runs every job once on the project's own corpus/ (no ../shared, no profile), so the
script cannot rot between benchmark runs. It needs the CLI and the examples built: release ones if
present, else the debug ones `make test` builds before running pytest.
The figures are not checked against targets here (a debug build on a loaded machine says nothing
about speed); only that every job ran, measured something, and the note was written from it.
"""

from __future__ import annotations

import importlib.util
import json
import math
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NEEDED = ["policydiff", "examples/corpus_stream", "examples/import_throughput", "examples/p3p_throughput"]


def load_driver():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_all", ROOT / "scripts" / "bench_all.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_all"] = module
    spec.loader.exec_module(module)
    return module


def bin_dir() -> pathlib.Path:
    """Where the CLI and the examples are built (release if present); skip the test when neither is."""
    for profile in ("release", "debug"):
        d = ROOT / "target" / profile
        if all((d / n).is_file() for n in NEEDED):
            return d
    pytest.skip(f"build the CLI and examples first (cargo build -p policydiff-cli -p policydiff --bins --examples): {NEEDED}")


def run_script(name: str, *args: str) -> None:
    """Run ``scripts/NAME`` with this Python; it must exit 0."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_slope_of_a_power_law() -> None:
    b = load_driver()
    xs = [1e3, 4e3, 16e3]
    assert b.log_log_slope(xs, [x**1.5 for x in xs]) == pytest.approx(1.5)
    assert b.log_log_slope(xs, [3 * x for x in xs]) == pytest.approx(1.0)


def test_one_sentence_changed() -> None:
    b = load_driver()
    text = "We collect your name. We keep it a year. We never sell it. You can ask us to delete it."
    changed = b.change_one_sentence(text)
    assert changed != text
    old, new = set(text.split(". ")), set(changed.split(". "))
    assert len(old - new) == 1 and len(new - old) == 1


def test_regex_baseline_labels_sentences(tmp_path: pathlib.Path) -> None:
    b = load_driver()
    f = tmp_path / "p.txt"
    f.write_text("We collect your email address.\n\nWe use cookies. We share data with third parties.\n")
    # collect; cookie (+ nothing else); share + third part (one category)
    assert b.regex_classify([f]) == 3


def test_quick_run_writes_the_note(tmp_path: pathlib.Path) -> None:
    d = bin_dir()
    out, raw = tmp_path / "PERFORMANCE.md", tmp_path / "results.json"
    run_script("bench_all.py", "--quick", "--bin-dir", str(d), "--out", str(out), "--json", str(raw))
    r = json.loads(raw.read_text())
    jobs = {(row["job"], row.get("alt", "")) for row in r["rows"]}
    assert ("versions", "difflib.unified_diff") in jobs
    assert ("versions", "regex classifier (Python)") in jobs
    assert ("p3p", "xml.etree.ElementTree") in jobs
    for row in r["rows"]:
        assert row["bytes"] > 0
        assert math.isfinite(row["mb_s_wall"]) and row["mb_s_wall"] > 0, row
    assert r["versions_diff"]["pairs"] == 15 and r["versions_diff"]["errors"] == 0
    assert len(r["growth"]["rows"]) == 3
    assert all(row["import_rss_kb"] > 0 for row in r["growth"]["rows"])
    assert {t["status"] for t in r["targets"]} <= {"met", "not met", "n/a"}
    assert len(r["targets"]) >= 8
    note = out.read_text()
    for heading in ("## Machine and run", "## Targets", "## Side by side", "## Memory", "## Growth with policy size", "## Scaling"):
        assert heading in note
    assert r["machine"]["nproc"] in note


def test_scaling_script_and_its_section(tmp_path: pathlib.Path) -> None:
    """`scripts/bench_scaling.py` (the scaling job alone, for a bigger machine) runs the example
    with each thread count the machine has, and `bench_all.py` renders what it wrote."""
    d = bin_dir()
    files = sorted((ROOT / "corpus" / "versions").rglob("*.md"))
    lst = tmp_path / "files.list"
    lst.write_text("".join(f"{p}\n" for p in files))
    out = tmp_path / "scaling.json"
    run_script("bench_scaling.py", "--exe", str(d / "examples" / "import_throughput"), "--files-from", str(lst), "--repeat", "1", "--commit", "abc1234", "--out", str(out))
    s = json.loads(out.read_text())
    threads = [row["threads"] for row in s["rows"]]
    assert threads[0] == 1 and threads == sorted(threads) and len(threads) >= min(2, s["nproc"])
    assert all(row["files"] == len(files) and row["import_s"] > 0 for row in s["rows"])
    assert s["rows"][0]["import_speedup"] == 1.0
    bench = load_driver()
    note = tmp_path / "PERFORMANCE.md"
    tools = dict.fromkeys(("rustc", "python", "git", "wc", "lxml", "perf"), "?")
    machine = dict.fromkeys(("date_utc", "commit", "cpu_model", "nproc", "memory", "kernel", "load_average_start", "pinning", "runs", "peak_rss"), "?")
    bench.write_note({"skipped": [], "notes": [], "machine": {**machine, "versions": tools}, "rows": [], "targets": [], "scaling_many": s}, note, "make bench")
    text = note.read_text()
    assert f"## Scaling on a {s['nproc']}-core machine" in text and "`abc1234`" in text
    assert text.count("x |") >= len(threads)


def test_p3p_script_refuses_an_empty_folder(tmp_path: pathlib.Path) -> None:
    """`scripts/bench_p3p.py` over a folder without .xml files says so (no division by zero)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_p3p.py"), str(tmp_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 1
    assert "no .xml files" in proc.stderr
    assert "Traceback" not in proc.stderr
