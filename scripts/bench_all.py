#!/usr/bin/env python3
"""Side-by-side benchmarks: policydiff against what users would otherwise run, same work, same run.

    make bench                                   # release build, criterion, then this script
    .venv/bin/python scripts/bench_all.py [--runs 3] [--quick] [--out docs/PERFORMANCE.md]

Jobs (each skipped with a message when its corpus is absent):

- versions (``../shared/corpus/versions``): text import vs an untuned keyword-regex classifier in
  Python and vs ``wc -l`` on the same bytes; import + full diff of every consecutive pair vs
  ``difflib.unified_diff`` over the same files' lines and vs ``git diff --no-index --word-diff``;
  peak memory (streaming import and diff, and the paths that hold more); batch import with 1, 2 ...
  up to 16 threads (as many as the machine has; ``scripts/bench_scaling.py`` is the same job alone,
  for a bigger machine, and its ``docs/scaling.json`` is shown too); a ``perf`` (else callgrind) profile of the import.
- seeds (``../shared/seeds``): text import vs the regex classifier and ``wc -l``.
- p3p (``../shared/corpus/p3p``): P3P import vs ``xml.etree.ElementTree`` (tree only) and lxml.
- one pair near 50 KB: the diff alone, per pair.
- growth: 1x, 4x, 16x concatenations of one real policy; import and diff (against a copy with one
  sentence changed) time and memory, and the log-log slope of each.

Every one-core figure runs pinned to CPU 0 (``taskset -c 0``; this process pins itself too). Each
job reports wall time and CPU time (user + system), best of ``--runs``; every ratio comes from
figures of this run. Our inner figures come from the Rust examples' own timers around the work
(process start-up excluded); Python's from ``time.perf_counter`` and ``getrusage(RUSAGE_SELF)``
around the work; ``wc`` and ``git`` are whole processes (``os.wait4`` gives each child's rusage).

``--quick`` runs every job once on the project's own ``corpus/`` (no ``../shared``, no profile,
small repetitions): the smoke test uses it so this script cannot rot. Results: a Markdown note
(``--out``) and the raw figures as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import math
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_p3p  # noqa: E402  (reused: the file list and the ElementTree loop)
import bench_scaling  # noqa: E402  (reused: one pinned `import_throughput --jobs N` run)

VERSION_FILE = re.compile(r"(?i)^(\d{4}-\d{2}-\d{2})(T\d{2}-\d{2}-\d{2}Z)?[^/\\]*\.(md|markdown|txt|html?|xml)$")
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}
TARGETS_MB_S = 50.0


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Timing:
    """Best wall and best CPU seconds over the runs, and the peak RSS (KiB) seen."""

    wall: float
    cpu: float
    rss_kb: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def mb_s(self, nbytes: int) -> tuple[float, float]:
        return rate(nbytes, self.wall), rate(nbytes, self.cpu)


def rate(nbytes: int, seconds: float) -> float:
    return nbytes / 1e6 / seconds if seconds > 0 else float("nan")


def has_taskset() -> bool:
    return shutil.which("taskset") is not None and sys.platform.startswith("linux")


def pinned(cmd: Sequence[str], cpus: str = "0") -> list[str]:
    return ["taskset", "-c", cpus, *cmd] if has_taskset() else list(cmd)


GNU_TIME = Path("/usr/bin/time")


def run_child(
    cmd: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    ok_codes: tuple[int, ...] = (0,),
    capture: bool = True,
) -> tuple[float, float, int, str]:
    """Run one process; return its wall seconds, CPU seconds (user + sys), peak RSS (KiB), stdout.

    The peak RSS comes from GNU time (`/usr/bin/time -f %M`) when it is installed: a child forked
    from this Python process inherits its high-water mark through exec, so `ru_maxrss` from
    `os.wait4` is never below the driver's own size; a process forked by `time` has no such floor.
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        full = list(cmd)
        if GNU_TIME.is_file():
            full = [str(GNU_TIME), "-f", "%M", "-o", rss_file.name, *full]
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out if capture else subprocess.DEVNULL, env={**os.environ, **(env or {})})
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok_codes:
            raise RuntimeError(f"{' '.join(full)} exited {proc.returncode}")
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        rss = int(ru.ru_maxrss)
        if GNU_TIME.is_file():
            m = re.search(r"^(\d+)\s*$", rss_file.read(), re.MULTILINE)
            rss = int(m.group(1)) if m else rss
    return wall, ru.ru_utime + ru.ru_stime, rss, text


def best_child(runs: int, cmd: Sequence[str], **kw: Any) -> Timing:
    walls, cpus, rss = [], [], 0
    for _ in range(runs):
        w, c, r, _ = run_child(cmd, **kw)
        walls.append(w)
        cpus.append(c)
        rss = max(rss, r)
    return Timing(min(walls), min(cpus), rss)


def best_inproc(runs: int, fn: Callable[[], object]) -> Timing:
    """Best of `runs` calls of `fn` in this process: wall (perf_counter) and CPU (RUSAGE_SELF)."""
    fn()  # warm up: page cache, imports, compiled patterns
    walls, cpus = [], []
    for _ in range(runs):
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        fn()
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpus.append((r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime))
    return Timing(min(walls), min(cpus))


def example_json(exe: Path, args: Sequence[str], *, cpus: str = "0", threads: int = 1) -> Timing:
    """Run a Rust example that prints one JSON line; return its inner figures and peak RSS."""
    env = {"RAYON_NUM_THREADS": str(threads)}
    wall, cpu, rss, out = run_child(pinned([str(exe), *args], cpus), env=env)
    data = json.loads(out.strip().splitlines()[-1])
    return Timing(wall, cpu, rss, {"json": data})


def log_log_slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log(y) on log(x)."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-12)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    den = sum((a - mx) ** 2 for a in lx)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / den if den else float("nan")


# ---------------------------------------------------------------------------------------------
# The alternatives (Python side)

# An untuned keyword classifier, what a researcher would write in ten minutes: a dozen categories
# (named after the OPP-115 scheme), a few keywords each, re.search per sentence.
CATEGORIES: dict[str, list[str]] = {
    "first_party_collection": ["collect", "gather", "obtain", "we receive"],
    "third_party_sharing": ["share", "disclose", "third part", "sell"],
    "user_choice_control": ["opt out", "opt-out", "unsubscribe", "consent"],
    "user_access_edit_deletion": ["access your", "delete", "correct", "rectif"],
    "data_retention": ["retain", "retention", "keep your", "as long as"],
    "data_security": ["secur", "encrypt", "safeguard", "unauthori"],
    "policy_change": ["change this", "update this", "notify you", "revis"],
    "do_not_track": ["do not track", "do-not-track", "dnt"],
    "children": ["child", "under 13", "under the age", "minor"],
    "international_transfer": ["transfer", "outside your country", "european economic", "adequacy"],
    "cookies_tracking": ["cookie", "pixel", "web beacon", "tracking"],
    "contact": ["contact us", "email us", "write to us", "data protection officer"],
}
PATTERNS = [(name, re.compile(r"\b(?:" + "|".join(map(re.escape, kws)) + ")", re.IGNORECASE)) for name, kws in CATEGORIES.items()]
PARAGRAPH = re.compile(r"\n\s*\n")
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def regex_classify(paths: Sequence[Path]) -> int:
    labels = 0
    for p in paths:
        text = p.read_text(encoding="utf-8", errors="replace")
        for para in PARAGRAPH.split(text):
            for sentence in SENTENCE.split(para):
                for _, pat in PATTERNS:
                    if pat.search(sentence):
                        labels += 1
    return labels


def difflib_pairs(pairs: Sequence[tuple[Path, Path]]) -> int:
    lines = 0
    for a, b in pairs:
        old = a.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        new = b.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
        lines += sum(1 for _ in difflib.unified_diff(old, new, str(a), str(b)))
    return lines


def xml_parse_all(data: Sequence[bytes], rounds: int, fromstring: Callable[[bytes], object]) -> int:
    ok = 0
    for _ in range(rounds):
        ok += bench_p3p.parse_once(data, fromstring)
    return ok


# ---------------------------------------------------------------------------------------------
# Corpora


def version_pairs(base: Path) -> tuple[list[Path], list[tuple[Path, Path]]]:
    files: list[Path] = []
    pairs: list[tuple[Path, Path]] = []
    for org in sorted(p for p in base.iterdir() if p.is_dir()):
        fs = sorted(f for f in org.iterdir() if f.is_file() and VERSION_FILE.match(f.name))
        files += fs
        pairs += list(zip(fs, fs[1:]))
    return files, pairs


def text_files(base: Path) -> list[Path]:
    return sorted(p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and p.name.lower() != "readme.md")


def write_list(tmp: Path, name: str, paths: Sequence[Path]) -> Path:
    f = tmp / name
    f.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return f


def nbytes(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


# ---------------------------------------------------------------------------------------------
# The run


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.runs: int = args.runs
        self.bin = Path(args.bin_dir)
        self.ex = self.bin / "examples"
        self.tmp = Path(tempfile.mkdtemp(prefix="policydiff-bench-"))
        self.results: dict[str, Any] = {"skipped": [], "notes": []}
        self.rows: list[dict[str, Any]] = []  # the side-by-side table

    # -- helpers ------------------------------------------------------------------------------

    def say(self, msg: str) -> None:
        print(msg, flush=True)

    def skip(self, job: str, why: str) -> None:
        self.say(f"[skip] {job}: {why}")
        self.results["skipped"].append(f"{job}: {why}")

    def exe(self, name: str) -> Path:
        p = self.ex / name if name != "policydiff" else self.bin / name
        if not p.is_file():
            raise SystemExit(
                f"bench_all: {p} not found; build it first: cargo build --release -p policydiff-cli -p policydiff --bins --examples"
            )
        return p

    def row(self, job: str, what: str, nb: int, t: Timing, vs: Timing | None = None, vs_name: str = "") -> dict[str, Any]:
        """One side-by-side line: ours vs an alternative on the same bytes. Ratios >1: we are faster."""
        w, c = t.mb_s(nb)
        r: dict[str, Any] = {"job": job, "what": what, "bytes": nb, "wall_s": t.wall, "cpu_s": t.cpu, "mb_s_wall": w, "mb_s_cpu": c}
        if vs is not None:
            vw, vc = vs.mb_s(nb)
            r.update(alt=vs_name, alt_wall_s=vs.wall, alt_cpu_s=vs.cpu, alt_mb_s_wall=vw, alt_mb_s_cpu=vc, ratio_wall=vs.wall / t.wall, ratio_cpu=vs.cpu / t.cpu if t.cpu > 0 else float("nan"))
        self.rows.append(r)
        line = f"  {job:<10} {what:<44} {w:8.2f} MB/s wall {c:8.2f} MB/s CPU"
        if vs is not None:
            line += f" | {vs_name}: {r['alt_mb_s_wall']:8.2f} wall {r['alt_mb_s_cpu']:8.2f} CPU | ratio {r['ratio_wall']:6.2f}x wall {r['ratio_cpu']:6.2f}x CPU"
        self.say(line)
        return r

    # -- machine ------------------------------------------------------------------------------

    def machine(self) -> None:
        def cmd(*c: str) -> str:
            try:
                return subprocess.run(c, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
            except (OSError, IndexError):
                return "not available"

        cpu_model = "unknown"
        mem = "unknown"
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        except OSError:
            pass
        try:
            import lxml.etree as _lx

            lxml_v = ".".join(map(str, _lx.LXML_VERSION))
        except ImportError:
            lxml_v = "not installed"
        self.results["machine"] = {
            "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "nproc": cmd("nproc"),
            "cpu_model": cpu_model,
            "memory": mem,
            "load_average_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "kernel": platform.release(),
            "commit": cmd("git", "-C", str(ROOT), "describe", "--always", "--dirty"),
            "versions": {
                "rustc": cmd("rustc", "--version"),
                "python": platform.python_version(),
                "git": cmd("git", "--version"),
                "wc": cmd("wc", "--version"),
                "lxml": lxml_v,
                "perf": cmd("perf", "--version") if shutil.which("perf") else "not installed",
                "valgrind": cmd("valgrind", "--version") if shutil.which("valgrind") else "not installed",
            },
            "pinning": "taskset -c 0" if has_taskset() else "none (taskset not available)",
            "peak_rss": "GNU time -f %M" if GNU_TIME.is_file() else "ru_maxrss of os.wait4 (floored at the driver's own size: /usr/bin/time not installed)",
            "runs": self.runs,
            "quick": self.args.quick,
        }
        if has_taskset():
            os.sched_setaffinity(0, {0})
        m = self.results["machine"]
        self.say(f"machine: {m['nproc']} CPUs ({m['cpu_model']}), {m['memory']}, load {m['load_average_start']}, {m['date_utc']}")

    # -- jobs ---------------------------------------------------------------------------------

    def wc(self, paths: Sequence[Path], min_bytes: int) -> tuple[Timing, int]:
        """`wc -l` over the same files, repeated until at least `min_bytes` so the time is measurable."""
        reps = max(1, math.ceil(min_bytes / max(1, nbytes(paths))))
        t = best_child(self.runs, pinned(["wc", "-l", *map(str, paths * reps)]), capture=False)
        return t, nbytes(paths) * reps

    def import_job(self, job: str, paths: list[Path], reps: int) -> Timing:
        """Import vs the regex classifier and wc -l, on `paths` (listed `reps` times)."""
        work = paths * reps
        nb = nbytes(work)
        lst = write_list(self.tmp, f"{job}-import.txt", work)
        rounds = self.runs
        ours = example_json(self.exe("corpus_stream"), ["--files-from", str(lst), "--mode", "import", "--rounds", str(rounds)])
        j = ours.extra["json"]
        inner = Timing(j["import_seconds"], j["cpu_seconds"], ours.rss_kb, {"errors": j["errors"], "files": j["files"]})
        rx = best_inproc(self.runs, lambda: regex_classify(work))
        self.row(job, f"import ({len(paths)} files x{reps}) vs keyword regex", nb, inner, rx, "regex classifier (Python)")
        wct, wc_bytes = self.wc(work, 100_000_000 if not self.args.quick else 1)
        ww, wcpu = wct.mb_s(wc_bytes)
        iw, icpu = inner.mb_s(nb)
        self.rows.append({"job": job, "what": "wc -l, same files", "bytes": wc_bytes, "wall_s": wct.wall, "cpu_s": wct.cpu, "mb_s_wall": ww, "mb_s_cpu": wcpu, "alt": "", "x_slower_than_wc_wall": ww / iw, "x_slower_than_wc_cpu": wcpu / icpu})
        self.say(f"  {job:<10} {'wc -l (same bytes x' + str(wc_bytes // max(1, nb)) + ')':<44} {ww:8.2f} MB/s wall {wcpu:8.2f} MB/s CPU | import is {ww / iw:.1f}x wc (wall), {wcpu / icpu:.1f}x (CPU)")
        self.results[f"{job}_import"] = {"bytes": nb, "files": len(work), "errors": j["errors"], "mb_s_wall": iw, "mb_s_cpu": icpu, "wc_mb_s_wall": ww, "wc_mb_s_cpu": wcpu, "regex_mb_s_wall": rate(nb, rx.wall), "regex_mb_s_cpu": rate(nb, rx.cpu), "peak_rss_kb": ours.rss_kb}
        return inner

    def versions(self, base: Path) -> None:
        files, pairs = version_pairs(base)
        if not pairs:
            self.skip("versions", f"no consecutive versions in {base}")
            return
        nb = nbytes(files)
        self.say(f"versions: {len(files)} files, {len(pairs)} pairs, {nb / 1e6:.2f} MB in {base}")
        self.results["versions"] = {"dir": str(base), "files": len(files), "pairs": len(pairs), "bytes": nb}
        self.import_job("versions", files, 1)

        # Import + full diff, streaming, one core, vs difflib and git diff --word-diff.
        lst = write_list(self.tmp, "versions.txt", files)
        ours = example_json(self.exe("corpus_stream"), ["--files-from", str(lst), "--mode", "diff", "--rounds", str(self.runs)])
        j = ours.extra["json"]
        both = Timing(j["import_seconds"] + j["diff_seconds"], j["cpu_seconds"], ours.rss_kb)
        dl = best_inproc(self.runs, lambda: difflib_pairs(pairs))
        self.row("versions", f"import+diff {j['pairs']} pairs vs difflib", nb, both, dl, "difflib.unified_diff")
        git_t = self.git_word_diff(pairs)
        if git_t is not None:
            self.row("versions", f"import+diff {j['pairs']} pairs vs git word-diff", nb, both, git_t, "git diff --no-index --word-diff")
        self.results["versions_diff"] = {
            "pairs": j["pairs"],
            "errors": j["errors"],
            "text_diff_timed_out": j["text_diff_timed_out"],
            "import_s": j["import_seconds"],
            "diff_s": j["diff_seconds"],
            "cpu_s": j["cpu_seconds"],
            "difflib_wall_s": dl.wall,
            "difflib_cpu_s": dl.cpu,
            "git_wall_s": git_t.wall if git_t else None,
            "git_cpu_s": git_t.cpu if git_t else None,
            "peak_rss_kb": ours.rss_kb,
        }
        self.memory(base, files, lst)
        self.scaling(lst, nb)
        if not self.args.quick and not self.args.no_profile:
            self.profile(lst)

    def git_word_diff(self, pairs: Sequence[tuple[Path, Path]]) -> Timing | None:
        if shutil.which("git") is None:
            self.skip("git word-diff", "git not installed")
            return None
        old, new = self.tmp / "git-old", self.tmp / "git-new"
        old.mkdir(exist_ok=True)
        new.mkdir(exist_ok=True)
        for i, (a, b) in enumerate(pairs):
            shutil.copyfile(a, old / f"{i:04d}{a.suffix}")
            shutil.copyfile(b, new / f"{i:04d}{a.suffix}")
        # One process over two folders: file i of `old` against file i of `new` (exit 1: differences).
        cmd = pinned(["git", "-c", "core.quotepath=off", "diff", "--no-index", "--no-color", "--word-diff", str(old), str(new)])
        return best_child(self.runs, cmd, ok_codes=(0, 1), capture=False)

    def memory(self, base: Path, files: list[Path], lst: Path) -> None:
        """Peak RSS of the streaming paths, and of the paths that hold more, on the same corpus."""
        mem: dict[str, Any] = {}
        imp = example_json(self.exe("corpus_stream"), ["--files-from", str(lst), "--mode", "import"])
        dif = example_json(self.exe("corpus_stream"), ["--files-from", str(lst), "--mode", "diff"])
        mem["corpus_stream import (streaming, one policy at a time)"] = imp.rss_kb
        mem["corpus_stream diff (streaming, two policies at a time)"] = dif.rss_kb
        holds = example_json(self.exe("import_throughput"), ["--files-from", str(lst), "--jobs", "1", "--repeat", "1"])
        mem["import_throughput (holds every policy, then diffs)"] = holds.rss_kb
        # policydiff history holds one folder's history: the largest folder.
        orgs = sorted((p for p in base.iterdir() if p.is_dir()), key=lambda d: sum(f.stat().st_size for f in d.iterdir() if f.is_file()))
        if orgs:
            big = orgs[-1]
            _, _, rss, _ = run_child(pinned([str(self.exe("policydiff")), "history", str(big), "--format", "json"]), env={"RAYON_NUM_THREADS": "1"}, capture=False)
            mem[f"policydiff history {big.name}/ (largest folder, holds its history)"] = rss
        tiny = self.tmp / "tiny.txt"
        tiny.write_text("We collect your email address.\n", encoding="utf-8")
        base_rss = example_json(self.exe("corpus_stream"), ["--files-from", str(write_list(self.tmp, "tiny.txt.list", [tiny])), "--mode", "import"]).rss_kb
        mem["corpus_stream import of one sentence (process baseline)"] = base_rss
        biggest = max(files, key=lambda p: p.stat().st_size)
        one = example_json(self.exe("corpus_stream"), ["--files-from", str(write_list(self.tmp, "largest.list", [biggest])), "--mode", "import"]).rss_kb
        mem[f"corpus_stream import of the largest file alone ({biggest.stat().st_size // 1000} KB)"] = one
        self.results["memory_kb"] = mem
        self.say("  memory (peak RSS, whole versions corpus unless said):")
        for k, v in mem.items():
            self.say(f"    {v / 1024:8.1f} MiB  {k}")

    def scaling(self, lst: Path, nb: int) -> None:
        ncpu = os.cpu_count() or 1
        sc: dict[str, Any] = {}
        for jobs in sorted({1, 2, min(ncpu, 4), min(ncpu, 8), min(ncpu, 16)}):
            if jobs > ncpu:
                continue
            j = bench_scaling.run_jobs(self.exe("import_throughput"), lst, jobs, self.runs)
            sc[str(jobs)] = {"import_s": j["import_seconds"], "mb_s": rate(nb, j["import_seconds"]), "cpu_s": j["import_cpu_seconds"], "mb_per_cpu_s": rate(nb, j["import_cpu_seconds"])}
        one = sc["1"]["mb_s"]
        for k, v in sc.items():
            v["speedup"] = v["mb_s"] / one
            self.say(f"  scaling    import_throughput --jobs {k:<2} (CPUs {'0' if k == '1' else f'0-{int(k) - 1}'}) {v['mb_s']:8.2f} MB/s wall  {v['speedup']:.2f}x  ({v['mb_per_cpu_s']:.2f} MB per CPU-second)")
        self.results["scaling"] = sc

    def profile(self, lst: Path) -> None:
        exe = self.exe("corpus_stream")
        cmd = pinned([str(exe), "--files-from", str(lst), "--mode", "import"])
        data = self.tmp / "perf.data"
        rows: list[tuple[float, str]] = []
        tool = ""
        if shutil.which("perf"):
            rec = subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "997", "-o", str(data), "--", *cmd], capture_output=True, text=True, check=False)
            if rec.returncode == 0:
                rep = subprocess.run(["perf", "report", "-i", str(data), "--stdio", "--no-children", "--sort", "symbol", "--percent-limit", "0.3"], capture_output=True, text=True, check=False)
                for line in rep.stdout.splitlines():
                    m = re.match(r"\s*([\d.]+)%\s+\[[.k]\]\s+(.*)", line)
                    if m:
                        # Drop perf's trailing IPC columns ("-  -") when it prints them.
                        rows.append((float(m.group(1)), re.sub(r"(\s+-)+\s*$", "", m.group(2)).strip()))
                tool = "perf record -e cpu-clock -F 997 (flat profile, self time)"
            else:
                self.results["notes"].append(f"perf record failed: {rec.stderr.strip().splitlines()[-1] if rec.stderr.strip() else rec.returncode}")
        if not rows and shutil.which("valgrind"):
            sub = write_list(self.tmp, "callgrind.list", [Path(p) for p in lst.read_text().split()][:40])
            out = self.tmp / "callgrind.out"
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(exe), "--files-from", str(sub), "--mode", "import"], capture_output=True, check=False)
            ann = subprocess.run(["callgrind_annotate", str(out)], capture_output=True, text=True, check=False)
            total = 0.0
            for line in ann.stdout.splitlines():
                m = re.match(r"\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(?:\S+:)?(.*?)(?:\s+\[.*\])?$", line)
                if m and "PROGRAM TOTALS" not in line:
                    rows.append((float(m.group(2)), m.group(3).strip()))
                    total += 1
            tool = "valgrind --tool=callgrind (first 40 files; instructions)"
        if not rows:
            self.skip("profile", "neither perf nor valgrind gave a profile")
            return
        clean = [(pct, re.sub(r"::h[0-9a-f]{16}$", "", sym)) for pct, sym in rows[:10]]
        shown = " ".join(cmd).replace(str(lst), "LIST").replace(str(ROOT) + "/", "")
        self.results["profile"] = {"tool": tool, "command": shown + "  (LIST: the versions corpus, one path a line)", "top": clean}
        self.say(f"  profile ({tool}):")
        for pct, sym in clean:
            self.say(f"    {pct:5.1f}%  {sym[:110]}")

    def seeds(self, base: Path) -> None:
        paths = text_files(base)
        if not paths:
            self.skip("seeds", f"no text files in {base}")
            return
        # The seeds are small: the list is repeated so each timing is long enough to read.
        reps = 2 if self.args.quick else max(1, math.ceil(5_000_000 / nbytes(paths)))
        self.say(f"seeds: {len(paths)} files, {nbytes(paths) / 1e3:.1f} KB in {base} (listed {reps} times)")
        self.import_job("seeds", paths, reps)

    def p3p(self, base: Path) -> None:
        data = bench_p3p.files(base)
        if not data:
            self.skip("p3p", f"no .xml files in {base}")
            return
        nb = sum(map(len, data))
        rounds = 3 if self.args.quick else max(1, math.ceil(40_000_000 / nb))
        self.say(f"p3p: {len(data)} files, {nb / 1e3:.1f} KB in {base}, {rounds} rounds")
        exe = self.exe("p3p_throughput")
        best = None
        for _ in range(self.runs):
            _, cpu, rss, out = run_child(pinned([str(exe), str(base), str(rounds)]))
            m = re.search(r"wall ([\d.]+) s = ([\d.]+) MB/s", out)
            if not m:
                raise RuntimeError(f"p3p_throughput: unexpected output {out!r}")
            # The process also reads the files and imports them once to warm up: rounds + 1.
            t = Timing(float(m.group(1)), cpu * rounds / (rounds + 1), rss)
            best = t if best is None else Timing(min(best.wall, t.wall), min(best.cpu, t.cpu), max(best.rss_kb, t.rss_kb))
        assert best is not None
        total = nb * rounds
        import xml.etree.ElementTree as ET

        et = best_inproc(self.runs, lambda: xml_parse_all(data, rounds, ET.fromstring))
        self.row("p3p", f"P3P import ({len(data)} files x{rounds}) vs ElementTree", total, best, et, "xml.etree.ElementTree")
        res = {"files": len(data), "bytes": nb, "rounds": rounds, "mb_s_wall": rate(total, best.wall), "mb_s_cpu": rate(total, best.cpu), "et_mb_s_wall": rate(total, et.wall), "et_mb_s_cpu": rate(total, et.cpu)}
        try:
            from lxml import etree as lx

            parser = lx.XMLParser(resolve_entities=False, no_network=True)
            lxt = best_inproc(self.runs, lambda: xml_parse_all(data, rounds, lambda b: lx.fromstring(b, parser)))
            self.row("p3p", f"P3P import ({len(data)} files x{rounds}) vs lxml", total, best, lxt, "lxml.etree")
            res.update(lxml_mb_s_wall=rate(total, lxt.wall), lxml_mb_s_cpu=rate(total, lxt.cpu))
        except ImportError:
            self.skip("p3p vs lxml", "lxml not installed (pip install lxml)")
        self.results["p3p"] = res

    def pair(self, versions: Path | None) -> Path | None:
        """The consecutive pair whose newer file is nearest 50 KB: the diff alone, per pair."""
        if versions is not None:
            _, pairs = version_pairs(versions)
        else:
            pairs = []
        if not pairs:
            self.skip("50 KB pair", "no versions corpus")
            return None
        a, b = min(pairs, key=lambda p: abs(p[1].stat().st_size - 50_000))
        rounds = 5 if self.args.quick else 50
        t = example_json(self.exe("corpus_stream"), ["--files-from", str(write_list(self.tmp, "pair.list", [a, b])), "--mode", "diff", "--rounds", str(rounds)])
        j = t.extra["json"]
        dl = best_inproc(self.runs * 5, lambda: difflib_pairs([(a, b)]))
        self.results["pair_50k"] = {
            "old": str(a),
            "new": str(b),
            "bytes": [a.stat().st_size, b.stat().st_size],
            "diff_ms": j["diff_seconds"] * 1000,
            "import_both_ms": j["import_seconds"] * 1000,
            "difflib_ms": dl.wall * 1000,
            "text_diff_timed_out": j["text_diff_timed_out"],
        }
        r = self.results["pair_50k"]
        self.say(f"pair near 50 KB: {a.parent.name}/{a.name} -> {b.name} ({r['bytes'][0]} / {r['bytes'][1]} bytes): diff {r['diff_ms']:.2f} ms, imports {r['import_both_ms']:.2f} ms, difflib {r['difflib_ms']:.2f} ms")
        return b

    def growth(self, policy: Path) -> None:
        """1x, 4x, 16x concatenations of one policy: import and diff time and peak RSS, and slopes."""
        text = policy.read_text(encoding="utf-8", errors="replace")
        factors = (1, 2, 4) if self.args.quick else (1, 4, 16)
        tiny = self.tmp / "growth-tiny.txt"
        tiny.write_text("We collect your email address.\n", encoding="utf-8")
        base_rss = example_json(self.exe("corpus_stream"), ["--files-from", str(write_list(self.tmp, "g0.list", [tiny])), "--mode", "import"]).rss_kb
        rows = []
        for k in factors:
            big = "\n\n".join([text] * k)
            changed = change_one_sentence(big)
            a = self.tmp / f"growth-{k}x{policy.suffix}"
            b = self.tmp / f"growth-{k}x-changed{policy.suffix}"
            a.write_text(big, encoding="utf-8")
            b.write_text(changed, encoding="utf-8")
            rounds = max(2, (20 if not self.args.quick else 2) // k)
            imp = example_json(self.exe("corpus_stream"), ["--files-from", str(write_list(self.tmp, f"g{k}a.list", [a])), "--mode", "import", "--rounds", str(rounds)])
            dif = example_json(self.exe("corpus_stream"), ["--files-from", str(write_list(self.tmp, f"g{k}b.list", [a, b])), "--mode", "diff", "--rounds", str(rounds)])
            ji, jd = imp.extra["json"], dif.extra["json"]
            rows.append(
                {
                    "factor": k,
                    "bytes": len(big.encode()),
                    "import_s": ji["import_seconds"],
                    "diff_s": jd["diff_seconds"],
                    "import_rss_kb": imp.rss_kb,
                    "diff_rss_kb": dif.rss_kb,
                    "import_rss_above_base_kb": max(1, imp.rss_kb - base_rss),
                    "diff_rss_above_base_kb": max(1, dif.rss_kb - base_rss),
                    "changes": jd["changes"],
                    "text_diff_timed_out": jd["text_diff_timed_out"],
                }
            )
        xs = [r["bytes"] for r in rows]
        slopes = {
            "import_time": log_log_slope(xs, [r["import_s"] for r in rows]),
            "diff_time": log_log_slope(xs, [r["diff_s"] for r in rows]),
            "import_memory": log_log_slope(xs, [r["import_rss_above_base_kb"] for r in rows]),
            "diff_memory": log_log_slope(xs, [r["diff_rss_above_base_kb"] for r in rows]),
        }
        self.results["growth"] = {"policy": str(policy), "base_rss_kb": base_rss, "rows": rows, "slopes": slopes}
        self.say(f"growth ({policy.parent.name}/{policy.name} concatenated; RSS above a one-sentence import's {base_rss / 1024:.1f} MiB):")
        for r in rows:
            self.say(
                f"  {r['factor']:>3}x {r['bytes'] / 1e3:8.1f} KB: import {r['import_s'] * 1000:9.2f} ms, diff {r['diff_s'] * 1000:9.2f} ms, "
                f"RSS import +{r['import_rss_above_base_kb'] / 1024:.1f} MiB, diff +{r['diff_rss_above_base_kb'] / 1024:.1f} MiB"
                + (" (text diff timed out)" if r["text_diff_timed_out"] else "")
            )
        self.say("  exponents: " + ", ".join(f"{k} {v:.2f}" for k, v in slopes.items()))

    # -- criterion ----------------------------------------------------------------------------

    def criterion(self) -> None:
        since = self.args.criterion_since
        if since is None:
            return
        base = ROOT / "target" / "criterion"
        found = []
        for est in sorted(base.glob("**/new/estimates.json")):
            if est.stat().st_mtime < since:
                continue
            meta = est.parent / "benchmark.json"
            try:
                b = json.loads(meta.read_text())
                e = json.loads(est.read_text())
            except (OSError, ValueError):
                continue
            ns = e["median"]["point_estimate"]
            thr = b.get("throughput") or {}
            mb_s = thr["Bytes"] / ns * 1e3 if "Bytes" in thr else None
            found.append({"id": b.get("full_id", str(est.parent.parent)), "median_us": ns / 1e3, "mb_s": mb_s})
        if not found:
            self.skip("criterion", f"no criterion results newer than the start of this run in {base}")
            return
        self.results["criterion"] = found
        self.say("criterion (median, this run):")
        for f in found:
            extra = f"  {f['mb_s']:.1f} MB/s" if f["mb_s"] else ""
            self.say(f"  {f['id']:<50} {f['median_us']:12.1f} µs{extra}")

    # -- all ----------------------------------------------------------------------------------

    def run(self) -> None:
        self.machine()
        shared = Path(self.args.shared)
        if self.args.quick:
            versions, p3p, seeds = ROOT / "corpus" / "versions", ROOT / "corpus" / "p3p", ROOT / "corpus" / "seeds-style"
            self.results["notes"].append("quick run: the project's own corpus/ only, one repetition, no profile")
        else:
            versions, p3p, seeds = shared / "corpus" / "versions", shared / "corpus" / "p3p", shared / "seeds"
        vdir: Path | None = versions if versions.is_dir() else None
        if vdir:
            self.versions(vdir)
        else:
            self.skip("versions", f"{versions} not found (needs ../shared next to the repository)")
        if seeds.is_dir():
            self.seeds(seeds)
        else:
            self.skip("seeds", f"{seeds} not found")
        if p3p.is_dir():
            self.p3p(p3p)
        else:
            self.skip("p3p", f"{p3p} not found")
        policy = self.pair(vdir)
        if policy is None:
            policy = ROOT / "corpus" / "versions" / "stridewell" / "2023-06-19.md"
        self.growth(policy)
        self.criterion()
        self.results["machine"]["load_average_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        self.results["rows"] = self.rows
        self.results["targets"] = targets(self.results)
        self.say("targets:")
        for t in self.results["targets"]:
            self.say(f"  {t['status']:<8} {t['target']}: {t['figure']}")
        shutil.rmtree(self.tmp, ignore_errors=True)


def change_one_sentence(text: str) -> str:
    """`text` with the sentence after its middle replaced by another one (one sentence changed)."""
    mid = len(text) // 2
    start = text.find(". ", mid)
    if start < 0:
        return text + "\n\nWe share your email address with our advertising partners.\n"
    start += 2
    end = text.find(". ", start)
    end = len(text) if end < 0 else end + 1
    return text[:start] + "We share your email address with our advertising partners." + text[end:]


# ---------------------------------------------------------------------------------------------
# Targets (issues 3, 4, 5, 7) and the note


def targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(target: str, ok: bool | None, figure: str) -> None:
        out.append({"target": target, "status": "n/a" if ok is None else ("met" if ok else "not met"), "figure": figure})

    vi = r.get("versions_import")
    if vi:
        add(
            f"text import >= {TARGETS_MB_S:.0f} MB/s on one core (versions corpus)",
            vi["mb_s_cpu"] >= TARGETS_MB_S,
            f"{vi['mb_s_cpu']:.1f} MB per CPU-second ({vi['mb_s_wall']:.1f} MB/s wall)",
        )
        x_cpu, x_wall = vi["wc_mb_s_cpu"] / vi["mb_s_cpu"], vi["wc_mb_s_wall"] / vi["mb_s_wall"]
        add("text import within 20x of `wc -l` on the same bytes", x_cpu <= 20, f"{x_cpu:.1f}x slower than wc -l by CPU time ({x_wall:.1f}x by wall time)")
    else:
        add("text import >= 50 MB/s on one core", None, "versions corpus absent")
    vd = r.get("versions_diff")
    if vd:
        ours = vd["import_s"] + vd["diff_s"]
        add(
            f"{vd['pairs']} pairs, imports included, faster than difflib.unified_diff alone",
            vd["cpu_s"] < vd["difflib_cpu_s"],
            f"{vd['difflib_cpu_s'] / vd['cpu_s']:.2f}x by CPU time ({vd['difflib_wall_s'] / ours:.2f}x by wall): {vd['cpu_s']:.2f} s vs {vd['difflib_cpu_s']:.2f} s CPU",
        )
    p = r.get("p3p")
    if p:
        add("P3P import >= 100 MB/s (one core)", p["mb_s_cpu"] >= 100, f"{p['mb_s_cpu']:.1f} MB per CPU-second ({p['mb_s_wall']:.1f} MB/s wall)")
        add("P3P import >= 3x ElementTree", p["mb_s_cpu"] / p["et_mb_s_cpu"] >= 3, f"{p['mb_s_cpu'] / p['et_mb_s_cpu']:.2f}x by CPU time ({p['mb_s_wall'] / p['et_mb_s_wall']:.2f}x by wall)")
    pr = r.get("pair_50k")
    if pr:
        add("diff of a ~50 KB pair < 5 ms (semantic + text)", pr["diff_ms"] < 5, f"{pr['diff_ms']:.2f} ms ({pr['bytes'][0]} / {pr['bytes'][1]} bytes; imports {pr['import_both_ms']:.1f} ms more)")
    g = r.get("growth")
    if g:
        for k, v in g["slopes"].items():
            add(f"{k.replace('_', ' ')} grows with exponent <= 1.2", v <= 1.2, f"{v:.2f}")
    return out


def fmt(x: float | None, nd: int = 1) -> str:
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{nd}f}"


def table_section(a: Callable[[str], object], title: str, columns: Sequence[str], align: str, rows: Iterable[str], intro: Sequence[str] = ()) -> None:
    """Append a blank line, `## title`, the intro lines (if any, then a blank line) and a Markdown
    table: a header of `columns`, an alignment row (`align`: one letter a column, `r` right, any
    other left) and the `rows`, each a line written by the caller."""
    a("")
    a(f"## {title}")
    a("")
    if intro:
        for line in intro:
            a(line)
        a("")
    a("| " + " | ".join(columns) + " |")
    a("|" + "|".join("---:" if c == "r" else "---" for c in align) + "|")
    for row in rows:
        a(row)


def side_by_side_row(row: dict[str, Any]) -> str | None:
    """A row of the side-by-side table: policydiff against the alternative, or the `wc -l` reference."""
    if row.get("alt"):
        return (
            f"| {row['job']} | {row['what']} | {row['bytes']:,} | {fmt(row['mb_s_wall'])} / {fmt(row['mb_s_cpu'])} | {row['alt']} "
            f"| {fmt(row['alt_mb_s_wall'])} / {fmt(row['alt_mb_s_cpu'])} | {fmt(row['ratio_wall'], 2)}x / {fmt(row['ratio_cpu'], 2)}x |"
        )
    if "x_slower_than_wc_wall" in row:
        return (
            f"| {row['job']} | physical reference: `wc -l` on the same files | {row['bytes']:,} | - | `wc -l` | {fmt(row['mb_s_wall'])} / {fmt(row['mb_s_cpu'])} "
            f"| import is {fmt(row['x_slower_than_wc_wall'])}x / {fmt(row['x_slower_than_wc_cpu'])}x slower |"
        )
    return None


def write_note(r: dict[str, Any], path: Path, command: str) -> None:
    m = r["machine"]
    v = m["versions"]
    L: list[str] = []
    a = L.append
    a("# Performance")
    a("")
    a("Generated by `scripts/bench_all.py` (run by `make bench`); do not edit by hand, run it again.")
    a("Every figure below comes from one run on one machine; ratios compare figures of that run.")
    a("")
    a("## Machine and run")
    a("")
    a(f"- Date: {m['date_utc']}; commit `{m['commit']}`")
    a(f"- CPU: {m['cpu_model']}, `nproc` = {m['nproc']}; memory {m['memory']}; kernel {m['kernel']}")
    a(f"- Load average at start: {m['load_average_start']}; at end: {m.get('load_average_end', '?')} (a shared machine: other jobs ran at the same time)")
    a(f"- Pinning: {m['pinning']} for every one-core figure; best of {m['runs']} runs for each figure")
    a(f"- Peak RSS from: {m['peak_rss']}")
    a(f"- Tools: {v['rustc']}; Python {v['python']}; {v['git']}; {v['wc']}; lxml {v['lxml']}; {v['perf']}")
    a(f"- Command: `{command}`")
    if m.get("quick"):
        a("- **Quick run** (`--quick`): the project's own `corpus/` only, one repetition; not the reference figures.")
    a("")
    a("How to read: *wall* is elapsed time; *CPU* is user + system time of the work, which the other")
    a("jobs on a loaded machine disturb less. policydiff figures are the Rust examples' own timers")
    a("around the work (`corpus_stream`, `import_throughput`, `p3p_throughput`; process start-up left")
    a("out); Python figures are timed around the work in the driver process; `wc` and `git` are whole")
    a("processes. *Ratio* = the alternative's time / ours (above 1: policydiff is faster).")
    table_section(a, "Targets", ["Target (issues 3, 4, 5, 7)", "Status", "Figure"], "lll", (f"| {t['target']} | **{t['status']}** | {t['figure']} |" for t in r["targets"]))
    a("")
    a("Status is computed from the figures (CPU time where both exist; the ~50 KB pair: best wall time of")
    a("the rounds), not set by hand.")
    table_section(
        a,
        "Side by side",
        ["Job", "Work", "Bytes", "policydiff MB/s (wall / CPU)", "Alternative", "Alternative MB/s (wall / CPU)", "Ratio (wall / CPU)"],
        "llrrlrr",
        (line for line in map(side_by_side_row, r["rows"]) if line is not None),
    )
    a("")
    a("The keyword-regex classifier is the baseline a researcher would otherwise write: twelve")
    a("OPP-115-style categories, three or four keywords each, `re.search` on every sentence of every")
    a("paragraph (`CATEGORIES` in `scripts/bench_all.py`; untuned). `difflib.unified_diff` runs over")
    a("the same files' lines (reading included); `git diff --no-index --word-diff` is one process over")
    a("two folders holding the old and new file of every pair (copies; file *i* against file *i*).")
    a("policydiff's diff job imports both versions and runs the full diff (semantic, text, rules) for")
    a("each consecutive pair (`corpus_stream --mode diff`).")
    vd = r.get("versions_diff")
    if vd:
        a("")
        a(
            f"Versions corpus: {r['versions']['files']} files, {vd['pairs']} pairs, {r['versions']['bytes'] / 1e6:.2f} MB; import {vd['import_s']:.2f} s + diff {vd['diff_s']:.2f} s wall "
            f"({vd['cpu_s']:.2f} s CPU), {vd['errors']} errors, {vd['text_diff_timed_out']} text diffs past their deadline."
        )
    pr = r.get("pair_50k")
    if pr:
        a("")
        a(f"Pair nearest 50 KB (`{Path(pr['old']).parent.name}/{Path(pr['old']).name}` -> `{Path(pr['new']).name}`): diff {pr['diff_ms']:.2f} ms, both imports {pr['import_both_ms']:.2f} ms, difflib {pr['difflib_ms']:.2f} ms (best of the rounds).")
    mem = r.get("memory_kb")
    if mem:
        table_section(a, "Memory (peak RSS, whole versions corpus)", ["Path", "Peak RSS (MiB)"], "lr", (f"| {k} | {kb / 1024:.1f} |" for k, kb in mem.items()))
        a("")
        a("`corpus_stream` (an example in `crates/policydiff/examples/`) is the streaming path: it keeps at")
        a("most the previous and the current policy, so its peak is set by the largest pair, not by the")
        a("corpus. `policydiff history` holds one folder's history at a time.")
    g = r.get("growth")
    if g:
        table_section(
            a,
            "Growth with policy size",
            ["Size", "Bytes", "Import (ms)", "Diff (ms)", "Import RSS above base (MiB)", "Diff RSS above base (MiB)"],
            "rrrrrr",
            (
                f"| {row['factor']}x | {row['bytes']:,} | {row['import_s'] * 1000:.2f} | {row['diff_s'] * 1000:.2f}{' (timed out)' if row['text_diff_timed_out'] else ''} "
                f"| {row['import_rss_above_base_kb'] / 1024:.1f} | {row['diff_rss_above_base_kb'] / 1024:.1f} |"
                for row in g["rows"]
            ),
            intro=[
                f"One real policy (`{Path(g['policy']).parent.name}/{Path(g['policy']).name}`) concatenated 1x, 4x and 16x; diff = the",
                "concatenation against itself with one sentence (after the middle) replaced. Memory is the peak RSS",
                f"above a one-sentence import's ({g['base_rss_kb'] / 1024:.1f} MiB: code, lexicon, rules).",
            ],
        )
        a("")
        a("Exponents (least-squares slope of log cost on log bytes; 1.0 = linear): " + ", ".join(f"{k.replace('_', ' ')} **{v:.2f}**" for k, v in g["slopes"].items()) + ".")
    sc = r.get("scaling")
    if sc:
        table_section(
            a,
            "Scaling (batch import, `import_throughput --jobs N`, versions corpus)",
            ["Threads", "CPUs", "Import MB/s (wall)", "Speed-up", "MB per CPU-second"],
            "rlrrr",
            (f"| {k} | {'0' if k == '1' else f'0-{int(k) - 1}'} | {s['mb_s']:.2f} | {s['speedup']:.2f}x | {s['mb_per_cpu_s']:.2f} |" for k, s in sc.items()),
            intro=[f"Machine: {m['nproc']} CPUs ({m['cpu_model']}), load average {m['load_average_start']} at start."],
        )
    many = r.get("scaling_many")
    if many:
        table_section(
            a,
            f"Scaling on a {many['nproc']}-core machine (separate run, `scripts/bench_scaling.py`)",
            ["Threads", "Import s", "Import MB/s (wall)", "Speed-up", "Efficiency", "Diff s (474 pairs)", "Diff speed-up"],
            "rrrrrrr",
            (
                f"| {x['threads']} | {x['import_s']:.3f} | {x['import_mb_s']:.1f} | {x['import_speedup']:.2f}x | {x['efficiency']:.0%} | {x['diff_s']:.3f} | {x['diff_speedup']:.2f}x |"
                for x in many["rows"]
            ),
            intro=[
                f"Machine: {many['machine'] or 'unknown'}; {many['nproc']} CPUs ({many['cpu_model']}), load average {many['load_average']} at the end;"
                f" {many['date']}, commit `{many['commit'] or '?'}`, best of {many['repeat']}. The same `import_throughput --jobs N` as above, each",
                f"thread count pinned to CPUs 0..N-1, over the {many['rows'][0]['files']} files of the versions corpus ({many['rows'][0]['bytes']:,} bytes). Read from",
                "`docs/scaling.json`, which that run wrote; `make bench` does not redo it.",
            ],
        )
    cr = r.get("criterion")
    if cr:
        table_section(
            a,
            "Criterion (project corpus, this run)",
            ["Benchmark", "Median", "Throughput"],
            "lrr",
            (f"| {c['id']} | {c['median_us']:.1f} µs | {fmt(c['mb_s'])} MB/s |" if c["mb_s"] else f"| {c['id']} | {c['median_us']:.1f} µs | |" for c in cr),
        )
    pf = r.get("profile")
    if pf:
        table_section(
            a,
            "Profile of the import (versions corpus)",
            ["Self %", "Function"],
            "rl",
            (f"| {pct:.1f} | `{sym}` |" for pct, sym in pf["top"]),
            intro=[f"Tool: {pf['tool']}; command: `{pf['command']}`."],
        )
    if r["skipped"] or r["notes"]:
        a("")
        a("## Not measured / notes")
        a("")
        for s in r["skipped"]:
            a(f"- skipped: {s}")
        for n in r["notes"]:
            a(f"- {n}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(L) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")), help="best of N (default 3, or $BENCH_RUNS)")
    ap.add_argument("--quick", action="store_true", help="the project's corpus/ only, one run, no profile (smoke test)")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder (default ../shared)")
    ap.add_argument("--bin-dir", default=str(ROOT / "target" / "release"), help="where policydiff and examples/ are")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "PERFORMANCE.md", help="the Markdown note to write")
    ap.add_argument("--json", type=Path, default=ROOT / "target" / "bench" / "results.json", help="raw figures")
    ap.add_argument("--no-profile", action="store_true", help="skip perf / callgrind")
    ap.add_argument("--criterion-since", type=float, default=None, help="include criterion results written after this Unix time")
    ap.add_argument("--scaling-json", type=Path, default=ROOT / "docs" / "scaling.json", help="a scripts/bench_scaling.py run on a machine with more cores, shown beside this run's (if the file exists)")
    ap.add_argument("--command", default=None, help="the command to record in the note (default: this script's command line)")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = 1
    args.runs = max(1, args.runs)
    b = Bench(args)
    b.run()
    if args.scaling_json.is_file():
        b.results["scaling_many"] = json.loads(args.scaling_json.read_text(encoding="utf-8"))
    command = args.command or " ".join([Path(sys.executable).name, "scripts/bench_all.py", *(argv if argv is not None else sys.argv[1:])])
    write_note(b.results, args.out, command)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(b.results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} and {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
