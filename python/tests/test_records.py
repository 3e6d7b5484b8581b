"""Tabular output: one row per practice statement."""

from __future__ import annotations

import json
from typing import Any

import pytest

import policydiff


def policy_with_statements() -> policydiff.Policy:
    """A parsed policy with two practice statements set in its JSON (independent of how well
    the extractor reads the text)."""
    text = "# Privacy\n\nWe collect your email address. We share it with PayPal."
    data: dict[str, Any] = policydiff.parse_text(text).to_dict()
    quote = "We collect your email address."
    start = text.index(quote)
    data["collection"] = [
        {
            "category": "contact.email",
            "polarity": "does",
            "actor": "first_party",
            "evidence": [
                {
                    "kind": "text",
                    "span": {"start": start, "end": start + len(quote)},
                    "line": 3,
                    "section": ["Privacy"],
                    "quote": quote,
                }
            ],
        }
    ]
    data["sharing"] = [
        {
            "recipient": "service_provider",
            "name": "PayPal",
            "polarity": "does",
            "data": ["contact.email", "financial"],
            "evidence": [],
        }
    ]
    return policydiff.Policy.from_json(json.dumps(data))


def test_rows_per_practice() -> None:
    p = policy_with_statements()
    rows = policydiff.to_records({"v1": p})
    assert [(r["policy"], r["practice"], r["value"], r["polarity"]) for r in rows] == [
        ("v1", "collection", "contact.email", "does"),
        ("v1", "sharing", "service_provider", "does"),
    ]
    assert rows[0]["line"] == 3 and rows[0]["quote"] == "We collect your email address."
    assert rows[1]["name"] == "PayPal" and rows[1]["data"] == "contact.email;financial"
    assert rows[0]["title"] == "Privacy" and rows[0]["sha256"] == p.sha256


def test_batch_results_go_straight_in() -> None:
    p = policy_with_statements()
    rows = policydiff.to_records([p, policydiff.ParseError("x"), p])
    assert [r["policy"] for r in rows] == [0, 0, 2, 2]
    with pytest.raises(policydiff.ParseError):
        policydiff.to_records([p, policydiff.ParseError("x")], skip_errors=False)
    assert policydiff.to_records(p) == [dict(r, policy=None) for r in rows[:2]]


@pytest.mark.parametrize("bad", [None, 3, "text", [3]], ids=repr)
def test_bad_input(bad: object) -> None:
    with pytest.raises(TypeError):
        policydiff.to_records(bad)


def test_to_pandas() -> None:
    pandas = pytest.importorskip("pandas")
    df = policydiff.to_pandas({"v1": policy_with_statements()})
    assert isinstance(df, pandas.DataFrame)
    assert list(df.columns[:5]) == ["policy", "title", "sha256", "practice", "value"]
    assert df["practice"].tolist() == ["collection", "sharing"]
