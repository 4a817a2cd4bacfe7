"""Accepting into gold what most of a document's annotators agree on (the ``majority``
quorum), beside the unanimous accept: what it takes, and which gold decisions it keeps."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Invalid
from annotator.core.unanimous_scope import UnanimousScope
from annotator.models import LabelValue, Relation, Span
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import ensure_layer, find_layer, open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication, none_taken, unanimous
from annotator.services.review.differences import document_differences
from annotator.services.review.layers import document_layers
from annotator.services.review.none_taken import key_of, rows_by_id
from tests.helpers import csrf_token_from, login, review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
# sentence 0: [0, 32); sentence 1: [34, 59)
CLAIM, SHORT_CLAIM, SOURCE, CUE = (15, 31), (19, 31), (0, 9), (15, 19)


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    """alice, bob and carol annotate ``d1``; dave is made, not assigned; rita reviews."""
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    for name in ("carol", "dave"):
        users[name] = make_user(name, "annotator")
    assign(doc, users["carol"])
    return {"project": project, "doc": doc, "users": users}


def _layer(session, world, name: str) -> Any:
    return open_layer(session, world["users"][name], world["doc"], None)


def _claim_with_source(session, layer, claim: tuple[int, int], **attributes: str) -> Span:
    span = add_span(session, layer, "CLAIM", *claim, attributes, note=f"{layer.id} says so")
    source = add_span(session, layer, "SOURCE", *SOURCE)
    add_relation(session, layer, "ATTRIBUTED_TO", span.id, source.id)
    return span


def _two_agree_one_differs(session, world) -> None:
    """alice and bob: the same claim (claimer REPORTED), attributed to the source, stance
    AGAINST; carol: a shorter claim, attributed too, stance NONE. All three: genre NEWS."""
    for name, claim, stance in (
        ("alice", CLAIM, "AGAINST"),
        ("bob", CLAIM, "AGAINST"),
        ("carol", SHORT_CLAIM, "NONE"),
    ):
        layer = _layer(session, world, name)
        _claim_with_source(session, layer, claim, claimer="REPORTED")
        set_label(session, layer, 0, "stance", stance)
        set_label(session, layer, None, "genre", "NEWS")
    session.commit()


def _counts(result: unanimous.Accepted) -> tuple[int, int, int]:
    return result.spans, result.relations, result.labels


def _gold(session, doc) -> dict[str, Any]:
    gold = find_layer(session, doc, None)
    if gold is None:
        return {"spans": [], "relations": [], "labels": []}
    spans = session.scalars(select(Span).where(Span.layer_id == gold.id)).all()
    by_id = {s.id: (s.label, s.start, s.end) for s in spans}
    return {
        "spans": sorted(
            ((s.label, s.start, s.end), s.attributes, s.source_layer, s.decided_by_id)
            for s in spans
        ),
        "relations": sorted(
            (r.type, by_id[r.from_span_id], by_id[r.to_span_id], r.source_layer)
            for r in session.scalars(select(Relation).where(Relation.layer_id == gold.id))
        ),
        "labels": sorted(
            (v.sentence_index, v.name, v.value, v.source_layer)
            for v in session.scalars(select(LabelValue).where(LabelValue.layer_id == gold.id))
        ),
    }


def test_majority_accepts_what_two_of_three_agree_on_and_unanimous_does_not(session, world) -> None:
    _two_agree_one_differs(session, world)
    rita, doc = world["users"]["rita"], world["doc"]
    assert _counts(unanimous.preview_unanimous(session, rita, doc)) == (1, 0, 1)
    asked = unanimous.preview_unanimous(session, rita, doc, quorum="majority")
    assert _counts(asked) == (2, 1, 2)
    accepted = unanimous.accept_unanimous(session, rita, doc, quorum="majority")
    session.commit()
    assert _counts(accepted) == (2, 1, 2)
    gold = _gold(session, doc)
    # Each item names the layers that agree on it: the majority's, or all three.
    assert gold["spans"] == [
        (("CLAIM", *CLAIM), {"claimer": "REPORTED"}, "alice,bob", rita.id),
        (("SOURCE", *SOURCE), {}, "alice,bob,carol", rita.id),
    ]
    assert gold["relations"] == [
        ("ATTRIBUTED_TO", ("CLAIM", *CLAIM), ("SOURCE", *SOURCE), "alice,bob")
    ]
    assert gold["labels"] == [
        (-1, "genre", "NEWS", "alice,bob,carol"),
        (0, "stance", "AGAINST", "alice,bob"),
    ]
    agreed_claim = select(Span).where(Span.label == "CLAIM", Span.source_layer.is_not(None))
    claim = session.scalars(agreed_claim)
    note = claim.one().note
    assert "alice: " in note and "bob: " in note and "carol" not in note  # the givers' notes
    # Nothing is left, and the unanimous accept finds nothing more either.
    assert unanimous.preview_unanimous(session, rita, doc, quorum="majority").total == 0
    assert unanimous.preview_unanimous(session, rita, doc).total == 0


def test_an_attribute_needs_the_majority_of_all_the_annotators(session, world) -> None:
    """Two of three mark the claim, but only one gives it a claimer: the span is the
    majority's, its attribute is not, and its source names bob alone (alice gave it a
    claimer gold does not hold)."""
    for name, claimer in (("alice", "REPORTED"), ("bob", None), ("carol", None)):
        layer = _layer(session, world, name)
        if name != "carol":
            add_span(session, layer, "CLAIM", *CLAIM, {"claimer": claimer} if claimer else {})
    session.commit()
    rita, doc = world["users"]["rita"], world["doc"]
    unanimous.accept_unanimous(session, rita, doc, quorum="majority")
    assert _gold(session, doc)["spans"] == [(("CLAIM", *CLAIM), {}, "bob", rita.id)]


def test_a_tie_of_four_is_no_majority(session, world, assign) -> None:
    assign(world["doc"], world["users"]["dave"])
    for name, claim, stance in (
        ("alice", CLAIM, "AGAINST"),
        ("bob", CLAIM, "AGAINST"),
        ("carol", SHORT_CLAIM, "NONE"),
        ("dave", SHORT_CLAIM, "NONE"),
    ):
        layer = _layer(session, world, name)
        _claim_with_source(session, layer, claim)
        set_label(session, layer, 0, "stance", stance)
    session.commit()
    rita, doc = world["users"]["rita"], world["doc"]
    # Only the source all four marked: neither claim, relation nor stance has three of four.
    assert _counts(unanimous.preview_unanimous(session, rita, doc, quorum="majority")) == (1, 0, 0)
    unanimous.accept_unanimous(session, rita, doc, quorum="majority")
    assert [key for key, *_ in _gold(session, doc)["spans"]] == [("SOURCE", *SOURCE)]


def test_with_two_annotators_the_majority_is_both(
    session, make_user, make_project, make_document, assign
) -> None:
    project = make_project("pair")
    doc = make_document(project, TEXT, external_id="p1")
    users = review_team(make_user, assign, doc)
    alice, bob = (open_layer(session, users[n], doc, None) for n in ("alice", "bob"))
    _claim_with_source(session, alice, CLAIM)
    _claim_with_source(session, bob, SHORT_CLAIM)
    session.commit()
    majority = unanimous.preview_unanimous(session, users["rita"], doc, quorum="majority")
    assert _counts(majority) == _counts(unanimous.preview_unanimous(session, users["rita"], doc))
    assert _counts(majority) == (1, 0, 0)


def test_overlapping_spans_of_different_labels_each_with_a_majority_are_both_taken(
    session, world
) -> None:
    """The project allows overlaps: alice and bob's claim and bob and carol's cue inside it
    each have two of three, as the export's majority layer keeps both."""
    for name, labels in (("alice", ["CLAIM"]), ("bob", ["CLAIM", "CUE"]), ("carol", ["CUE"])):
        layer = _layer(session, world, name)
        for label in labels:
            add_span(session, layer, label, *(CLAIM if label == "CLAIM" else CUE))
    session.commit()
    rita, doc = world["users"]["rita"], world["doc"]
    unanimous.accept_unanimous(session, rita, doc, quorum="majority")
    assert [key for key, *_ in _gold(session, doc)["spans"]] == [
        ("CLAIM", *CLAIM),
        ("CUE", *CUE),
    ]


def test_a_gold_decision_already_made_is_kept(session, world) -> None:
    """The reviewer took carol's claim (so not the majority's, nor the relation from it), set
    the stance to FAVOR; the majority changes none of it and takes the rest."""
    _two_agree_one_differs(session, world)
    rita, doc = world["users"]["rita"], world["doc"]
    carol_claim = session.scalars(
        select(Span).where(Span.label == "CLAIM", Span.start == SHORT_CLAIM[0])
    ).one()
    adjudication.accept_span(session, rita, carol_claim.id)
    set_label(session, ensure_layer(session, doc, None), 0, "stance", "FAVOR")
    session.commit()
    asked = unanimous.preview_unanimous(session, rita, doc, quorum="majority")
    assert _counts(asked) == (1, 0, 1)  # the source and the genre
    accepted = unanimous.accept_unanimous(session, rita, doc, quorum="majority")
    assert _counts(accepted) == (1, 0, 1)
    gold = _gold(session, doc)
    assert [key for key, *_ in gold["spans"]] == [("CLAIM", *SHORT_CLAIM), ("SOURCE", *SOURCE)]
    assert gold["relations"] == []  # its end, the majority's claim, is not in gold
    assert [(unit, name, value) for unit, name, value, _ in gold["labels"]] == [
        (-1, "genre", "NEWS"),
        (0, "stance", "FAVOR"),
    ]


def test_none_taken_keeps_the_majoritys_version_out(session, world) -> None:
    """The reviewer decided gold takes none of the stances: the majority's AGAINST stays out."""
    _two_agree_one_differs(session, world)
    rita, doc = world["users"]["rita"], world["doc"]
    layers = document_layers(session, doc)
    stance = next(d for d in document_differences(session, doc) if d.kind == "sentence_label")
    none_taken.decide_none(session, rita, doc, key_of(stance, rows_by_id(layers)))
    session.commit()
    # The project's documents with such a decision are looked up at once: the same answer.
    project = world["project"]
    # The annotators have not marked d1 done: the project's accept takes it when asked.
    most = UnanimousScope(quorum="majority", include_unfinished=True)
    asked = unanimous.preview_unanimous_in(session, rita, project, most)
    assert asked.labels == 1  # the genre only
    accepted = unanimous.accept_unanimous_in(session, rita, project, most)
    assert accepted.labels == 1
    assert [name for _, name, _, _ in _gold(session, doc)["labels"]] == ["genre"]


def test_an_unknown_quorum_is_refused_by_name(session, world) -> None:
    _two_agree_one_differs(session, world)
    with pytest.raises(Invalid, match="quorum must be one of unanimous, majority"):
        unanimous.accept_unanimous(session, world["users"]["rita"], world["doc"], quorum="most")


def test_the_projects_majority_count_is_what_its_accept_writes(session, world) -> None:
    _two_agree_one_differs(session, world)
    rita = world["users"]["rita"]
    most = UnanimousScope(quorum="majority", include_unfinished=True)
    asked = unanimous.preview_unanimous_in(session, rita, world["project"], most)
    accepted = unanimous.accept_unanimous_in(session, rita, world["project"], most)
    assert (
        (_counts(asked), asked.documents)
        == (_counts(accepted), accepted.documents)
        == (
            (2, 1, 2),
            1,
        )
    )


def test_the_api_takes_the_quorum_in_an_optional_body(client, session, world, make_token) -> None:
    """No body is the unanimous accept as before; ``{"quorum": "majority"}`` takes the rest;
    an unknown quorum is refused by name and writes nothing; an annotator may not."""
    _two_agree_one_differs(session, world)
    rita, doc = make_token(world["users"]["rita"]), world["doc"]
    path = f"/api/v1/projects/demo/review/{doc.id}/unanimous"
    refused = client.post(path, json={"quorum": "most"}, headers=rita)
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"]["field"] == "quorum"
    assert (
        client.post(
            path, json={"quorum": "majority"}, headers=make_token(world["users"]["alice"])
        ).status_code
        == 403
    )
    assert _gold(session, doc)["spans"] == []
    unanimous_answer = client.post(path, headers=rita)
    assert unanimous_answer.status_code == 200
    # The answer's shape is the project accept's: no final document skipped here.
    assert unanimous_answer.get_json() == {
        "spans": 1,
        "relations": 0,
        "labels": 1,
        "documents": 1,
        "skipped": [],
        "skipped_final": 0,
        "skipped_unfinished": 0,
        "included_unfinished": 0,
        "unfinished_named": [],
        "filtered_out": [],
        "warnings": [],
    }
    majority = client.post(
        "/api/v1/projects/demo/review/unanimous",
        json={"quorum": "majority", "include_unfinished": True},
        headers=rita,
    )
    assert majority.status_code == 200
    assert majority.get_json() == {
        "spans": 1,
        "relations": 1,
        "labels": 1,
        "documents": 1,
        "skipped": [],
        "skipped_final": 0,
        "skipped_unfinished": 0,
        "included_unfinished": 1,
        "unfinished_named": [],
        "filtered_out": [],
        "warnings": [],
    }
    session.expire_all()
    assert [source for *_, source in _gold(session, doc)["relations"]] == ["alice,bob"]


def test_the_cli_takes_the_quorum(runner, session, world) -> None:
    _two_agree_one_differs(session, world)
    refused = runner.invoke(
        args=["adjudicate", "unanimous", "demo", "--quorum", "most", "--as", "rita"]
    )
    assert (
        refused.exit_code != 0 and "'most' is not one of 'unanimous', 'majority'" in refused.output
    )
    result = runner.invoke(
        args=[
            *("adjudicate", "unanimous", "demo", "--quorum", "majority"),
            *("--include-unfinished", "--as", "rita"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Accepted 5 items (2 spans, 1 relation, 2 labels) into the gold of 1 document" in (
        result.output
    )
    session.expire_all()
    assert [source for *_, source in _gold(session, world["doc"])["relations"]] == ["alice,bob"]


def test_the_pages_ask_with_the_quorum_and_refuse_an_unknown_one(client, session, world) -> None:
    """A post without ``confirm`` goes back to the question with its quorum; a confirmed post
    with an unknown quorum is refused and writes nothing."""
    _two_agree_one_differs(session, world)
    doc = world["doc"].id
    login(client, "rita")
    token = csrf_token_from(client.get(f"/projects/demo/review/{doc}").get_data(True))
    path = f"/projects/demo/review/{doc}/unanimous"
    answer = client.post(path, data={"csrf_token": token, "quorum": "majority"})
    assert answer.status_code == 302
    assert "quorum=majority" in answer.headers["Location"]
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Accepting writes 5 items into gold" in page
    assert 'name="quorum" value="majority"' in page
    refused = client.post(path, data={"csrf_token": token, "quorum": "most", "confirm": "1"})
    assert refused.status_code == 422
    assert "quorum must be one of unanimous, majority" in refused.get_data(as_text=True)
    assert _gold(session, world["doc"])["spans"] == []


def test_the_exports_majority_and_the_accept_count_the_same_annotators(
    session, make_user, make_project, make_document, assign
) -> None:
    """Four assigned, one not started: alice and bob agree, carol differs. Both the accept and
    the export's majority layer divide by the three who began (2 of 3); the export counted the
    assignee who had not started as a vote against (2 of 4, a tie), so the two disagreed."""
    import json

    from annotator.services.datasets.export import start_export
    from annotator.services.datasets.export_options import ExportOptions

    project = make_project("four")
    doc = make_document(project, "Officials said the talks failed.\n\nMoscow denied it.", "d1")
    users = {name: make_user(name, "annotator") for name in ("alice", "bob", "carol", "dave")}
    rita = make_user("rita", "reviewer")
    assign(doc, *users.values())
    for name in ("alice", "bob"):
        add_span(session, open_layer(session, users[name], doc, None), "CLAIM", 15, 31)
    add_span(session, open_layer(session, users["carol"], doc, None), "SOURCE", 0, 9)
    session.commit()
    export = start_export(session, project, ExportOptions(layer="majority"))
    (record,) = [json.loads(line) for line in b"".join(export.chunks).decode().splitlines()]
    exported = [(s["label"], s["start"], s["end"]) for s in record["annotations"][0]["spans"]]
    assert exported == [("CLAIM", 15, 31)]
    preview = unanimous.preview_unanimous(session, rita, doc, quorum="majority")
    assert preview.spans == 1
