"""Type stubs for the Rust extension module ``policydiff._native``."""

import os
from collections.abc import Iterable
from typing import Any, final

__all__ = [
    "DEBUG_BUILD",
    "MAX_JOBS",
    "ConfigError",
    "DiffReport",
    "LimitError",
    "Limits",
    "ParseError",
    "Policy",
    "PolicyDiffError",
    "__version__",
    "check",
    "classify_segment",
    "diff",
    "diff_batch",
    "diff_report_schema",
    "history",
    "import_batch",
    "import_file",
    "labels",
    "parse_bytes",
    "parse_compact_policy",
    "parse_html",
    "parse_p3p",
    "parse_text",
    "policy_schema",
]

__version__: str
MAX_JOBS: int
DEBUG_BUILD: bool

class PolicyDiffError(ValueError):
    kind: str
    line: int | None
    column: int | None
    path: str | None

class ParseError(PolicyDiffError): ...
class LimitError(PolicyDiffError): ...
class ConfigError(PolicyDiffError): ...

@final
class Policy:
    @staticmethod
    def from_json(json: str) -> Policy: ...
    def to_json(self, *, indent: int | None = 2) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    @property
    def schema_version(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def source_format(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def effective_date(self) -> str | None: ...
    @property
    def last_updated(self) -> str | None: ...
    @property
    def headings(self) -> list[str]: ...
    @property
    def data_collected(self) -> list[str]: ...
    @property
    def purposes(self) -> list[str]: ...
    @property
    def recipients(self) -> list[tuple[str, str | None]]: ...
    @property
    def no_sale_promise(self) -> bool | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

def parse_text(text: str, /, *, format: str = "auto") -> Policy: ...
@final
class Limits:
    def __new__(
        cls,
        *,
        max_bytes: int | None = None,
        max_depth: int | None = None,
        max_elements: int | None = None,
        max_sentence_bytes: int | None = None,
        max_evidence_bytes: int | None = None,
    ) -> Limits: ...
    @property
    def max_bytes(self) -> int: ...
    @property
    def max_depth(self) -> int: ...
    @property
    def max_elements(self) -> int: ...
    @property
    def max_sentence_bytes(self) -> int: ...
    @property
    def max_evidence_bytes(self) -> int: ...
    def __getnewargs_ex__(self) -> tuple[tuple[()], dict[str, int]]: ...
    def __eq__(self, value: object, /) -> bool: ...

def parse_html(html: str, /) -> Policy: ...
def parse_p3p(xml: str | bytes, /) -> Policy: ...
def parse_compact_policy(header: str, /) -> Policy: ...
def parse_bytes(
    data: bytes,
    /,
    *,
    format: str = "auto",
    file_name: str | None = None,
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> Policy: ...
def import_file(
    path: str | os.PathLike[str],
    /,
    *,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> Policy: ...
def policy_schema() -> str: ...
def import_batch(
    items: Iterable[object],
    /,
    *,
    jobs: int | None = None,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> list[Policy | Exception]: ...

@final
class DiffReport:
    @staticmethod
    def from_json(json: str) -> DiffReport: ...
    def to_json(self, *, indent: int | None = 2) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_markdown(self) -> str: ...
    def to_text(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def reconsent_required(self) -> bool: ...
    @property
    def profile(self) -> str: ...
    @property
    def changes(self) -> list[dict[str, Any]]: ...
    @property
    def summary(self) -> dict[str, Any]: ...
    @property
    def old(self) -> dict[str, Any]: ...
    @property
    def new(self) -> dict[str, Any]: ...
    @property
    def text_diff(self) -> dict[str, Any] | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

def diff(
    old: Policy | str | bytes | os.PathLike[str],
    new: Policy | str | bytes | os.PathLike[str],
    /,
    *,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = True,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> DiffReport: ...
def check(report: DiffReport, /, *, fail_on: str = "consent") -> tuple[bool, str]: ...
def diff_batch(
    pairs: Iterable[object],
    /,
    *,
    jobs: int | None = None,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
    text_diff: bool = False,
    diff_deadline_ms: int = 2000,
    format: str = "auto",
    max_bytes: int | None = None,
    limits: Limits | None = None,
) -> list[DiffReport | Exception]: ...
def history(
    versions: list[tuple[str, Policy]],
    /,
    *,
    jobs: int | None = None,
    profile: str = "default",
    rules: str | os.PathLike[str] | None = None,
) -> dict[str, Any]: ...
def diff_report_schema() -> str: ...
def labels(policy: Policy | str | bytes | os.PathLike[str], /) -> dict[str, list[Any]]: ...
def classify_segment(text: str, /) -> list[str]: ...
