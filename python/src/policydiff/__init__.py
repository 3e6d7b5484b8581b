"""policydiff: turn privacy policies into structured data, and tell whether a change is material.

>>> import policydiff
>>> p = policydiff.parse_text("# Privacy\n\nWe collect your email address.")
>>> p.title
'Privacy'

Many policies at once, on Rust threads with the GIL released, results in input order:

>>> results = policydiff.import_many(["We collect your email address.", b""])
>>> type(results[0]).__name__, type(results[1]).__name__
('Policy', 'ParseError')
"""

from __future__ import annotations

from policydiff._batch import diff_many, import_many, iter_diff_many, iter_import_many
from policydiff._check import CheckOutcome, check
from policydiff._native import (
    MAX_JOBS,
    ConfigError,
    DiffReport,
    LimitError,
    Limits,
    ParseError,
    Policy,
    PolicyDiffError,
    __version__,
    classify_segment,
    diff,
    diff_report_schema,
    import_file,
    labels,
    parse_bytes,
    parse_compact_policy,
    parse_html,
    parse_p3p,
    parse_text,
    policy_schema,
)
from policydiff.corpus import History, Step, Version, find_histories, walk_histories
from policydiff.records import to_pandas, to_records

__all__ = [
    "MAX_JOBS",
    "CheckOutcome",
    "ConfigError",
    "DiffReport",
    "History",
    "LimitError",
    "Limits",
    "ParseError",
    "Policy",
    "PolicyDiffError",
    "Step",
    "Version",
    "__version__",
    "check",
    "classify_segment",
    "diff",
    "diff_many",
    "diff_report_schema",
    "find_histories",
    "import_file",
    "import_many",
    "iter_diff_many",
    "iter_import_many",
    "labels",
    "parse_bytes",
    "parse_compact_policy",
    "parse_html",
    "parse_p3p",
    "parse_text",
    "policy_schema",
    "to_pandas",
    "to_records",
    "walk_histories",
]
