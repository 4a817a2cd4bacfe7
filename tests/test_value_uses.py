"""The values page counts each value's uses, as a refused Remove counts them.

A lead learned that FAVOR was used only when Remove was refused. The page now says, beside
each value, how many rows hold it, in how many documents, how many in gold; suggestions are
no uses; a multi-valued field's row counts for each value it holds. One query per page.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from annotator.core.vocabulary import SUGGESTIONS
from annotator.engine import get_engine
from annotator.models import Layer
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import counted_statements, csrf_token_from, login

SCHEMA = {
    "name": "Uses",
    "span_labels": [
        {
            "name": "CLAIM",
            "key": "c",
            "attributes": [
                {"name": "claimer", "values": ["REPORTED", "JOURNALIST"], "multiple": True}
            ],
        }
    ],
    "sentence_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST", "NONE"]}],
    "document_labels": [{"name": "topics", "values": ["WAR", "TRADE", "FARMS"], "multiple": True}],
}
TEXT = "Officials said the war goes on. Trade fell. Farms failed."


@pytest.fixture
def world(session: Any, make_world: Any, assign: Any) -> None:
    """Two documents: alice's and bob's layers, gold, and suggestions holding values."""
    people = dict.fromkeys(("lead", "alice", "bob"), "annotator") | {"rita": "reviewer"}
    made = make_world(
        people,
        slug="uses",
        schema=SCHEMA,
        members={"lead": "manager"},
        one=(TEXT, None),
        two=(TEXT, None),
    )
    alice, bob, one, two = made.alice, made.bob, made.one, made.two
    for document in (one, two):
        assign(document, alice)
        layer = open_layer(session, alice, document, None)
        set_label(session, layer, 0, "stance", "FAVOR")
        set_label(session, layer, 1, "stance", "FAVOR")
        set_label(session, layer, None, "topics", ["WAR", "TRADE"])
        add_span(session, layer, "CLAIM", 0, 9, {"claimer": ["REPORTED", "JOURNALIST"]})
    gold = open_layer(session, made.rita, one, "gold")
    set_label(session, gold, 0, "stance", "FAVOR")
    add_span(session, gold, "CLAIM", 0, 9, {"claimer": ["REPORTED"]})
    add_span(session, gold, "CLAIM", 10, 14)  # no claimer: not a use of any value
    assign(two, bob)
    set_label(session, open_layer(session, bob, two, None), 2, "stance", "AGAINST")
    suggested = Layer(document_id=two.id, user_id=None, key=SUGGESTIONS)
    session.add(suggested)
    session.flush()
    set_label(session, suggested, 2, "stance", "NONE")
    session.commit()


def _said(client: Any, field: str) -> dict[str, str]:
    page = client.get(f"/projects/uses/labels/values?field={field}").get_data(as_text=True)
    items = re.findall(r"<li>(\w+).*?<span class=\"muted value-uses\">([^<]*)</span>", page, re.S)
    return {value: " ".join(unescape(said).split()) for value, said in items}


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            "stance",
            {
                "FAVOR": "used by 5 label values in 2 documents (gold: 1)",
                "AGAINST": "used by 1 label value in 1 document (gold: 0)",
                "NONE": "unused",  # only suggested
            },
        ),
        (
            "document:topics",
            {
                "WAR": "used by 2 label values in 2 documents (gold: 0)",
                "TRADE": "used by 2 label values in 2 documents (gold: 0)",
                "FARMS": "unused",
            },
        ),
        (
            "CLAIM.claimer",
            {
                "REPORTED": "used by 3 spans in 2 documents (gold: 1)",
                "JOURNALIST": "used by 2 spans in 2 documents (gold: 0)",
            },
        ),
    ],
)
def test_each_value_shows_its_uses(
    client: Any, world: None, field: str, expected: dict[str, str]
) -> None:
    login(client, "lead")
    assert _said(client, field) == expected


def test_the_counts_are_the_refusal_s_and_come_from_one_query(
    app: Any, client: Any, world: None
) -> None:
    login(client, "lead")
    with app.app_context():
        engine = get_engine()
    with counted_statements(engine) as seen:
        shown = _said(client, "stance")["FAVOR"]
    assert len([s for s in seen if "j.value" in s]) == 1
    page = client.get("/projects/uses/labels/values?field=stance").get_data(as_text=True)
    refused = client.post(
        "/projects/uses/labels/values/remove?field=stance",
        data={"csrf_token": csrf_token_from(page), "remove-value": "FAVOR"},
    )
    assert refused.status_code == 409
    assert f"value FAVOR of stance is {shown}" in unescape(refused.get_data(as_text=True))
