"""Corpus walker: folders of dated policy versions → histories with a verdict for every step.

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
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from policydiff import _native
from policydiff._batch import import_many
from policydiff._native import Policy
from policydiff._progress import Bar, wanted

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


@dataclass(frozen=True)
class Step:
    """One step of a history: a version compared with the one before it."""

    old: Version
    new: Version
    #: The verdict: ``none``, ``notice`` or ``consent``.
    action: str
    #: ``action == "consent"``.
    reconsent_required: bool
    #: The earlier, non-adjacent version whose text the new version restores (a revert).
    revert_of: Version | None
    #: The two files are byte-identical.
    identical: bool
    #: The texts differ only by noise (whitespace, quotes, dates, layout).
    noise_only: bool
    #: The substantive changes, as dicts (see ``DiffReport.changes``).
    changes: list[dict[str, Any]]


@dataclass(frozen=True)
class History:
    """The versions of one policy, oldest first, with the verdict of each step."""

    service: str
    #: The terms type (Open Terms Archive layout), or ``None`` (plain layout).
    terms_type: str | None
    #: Every dated version found, oldest first: ``(date, path)``.
    versions: list[Version]
    #: Consecutive readable versions compared; a version that could not be read is left out
    #: (it is in ``errors``) and the step goes from the version before it to the one after.
    steps: list[Step]
    #: Versions that could not be read, with the exception.
    errors: list[tuple[Version, Exception]] = field(default_factory=list)
    #: Counts: versions, steps, steps by action, reverts.
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def action(self) -> str:
        """The highest action of all steps (``none`` for a single version)."""
        order = {"none": 0, "notice": 1, "consent": 2}
        return max((s.action for s in self.steps), key=order.__getitem__, default="none")


def history_of(
    folder: Folder,
    *,
    jobs: int | None = None,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
) -> History:
    """Read the versions of one folder and compare each with the one before."""
    results = import_many([v.path for v in folder.versions], jobs, progress=False)
    good: list[tuple[Version, Policy]] = []
    errors: list[tuple[Version, Exception]] = []
    for version, result in zip(folder.versions, results, strict=True):
        if isinstance(result, Policy):
            good.append((version, result))
        else:
            errors.append((version, result))
    steps: list[Step] = []
    summary: dict[str, Any] = {"versions": len(good), "steps": 0, "reverts": 0, "by_action": {}}
    if good:
        by_label = {v.label: v for v, _ in good}
        if len(by_label) != len(good):  # two files with one date: label by file name
            by_label = {v.path.name: v for v, _ in good}
            labelled = [(v.path.name, p) for v, p in good]
        else:
            labelled = [(v.label, p) for v, p in good]
        h = _native.history(labelled, jobs=jobs, profile=profile, rules=rules)
        summary = h["summary"]
        for s in h["steps"]:
            revert = s.get("revert_of")
            steps.append(
                Step(
                    old=by_label[s["old"]],
                    new=by_label[s["new"]],
                    action=s["action"],
                    reconsent_required=s["reconsent_required"],
                    revert_of=by_label[revert] if revert is not None else None,
                    identical=s["identical"],
                    noise_only=s["noise_only"],
                    changes=s["changes"],
                )
            )
    return History(folder.service, folder.terms_type, folder.versions, steps, errors, summary)


def walk_histories(
    root: str | os.PathLike[str],
    *,
    jobs: int | None = None,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> Iterator[History]:
    """Yield the history of every folder of dated versions under ``root`` (see the module
    docs for the layouts), in name order, each with per-step verdicts.

    Files are read and steps compared on ``jobs`` Rust threads (``None``: one per CPU) with the
    GIL released; a file that cannot be read is reported in ``History.errors``, not raised.
    ``progress`` shows a bar over the histories (``None``: only on a terminal).
    """
    folders = list(find_histories(root))
    with Bar(len(folders), "histories", wanted(progress, len(folders))) as bar:
        for folder in folders:
            yield history_of(folder, jobs=jobs, profile=profile, rules=rules)
            bar.update(1)
