"""Corpus walker: folders of dated policy versions → histories.

Two layouts are read (and may be mixed under one root):

- Open Terms Archive datasets: ``<Service>/<Terms type>/<YYYY-MM-DDTHH-MM-SSZ>.md``;
- plain: ``<service>/<YYYY-MM-DD>.<ext>`` (``.md``, ``.markdown``, ``.txt``, ``.html``, ``.htm``,
  ``.xml``), as in ``corpus/versions``.

A folder with dated files is one history; the service is its first folder under the root and the
terms type the rest of its path (``None`` in the plain layout). Other files (``README.md``,
``SOURCES.tsv``, PDFs) are ignored. Folders and versions come in a fixed order (by name, then by
date), so a walk is deterministic.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
from collections.abc import Iterator
from typing import NamedTuple

#: Names of version files: the date (and Open Terms Archive's time) the version was recorded.
VERSION_FILE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:T(?P<time>\d{2}-\d{2}-\d{2})Z)?[^/\\]*"
    r"\.(?:md|markdown|txt|html?|xml)$",
    re.IGNORECASE,
)


class Version(NamedTuple):
    """One dated version of a policy: ``(date, path)``."""

    #: When the version was recorded (UTC; midnight when the name has no time).
    date: dt.datetime
    #: The file.
    path: pathlib.Path

    @property
    def label(self) -> str:
        """The date part of the file name (``2021-02-15`` or ``2021-02-15T10-20-30Z``)."""
        m = VERSION_FILE.match(self.path.name)
        if m is None:  # pragma: no cover - Version objects are built from matching names
            return self.path.stem
        return m["date"] + (f"T{m['time']}Z" if m["time"] else "")


def parse_version_name(name: str) -> dt.datetime | None:
    """The UTC date-time a version file's name gives, or ``None`` for other files."""
    m = VERSION_FILE.match(name)
    if m is None:
        return None
    try:
        day = dt.date.fromisoformat(m["date"])
        if m["time"]:
            h, mi, s = (int(x) for x in m["time"].split("-"))
            return dt.datetime(day.year, day.month, day.day, h, mi, s, tzinfo=dt.timezone.utc)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    except ValueError:  # 2021-13-45: not a date
        return None


class Folder(NamedTuple):
    """A folder of dated versions, before any file is read."""

    service: str
    terms_type: str | None
    versions: list[Version]


def find_histories(root: str | os.PathLike[str]) -> Iterator[Folder]:
    """Every folder under ``root`` (``root`` included) that holds dated versions, in name order."""
    if isinstance(root, (bytes, bytearray)) or not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"root must be a str or os.PathLike, got {type(root).__name__}")
    base = pathlib.Path(root)
    if not base.exists():
        raise FileNotFoundError(f"{base}: no such folder")
    if not base.is_dir():
        raise NotADirectoryError(f"{base}: not a folder")
    stack = [base]
    seen: set[pathlib.Path] = set()
    while stack:
        folder = stack.pop()
        real = folder.resolve()
        if real in seen:  # a symlink loop, or two links to one folder
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # unreadable folder: nothing to walk
        versions: list[Version] = []
        subfolders: list[pathlib.Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subfolders.append(pathlib.Path(entry.path))
            elif entry.is_file():
                date = parse_version_name(entry.name)
                if date is not None:
                    versions.append(Version(date, pathlib.Path(entry.path)))
        if versions:
            versions.sort(key=lambda v: (v.date, v.path.name))
            parts = folder.relative_to(base).parts
            if not parts:
                service, terms_type = base.resolve().name, None
            else:
                service = parts[0]
                terms_type = "/".join(parts[1:]) or None
            yield Folder(service, terms_type, versions)
        stack.extend(reversed(subfolders))
