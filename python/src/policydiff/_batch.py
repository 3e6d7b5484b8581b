"""Batch functions: many policies per call, imported on Rust threads with the GIL released.

The work is done by ``policydiff._native.import_batch`` and ``diff_batch`` (one call per chunk
of items); this module
adds what a Python caller expects around it: any iterable as input, chunks (so memory stays
bounded and a progress bar can move), ``errors="return"`` or ``"raise"``, and a lazy variant.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal, TypeVar, overload

from policydiff import _native
from policydiff._native import DiffReport, Limits, Policy
from policydiff._progress import Bar, wanted

T = TypeVar("T")
R = TypeVar("R")

Item = str | bytes | bytearray | memoryview | os.PathLike[str]
ErrorMode = Literal["return", "raise"]


def _check_errors(errors: str) -> None:
    if errors not in ("return", "raise"):
        raise ValueError(f'errors must be "return" or "raise", got {errors!r}')


def _check_chunk_size(chunk_size: int | None, jobs: int | None) -> int:
    if chunk_size is None:
        threads = jobs if isinstance(jobs, int) and jobs > 0 else (os.cpu_count() or 1)
        # Enough items per thread that the wait for the slowest item at the end of a
        # chunk costs little, few enough that the bar moves and memory stays bounded.
        return max(64, 64 * min(threads, _native.MAX_JOBS))
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer or None, got {chunk_size!r}")
    return chunk_size


def _check_jobs(jobs: object) -> None:
    if jobs is None:
        return
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise TypeError(f"jobs must be None or an int, got {type(jobs).__name__}")
    if not 1 <= jobs <= _native.MAX_JOBS:
        raise ValueError(f"jobs must be None or an integer from 1 to {_native.MAX_JOBS}, got {jobs}")


def _check_iterable(items: object) -> None:
    if isinstance(items, (str, bytes, bytearray, os.PathLike)):
        raise TypeError(
            "items must be an iterable of policies (str, bytes or os.PathLike), "
            f"not a single {type(items).__name__}; wrap it in a list"
        )
    if not isinstance(items, Iterable):
        raise TypeError(f"items must be an iterable, got {type(items).__name__}")


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run(
    call: Callable[[list[T]], list[Any]],
    items: Iterable[T],
    *,
    jobs: int | None,
    chunk_size: int | None,
    progress: bool | None,
    errors: str,
    desc: str,
) -> Iterator[Any]:
    """Feed ``items`` to ``call`` chunk by chunk; yield its results in order.

    Arguments are checked now, not when the first result is asked for.
    """
    _check_errors(errors)
    _check_jobs(jobs)
    _check_iterable(items)
    size = _check_chunk_size(chunk_size, jobs)
    total = len(items) if isinstance(items, Sequence) else None
    show = wanted(progress, total)
    return _results(call, items, size, total, show, errors, desc)


def _results(
    call: Callable[[list[T]], list[Any]],
    items: Iterable[T],
    size: int,
    total: int | None,
    show: bool,
    errors: str,
    desc: str,
) -> Iterator[Any]:
    with Bar(total, desc, show) as bar:
        index = 0
        for chunk in _chunks(items, size):
            results = call(chunk)
            bar.update(len(chunk))
            for result in results:
                if errors == "raise" and isinstance(result, BaseException):
                    if hasattr(result, "add_note"):
                        result.add_note(f"(policydiff batch item {index})")
                    raise result
                index += 1
                yield result


@overload
def iter_import_many(
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["return"] = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Iterator[Policy | Exception]: ...
@overload
def iter_import_many(
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["raise"],
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Iterator[Policy]: ...
def iter_import_many(
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: ErrorMode = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Iterator[Any]:
    """Like :func:`import_many`, but lazy: yields results in input order as chunks finish.

    Use it for corpora too large to hold every ``Policy`` in memory at once.
    """

    def call(chunk: list[Item]) -> list[Any]:
        return _native.import_batch(
            chunk, jobs=jobs, format=format, max_bytes=max_bytes, limits=limits
        )

    return _run(
        call,
        items,
        jobs=jobs,
        chunk_size=chunk_size,
        progress=progress,
        errors=errors,
        desc="importing",
    )


@overload
def import_many(
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["return"] = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> list[Policy | Exception]: ...
@overload
def import_many(
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["raise"],
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> list[Policy]: ...
def import_many(
    items: Iterable[Item],
    jobs: int | None = None,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: ErrorMode = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> list[Any]:
    """Import many policies on Rust threads, with the GIL released.

    ``items`` is any iterable (list, generator, ...). Each item is one policy:

    - ``str``: policy text (format detected: plain text, Markdown, HTML, P3P);
    - ``bytes`` / ``bytearray`` / ``memoryview``: raw content, decoded and detected;
    - ``os.PathLike`` (e.g. ``pathlib.Path``): a file, read and detected. A path given as a
      plain ``str`` is *text*, not a file name: wrap it in ``pathlib.Path``.

    ``jobs`` is the number of threads (``None``: one per CPU). The result is a list with one
    entry per item, in input order, whatever ``jobs`` is. With ``errors="return"`` (the
    default) an item that fails does not stop the batch: its entry is the exception instance
    that importing it alone would have raised (``ParseError``, ``LimitError``,
    ``FileNotFoundError``, ``TypeError`` for an item of the wrong type, ...), so
    ``[r for r in results if isinstance(r, Exception)]`` lists the failures. With
    ``errors="raise"`` the first failure (in input order) is raised.

    ``limits`` (a :class:`Limits`) raises or lowers the import limits (nesting depth, element
    count, sentence and evidence size; ``max_bytes=`` alone is the shorthand for the input
    size); an item over a limit gets a ``LimitError``.

    ``progress`` shows a bar on standard error (``None``: only when it is a terminal and the
    batch has at least 50 items). Items are sent to Rust in chunks of ``chunk_size``.
    """
    return list(
        iter_import_many(
            items,
            jobs,
            format=format,
            max_bytes=max_bytes,
            limits=limits,
            errors=errors,
            progress=progress,
            chunk_size=chunk_size,
        )
    )


Version_ = Policy | Item
Pair = tuple[Version_, Version_] | list[Version_]


@overload
def iter_diff_many(
    pairs: Iterable[Pair],
    jobs: int | None = None,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["return"] = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Iterator[DiffReport | Exception]: ...
@overload
def iter_diff_many(
    pairs: Iterable[Pair],
    jobs: int | None = None,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["raise"],
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Iterator[DiffReport]: ...
def iter_diff_many(
    pairs: Iterable[Pair],
    jobs: int | None = None,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: ErrorMode = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> Iterator[Any]:
    """Like :func:`diff_many`, but lazy: yields reports in input order as chunks finish."""

    def call(chunk: list[Pair]) -> list[Any]:
        return _native.diff_batch(
            chunk,
            jobs=jobs,
            profile=profile,
            rules=rules,
            text_diff=text_diff,
            diff_deadline_ms=diff_deadline_ms,
            format=format,
            max_bytes=max_bytes,
            limits=limits,
        )

    return _run(
        call,
        pairs,
        jobs=jobs,
        chunk_size=chunk_size,
        progress=progress,
        errors=errors,
        desc="comparing",
    )


@overload
def diff_many(
    pairs: Iterable[Pair],
    jobs: int | None = None,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["return"] = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> list[DiffReport | Exception]: ...
@overload
def diff_many(
    pairs: Iterable[Pair],
    jobs: int | None = None,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: Literal["raise"],
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> list[DiffReport]: ...
def diff_many(
    pairs: Iterable[Pair],
    jobs: int | None = None,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
    errors: ErrorMode = "return",
    progress: bool | None = None,
    chunk_size: int | None = None,
) -> list[Any]:
    """Compare many ``(old, new)`` pairs on Rust threads, with the GIL released.

    Each side of a pair is a ``Policy`` (already imported: nothing is read again), or anything
    :func:`import_many` takes (``str`` text, ``bytes``, ``os.PathLike``), imported first.
    ``profile`` (``default``, ``gdpr``, ``ftc``, ``ccpa``, ``coppa``) and ``rules`` (a rule file)
    are as for :func:`diff`. The section-aligned text diff is left out unless
    ``text_diff=True`` (the verdict and the changes do not depend on it);
    ``diff_deadline_ms`` is its time budget per pair, as for :func:`diff`.

    One entry per pair, in input order, whatever ``jobs`` is: a ``DiffReport``, or (with
    ``errors="return"``, the default) the exception instance that comparing that pair alone
    would have raised. ``progress`` and ``chunk_size`` are as for :func:`import_many`.
    """
    return list(
        iter_diff_many(
            pairs,
            jobs,
            profile=profile,
            rules=rules,
            text_diff=text_diff,
            diff_deadline_ms=diff_deadline_ms,
            format=format,
            max_bytes=max_bytes,
            limits=limits,
            errors=errors,
            progress=progress,
            chunk_size=chunk_size,
        )
    )
