"""Tabular output for analysis: one plain ``dict`` per practice, per change or per step, ready for
``csv.DictWriter``, ``pandas.DataFrame`` or a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from policydiff._native import DiffReport, Policy
from policydiff.corpus import History

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
    # HTML evidence: `line` counts rendered-text lines, `source_line` lines of the file.
    return first.get("source_line", first.get("line")), quote


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


#: The columns every change row has, in order.
CHANGE_COLUMNS = (
    "pair",
    "service",
    "terms_type",
    "old",
    "new",
    "verdict",
    "dimension",
    "kind",
    "direction",
    "materiality",
    "action",
    "event",
    "subject",
    "old_value",
    "new_value",
    "summary",
    "rule",
    "citation",
    "old_line",
    "old_quote",
    "new_line",
    "new_quote",
)

#: The columns of a step row (``to_records(histories, per="step")``).
STEP_COLUMNS = (
    "service",
    "terms_type",
    "old",
    "new",
    "old_date",
    "new_date",
    "action",
    "reconsent_required",
    "changes",
    "revert_of",
    "identical",
    "noise_only",
)


def _change_row(change: Mapping[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    evidence = change.get("evidence", {})
    old_line, old_quote = _first_evidence(evidence.get("old", []))
    new_line, new_quote = _first_evidence(evidence.get("new", []))
    row = dict(base)
    row.update(
        {
            "dimension": change.get("dimension"),
            "kind": change.get("kind"),
            "direction": change.get("direction"),
            "materiality": change.get("materiality"),
            "action": change.get("action"),
            "event": change.get("event"),
            "subject": change.get("subject"),
            "old_value": change.get("old"),
            "new_value": change.get("new"),
            "summary": change.get("summary"),
            "rule": change.get("rule"),
            "citation": change.get("citation"),
            "old_line": old_line,
            "old_quote": old_quote,
            "new_line": new_line,
            "new_quote": new_quote,
        }
    )
    return row


def change_records(report: DiffReport, label: Any = None) -> Iterator[dict[str, Any]]:
    """One row per change of a ``DiffReport``."""
    base = {
        "pair": label,
        "service": None,
        "terms_type": None,
        "old": report.old.get("label") or report.old.get("sha256"),
        "new": report.new.get("label") or report.new.get("sha256"),
        "verdict": report.action,
    }
    for change in report.changes:
        yield _change_row(change, base)


def history_records(history: History, per: str = "change") -> Iterator[dict[str, Any]]:
    """One row per change of every step of ``history`` (or one per step)."""
    for step in history.steps:
        if per == "step":
            yield {
                "service": history.service,
                "terms_type": history.terms_type,
                "old": step.old.label,
                "new": step.new.label,
                "old_date": step.old.date,
                "new_date": step.new.date,
                "action": step.action,
                "reconsent_required": step.reconsent_required,
                "changes": len(step.changes),
                "revert_of": step.revert_of.label if step.revert_of else None,
                "identical": step.identical,
                "noise_only": step.noise_only,
            }
            continue
        base = {
            "pair": None,
            "service": history.service,
            "terms_type": history.terms_type,
            "old": step.old.label,
            "new": step.new.label,
            "verdict": step.action,
        }
        for change in step.changes:
            yield _change_row(change, base)


def _labelled(objs: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(objs, Mapping):
        yield from objs.items()
    elif isinstance(objs, (Policy, DiffReport, History)):
        yield None, objs
    elif isinstance(objs, (str, bytes)) or not isinstance(objs, Iterable):
        raise TypeError(
            "to_records takes a Policy, an iterable of them, or a mapping of labels to them, "
            f"got {type(objs).__name__}"
        )
    else:
        yield from enumerate(objs)


def to_records(objs: Any, *, per: str = "auto", skip_errors: bool = True) -> list[dict[str, Any]]:
    """Rows of plain dicts for analysis.

    ``objs`` is one object, an iterable of them (``import_many`` / ``diff_many`` results go
    straight in; the label column is the index), or a mapping ``{label: object}`` (the label is
    yours: a path, a date, a service name). Per object:

    - ``Policy``: one row per practice statement (``practice``, ``value``, ``polarity``, the
      first evidence's ``line`` and ``quote``, and the statement's other fields);
    - ``DiffReport``: one row per change (``dimension``, ``kind``, ``direction``,
      ``materiality``, ``action``, ``event``, ``subject``, old and new values and evidence);
    - ``History`` (from ``walk_histories``): one row per change of each step, or with
      ``per="step"`` one row per step (its verdict, change count, revert, noise).

    Exception entries from a batch are skipped, or raised with ``skip_errors=False``.
    """
    if per not in ("auto", "change", "step", "practice"):
        raise ValueError(f'per must be "auto", "practice", "change" or "step", got {per!r}')
    rows: list[dict[str, Any]] = []
    for label, obj in _labelled(objs):
        if isinstance(obj, Policy):
            rows.extend(practice_records(obj, label))
        elif isinstance(obj, DiffReport):
            rows.extend(change_records(obj, label))
        elif isinstance(obj, History):
            rows.extend(history_records(obj, "step" if per == "step" else "change"))
        elif isinstance(obj, BaseException):
            if not skip_errors:
                raise obj
        else:
            raise TypeError(f"cannot make records from {type(obj).__name__} (item {label!r})")
    return rows


def to_pandas(objs: Any, *, per: str = "auto", skip_errors: bool = True) -> pandas.DataFrame:
    """``to_records(objs)`` as a ``pandas.DataFrame`` (needs ``pip install policydiff[pandas]``)."""
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "to_pandas needs pandas: pip install 'policydiff[pandas]' (or use to_records)"
        ) from e
    rows = to_records(objs, per=per, skip_errors=skip_errors)
    columns: list[str] = []
    for known in (PRACTICE_COLUMNS, CHANGE_COLUMNS, STEP_COLUMNS):
        if rows and all(k in rows[0] for k in known):
            columns = list(known)
            break
    for row in rows:
        for k in row:
            if k not in columns:
                columns.append(k)
    return pandas.DataFrame.from_records(rows, columns=columns)
