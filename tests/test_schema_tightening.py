"""A schema change that tightens a rule its annotations were written under is refused.

Narrowed relation ends, a lower max_per_source, overlaps forbidden, a list-valued field or
attribute made single: accepted before, they left annotations that broke their own schema,
and the project's export could no longer be imported. Now refused with the counts (409),
with nothing changed; the same change is accepted once no annotation breaks it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.core.schema_renames import Renames
from annotator.core.vocabulary import SUGGESTIONS
from annotator.models import Layer, Project, Span, User
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span

TEXT = "Officials said on Monday that the talks had failed, a spokesman added."


def _schema(project: Project, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    schema = copy.deepcopy(project.schema)
    change(schema)
    return schema


def _relation_type(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in schema["relation_types"] if t["name"] == name)


def _field(schema: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    return next(f for f in schema[kind] if f["name"] == name)


@pytest.fixture
def world(
    session: Session, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> SimpleNamespace:
    """alice's layer: a CLAIM attributed to a SOURCE, with its CUE; rita's gold the same claim
    attributed to two sources. The schema lets stance and CLAIM.claimer take lists, and a
    claim any number of sources."""
    alice = make_user("alice", "annotator")
    rita = make_user("rita", "reviewer")
    project = make_project("news")

    def lists(schema: dict[str, Any]) -> None:
        _field(schema, "sentence_labels", "stance")["multiple"] = True
        schema["span_labels"][0]["attributes"][0]["multiple"] = True
        _relation_type(schema, "ATTRIBUTED_TO").pop("max_per_source", None)

    edit_project(session, project, None, schema=_schema(project, lists))
    document = make_document(project, TEXT)
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    claim = add_span(session, layer, "CLAIM", 30, 50)
    add_relation(
        session, layer, "ATTRIBUTED_TO", claim.id, add_span(session, layer, "SOURCE", 0, 9).id
    )
    add_relation(session, layer, "CUED_BY", claim.id, add_span(session, layer, "CUE", 10, 14).id)
    gold = open_layer(session, rita, document, "gold")
    gold_claim = add_span(session, gold, "CLAIM", 30, 50, {"claimer": ["REPORTED", "JOURNALIST"]})
    for start, end in ((0, 9), (54, 63)):
        add_relation(
            session,
            gold,
            "ATTRIBUTED_TO",
            gold_claim.id,
            add_span(session, gold, "SOURCE", start, end).id,
        )
    set_label(session, layer, 0, "stance", ["FAVOR", "AGAINST"])
    session.commit()
    return SimpleNamespace(project=project, document=document, alice=alice)


def _refused(session: Session, project: Project, schema: dict[str, Any], **kwargs: Any) -> str:
    version = project.schema_version
    with pytest.raises(Conflict) as caught:
        edit_project(session, project, None, schema=schema, **kwargs)
    session.rollback()
    session.refresh(project)
    assert project.schema_version == version
    assert caught.value.details is not None and caught.value.details["breaks"]
    return caught.value.message


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            lambda s: _relation_type(s, "ATTRIBUTED_TO").update(to=["CUE"]),
            "relation type ATTRIBUTED_TO to SOURCE, which it would no longer allow: "
            "3 relations in 1 document (gold: 2)",
        ),
        (
            lambda s: _relation_type(s, "ATTRIBUTED_TO").update(max_per_source=1),
            "relation type ATTRIBUTED_TO with more than 1 per source span: "
            "1 source span in 1 document (gold: 1)",
        ),
        (
            lambda s: _field(s, "sentence_labels", "stance").update(multiple=False),
            "sentence label stance with lists of values, which would take one value: "
            "1 label value in 1 document (gold: 0)",
        ),
        (
            lambda s: s["span_labels"][0]["attributes"][0].update(multiple=False),
            "attribute CLAIM.claimer with lists of values, which would take one value: "
            "1 span in 1 document (gold: 1)",
        ),
    ],
)
def test_a_tightened_rule_that_annotations_break_is_refused_with_counts(
    session: Session, world: Any, change: Callable[[dict[str, Any]], None], said: str
) -> None:
    message = _refused(session, world.project, _schema(world.project, change))
    assert said in message, message


def test_overlaps_forbidden_are_refused_while_a_layer_has_them_and_accepted_after(
    session: Session, world: Any
) -> None:
    """The suggestions layer's overlaps do not count: suggestions are checked when accepted."""

    def no_overlap(schema: dict[str, Any]) -> None:
        schema["allow_overlap"] = False

    layer = open_layer(session, world.alice, world.document, None)
    overlapping = add_span(session, layer, "CUE", 35, 40)  # inside alice's CLAIM
    suggestions = Layer(document_id=world.document.id, user_id=None, key=SUGGESTIONS)
    session.add(suggestions)
    session.flush()
    session.add_all(
        [
            Span(layer_id=suggestions.id, label="CLAIM", start=s, end=s + 10, attributes={})
            for s in (0, 5)
        ]
    )
    session.commit()
    message = _refused(session, world.project, _schema(world.project, no_overlap))
    assert "spans overlapping another of their layer: 1 span in 1 document (gold: 0)" in message
    session.delete(session.get(Span, overlapping.id))
    session.commit()
    edit_project(session, world.project, None, schema=_schema(world.project, no_overlap))
    session.commit()
    assert world.project.schema["allow_overlap"] is False


def test_a_rename_with_a_tightened_rule_is_counted_under_the_new_names_and_undone(
    session: Session, world: Any
) -> None:
    def renamed(schema: dict[str, Any]) -> None:
        for label in schema["span_labels"]:
            if label["name"] == "SOURCE":
                label["name"] = "SPEAKER"
        for relation in schema["relation_types"]:
            relation["to"] = ["SPEAKER" if x == "SOURCE" else x for x in relation["to"]]
        _relation_type(schema, "ATTRIBUTED_TO")["max_per_source"] = 1

    message = _refused(
        session,
        world.project,
        _schema(world.project, renamed),
        renames=Renames(labels={"SOURCE": "SPEAKER"}),
    )
    assert "relation type ATTRIBUTED_TO with more than 1 per source span" in message
    # The refusal took the rename back with it: the spans keep their names.
    assert "SOURCE" in session.scalars(select(Span.label)).all()
    assert "SPEAKER" not in session.scalars(select(Span.label)).all()


def test_loosening_and_unrelated_changes_pass(session: Session, world: Any) -> None:
    def looser(schema: dict[str, Any]) -> None:
        _relation_type(schema, "ATTRIBUTED_TO")["to"] = ["SOURCE", "CUE"]
        _relation_type(schema, "ATTRIBUTED_TO")["max_per_source"] = 2
        _field(schema, "sentence_labels", "bias")["multiple"] = False  # it never took lists

    edit_project(session, world.project, None, schema=_schema(world.project, looser))
    session.commit()
    assert _relation_type(world.project.schema, "ATTRIBUTED_TO")["max_per_source"] == 2


def test_annotations_broken_before_do_not_hold_up_an_unrelated_change(
    session: Session, world: Any
) -> None:
    """A project whose annotations broke a rule before such changes were refused can still
    have its guidelines edited: only the rules a change tightens are looked at."""
    narrowed = _schema(
        world.project, lambda s: _relation_type(s, "ATTRIBUTED_TO").update(to=["CUE"])
    )
    world.project.schema = narrowed  # as an earlier version let it be saved
    session.commit()
    edit_project(session, world.project, None, guidelines="Mark every claim.")
    session.commit()
    assert world.project.schema["guidelines"] == "Mark every claim."


def test_a_relation_type_merged_into_a_narrower_one_is_refused(
    session: Session, world: Any
) -> None:
    """CUED_BY (CLAIM to CUE) merged into ATTRIBUTED_TO (CLAIM to SOURCE): alice's cue
    relation would become an ATTRIBUTED_TO to a CUE span."""

    def without_cued_by(schema: dict[str, Any]) -> None:
        schema["relation_types"] = [t for t in schema["relation_types"] if t["name"] != "CUED_BY"]

    message = _refused(
        session,
        world.project,
        _schema(world.project, without_cued_by),
        renames=Renames(labels={"CUED_BY": "ATTRIBUTED_TO"}),
    )
    assert (
        "relation type ATTRIBUTED_TO to CUE, which it would no longer allow: 1 relation" in message
    )


def _renamed_stance(schema: dict[str, Any]) -> None:
    field = _field(schema, "sentence_labels", "stance")
    field.update(name="position", multiple=False)


def _renamed_claim(schema: dict[str, Any]) -> None:
    claim = schema["span_labels"][0]
    claim["name"] = "ASSERTION"
    claim["attributes"][0]["multiple"] = False
    for relation in schema["relation_types"]:
        relation["from"] = ["ASSERTION" if x == "CLAIM" else x for x in relation["from"]]


@pytest.mark.parametrize(
    ("change", "renames", "said"),
    [
        (
            _renamed_stance,
            {"stance": "position"},
            "sentence label position with lists of values, which would take one value: "
            "1 label value in 1 document (gold: 0)",
        ),
        (
            _renamed_claim,
            {"CLAIM": "ASSERTION"},
            "attribute ASSERTION.claimer with lists of values, which would take one value: "
            "1 span in 1 document (gold: 1)",
        ),
    ],
)
def test_a_field_renamed_and_made_single_in_one_change_is_refused_too(
    session: Session,
    world: Any,
    change: Callable[[dict[str, Any]], None],
    renames: dict[str, str],
    said: str,
) -> None:
    """The old schema says which fields took lists under their old names: a rename in the same
    change hid them, and the lists were left under a field that takes one value."""
    schema = _schema(world.project, change)
    message = _refused(session, world.project, schema, renames=Renames(labels=renames))
    assert said in message, message


def test_a_label_merged_into_one_whose_attribute_takes_one_value_counts_its_lists(
    session: Session, world: Any
) -> None:
    """QUOTE's claimer took lists and SOURCE's one value: QUOTE merged into SOURCE would leave
    its lists under SOURCE's claimer."""

    def with_quote(schema: dict[str, Any]) -> None:
        claimer = copy.deepcopy(schema["span_labels"][0]["attributes"][0])
        schema["span_labels"].append({"name": "QUOTE", "attributes": [claimer]})
        source = next(e for e in schema["span_labels"] if e["name"] == "SOURCE")
        source["attributes"] = [claimer | {"multiple": False}]

    edit_project(session, world.project, None, schema=_schema(world.project, with_quote))
    layer = open_layer(session, world.alice, world.document, None)
    add_span(session, layer, "QUOTE", 54, 63, {"claimer": ["REPORTED", "JOURNALIST"]})
    session.commit()

    def merged(schema: dict[str, Any]) -> None:
        schema["span_labels"] = [e for e in schema["span_labels"] if e["name"] != "QUOTE"]

    message = _refused(
        session,
        world.project,
        _schema(world.project, merged),
        renames=Renames(labels={"QUOTE": "SOURCE"}),
    )
    assert (
        "attribute SOURCE.claimer with lists of values, which would take one value: "
        "1 span in 1 document (gold: 0)"
    ) in message, message


def test_a_list_of_one_value_is_counted_and_not_said_to_hold_more(
    session: Session, world: Any
) -> None:
    """A multiple field stores even one choice as a list, which a single field refuses: it is
    counted, and the message does not claim that each has several values."""
    rita = session.scalar(select(User).where(User.username == "rita"))
    gold = open_layer(session, rita, world.document, "gold")
    set_label(session, gold, 0, "stance", ["AGAINST"])
    session.commit()

    def single(schema: dict[str, Any]) -> None:
        _field(schema, "sentence_labels", "stance")["multiple"] = False

    message = _refused(session, world.project, _schema(world.project, single))
    assert "sentence label stance with lists of values, which would take one value: " in message
    assert "2 label values in 1 document (gold: 1)" in message, message
    assert "more than one value" not in message
