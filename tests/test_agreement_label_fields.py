"""Label fields in the agreement report: which units count, field by field, from the database."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from tests.assist_world import mark_gold
from tests.helpers import review_team

SCHEMA: dict[str, Any] = {
    "name": "Stance twice",
    "span_labels": [{"name": "CLAIM", "key": "c"}],
    # One name for a sentence field and a document field: two fields, two entries.
    "sentence_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST"]}],
    "document_labels": [{"name": "stance", "values": ["FAVOR", "AGAINST", "MIXED"]}],
}
TEXT = "First sentence here.\n\nSecond one there.\n\nThird and last."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("stance", SCHEMA)
    labelled = make_document(project, TEXT, external_id="labelled")
    quiet = make_document(project, TEXT, external_id="quiet")
    users = review_team(make_user, assign, labelled, quiet)
    reviewer = users.pop("rita")
    session.commit()
    layers = {name: open_layer(session, user, labelled, None) for name, user in users.items()}
    # quiet: both annotators opened it and labelled nothing (a document with no label value).
    for user in users.values():
        open_layer(session, user, quiet, None)
    layers["gold"] = open_layer(session, reviewer, labelled, "gold")
    return {"project": project, "layers": layers, "labelled": labelled}


def test_a_sentence_field_and_a_document_field_of_one_name_are_kept_apart(session, world) -> None:
    layers = world["layers"]
    for who, values in {"alice": ["FAVOR", "AGAINST"], "bob": ["FAVOR", "FAVOR"]}.items():
        for sentence, value in enumerate(values):
            set_label(session, layers[who], sentence, "stance", value)
    set_label(session, layers["alice"], None, "stance", "MIXED")
    set_label(session, layers["bob"], None, "stance", "MIXED")
    session.commit()
    labels = agreement_report(session, world["project"])["labels"]
    sentences, document = labels["stance"], labels["document:stance"]
    assert (sentences["units"], sentences["pairable_units"]) == (2, 2)
    assert sentences["percent_agreement"] == 0.5
    # The one document unit: both said MIXED, which no sentence holds.
    assert (document["units"], document["pairable_units"]) == (1, 1)
    assert document["percent_agreement"] == 1.0
    assert document["alpha_nominal"] is None  # one value only: no variation


def test_units_only_gold_labelled_are_no_units_of_the_annotators(session, world) -> None:
    layers = world["layers"]
    set_label(session, layers["alice"], 0, "stance", "FAVOR")
    set_label(session, layers["bob"], 0, "stance", "AGAINST")
    set_label(session, layers["gold"], 0, "stance", "FAVOR")
    set_label(session, layers["gold"], 2, "stance", "AGAINST")  # nobody else labelled it
    session.commit()
    mark_gold(session, [world["labelled"]], "final")
    report = agreement_report(session, world["project"], per_document=True)
    stance = report["labels"]["stance"]
    assert (stance["units"], stance["pairable_units"]) == (1, 1)
    assert stance["percent_agreement"] == 0.0
    assert stance["cohen_kappa"] == {"alice|bob": 0.0}  # p_o = 0 = p_e (no label shared)
    alice = report["gold"]["annotators"]["alice"]["labels"]["stance"]
    assert (alice["units"], alice["percent_agreement"]) == (1, 1.0)
    by_document = {row["external_id"]: row for row in report["per_document"]}
    assert by_document["labelled"]["label_agreement"] == 0.0
    assert by_document["quiet"]["label_agreement"] is None  # no label value at all


def test_one_annotator_gives_units_and_no_coefficient(
    session, make_user, make_project, make_document, assign
) -> None:
    project = make_project("alone", SCHEMA)
    document = make_document(project, TEXT)
    alice = make_user("alice", "annotator", None)
    assign(document, alice)
    session.commit()
    layer = open_layer(session, alice, document, None)
    set_label(session, layer, 0, "stance", "FAVOR")
    set_label(session, layer, 1, "stance", "AGAINST")
    session.commit()
    stance = agreement_report(session, project)["labels"]["stance"]
    assert (stance["units"], stance["pairable_units"]) == (2, 0)
    assert stance["alpha_nominal"] is None and stance["fleiss_kappa"] is None
    assert stance["percent_agreement"] is None and stance["cohen_kappa"] == {}
