"""Disagreement classification and adjudication into gold, at the service level."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Forbidden
from annotator.core.unanimous_scope import UnanimousScope
from annotator.models import GOLD, LabelValue, Layer, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import ensure_layer, find_layer, open_layer
from annotator.services.annotation.payloads import layer_payload
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication, gold_status, unanimous
from annotator.services.review.differences import document_differences
from tests.helpers import review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
# sentence 0: [0, 32); sentence 1: [34, 59)


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    project = make_project("review")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    layers = {n: open_layer(session, users[n], doc, None) for n in ("alice", "bob")}
    return {"project": project, "doc": doc, "users": users, "layers": layers}


def _kinds(session, doc) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for difference in document_differences(session, doc):
        found.setdefault(difference.kind, []).append(difference.summary)
    return found


@pytest.mark.parametrize(
    ("alice", "bob", "said"),
    [
        ((15, 31), (15, 28), "CLAIM: same start; the ends are 3 characters apart"),
        ((15, 31), (19, 31), "CLAIM: same end; the starts are 4 characters apart"),
        ((15, 31), (16, 30), "CLAIM: the starts are 1 character apart and the ends 1 character"),
    ],
)
def test_a_boundary_shift_says_which_ends_differ_and_by_how_much(
    session, world, alice, bob, said
) -> None:
    add_span(session, world["layers"]["alice"], "CLAIM", *alice)
    add_span(session, world["layers"]["bob"], "CLAIM", *bob)
    session.commit()
    assert _kinds(session, world["doc"])["boundary"] == [said]


def test_every_kind_of_difference_is_classified(session, world) -> None:
    """Only-some, boundary (with its size), label, attribute, relation target, label mismatch."""
    a, b = world["layers"]["alice"], world["layers"]["bob"]
    # Both mark "Officials" as SOURCE; alice's claim is 3 characters longer at the start.
    src_a, src_b = add_span(session, a, "SOURCE", 0, 9), add_span(session, b, "SOURCE", 0, 9)
    claim_a = add_span(session, a, "CLAIM", 15, 31, {"claimer": "REPORTED"})
    claim_b = add_span(session, b, "CLAIM", 19, 31, {"claimer": "REPORTED"})
    # Same span, different label; same span and label, different attribute.
    add_span(session, a, "CUE", 10, 14)
    add_span(session, b, "SOURCE", 10, 14)
    add_span(session, a, "CLAIM", 41, 47, {"claimer": "REPORTED"})
    add_span(session, b, "CLAIM", 41, 47, {"claimer": "JOURNALIST"})
    # Only alice marks "strongly".
    add_span(session, a, "BIASED_WORD", 50, 58)
    # Alice attributes her claim to "Officials"; bob to the word "said" (his SOURCE at 10).
    add_relation(session, a, "ATTRIBUTED_TO", claim_a.id, src_a.id)
    other = session.scalars(select(Span).where(Span.layer_id == b.id, Span.start == 10)).one()
    add_relation(session, b, "ATTRIBUTED_TO", claim_b.id, other.id)
    set_label(session, a, 1, "stance", "AGAINST")
    set_label(session, b, 1, "stance", "NONE")
    set_label(session, a, None, "genre", "NEWS")
    session.commit()
    kinds = _kinds(session, world["doc"])
    assert kinds["boundary"] == ["CLAIM: same end; the starts are 4 characters apart"]
    assert kinds["label"] == ["labels differ: CUE/SOURCE"]
    assert kinds["attribute"] == ["CLAIM: attribute claimer differs"]
    assert kinds["only_some"] == ["BIASED_WORD marked by alice; not by bob"]
    assert len(kinds["relation_target"]) == 1
    assert "goes to a different span" in kinds["relation_target"][0]
    assert kinds["sentence_label"] == ["stance: alice=AGAINST, bob=NONE"]
    assert kinds["document_label"] == ["genre: alice=NEWS, bob=\u2013"]
    assert src_b.id  # the agreed SOURCE at [0, 9) is no difference
    assert not any("[0, 9)" in s for summaries in kinds.values() for s in summaries)


def test_accepting_versions_records_who_decided_and_from_which_layer(session, world) -> None:
    """A span, its relation, an attribute and labels accepted from alice land in gold."""
    a = world["layers"]["alice"]
    rita = world["users"]["rita"]
    claim = add_span(session, a, "CLAIM", 15, 31, {"claimer": "REPORTED"})
    source = add_span(session, a, "SOURCE", 0, 9)
    relation = add_relation(session, a, "ATTRIBUTED_TO", claim.id, source.id)
    set_label(session, a, 0, "stance", "AGAINST")
    set_label(session, a, None, "genre", "NEWS")
    session.commit()
    gold_relation = adjudication.accept_relation(session, rita, relation.id)
    labels = session.scalars(select(LabelValue).where(LabelValue.layer_id == a.id)).all()
    for row in labels:
        adjudication.accept_label(session, rita, row.id)
    session.commit()
    gold = find_layer(session, world["doc"], None)
    payload = layer_payload(session, world["doc"], gold, annotator=GOLD, status=None)
    assert [(s["label"], s["start"], s["end"]) for s in payload["spans"]] == [
        ("SOURCE", 0, 9),
        ("CLAIM", 15, 31),
    ]
    assert payload["spans"][1]["attributes"] == {"claimer": "REPORTED"}
    assert [r["type"] for r in payload["relations"]] == ["ATTRIBUTED_TO"]
    assert payload["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "AGAINST"}]
    assert payload["document_labels"] == [{"name": "genre", "value": "NEWS"}]
    rows = [
        *session.scalars(select(Span).where(Span.layer_id == gold.id)),
        session.get(Relation, gold_relation.id),
        *session.scalars(select(LabelValue).where(LabelValue.layer_id == gold.id)),
    ]
    assert {(row.decided_by_id, row.source_layer) for row in rows} == {(rita.id, "alice")}
    assert gold_status.gold_statuses(session, world["project"]) == {world["doc"].id: "in_review"}


def test_accepting_another_source_replaces_the_relation_when_one_is_allowed(session, world) -> None:
    """ATTRIBUTED_TO allows one per claim: accepting bob's version replaces alice's in gold."""
    a, b = world["layers"]["alice"], world["layers"]["bob"]
    rita = world["users"]["rita"]
    claim_a, claim_b = add_span(session, a, "CLAIM", 15, 31), add_span(session, b, "CLAIM", 15, 31)
    rel_a = add_relation(
        session, a, "ATTRIBUTED_TO", claim_a.id, add_span(session, a, "SOURCE", 0, 9).id
    )
    rel_b = add_relation(
        session, b, "ATTRIBUTED_TO", claim_b.id, add_span(session, b, "SOURCE", 34, 40).id
    )
    session.commit()
    adjudication.accept_relation(session, rita, rel_a.id)
    adjudication.accept_relation(session, rita, rel_b.id)
    session.commit()
    gold = find_layer(session, world["doc"], None)
    relations = session.scalars(select(Relation).where(Relation.layer_id == gold.id)).all()
    assert len(relations) == 1
    assert session.get(Span, relations[0].to_span_id).start == 34
    assert relations[0].source_layer == "bob"


def test_unanimous_items_are_accepted_in_one_action(session, world) -> None:
    """Only what both annotators gave alike goes to gold; attributes only where they agree."""
    a, b = world["layers"]["alice"], world["layers"]["bob"]
    rita = world["users"]["rita"]
    for layer, claimer in ((a, "REPORTED"), (b, "JOURNALIST")):
        claim = add_span(session, layer, "CLAIM", 15, 31, {"claimer": claimer})
        source = add_span(session, layer, "SOURCE", 0, 9)
        add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        set_label(session, layer, 0, "stance", "AGAINST")
    add_span(session, a, "CUE", 10, 14)  # alice only
    set_label(session, a, 1, "stance", "NONE")
    set_label(session, b, 1, "stance", "FAVOR")
    session.commit()
    result = unanimous.accept_unanimous(session, rita, world["doc"])
    session.commit()
    assert (result.spans, result.relations, result.labels) == (2, 1, 1)
    gold = find_layer(session, world["doc"], None)
    payload = layer_payload(session, world["doc"], gold, annotator=GOLD, status=None)
    assert {(s["label"], s["start"]) for s in payload["spans"]} == {("CLAIM", 15), ("SOURCE", 0)}
    assert all(s["attributes"] == {} for s in payload["spans"])
    assert payload["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "AGAINST"}]
    row = session.scalars(select(Span).where(Span.layer_id == gold.id)).first()
    assert row.source_layer == "alice,bob"
    again = unanimous.accept_unanimous_in(session, rita, world["project"], UnanimousScope())
    assert again.total == 0  # nothing twice


def test_annotators_cannot_adjudicate(session, world) -> None:
    """Writing gold by adjudication is for reviewers and admins."""
    span = add_span(session, world["layers"]["alice"], "CLAIM", 15, 31)
    session.commit()
    with pytest.raises(Forbidden):
        adjudication.accept_span(session, world["users"]["bob"], span.id)
    assert session.scalars(select(Layer).where(Layer.user_id.is_(None))).first() is None


def test_gold_status_can_be_set_final_and_reopened(session, world) -> None:
    """open -> final -> in_review; an unknown status is refused."""
    rita = world["users"]["rita"]
    doc = world["doc"]
    assert gold_status.gold_statuses(session, world["project"])[doc.id] == "open"
    gold_status.set_gold_status(session, rita, doc, "final")
    assert gold_status.gold_statuses(session, world["project"])[doc.id] == "final"
    gold_status.set_gold_status(session, rita, doc, "in_review")
    assert gold_status.gold_statuses(session, world["project"])[doc.id] == "in_review"
    with pytest.raises(Exception, match="gold status must be one of"):
        gold_status.set_gold_status(session, rita, doc, "done")


def test_one_documents_gold_status_agrees_with_the_projects(session, world) -> None:
    """document_gold_status (one document's page) gives what gold_statuses gives for it:
    open, in review once gold holds a row, then whatever a reviewer stored."""
    rita, doc, project = world["users"]["rita"], world["doc"], world["project"]

    def both() -> tuple[str, str]:
        return gold_status.document_gold_status(session, doc), gold_status.gold_statuses(
            session, project
        )[doc.id]

    assert both() == ("open", "open")
    gold = ensure_layer(session, doc, None)
    set_label(session, gold, 0, "stance", "NONE")  # a direct gold edit stores no status
    assert both() == ("in_review", "in_review")
    gold_status.set_gold_status(session, rita, doc, "open")
    assert both() == ("open", "open")
    gold_status.set_gold_status(session, rita, doc, "final")
    assert both() == ("final", "final")


def test_a_relation_difference_quotes_a_long_span_cut_at_a_word_with_an_ellipsis(
    session, world, make_document, assign
) -> None:
    """The summary quotes the relation's source span up to 40 characters: a longer one was cut
    mid-word, with a trailing space inside the quotes and nothing to say it went on."""
    text = "The minister said that the long negotiations over the border had failed completely."
    doc = make_document(world["project"], text, external_id="d2")
    users = world["users"]
    assign(doc, users["alice"], users["bob"])
    a, b = (open_layer(session, users[n], doc, None) for n in ("alice", "bob"))
    start = text.index("the long")
    claim = add_span(session, a, "CLAIM", start, len(text) - 1)
    add_relation(session, a, "ATTRIBUTED_TO", claim.id, add_span(session, a, "SOURCE", 0, 12).id)
    add_span(session, b, "CLAIM", start, len(text) - 1)
    session.commit()
    assert _kinds(session, doc)["relation_only_some"] == [
        "ATTRIBUTED_TO from CLAIM \u201cthe long negotiations over the border\u2026\u201d drawn by "
        "alice; not by bob"
    ]
