"""``check``: the CI decision on a report, as a named tuple."""

from __future__ import annotations

from typing import NamedTuple

from policydiff import _native
from policydiff._native import DiffReport


class CheckOutcome(NamedTuple):
    """The outcome of :func:`check`; true when the check *failed*."""

    #: Whether the change is at or above the threshold.
    failed: bool
    #: One line saying why (for CI logs).
    reason: str


def check(report: DiffReport, fail_on: str = "consent") -> CheckOutcome:
    """Decide a CI check on ``report``: fail when its verdict reaches ``fail_on``
    (``consent``, the default; ``notice``; or ``any`` change at all, editorial ones included).

    >>> import policydiff
    >>> p = policydiff.parse_text("We collect your email address.")
    >>> policydiff.check(policydiff.diff(p, p))
    CheckOutcome(failed=False, reason='no change')
    """
    if not isinstance(report, DiffReport):
        raise TypeError(f"check takes a DiffReport, got {type(report).__name__}")
    failed, reason = _native.check(report, fail_on=fail_on)
    return CheckOutcome(failed, reason)
