"""Batch import: order, per-item errors, any iterable, jobs, progress, errors="raise"."""

from __future__ import annotations

import io
import pathlib
import pickle
import sys
import threading

import pytest

import policydiff


def corpus_files(root: pathlib.Path) -> list[pathlib.Path]:
    files = sorted((root / "corpus" / "versions").rglob("*.*"))
    assert len(files) >= 10, "corpus/versions is missing"
    return files


def test_results_in_input_order_and_equal_to_single_imports(root: pathlib.Path) -> None:
    files = corpus_files(root)
    results = policydiff.import_many(files, jobs=2)
    assert len(results) == len(files)
    for path, result in zip(files, results, strict=True):
        assert isinstance(result, policydiff.Policy), (path, result)
        assert result == policydiff.import_file(path)


def test_output_does_not_depend_on_jobs_or_chunk_size(root: pathlib.Path) -> None:
    files = corpus_files(root)
    one = policydiff.import_many(files, jobs=1)
    assert policydiff.import_many(files, jobs=3, chunk_size=4) == one
    assert policydiff.import_many(files, chunk_size=1) == one


def test_errors_are_per_item(tmp_path: pathlib.Path, root: pathlib.Path) -> None:
    good = corpus_files(root)[0]
    items: list[object] = [
        "We collect your email address.",
        b"",
        tmp_path / "missing.md",
        good,
        b"fine\n\xff broken",
        tmp_path,
        "x" * 100,
    ]
    results = policydiff.import_many(items, jobs=2, max_bytes=50)  # type: ignore[arg-type]
    assert isinstance(results[0], policydiff.Policy)
    assert isinstance(results[1], policydiff.ParseError) and results[1].kind == "empty"
    assert isinstance(results[2], FileNotFoundError)
    # The corpus file is larger than 50 bytes.
    assert isinstance(results[3], policydiff.LimitError) and results[3].kind == "limit"
    assert isinstance(results[4], policydiff.ParseError)
    assert results[4].kind == "encoding" and results[4].line == 2
    assert isinstance(results[5], IsADirectoryError)
    assert isinstance(results[6], policydiff.LimitError)


def test_str_is_text_and_pathlike_is_file(root: pathlib.Path) -> None:
    path = corpus_files(root)[0]
    as_text, as_file = policydiff.import_many([path.read_text(encoding="utf-8"), path])
    assert isinstance(as_text, policydiff.Policy) and isinstance(as_file, policydiff.Policy)
    assert as_text.headings == as_file.headings
    assert as_text.sha256 == as_file.sha256


def test_bytes_like_items() -> None:
    text = b"# Privacy\n\nWe collect your email address."
    a, b, c = policydiff.import_many([text, bytearray(text), memoryview(text)])
    assert a == b == c
    assert isinstance(a, policydiff.Policy) and a.title == "Privacy"


def test_any_iterable() -> None:
    texts = [f"# Policy {i}\n\nWe collect your email address." for i in range(7)]
    from_gen = policydiff.import_many(t for t in texts)
    from_tuple = policydiff.import_many(tuple(texts))
    from_map = policydiff.import_many(map(str, texts), chunk_size=2)
    assert from_gen == from_tuple == from_map
    assert [p.title for p in from_gen if isinstance(p, policydiff.Policy)] == [
        f"Policy {i}" for i in range(7)
    ]
    assert policydiff.import_many([]) == []
    assert policydiff.import_many(iter(())) == []


def test_iter_import_many_is_lazy_and_ordered() -> None:
    pulled: list[int] = []

    def gen():  # type: ignore[no-untyped-def]
        for i in range(10):
            pulled.append(i)
            yield f"Policy number {i}. We collect your email address."

    it = policydiff.iter_import_many(gen(), jobs=2, chunk_size=3)
    first = next(it)
    assert isinstance(first, policydiff.Policy)
    assert pulled == [0, 1, 2]  # one chunk read, not the whole generator
    rest = list(it)
    assert len(rest) == 9 and pulled == list(range(10))


def test_errors_raise_mode() -> None:
    with pytest.raises(policydiff.ParseError) as info:
        policydiff.import_many(["fine text here.", b"", b"\x00\x01\x02"], errors="raise")
    assert info.value.kind == "empty"  # the first failure in input order
    ok = policydiff.import_many(["fine text here."], errors="raise")
    assert isinstance(ok[0], policydiff.Policy)


def test_results_pickle(root: pathlib.Path) -> None:
    results = policydiff.import_many(corpus_files(root)[:3] + [b""])
    back = pickle.loads(pickle.dumps(results))
    assert back[:3] == results[:3]
    assert isinstance(back[3], policydiff.ParseError)


def test_gil_is_released_during_batch(root: pathlib.Path) -> None:
    # While a batch runs, another Python thread keeps running.
    files = corpus_files(root) * 3
    ticks = 0
    done = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    t = threading.Thread(target=ticker)
    t.start()
    try:
        policydiff.import_many(files, jobs=1, chunk_size=len(files))
    finally:
        done.set()
        t.join()
    assert ticks > 1000


def test_progress_bar_only_when_asked(
    root: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = corpus_files(root)
    fake = io.StringIO()
    monkeypatch.setattr(sys, "stderr", fake)
    monkeypatch.setitem(sys.modules, "tqdm", None)  # use the built-in bar
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    policydiff.import_many(files, chunk_size=5)
    assert fake.getvalue() == ""  # StringIO is not a terminal
    policydiff.import_many(files, chunk_size=5, progress=True)
    out = fake.getvalue()
    assert f"{len(files)}/{len(files)}" in out and "100%" in out
    fake.truncate(0)
    fake.seek(0)
    policydiff.import_many(files, progress=False)
    assert fake.getvalue() == ""


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    items = [f"Policy {i}. We collect your email address." for i in range(60)]
    policydiff.import_many(items, chunk_size=20)
    assert "60/60" in tty.getvalue()
    tty2 = Tty()
    monkeypatch.setattr(sys, "stderr", tty2)
    policydiff.import_many(items[:10])  # small batches stay quiet
    policydiff.import_many(items, progress=False)
    assert tty2.getvalue() == ""
