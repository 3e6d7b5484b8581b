"""diff, check, DiffReport, diff_many and walk_histories."""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import subprocess
from typing import Any

import pytest

import policydiff

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = pathlib.Path(os.environ.get("POLICYDIFF_BIN", str(ROOT / "target" / "debug" / "policydiff")))


def history_files(root: pathlib.Path, org: str) -> list[pathlib.Path]:
    files = sorted((root / "corpus" / "versions" / org).iterdir())
    assert len(files) >= 2, f"corpus/versions/{org} is missing"
    return files


def consecutive(files: list[pathlib.Path]) -> list[tuple[pathlib.Path, pathlib.Path]]:
    return list(zip(files, files[1:], strict=False))


def test_diff_report_object(root: pathlib.Path) -> None:
    old, new = history_files(root, "quillpost")[:2]
    report = policydiff.diff(old, new)
    assert isinstance(report, policydiff.DiffReport)
    assert report.action in ("none", "notice", "consent")
    assert report.reconsent_required == (report.action == "consent")
    assert report.profile == "default"
    assert isinstance(report.changes, list) and report.changes
    assert {"dimension", "kind", "action", "summary", "rule", "evidence"} <= set(report.changes[0])
    assert report.old["sha256"] != report.new["sha256"]
    assert report.summary["changes"] == len(report.changes)
    assert report.text_diff is not None
    assert repr(report).startswith("<DiffReport action=")
    d = report.to_dict()
    assert d["action"] == report.action and d["schema_version"] == "1.0"
    assert policydiff.DiffReport.from_json(report.to_json()) == report
    assert policydiff.DiffReport.from_json(report.to_json(indent=None)) == report
    assert json.loads(report.to_json(indent=4)) == d
    assert pickle.loads(pickle.dumps(report)) == report
    assert report.to_markdown().strip() and report.to_text().strip()


def test_report_validates_against_committed_schema(root: pathlib.Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((root / "schemas" / "diff-report.v1.schema.json").read_text(encoding="utf-8"))
    assert json.loads(policydiff.diff_report_schema()) == schema
    for old, new in consecutive(history_files(root, "stridewell")):
        jsonschema.validate(policydiff.diff(old, new).to_dict(), schema)


def test_sides_can_be_policies_paths_text_or_bytes(root: pathlib.Path) -> None:
    old, new = history_files(root, "stridewell")[:2]
    po, pn = policydiff.import_file(old), policydiff.import_file(new)
    a = policydiff.diff(po, pn)
    assert policydiff.diff(old, new) == a
    assert policydiff.diff(old.read_bytes(), pn) == a
    # Text has no file name: the format is detected from the content (Markdown here).
    assert policydiff.diff(old.read_text(encoding="utf-8"), new.read_bytes()).action == a.action


def test_same_policy_has_no_change_and_passes_check() -> None:
    p = policydiff.parse_text("# Privacy\n\nWe collect your email address.")
    report = policydiff.diff(p, p)
    assert report.action == "none" and report.changes == []
    outcome = policydiff.check(report)
    assert outcome == policydiff.CheckOutcome(False, "no change")
    assert not outcome.failed
    assert not policydiff.check(report, fail_on="any").failed


def test_check_thresholds(root: pathlib.Path) -> None:
    old, new = history_files(root, "quillpost")[:2]
    report = policydiff.diff(old, new)
    assert report.changes
    assert policydiff.check(report, fail_on="any").failed
    assert policydiff.check(report, "consent").failed == (report.action == "consent")
    with pytest.raises(policydiff.ConfigError):
        policydiff.check(report, fail_on="sometimes")
    with pytest.raises(TypeError):
        policydiff.check("report")  # type: ignore[arg-type]


def test_profiles_and_bad_options(root: pathlib.Path) -> None:
    old, new = history_files(root, "bramblebee")[:2]
    for profile in ("default", "gdpr", "ftc", "ccpa", "coppa"):
        assert policydiff.diff(old, new, profile=profile).profile == profile
    with pytest.raises(policydiff.ConfigError):
        policydiff.diff(old, new, profile="mars")
    with pytest.raises(FileNotFoundError):
        policydiff.diff(old, new, rules=root / "no-such-rules.toml")
    assert policydiff.diff(old, new, text_diff=False).text_diff is None


def test_diff_many_order_errors_and_equality(root: pathlib.Path, tmp_path: pathlib.Path) -> None:
    files = history_files(root, "stridewell") + history_files(root, "quillpost")
    pairs: list[Any] = consecutive(files)
    pairs += [
        (files[0], tmp_path / "missing.md"),
        (files[0],),
        "not a pair",
        (None, files[0]),
        [policydiff.import_file(files[0]), files[1]],
        (b"", files[0]),
    ]
    results = policydiff.diff_many(pairs, jobs=2)
    assert len(results) == len(pairs)
    n = len(files) - 1
    for (old, new), report in zip(pairs[:n], results[:n], strict=True):
        assert isinstance(report, policydiff.DiffReport)
        assert report == policydiff.diff(old, new, text_diff=False)
    assert isinstance(results[n], FileNotFoundError)
    assert isinstance(results[n + 1], TypeError) and "pair" in str(results[n + 1])
    assert isinstance(results[n + 2], TypeError)
    assert isinstance(results[n + 3], TypeError) and "Policy" in str(results[n + 3])
    assert results[n + 4] == results[0]
    assert isinstance(results[n + 5], policydiff.ParseError)
    one = policydiff.diff_many(pairs[:n], jobs=1)
    assert policydiff.diff_many(iter(pairs[:n]), jobs=3, chunk_size=2) == one
    assert policydiff.diff_many(pairs[:2], text_diff=True)[0] == policydiff.diff(*pairs[0])
    with pytest.raises(FileNotFoundError):
        policydiff.diff_many(pairs, errors="raise")


def test_diff_many_bad_arguments() -> None:
    with pytest.raises(TypeError):
        policydiff.diff_many(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="wrap it in a list"):
        policydiff.diff_many("ab")  # type: ignore[arg-type]
    with pytest.raises(policydiff.ConfigError):
        policydiff.diff_many([("a", "b")], profile="mars")
    with pytest.raises(ValueError):
        policydiff.diff_many([("a", "b")], jobs=0)
    assert policydiff.diff_many([]) == []


def test_walk_histories_project_corpus(root: pathlib.Path) -> None:
    histories = list(policydiff.walk_histories(root / "corpus" / "versions", jobs=2))
    assert [h.service for h in histories] == ["bramblebee", "quillpost", "stridewell"]
    for h in histories:
        assert h.terms_type is None and not h.errors
        assert len(h.steps) == len(h.versions) - 1
        for step, (old, new) in zip(h.steps, zip(h.versions, h.versions[1:], strict=False), strict=True):
            assert (step.old, step.new) == (old, new)
            # The step's verdict is the verdict of diffing the two files.
            report = policydiff.diff(old.path, new.path, text_diff=False)
            assert step.action == report.action
            assert step.changes == report.changes
    bramblebee = histories[0]
    # 2021-05-10 is byte-identical to 2021-01-10 (a rollback): a revert.
    revert = [s for s in bramblebee.steps if s.revert_of is not None]
    assert [(s.new.label, s.revert_of.label) for s in revert if s.revert_of] == [
        ("2021-05-10", "2021-01-10")
    ]
    assert bramblebee.summary["reverts"] == 1


def test_walk_histories_matches_the_cli(root: pathlib.Path) -> None:
    if not CLI.is_file():
        pytest.skip(f"build the CLI first (cargo build -p policydiff-cli): {CLI}")
    folder = root / "corpus" / "versions" / "quillpost"
    proc = subprocess.run(
        [str(CLI), "history", str(folder), "--format", "json"], capture_output=True, text=True, check=True
    )
    cli = json.loads(proc.stdout)
    [h] = policydiff.walk_histories(folder)
    assert [(s["old"], s["new"], s["action"]) for s in cli["steps"]] == [
        (s.old.label, s.new.label, s.action) for s in h.steps
    ]
    assert [s["changes"] for s in cli["steps"]] == [s.changes for s in h.steps]


def test_walk_histories_with_unreadable_versions(tmp_path: pathlib.Path) -> None:
    svc = tmp_path / "Acme" / "Privacy Policy"
    svc.mkdir(parents=True)
    (svc / "2020-01-01T00-00-00Z.md").write_text("# P\n\nWe collect your email address.")
    (svc / "2020-06-01T00-00-00Z.md").write_bytes(b"")
    (svc / "2021-01-01T00-00-00Z.md").write_text("# P\n\nWe collect your email address and phone number.")
    [h] = policydiff.walk_histories(tmp_path, jobs=1)
    assert (h.service, h.terms_type) == ("Acme", "Privacy Policy")
    assert len(h.versions) == 3
    assert [(v.label, type(e).__name__) for v, e in h.errors] == [("2020-06-01T00-00-00Z", "ParseError")]
    assert [(s.old.label, s.new.label) for s in h.steps] == [
        ("2020-01-01T00-00-00Z", "2021-01-01T00-00-00Z")
    ]
    assert h.action == h.steps[0].action


def test_history_records(root: pathlib.Path) -> None:
    histories = list(policydiff.walk_histories(root / "corpus" / "versions"))
    steps = policydiff.to_records(histories, per="step")
    assert len(steps) == sum(len(h.steps) for h in histories)
    assert {"service", "old", "new", "action", "changes", "revert_of"} <= set(steps[0])
    changes = policydiff.to_records(histories)
    assert len(changes) == sum(len(s.changes) for h in histories for s in h.steps)
    assert all(r["service"] in ("bramblebee", "quillpost", "stridewell") for r in changes)
    reports = policydiff.diff_many(consecutive(history_files(root, "stridewell")))
    rows = policydiff.to_records(reports)
    assert len(rows) == sum(len(r.changes) for r in reports if isinstance(r, policydiff.DiffReport))
    assert {row["pair"] for row in rows} <= set(range(len(reports)))


def test_pandas_frames(root: pathlib.Path) -> None:
    pandas = pytest.importorskip("pandas")
    histories = list(policydiff.walk_histories(root / "corpus" / "versions"))
    df = policydiff.to_pandas(histories, per="step")
    assert isinstance(df, pandas.DataFrame)
    assert len(df) == 15 and list(df.columns[:4]) == ["service", "terms_type", "old", "new"]
    counts = df.groupby("service")["action"].count().to_dict()
    assert counts == {"bramblebee": 5, "quillpost": 5, "stridewell": 5}


def test_labels_and_segments(root: pathlib.Path) -> None:
    p = policydiff.parse_text("We collect your email address. We do not sell your personal information.")
    l = policydiff.labels(p)
    assert set(l) == {"categories", "labels", "does_not"}
    assert {"category": "First Party Collection/Use", "attribute": "Personal Information Type", "value": "Contact"} in l["labels"]
    assert any(x["category"] == "Third Party Sharing/Collection" for x in l["does_not"])
    f = history_files(root, "stridewell")[0]
    assert policydiff.labels(f) == policydiff.labels(policydiff.import_file(f))
    assert "First Party Collection/Use" in policydiff.classify_segment("We use cookies to remember your preferences.")
    for bad in (None, 3, ["x"]):
        with pytest.raises(TypeError):
            policydiff.labels(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            policydiff.classify_segment(bad)  # type: ignore[arg-type]
    with pytest.raises(policydiff.ParseError):
        policydiff.labels(b"")
