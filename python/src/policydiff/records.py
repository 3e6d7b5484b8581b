"""Tabular output for analysis: one plain ``dict`` per practice (or per change), ready for
``csv.DictWriter``, ``pandas.DataFrame`` or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from policydiff._native import Policy

if TYPE_CHECKING:  # pragma: no cover
    import pandas  # type: ignore[import-untyped,unused-ignore]

#: The practice lists of a Policy, and the field that names what each statement is about.
PRACTICES: dict[str, str | None] = {
    "collection": "category",
    "purposes": "purpose",
    "sharing": "recipient",
    "sale": None,
    "retention": "kind",
    "tracking": "technology",
    "do_not_track": "stance",
    "choices": "kind",
    "rights": "right",
    "security": "measure",
    "audiences": "audience",
    "transfers": "destination",
    "change_policy": "method",
    "disputes": "resolution",
    "contacts": "kind",
    "laws": "law",
    "unrecognized": "kind",
}

#: The columns every practice row has, in order (statement fields follow).
PRACTICE_COLUMNS = (
    "policy",
    "title",
    "sha256",
    "practice",
    "value",
    "polarity",
    "line",
    "quote",
    "evidence_count",
)


def _first_evidence(evidence: list[Mapping[str, Any]]) -> tuple[int | None, str | None]:
    if not evidence:
        return None, None
    first = evidence[0]
    quote = first.get("quote")
    if quote is None and first.get("path") is not None:
        quote = first["path"]
    return first.get("line"), quote


def _cell(value: Any) -> Any:
    """A statement field as a table cell: scalars as they are, lists as ``;``-joined text."""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        # e.g. a retention duration {"value": 2, "unit": "years", "days": 730}
        if "value" in value and "unit" in value:
            return f"{value['value']} {value['unit']}"
        return ";".join(f"{k}={v}" for k, v in sorted(value.items()))
    return value


def practice_records(policy: Policy, label: Any = None) -> Iterator[dict[str, Any]]:
    """One row per statement of ``policy`` (collection, purposes, sharing, ...)."""
    data = policy.to_dict()
    meta = data.get("metadata", {})
    for practice, key in PRACTICES.items():
        for statement in data.get(practice, []):
            line, quote = _first_evidence(statement.get("evidence", []))
            row: dict[str, Any] = {
                "policy": label,
                "title": meta.get("title"),
                "sha256": meta.get("source", {}).get("sha256"),
                "practice": practice,
                "value": statement.get(key) if key else practice,
                "polarity": statement.get("polarity"),
                "line": line,
                "quote": quote,
                "evidence_count": len(statement.get("evidence", [])),
            }
            for field, value in statement.items():
                if field in ("evidence", "polarity") or field == key:
                    continue
                row[field] = _cell(value)
            yield row


def _labelled(objs: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(objs, Mapping):
        yield from objs.items()
    elif isinstance(objs, Policy):
        yield None, objs
    elif isinstance(objs, (str, bytes)) or not isinstance(objs, Iterable):
        raise TypeError(
            "to_records takes a Policy, an iterable of them, or a mapping of labels to them, "
            f"got {type(objs).__name__}"
        )
    else:
        yield from enumerate(objs)


def to_records(objs: Any, *, skip_errors: bool = True) -> list[dict[str, Any]]:
    """Rows of plain dicts, one per practice statement of each policy.

    ``objs`` is a ``Policy``, an iterable of them (the row's ``policy`` column is the index,
    so ``import_many`` results go straight in), or a mapping ``{label: Policy}`` (the column is
    the label: a path, a date, a service name). Exception entries from a batch are skipped, or
    raise with ``skip_errors=False``.
    """
    rows: list[dict[str, Any]] = []
    for label, obj in _labelled(objs):
        if isinstance(obj, Policy):
            rows.extend(practice_records(obj, label))
        elif isinstance(obj, BaseException):
            if not skip_errors:
                raise obj
        else:
            raise TypeError(f"cannot make records from {type(obj).__name__} (item {label!r})")
    return rows


def to_pandas(objs: Any, *, skip_errors: bool = True) -> pandas.DataFrame:
    """``to_records(objs)`` as a ``pandas.DataFrame`` (needs ``pip install policydiff[pandas]``)."""
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas needs pandas: pip install 'policydiff[pandas]' (or use to_records)"
        ) from e
    rows = to_records(objs, skip_errors=skip_errors)
    columns = list(PRACTICE_COLUMNS)
    for row in rows:
        for k in row:
            if k not in columns:
                columns.append(k)
    return pandas.DataFrame.from_records(rows, columns=columns)
