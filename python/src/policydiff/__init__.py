"""policydiff: turn privacy policies into structured data, and tell whether a change is material.

>>> import policydiff
>>> p = policydiff.parse_text("# Privacy\n\nWe collect your email address.")
>>> p.title
'Privacy'
"""

from __future__ import annotations

from policydiff._native import (
    ConfigError,
    LimitError,
    ParseError,
    Policy,
    PolicyDiffError,
    __version__,
    import_file,
    parse_bytes,
    parse_compact_policy,
    parse_html,
    parse_p3p,
    parse_text,
    policy_schema,
)

__all__ = [
    "ConfigError",
    "LimitError",
    "ParseError",
    "Policy",
    "PolicyDiffError",
    "__version__",
    "import_file",
    "parse_bytes",
    "parse_compact_policy",
    "parse_html",
    "parse_p3p",
    "parse_text",
    "policy_schema",
]
