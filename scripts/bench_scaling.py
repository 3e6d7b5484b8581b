#!/usr/bin/env python3
"""How the batch path scales with threads: ``import_throughput --jobs N`` for N = 1, 2, 4, 8, 12, 16
(those the machine has), each pinned to CPUs 0..N-1, on one list of policy files.

    python3 scripts/bench_scaling.py --exe target/release/examples/import_throughput \\
        --files-from LIST [--repeat 3] [--commit SHA] [--out docs/scaling.json]

``make bench`` measures 1 and 2 threads on the machine it runs on; this script is the same job on
its own, for a machine with more cores that has no Rust toolchain (copy the release example and the
files there). Standard library only. The JSON it writes (``--out``) is read by
``scripts/bench_all.py``, which adds it to ``docs/PERFORMANCE.md`` as a separate table with the
machine and date of that run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Sequence

THREADS = (1, 2, 4, 8, 12, 16)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def run_jobs(exe: Path, files_from: Path, jobs: int, repeat: int) -> dict[str, Any]:
    """One ``import_throughput --jobs N`` run on CPUs 0..N-1 (also ``make bench``'s scaling job): its JSON line."""
    cmd = [str(exe.resolve()), "--files-from", str(files_from), "--jobs", str(jobs), "--repeat", str(repeat)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0" if jobs == 1 else f"0-{jobs - 1}", *cmd]
    env = {**os.environ, "RAYON_NUM_THREADS": str(jobs)}
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise SystemExit(f"bench_scaling: {' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def measure(exe: Path, files_from: Path, repeat: int) -> dict[str, Any]:
    ncpu = os.cpu_count() or 1
    rows: list[dict[str, Any]] = []
    for jobs in (j for j in THREADS if j <= ncpu):
        j = run_jobs(exe, files_from, jobs, repeat)
        if j["errors"]:
            raise SystemExit(f"bench_scaling: {j['errors']} files failed to import with --jobs {jobs}")
        rows.append(
            {
                "threads": jobs,
                "files": j["files"],
                "bytes": j["bytes"],
                "pairs": j["pairs"],
                "import_s": j["import_seconds"],
                "diff_s": j["diff_seconds"],
                "import_cpu_s": j["import_cpu_seconds"],
            }
        )
        print(f"  --jobs {jobs:<2} import {j['import_seconds']:.3f} s  diff {j['diff_seconds']:.3f} s", file=sys.stderr)
    one = rows[0]
    for r in rows:
        r["import_mb_s"] = r["bytes"] / 1e6 / r["import_s"]
        r["import_speedup"] = one["import_s"] / r["import_s"]
        r["diff_speedup"] = one["diff_s"] / r["diff_s"]
        r["efficiency"] = r["import_speedup"] / r["threads"]
    return {
        "date": dt.date.today().isoformat(),
        "nproc": ncpu,
        "cpu_model": cpu_model(),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "repeat": repeat,
        "rows": rows,
    }


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--exe", type=Path, required=True, help="the release import_throughput example")
    ap.add_argument("--files-from", type=Path, required=True, help="one policy file path per line")
    ap.add_argument("--repeat", type=int, default=3, help="best of N per thread count (default 3)")
    ap.add_argument("--commit", default="", help="the commit the example was built from, recorded in the JSON")
    ap.add_argument("--machine", default="", help="a description of the machine, recorded in the JSON")
    ap.add_argument("--out", type=Path, default=None, help="write the figures here as JSON (default: stdout)")
    args = ap.parse_args(argv)
    result = measure(args.exe, args.files_from, max(1, args.repeat))
    result["commit"] = args.commit
    result["machine"] = args.machine
    text = json.dumps(result, indent=2) + "\n"
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
