"""The agreement report counts, per label field, the units one annotator gave a value and
another left blank: JSON (service and API), CSV and page.

A team lead's report said "no sentence has values from two annotators" for bias, as one
annotator gave no bias at all: alpha rightly leaves such units out (AGREEMENT.md), and the
omission was nowhere to be seen.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report
from annotator.services.agreement.table import report_csv
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from tests.helpers import login

SCHEMA: dict[str, Any] = {
    "name": "Stance and bias",
    "span_labels": [{"name": "CLAIM", "key": "c"}],
    "sentence_labels": [
        {"name": "stance", "values": ["FAVOR", "AGAINST", "NONE"]},
        {"name": "bias", "values": ["BIASED", "NON_BIASED"]},
    ],
    "document_labels": [{"name": "genre", "values": ["NEWS", "OPINION"]}],
}
TEXT = "First sentence here.\n\nSecond one there.\n\nThird and last."


@pytest.fixture
def world(session, make_world, assign) -> dict[str, Any]:
    people = dict.fromkeys(("alice", "bob", "carol"), "annotator") | {"rita": "reviewer"}
    made = make_world(people, slug="blank", schema=SCHEMA, members={}, doc=(TEXT, "d1"))
    doc, users = made.doc, {name: getattr(made, name) for name in ("alice", "bob")}
    assign(doc, users["alice"], users["bob"])
    alice = open_layer(session, users["alice"], doc, None)
    bob = open_layer(session, users["bob"], doc, None)
    for sentence in range(3):
        set_label(session, alice, sentence, "bias", "BIASED")
        set_label(session, alice, sentence, "stance", "FAVOR")
    # bob: a stance on sentences 1 and 2, none on 3; no bias at all; the genre alone.
    set_label(session, bob, 0, "stance", "FAVOR")
    set_label(session, bob, 1, "stance", "AGAINST")
    set_label(session, bob, None, "genre", "NEWS")
    # Done, as the page's report counts done layers by default.
    for name in ("alice", "bob"):
        set_status(session, users[name], doc, "done")
    session.commit()
    return {"project": made.project}


def test_each_field_counts_units_left_blank_and_by_whom(session, world) -> None:
    labels = agreement_report(session, world["project"])["labels"]
    bias, stance, genre = labels["bias"], labels["stance"], labels["document:genre"]
    # bias: no pairable unit, so no figure; the omissions are counted beside.
    assert (bias["units"], bias["pairable_units"], bias["alpha_nominal"]) == (3, 0, None)
    assert bias["left_blank_units"] == 3
    assert bias["left_blank"] == {"alice": 0, "bob": 3}
    assert (stance["pairable_units"], stance["left_blank_units"]) == (2, 1)
    assert stance["left_blank"] == {"alice": 0, "bob": 1}
    assert genre["left_blank_units"] == 1
    assert genre["left_blank"] == {"alice": 1, "bob": 0}


def test_alpha_is_unchanged_by_the_counts(session, world) -> None:
    """The pairable units alone make alpha: the same figures as before the counts."""
    stance = agreement_report(session, world["project"])["labels"]["stance"]
    assert stance["units"] == 3 and stance["pairable_units"] == 2
    assert stance["percent_agreement"] == 0.5


def test_the_csv_has_a_row_per_annotator_and_the_units(session, world) -> None:
    rows = report_csv(agreement_report(session, world["project"])).splitlines()
    assert "labels,bias,,left_blank_units,3" in rows
    assert "labels,bias,bob,left_blank,3" in rows
    assert "labels,bias,alice,left_blank,0" in rows


def test_the_api_and_the_page_show_them(client, session, world, make_token) -> None:
    from annotator.services.accounts.users import get_user

    headers = make_token(get_user(session, "rita"))
    report = client.get("/api/v1/projects/blank/agreement", headers=headers).get_json()
    assert report["labels"]["bias"]["left_blank"] == {"alice": 0, "bob": 3}
    login(client, "rita")
    page = client.get("/projects/blank/agreement").get_data(as_text=True)
    assert 'id="left-blank"' in page
    assert "<strong>bias</strong>: 3 units, left blank by bob (3)" in page
    assert "<strong>document:genre</strong>: 1 unit, left blank by alice (1)" in page
