"""Corpus walker: both layouts, order, dates, files that are not versions."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

import policydiff
from policydiff.corpus import parse_version_name


def write(path: pathlib.Path, text: str = "We collect your email address.") -> pathlib.Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_open_terms_archive_and_plain_layouts(tmp_path: pathlib.Path) -> None:
    write(tmp_path / "README.md")
    write(tmp_path / "Acme" / "Privacy Policy" / "2021-03-04T05-06-07Z.md")
    write(tmp_path / "Acme" / "Privacy Policy" / "2020-12-31T23-59-59Z.md")
    write(tmp_path / "Acme" / "Terms of Service" / "2020-01-01T00-00-00Z.md")
    write(tmp_path / "Acme" / "Terms of Service" / "notes.pdf")
    write(tmp_path / "bolt" / "2019-05-01.html", "<p>We use cookies.</p>")
    write(tmp_path / "bolt" / "2018-05-01.txt")
    write(tmp_path / "bolt" / "2018-13-45.txt")  # not a date
    write(tmp_path / ".git" / "2020-01-01.md")  # hidden folders are skipped
    (tmp_path / "empty").mkdir()

    found = [(h.service, h.terms_type, [v.label for v in h.versions]) for h in policydiff.find_histories(tmp_path)]
    assert found == [
        ("Acme", "Privacy Policy", ["2020-12-31T23-59-59Z", "2021-03-04T05-06-07Z"]),
        ("Acme", "Terms of Service", ["2020-01-01T00-00-00Z"]),
        ("bolt", None, ["2018-05-01", "2019-05-01"]),
    ]
    first = next(iter(policydiff.find_histories(tmp_path)))
    date, path = first.versions[0]
    assert date == dt.datetime(2020, 12, 31, 23, 59, 59, tzinfo=dt.timezone.utc)
    assert path.name == "2020-12-31T23-59-59Z.md"


def test_root_that_is_one_history(tmp_path: pathlib.Path) -> None:
    write(tmp_path / "acme" / "2020-01-01.md")
    [h] = policydiff.find_histories(tmp_path / "acme")
    assert (h.service, h.terms_type, len(h.versions)) == ("acme", None, 1)


def test_project_corpus(root: pathlib.Path) -> None:
    hs = list(policydiff.find_histories(root / "corpus" / "versions"))
    assert [h.service for h in hs] == ["bramblebee", "quillpost", "stridewell"]
    assert all(len(h.versions) == 6 for h in hs)
    assert all(h.versions == sorted(h.versions) for h in hs)


def test_shared_corpus(shared: pathlib.Path) -> None:
    hs = list(policydiff.find_histories(shared / "corpus" / "versions"))
    assert len(hs) == 39
    assert sum(len(h.versions) for h in hs) == 513


def test_symlink_loop_terminates(tmp_path: pathlib.Path) -> None:
    write(tmp_path / "a" / "2020-01-01.md")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    assert [h.service for h in policydiff.find_histories(tmp_path)] == ["a"]


@pytest.mark.parametrize("bad", [None, 3, b"/tmp", ["x"]], ids=repr)
def test_bad_roots(bad: object) -> None:
    with pytest.raises(TypeError):
        list(policydiff.find_histories(bad))  # type: ignore[arg-type]


def test_missing_root(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        list(policydiff.find_histories(tmp_path / "nope"))
    with pytest.raises(NotADirectoryError):
        list(policydiff.find_histories(write(tmp_path / "f.md")))


def test_version_names() -> None:
    assert parse_version_name("2020-02-29.md") == dt.datetime(2020, 2, 29, tzinfo=dt.timezone.utc)
    assert parse_version_name("2021-02-29.md") is None
    assert parse_version_name("2021-01-01.pdf") is None
    assert parse_version_name("2021-01-01T25-00-00Z.md") is None
    assert parse_version_name("2021-01-01-draft.HTML") is not None
