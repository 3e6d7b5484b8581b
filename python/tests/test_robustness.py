"""Nothing a Python caller passes crashes the interpreter: always a Python exception, or a
per-item error in a batch."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator

import pytest

import policydiff

WRONG = [None, 42, 3.5, True, ["a"], ("a",), {"a": 1}, {"a"}, object(), [[["deep"]]]]
HUGE = "We collect your email address. " * (40 * 1024 * 1024 // 31 + 1)  # > 40 MB


@pytest.mark.parametrize("bad", WRONG, ids=repr)
@pytest.mark.parametrize(
    "fn",
    [
        policydiff.parse_text,
        policydiff.parse_html,
        policydiff.parse_p3p,
        policydiff.parse_compact_policy,
        policydiff.parse_bytes,
        policydiff.import_file,
        policydiff.Policy.from_json,
    ],
    ids=lambda f: f.__name__,
)
def test_single_functions_raise_type_error(fn: object, bad: object) -> None:
    with pytest.raises(TypeError):
        fn(bad)  # type: ignore[operator]


@pytest.mark.parametrize("bad", [None, 42, 3.5, object()], ids=repr)
def test_import_many_rejects_non_iterables(bad: object) -> None:
    with pytest.raises(TypeError, match="iterable"):
        policydiff.import_many(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "single", ["We collect data.", b"raw bytes", bytearray(b"x"), pathlib.Path("a.md")], ids=repr
)
def test_import_many_rejects_a_single_item(single: object) -> None:
    with pytest.raises(TypeError, match="wrap it in a list"):
        policydiff.import_many(single)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="wrap it in a list"):
        policydiff._native.import_batch(single)


@pytest.mark.parametrize("bad", WRONG, ids=repr)
def test_wrong_item_types_are_per_item_type_errors(bad: object) -> None:
    results = policydiff.import_many(["We collect data.", bad, "We share data."])  # type: ignore[list-item]
    assert isinstance(results[0], policydiff.Policy)
    assert isinstance(results[1], TypeError)
    assert "str (text), bytes (raw content) or os.PathLike" in str(results[1])
    assert isinstance(results[2], policydiff.Policy)
    with pytest.raises(TypeError):
        policydiff.import_many([bad], errors="raise")  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"jobs": 0}, ValueError),
        ({"jobs": -1}, ValueError),
        ({"jobs": 10**30}, ValueError),
        ({"jobs": "2"}, TypeError),
        ({"jobs": 2.0}, TypeError),
        ({"jobs": True}, TypeError),
        ({"errors": "ignore"}, ValueError),
        ({"chunk_size": 0}, ValueError),
        ({"chunk_size": "10"}, ValueError),
        ({"progress": "yes"}, TypeError),
        ({"format": "docx"}, policydiff.ConfigError),
        ({"format": None}, TypeError),
        ({"max_bytes": -1}, OverflowError),
        ({"max_bytes": "10"}, TypeError),
    ],
    ids=repr,
)
def test_bad_arguments_raise(kwargs: dict[str, object], exc: type[BaseException]) -> None:
    with pytest.raises(exc):
        policydiff.import_many(["We collect data."], **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [{"jobs": 0}, {"jobs": -5}, {"jobs": 2**70}, {"jobs": "x"}, {"format": 3}, {"max_bytes": -1}],
    ids=repr,
)
def test_native_batch_bad_arguments_raise(kwargs: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError, OverflowError)):
        policydiff._native.import_batch(["We collect data."], **kwargs)  # type: ignore[arg-type]


def test_huge_string_is_a_limit_error() -> None:
    assert len(HUGE) > 40 * 1024 * 1024
    with pytest.raises(policydiff.LimitError):
        policydiff.parse_text(HUGE)
    result = policydiff.import_many([HUGE, "We collect data."])
    assert isinstance(result[0], policydiff.LimitError)
    assert isinstance(result[1], policydiff.Policy)
    with pytest.raises(policydiff.LimitError):
        policydiff.parse_bytes(HUGE.encode())


def test_large_but_allowed_inputs() -> None:
    one_line = "a" * 1_000_000
    markup = "<" * 500_000
    headings = "# " * 300_000
    results = policydiff.import_many([one_line, markup, headings, one_line.encode()], jobs=2)
    for r in results:
        assert isinstance(r, (policydiff.Policy, policydiff.PolicyDiffError)), r


def test_lone_surrogates_and_odd_text() -> None:
    results = policydiff.import_many(["bad \ud800 text", "\x00\x00\x00", "\ufeff", "\u202e" * 10])
    assert isinstance(results[0], UnicodeEncodeError)
    assert isinstance(results[1], policydiff.ParseError)
    assert isinstance(results[2], policydiff.ParseError)
    assert isinstance(results[3], (policydiff.Policy, policydiff.PolicyDiffError))
    with pytest.raises(UnicodeEncodeError):
        policydiff.parse_text("bad \ud800 text")


def test_bad_paths(tmp_path: pathlib.Path) -> None:
    fifo_free = [
        tmp_path / "missing.md",
        tmp_path,
        pathlib.Path("nul\x00byte.md"),
        pathlib.Path(""),
        pathlib.Path("/" + "x" * 5000),
    ]
    results = policydiff.import_many(fifo_free)
    assert all(isinstance(r, (OSError, ValueError)) for r in results), results
    for p in fifo_free:
        with pytest.raises((OSError, ValueError)):
            policydiff.import_file(p)


class BadPath(os.PathLike[str]):
    def __fspath__(self) -> str:
        raise RuntimeError("cannot tell where I am")


class IntPath:
    def __fspath__(self) -> int:
        return 3


def test_pathlike_that_fails() -> None:
    results = policydiff.import_many([BadPath(), IntPath(), "We collect data."])  # type: ignore[list-item]
    assert isinstance(results[0], RuntimeError)
    assert isinstance(results[1], TypeError)
    assert isinstance(results[2], policydiff.Policy)


def test_generator_that_raises_midway() -> None:
    def gen() -> Iterator[str]:
        yield "We collect data."
        raise KeyError("the caller's own bug")

    with pytest.raises(KeyError):
        policydiff.import_many(gen())
    with pytest.raises(KeyError):
        policydiff._native.import_batch(gen())


def test_generator_of_mixed_items(tmp_path: pathlib.Path) -> None:
    f = tmp_path / "p.md"
    f.write_text("# P\n\nWe collect your email address.", encoding="utf-8")
    items = (x for x in [f, "We share data.", b"\xff\xfe\x00", None, str(f)])
    results = policydiff.import_many(items, jobs=2, chunk_size=2)  # type: ignore[arg-type]
    kinds = [type(r).__name__ for r in results]
    assert kinds[0] == "Policy" and kinds[1] == "Policy"
    assert isinstance(results[2], policydiff.PolicyDiffError)
    assert kinds[3] == "TypeError"
    # A str is text, even when it names a file: the text is the path itself.
    assert isinstance(results[4], policydiff.Policy) and results[4].sha256 != results[0].sha256


def test_from_json_garbage() -> None:
    for bad in ["", "{", "[]", '{"schema_version": 3}', "null", "x" * 1000, '{"a":' * 10000]:
        with pytest.raises(policydiff.PolicyDiffError):
            policydiff.Policy.from_json(bad)


def test_pickle_of_garbage_state() -> None:
    import pickle

    bad = pickle.dumps(policydiff.parse_text("We collect data.")).replace(b"schema_version", b"schema_versioX")
    with pytest.raises(policydiff.PolicyDiffError):
        pickle.loads(bad)


def test_multibyte_space_before_a_full_stop() -> None:
    # A no-break space (two bytes in UTF-8) right before the word that ends a sentence.
    text = "We collect data.\u00a0Such as your e.g.\u00a0email. And\u2003more.\u3000Done."
    policy = policydiff.parse_text(text)
    assert isinstance(policy, policydiff.Policy)
    assert isinstance(policydiff.import_many([text])[0], policydiff.Policy)


@pytest.mark.parametrize("bad", WRONG, ids=repr)
def test_diff_functions_raise_type_error(bad: object) -> None:
    p = policydiff.parse_text("We collect data.")
    with pytest.raises(TypeError):
        policydiff.diff(bad, p)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        policydiff.diff(p, bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        policydiff.check(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        policydiff._native.check(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        policydiff.labels(bad)  # type: ignore[arg-type]
    with pytest.raises((TypeError, policydiff.PolicyDiffError)):
        policydiff._native.history(bad)  # type: ignore[arg-type]
    results = policydiff.diff_many([(p, p), bad, (p, bad)])  # type: ignore[list-item]
    assert isinstance(results[0], policydiff.DiffReport)
    assert isinstance(results[1], TypeError) and isinstance(results[2], TypeError)


def test_diff_report_from_json_garbage() -> None:
    for bad in ["", "{", "[]", '{"action": "maybe"}', "null", '{"a":' * 10000]:
        with pytest.raises(policydiff.PolicyDiffError):
            policydiff.DiffReport.from_json(bad)


def test_diff_of_huge_and_broken_inputs() -> None:
    p = policydiff.parse_text("We collect data.")
    with pytest.raises(policydiff.LimitError):
        policydiff.diff(HUGE, p)
    with pytest.raises(policydiff.ParseError):
        policydiff.diff(b"\xff\xfe\x00\x00", p)
    results = policydiff.diff_many([(HUGE, p), (p, "bad \ud800"), (p, p)])
    assert isinstance(results[0], policydiff.LimitError)
    assert isinstance(results[1], UnicodeEncodeError)
    assert isinstance(results[2], policydiff.DiffReport)


def test_history_of_nothing() -> None:
    with pytest.raises(policydiff.PolicyDiffError):
        policydiff._native.history([])
