"""A label field and a span attribute renamed: every layer keeps its annotations under the new
name (gold and suggestions too), exports say it, a taken name is refused, and it is all or
nothing."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Conflict, Invalid, Malformed
from annotator.core.formats import FORMAT_NAMES
from annotator.core.schema_diff import apply_renames
from annotator.core.schema_renames import Renames, parse_renames
from annotator.core.vocabulary import SUGGESTIONS
from annotator.models import AuditEntry, LabelValue, Layer, SchemaVersion, Span
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.spans import add_span
from tests.export_world import World, build_world, span_at
from tests.test_schema_changes import export_text

RENAMES = {
    "fields": {"sentence": {"stance": "stance_toward"}, "document": {"genre": "text_type"}},
    "attributes": {"CLAIM": {"claimer": "claimant"}},
}
STANCE_DESCRIPTION = "The sentence's stance toward the target."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(session, make_user, make_project, make_document, assign)
    # A suggested claim with a claimer, in the suggestions layer (no annotator's).
    document = world.documents["emoji"]
    suggested = Layer(document_id=document.id, user_id=None, key=SUGGESTIONS)
    session.add(suggested)
    session.flush()
    start, end = span_at(document.text, "the plan will cut costs by 10%")
    add_span(session, suggested, "CLAIM", start, end, {"claimer": "JOURNALIST"})
    session.commit()
    return world


def _values(session: Any) -> list[tuple[str, int, Any]]:
    rows = session.execute(
        select(LabelValue.name, LabelValue.sentence_index, LabelValue.value).order_by(LabelValue.id)
    )
    return [tuple(row) for row in rows]


def _claimers(session: Any) -> list[dict[str, Any]]:
    return list(
        session.scalars(select(Span.attributes).where(Span.label == "CLAIM").order_by(Span.id))
    )


def test_a_field_and_an_attribute_keep_their_annotations_under_the_new_name(
    session: Any, world: World
) -> None:
    project = world.project
    values_before = _values(session)
    claimers_before = _claimers(session)
    assert len([a for a in claimers_before if "claimer" in a]) == 4  # alice, bob, gold, model
    edit_project(session, project, world.users["rita"], renames=parse_renames(RENAMES))
    session.commit()
    session.expire_all()

    new_name = {"stance": "stance_toward", "genre": "text_type"}
    assert _values(session) == [
        (new_name.get(name, name), index, value) for name, index, value in values_before
    ]
    assert _claimers(session) == [
        {"claimant": a["claimer"]} if "claimer" in a else a for a in claimers_before
    ]
    schema = project.schema
    assert [f["name"] for f in schema["sentence_labels"]] == [
        "checkworthiness",
        "stance_toward",
        "bias",
        "opinion",
    ]
    renamed = schema["sentence_labels"][1]
    assert (renamed["values"], renamed["keys"], renamed["target"]) == (
        ["FAVOR", "AGAINST", "NONE"],
        ["f", "a", "n"],
        "Russian foreign policy",
    )
    assert [f["name"] for f in schema["document_labels"]] == ["text_type"]
    assert schema["span_labels"][0]["attributes"][0]["name"] == "claimant"
    assert schema["span_labels"][0]["attributes"][0]["values"] == ["REPORTED", "JOURNALIST"]

    for fmt in FORMAT_NAMES:
        # The dataset card shows the field's description, which says "stance" in words.
        shown = export_text(session, project, fmt).replace(STANCE_DESCRIPTION, "")
        for old in ("stance", "genre", "claimer"):
            assert not re.search(rf"\b{old}\b", shown), (fmt, old)
    jsonl = export_text(session, project, "jsonl")
    assert '"stance_toward"' in jsonl and '"text_type"' in jsonl and '"claimant"' in jsonl

    version = session.scalars(select(SchemaVersion).order_by(SchemaVersion.version.desc())).first()
    assert version is not None and version.version == 2
    assert version.change == (
        "renamed sentence label field stance to stance_toward; "
        "renamed document label field genre to text_type; "
        "renamed attribute CLAIM.claimer to CLAIM.claimant"
    )
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "project.update")).one()
    assert audit.after["renames"] == {"labels": {}, "values": {}} | RENAMES


def test_values_are_renamed_in_the_same_change_under_the_new_names(
    session: Any, world: World
) -> None:
    renames = RENAMES | {
        "values": {"stance_toward": {"AGAINST": "CONTRA"}, "CLAIM.claimant": {"REPORTED": "QUOTED"}}
    }
    edit_project(session, world.project, None, renames=parse_renames(renames))
    session.commit()
    stances = session.scalars(select(LabelValue.value).where(LabelValue.name == "stance_toward"))
    assert set(stances) == {"CONTRA"}
    claimants = [a["claimant"] for a in _claimers(session) if a]
    assert sorted(claimants) == ["JOURNALIST", "QUOTED", "QUOTED", "QUOTED"]


def test_a_rename_given_with_a_whole_schema_is_carried_through_too(
    session: Any, world: World
) -> None:
    schema = copy.deepcopy(world.project.schema)
    schema["sentence_labels"][1]["name"] = "stance_toward"
    schema["sentence_labels"][1]["description"] = "Toward the target"
    schema["span_labels"][0]["attributes"][0]["name"] = "claimant"
    renames = Renames(
        fields={"sentence": {"stance": "stance_toward"}},
        attributes={"CLAIM": {"claimer": "claimant"}},
    )
    # The new description says what the values mean: confirmed, as a change of meaning asks.
    edit_project(session, world.project, None, schema=schema, renames=renames, confirm_meaning=True)
    session.commit()
    assert "stance" not in set(session.scalars(select(LabelValue.name)))
    assert all("claimer" not in a for a in _claimers(session))
    # Without the renames, the same schema removes what is used, and is refused.
    schema["sentence_labels"][2]["name"] = "slant"
    with pytest.raises(Conflict, match="bias is used by"):
        edit_project(session, world.project, None, schema=schema)


@pytest.mark.parametrize(
    ("renames", "said"),
    [
        ({"fields": {"sentence": {"stance": "bias"}}}, "the sentence label field 'bias' is taken"),
        ({"fields": {"document": {"genre": "genre"}}}, "the document label field 'genre' is taken"),
        (
            {"attributes": {"BIASED_WORD": {"type": "kind"}, "CLAIM": {"claimer": "type"}}},
            "the attribute 'type' of CLAIM is taken",
        ),
        ({"fields": {"sentence": {"genre": "kind"}}}, "no sentence label field 'genre'"),
        ({"attributes": {"CLAIM": {"who": "speaker"}}}, "no attribute 'who' of CLAIM"),
        ({"attributes": {"NOPE": {"who": "speaker"}}}, "no span label 'NOPE'"),
        (
            {"labels": {"stance": "a"}, "fields": {"sentence": {"stance": "b"}}},
            "'stance' is renamed under both renames.labels and renames.fields",
        ),
    ],
)
def test_a_rename_onto_a_taken_or_unknown_name_is_refused_naming_it(
    session: Any, world: World, renames: dict[str, Any], said: str
) -> None:
    if (
        "CLAIM" in renames.get("attributes", {})
        and "type" in renames["attributes"]["CLAIM"].values()
    ):
        # CLAIM has an attribute "type" too, for the rename onto it to be refused.
        schema = copy.deepcopy(world.project.schema)
        schema["span_labels"][0]["attributes"].append({"name": "type", "values": ["X"]})
        edit_project(session, world.project, None, schema=schema)
        session.commit()
    version = world.project.schema_version
    before = _values(session), _claimers(session)
    with pytest.raises(Invalid) as caught:
        edit_project(session, world.project, None, renames=parse_renames(renames))
    session.rollback()
    assert said in caught.value.message
    assert world.project.schema_version == version
    assert (_values(session), _claimers(session)) == before


def test_a_refused_change_renames_nothing(session: Any, world: World) -> None:
    """The renames run before the schema-break check, which refuses here: none of it stays."""
    values_before, claimers_before = _values(session), _claimers(session)
    renames = parse_renames(RENAMES)
    schema = apply_renames(world.project.schema, renames) | {"allow_overlap": False}
    with pytest.raises(Conflict, match="overlapping"):
        edit_project(session, world.project, None, schema=schema, renames=renames)
    session.rollback()
    session.expire_all()
    assert world.project.schema_version == 1
    assert _values(session) == values_before and _claimers(session) == claimers_before


@pytest.mark.parametrize(
    "raw",
    [
        {"fields": {"stance": "stance_toward"}},
        {"fields": {"sentence": ["stance"]}},
        {"attributes": {"CLAIM": "claimant"}},
        {"attributes": {"CLAIM": {"claimer": 3}}},
    ],
)
def test_a_rename_of_the_wrong_shape_is_malformed(raw: dict[str, Any]) -> None:
    with pytest.raises(Malformed) as caught:
        parse_renames(raw)
    assert "renames." in caught.value.message


def test_the_history_names_each_kind_as_its_stored_text_always_has() -> None:
    """The history's words are made from the pages' nouns now: stored text must still read
    as it was written, "field" after a label field's."""
    from annotator.core.schema_renames import KIND_WORDS

    assert KIND_WORDS == {
        "span": "span label",
        "relation": "relation type",
        "sentence": "sentence label field",
        "document": "document label field",
    }
