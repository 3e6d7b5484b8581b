"""Peak memory of the CLI on the hostile inputs that attack memory (billion
laughs, deep nesting, 50 MB single line) stays under 50 MB: runs
scripts/hostile_memory.sh, which measures with GNU time (/usr/bin/time -v)."""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = os.environ.get("POLICYDIFF_BIN", str(ROOT / "target" / "debug" / "policydiff"))


def test_hostile_inputs_stay_under_50_mb() -> None:
    proc = subprocess.run(
        ["bash", str(ROOT / "scripts" / "hostile_memory.sh"), CLI],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    print(proc.stdout)
    if proc.returncode == 77:
        pytest.skip(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(" ok") == 7, proc.stdout
