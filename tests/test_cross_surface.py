"""Cross-surface tests: the CLI and the Python package give identical JSON for
every file in corpus/, and both validate against the committed schema."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

import policydiff

ROOT = pathlib.Path(__file__).resolve().parents[1]
CLI = os.environ.get("POLICYDIFF_BIN", str(ROOT / "target" / "debug" / "policydiff"))
FILES = sorted(
    p
    for p in (ROOT / "corpus").rglob("*")
    if p.is_file()
    and p.suffix in {".md", ".txt", ".html", ".htm", ".xml"}
    and p.name != "README.md"
    and "hostile" not in p.parts
)


def cli_json(path: pathlib.Path) -> tuple[int, str, str]:
    proc = subprocess.run([CLI, "import", str(path)], capture_output=True, text=True, check=False)
    return proc.returncode, proc.stdout, proc.stderr


def test_cli_binary_exists() -> None:
    assert pathlib.Path(CLI).is_file(), f"build the CLI first (cargo build -p policydiff-cli): {CLI}"


def test_corpus_is_not_empty() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_cli_and_python_agree(path: pathlib.Path) -> None:
    code, out, err = cli_json(path)
    try:
        py = policydiff.import_file(path)
    except policydiff.PolicyDiffError as e:
        assert code == 2, f"Python raised {e!r} but the CLI exited {code}"
        assert str(e).split(": ", 1)[-1] in err
        return
    assert code == 0, err
    assert json.loads(out) == py.to_dict()
    assert out.rstrip("\n") == py.to_json()


def test_both_validate_against_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "policy.v1.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in FILES:
        code, out, _ = cli_json(path)
        if code == 0:
            validator.validate(json.loads(out))
            validator.validate(policydiff.import_file(path).to_dict())
