"""policydiff.Limits: every import limit of docs/LIMITS.md, settable from Python."""

from __future__ import annotations

import pathlib
import pickle

import pytest

import policydiff

P3P_NS = "http://www.w3.org/2002/01/P3Pv1"


def p3p(statements: int) -> bytes:
    """A valid P3P policy with `statements` STATEMENTs (6 elements each)."""
    body = "".join(
        "<STATEMENT><PURPOSE><current/></PURPOSE><RECIPIENT><ours/></RECIPIENT>"
        "<RETENTION><stated-purpose/></RETENTION>"
        '<DATA-GROUP><DATA ref="#user.name"/></DATA-GROUP></STATEMENT>'
        for _ in range(statements)
    )
    return (
        f'<POLICIES xmlns="{P3P_NS}"><POLICY name="p" discuri="/p">'
        '<ENTITY><DATA-GROUP><DATA ref="#business.name">Example</DATA></DATA-GROUP></ENTITY>'
        f"<ACCESS><none/></ACCESS>{body}</POLICY></POLICIES>"
    ).encode()


def nested_html(depth: int) -> bytes:
    return (
        b"<html><body>"
        + b"<div>" * depth
        + b"<p>We collect your email address.</p>"
        + b"</div>" * depth
        + b"</body></html>"
    )


def test_defaults_are_the_documented_ones() -> None:
    limits = policydiff.Limits()
    assert (limits.max_bytes, limits.max_depth, limits.max_elements) == (32 * 2**20, 256, 1_000_000)
    assert (limits.max_sentence_bytes, limits.max_evidence_bytes) == (4_000, 64 * 2**20)
    assert "max_depth=256" in repr(limits)
    assert policydiff.Limits(max_depth=300).max_depth == 300
    assert policydiff.Limits(max_depth=300) == policydiff.Limits(max_depth=300)
    assert policydiff.Limits(max_depth=300) != policydiff.Limits()


def test_max_depth_lowered_and_raised() -> None:
    policy = policydiff.parse_bytes(nested_html(300), format="html", limits=policydiff.Limits(max_depth=1024))
    assert any(c["category"] == "contact.email" for c in policy.to_dict()["collection"])
    with pytest.raises(policydiff.LimitError) as info:
        policydiff.parse_bytes(nested_html(300), format="html")
    assert info.value.kind == "limit"
    assert info.value.line == 1
    with pytest.raises(policydiff.LimitError):
        policydiff.parse_bytes(p3p(1), limits=policydiff.Limits(max_depth=3))


def test_max_elements() -> None:
    policydiff.parse_bytes(p3p(3), limits=policydiff.Limits(max_elements=100))
    with pytest.raises(policydiff.LimitError) as info:
        policydiff.parse_bytes(p3p(30), limits=policydiff.Limits(max_elements=100))
    assert "100 elements" in str(info.value)
    assert info.value.line == 1 and info.value.column is not None


def test_max_sentence_bytes_cuts_and_says_so() -> None:
    text = ("We collect your email address and " * 40).encode() + b"phone number."
    cut = policydiff.parse_bytes(text, limits=policydiff.Limits(max_sentence_bytes=200))
    assert any(d["code"] == "sentence_cut" for d in cut.to_dict()["diagnostics"])
    whole = policydiff.parse_bytes(text)
    assert not any(d["code"] == "sentence_cut" for d in whole.to_dict()["diagnostics"])


def test_max_evidence_bytes() -> None:
    text = b"We collect your email address. We share it with advertisers."
    with pytest.raises(policydiff.LimitError):
        policydiff.parse_bytes(text, limits=policydiff.Limits(max_evidence_bytes=20))


def test_max_bytes_once_not_twice() -> None:
    with pytest.raises(policydiff.LimitError):
        policydiff.parse_bytes(b"x" * 100, limits=policydiff.Limits(max_bytes=10))
    with pytest.raises(ValueError, match="twice"):
        policydiff.parse_bytes(b"x" * 5, max_bytes=10, limits=policydiff.Limits(max_bytes=10))
    # max_bytes= with other limits is fine.
    policydiff.parse_bytes(b"We collect your email.", max_bytes=100, limits=policydiff.Limits(max_depth=10))


def test_every_importing_function_takes_limits(tmp_path: pathlib.Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_bytes(nested_html(40))
    tight = policydiff.Limits(max_depth=20)
    with pytest.raises(policydiff.LimitError):
        policydiff.import_file(deep, limits=tight)
    policydiff.import_file(deep)
    results = policydiff.import_many([deep, b"We collect your email."], jobs=2, limits=tight)
    assert isinstance(results[0], policydiff.LimitError)
    assert isinstance(results[1], policydiff.Policy)
    with pytest.raises(policydiff.LimitError):
        policydiff.diff(deep, "We collect your email.", limits=tight)
    reports = policydiff.diff_many([(deep, deep), ("a b c.", "a b c.")], limits=tight)
    assert isinstance(reports[0], policydiff.LimitError)
    assert isinstance(reports[1], policydiff.DiffReport)
    (lazy,) = policydiff.iter_import_many([deep], limits=tight)
    assert isinstance(lazy, policydiff.LimitError)


def test_limits_pickle_and_reject_wrong_types() -> None:
    limits = policydiff.Limits(max_depth=512, max_sentence_bytes=1000)
    again = pickle.loads(pickle.dumps(limits))
    assert again == limits
    assert again.max_depth == 512 and again.max_bytes == policydiff.Limits().max_bytes
    with pytest.raises(TypeError):
        policydiff.Limits(max_depth="deep")  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        policydiff.Limits(max_depth=-1)
    with pytest.raises(TypeError):
        policydiff.Limits(512)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        policydiff.parse_bytes(b"x", limits={"max_depth": 3})  # type: ignore[arg-type]


def _pair(n: int) -> tuple[policydiff.Policy, policydiff.Policy]:
    """Two imported versions of an `n`-sentence text whose every third sentence changed."""
    old = " ".join(f"Clause {i} covers topic {i % 17} for region {i % 5}." for i in range(n))
    new = " ".join(
        f"Clause {i} covers topic {i % 17} for region {i % 5}." if i % 3 else f"Clause {i} was rewritten as {i * 7}."
        for i in range(n)
    )
    return policydiff.parse_text(old), policydiff.parse_text(new)


def test_text_diff_budget_is_settable() -> None:
    """`diff_deadline_ms` is the CLI's --diff-deadline-ms: a 1 ms budget runs out, 0 is none."""
    # Aligning these takes about 15 ms in a release build and 0.3 s in a debug one: over 1 ms,
    # well under the default 2 s.
    old, new = _pair(4000)
    default = policydiff.diff(old, new)
    assert default.text_diff is not None and default.text_diff["timed_out"] is False
    short = policydiff.diff(old, new, diff_deadline_ms=1)
    assert short.text_diff is not None and short.text_diff["timed_out"] is True
    [batched] = policydiff.diff_many([(old, new)], text_diff=True, diff_deadline_ms=1, errors="raise")
    assert batched.text_diff is not None and batched.text_diff["timed_out"] is True
    # 0 is no budget, not a budget of nothing (which would time out at once).
    unbounded = policydiff.diff(old, new, diff_deadline_ms=0)
    assert unbounded.text_diff is not None and unbounded.text_diff["timed_out"] is False
    assert unbounded.text_diff["sections"]


def test_text_diff_budget_rejects_negative() -> None:
    with pytest.raises(ValueError, match="diff_deadline_ms"):
        policydiff.diff("We collect your email.", "We collect your name.", diff_deadline_ms=-5)
