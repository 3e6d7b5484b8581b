"""A progress bar for long batches: tqdm when it is installed, else a small bar of our own.

Both write to standard error, and only when asked to or when standard error is a terminal, so
scripts that log to files and notebooks that capture output stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import IO, Any

#: Batches smaller than this never show a bar unless ``progress=True``.
MIN_ITEMS_FOR_BAR = 50


def wanted(progress: bool | None, total: int | None) -> bool:
    """Whether to show a bar: ``progress`` if given, else when stderr is a terminal."""
    if progress is not None:
        if not isinstance(progress, bool):
            raise TypeError(f"progress must be None, True or False, got {type(progress).__name__}")
        return progress
    if total is not None and total < MIN_ITEMS_FOR_BAR:
        return False
    stream = sys.stderr
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced stream
        return False


class Bar:
    """``update(n)`` / ``close()`` progress bar; a no-op when disabled."""

    def __init__(self, total: int | None, desc: str, enabled: bool) -> None:
        self.total = total
        self.desc = desc
        self.done = 0
        self.enabled = enabled
        self._tqdm: Any = None
        self._stream: IO[str] | None = None
        self._start = time.monotonic()
        self._last_draw = 0.0
        if not enabled:
            return
        try:
            from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            self._stream = sys.stderr
            self._draw(force=True)
        else:
            self._tqdm = tqdm(total=total, desc=desc, unit="item", file=sys.stderr)

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._tqdm is not None:
            self._tqdm.update(n)
        else:
            self._draw(force=False)

    def close(self) -> None:
        if not self.enabled:
            return
        if self._tqdm is not None:
            self._tqdm.close()
        elif self._stream is not None:
            self._draw(force=True)
            self._stream.write("\n")
            self._stream.flush()
        self.enabled = False

    def __enter__(self) -> Bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _draw(self, *, force: bool) -> None:
        now = time.monotonic()
        if not force and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        elapsed = max(now - self._start, 1e-9)
        rate = self.done / elapsed
        if self.total:
            frac = min(self.done / self.total, 1.0)
            width = 30
            filled = int(frac * width)
            bar = "#" * filled + "-" * (width - filled)
            line = f"\r{self.desc}: [{bar}] {self.done}/{self.total} {frac:4.0%} {rate:7.1f} items/s"
        else:
            line = f"\r{self.desc}: {self.done} items {rate:7.1f} items/s"
        if self._stream is None:
            return
        self._stream.write(line)
        self._stream.flush()
