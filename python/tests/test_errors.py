from __future__ import annotations

import pathlib

import pytest

import policydiff


def test_hierarchy() -> None:
    assert issubclass(policydiff.PolicyDiffError, ValueError)
    for cls in (policydiff.ParseError, policydiff.LimitError, policydiff.ConfigError):
        assert issubclass(cls, policydiff.PolicyDiffError)


def test_invalid_utf8_has_location() -> None:
    with pytest.raises(policydiff.ParseError) as info:
        policydiff.parse_bytes(b"fine\n\xff broken")
    assert info.value.kind == "encoding"
    assert info.value.line == 2
    assert info.value.column == 1


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"", "empty"), (b"   \n", "empty"), (b"\x7fELF\x00\x00", "binary")],
)
def test_bad_bytes(data: bytes, kind: str) -> None:
    with pytest.raises(policydiff.ParseError) as info:
        policydiff.parse_bytes(data)
    assert info.value.kind == kind


def test_limit() -> None:
    with pytest.raises(policydiff.LimitError):
        policydiff.parse_bytes(b"x" * 100, max_bytes=10)


def test_unknown_format_is_config_error() -> None:
    with pytest.raises(policydiff.ConfigError):
        policydiff.parse_text("hello", format="docx")


def test_missing_file_is_oserror(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        policydiff.import_file(tmp_path / "missing.md")
    with pytest.raises(IsADirectoryError):
        policydiff.import_file(tmp_path)


@pytest.mark.parametrize("bad", [None, 42, 3.5, ["a"], {"a": 1}, b"bytes"])
def test_wrong_types_raise_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        policydiff.parse_text(bad)  # type: ignore[arg-type]


def test_wrong_type_for_p3p() -> None:
    with pytest.raises(TypeError):
        policydiff.parse_p3p(12)  # type: ignore[arg-type]


def test_from_json_garbage() -> None:
    with pytest.raises(policydiff.ParseError) as info:
        policydiff.Policy.from_json('{"schema_version": 1')
    assert info.value.kind == "json"


def test_huge_string_is_fine() -> None:
    p = policydiff.parse_text("We collect data. " * 200_000)
    assert p.source_format == "text"
