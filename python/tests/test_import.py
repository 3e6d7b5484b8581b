from __future__ import annotations

import json
import pathlib
import pickle

import pytest

import policydiff


def test_parse_text_markdown_and_attributes() -> None:
    p = policydiff.parse_text("# Privacy\n\nLast updated: March 1, 2020\n\nWe collect your email address.")
    assert p.title == "Privacy"
    assert p.last_updated == "2020-03-01"
    assert p.source_format == "markdown"
    assert p.headings == ["Privacy"]
    assert len(p.sha256) == 64
    assert "Policy" in repr(p)


def test_to_dict_to_json_from_json_round_trip() -> None:
    p = policydiff.parse_text("Plain text policy. We never sell your data.")
    d = p.to_dict()
    assert d["schema_version"] == "1.0"
    assert d == json.loads(p.to_json())
    assert json.loads(p.to_json(indent=None)) == d
    assert policydiff.Policy.from_json(p.to_json()) == p
    assert pickle.loads(pickle.dumps(p)) == p


def test_import_file_detects_formats(root: pathlib.Path) -> None:
    html = policydiff.import_file(root / "corpus/versions/bramblebee/2020-01-15.html")
    assert html.source_format == "html"
    txt = policydiff.import_file(str(root / "corpus/versions/quillpost/2020-01-01.txt"))
    assert txt.source_format == "text"
    md = policydiff.import_file(root / "corpus/versions/stridewell/2020-02-03.md")
    assert md.source_format == "markdown"


def test_parse_html_drops_scripts() -> None:
    p = policydiff.parse_html("<h1>Privacy</h1><script>sell()</script><p>We use cookies.</p>")
    texts = [s["text"] for sec in p.to_dict()["sections"] for s in sec["sentences"]]
    assert texts == ["We use cookies."]


def test_schema_is_json() -> None:
    schema = json.loads(policydiff.policy_schema())
    assert schema["$id"].endswith("policy.v1.schema.json")


def test_output_validates_against_committed_schema(root: pathlib.Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((root / "schemas/policy.v1.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((root / "corpus").rglob("*")):
        if (
            path.suffix in {".md", ".txt", ".html"}
            and path.name != "README.md"
            and "hostile" not in path.parts  # corpus/hostile: inputs that must fail
        ):
            validator.validate(policydiff.import_file(path).to_dict())
