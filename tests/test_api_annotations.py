"""The annotation loop through the HTTP API: spans, relations, labels, status."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.api_world import TEXT, World, build_world
from tests.conftest import SEED_SCHEMA


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _schema(**changes: Any) -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema.update(changes)
    return schema


def _spans(world: World, who: str = "alice") -> list[dict[str, Any]]:
    return world.layer(who)["spans"]


# -- spans --------------------------------------------------------------------------------


def test_span_answer_has_id_text_sentence_and_version(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31, attributes={"claimer": "REPORTED"})
    assert span == {
        "id": span["id"],
        "label": "CLAIM",
        "start": 15,
        "end": 31,
        "text": "the talks failed",
        "sentence": 0,
        "attributes": {"claimer": "REPORTED"},
        "version": 1,
    }
    assert _spans(world) == [span]


def test_offsets_count_code_points_with_emoji_and_flags(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    text = "👍🏽 Putin said 🇺🇦 talks failed."
    world = build_world(
        client, make_user, make_token, make_project, make_document, assign, text=text
    )
    start = text.index("Putin")
    assert start == 3  # two code points of emoji and a space, not five UTF-16 units
    span = world.span("alice", "SOURCE", start, start + 5)
    assert span["text"] == "Putin"
    talks = text.index("talks")
    flagged = world.span("alice", "CLAIM", talks - 3, len(text) - 1)
    assert flagged["text"] == text[talks - 3 : len(text) - 1] == "🇺🇦 talks failed"
    for item in _spans(world):
        assert item["text"] == text[item["start"] : item["end"]]


@pytest.mark.parametrize(
    ("start", "end", "sentence"),
    [
        (0, 9, 0),
        (20, 45, 0),  # crosses into sentence 1: the sentence of its start
        (33, 40, 0),  # starts in the gap between sentences 0 and 1
        (53, 60, 1),  # starts on the blank line before sentence 2
        (54, 71, 2),
        (70, 71, 2),
    ],
)
def test_span_sentence_is_that_of_its_start(
    world: World, start: int, end: int, sentence: int
) -> None:
    span = world.span("alice", "CLAIM", start, end)
    assert span["sentence"] == sentence
    assert span["text"] == TEXT[start:end]


@pytest.mark.parametrize(
    ("start", "end"), [(-1, 5), (5, 5), (9, 3), (0, len(TEXT) + 1), (len(TEXT), len(TEXT) + 2)]
)
def test_offsets_outside_the_text_are_422_naming_them(world: World, start: int, end: int) -> None:
    response = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CLAIM", "start": start, "end": end},
    )
    assert response.status_code == 422
    message = response.get_json()["error"]["message"]
    assert f"start={start}" in message and f"end={end}" in message and str(len(TEXT)) in message
    assert _spans(world) == []


def test_span_may_end_at_the_end_of_the_text(world: World) -> None:
    assert world.span("alice", "CLAIM", 0, len(TEXT))["text"] == TEXT


@pytest.mark.parametrize(
    ("label", "attributes", "named"),
    [
        ("NOPE", {}, "NOPE"),
        ("CLAIM", {"colour": "RED"}, "colour"),
        ("CLAIM", {"claimer": "SOMEONE"}, "SOMEONE"),
        ("CLAIM", {"claimer": ["REPORTED"]}, "claimer"),  # not a multiple attribute
        ("SOURCE", {"claimer": "REPORTED"}, "claimer"),  # SOURCE has no attributes
    ],
)
def test_unknown_label_or_attribute_is_422_and_stores_nothing(
    world: World, label: str, attributes: dict[str, Any], named: str
) -> None:
    response = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": label, "start": 0, "end": 9, "attributes": attributes},
    )
    assert response.status_code == 422
    assert named in response.get_json()["error"]["message"]
    assert _spans(world) == []


def test_multiple_attribute_takes_a_list_of_distinct_values(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    schema = _schema()
    schema["span_labels"][0]["attributes"] = [
        {"name": "topics", "values": ["WAR", "TRADE", "HEALTH"], "multiple": True}
    ]
    world = build_world(client, make_user, make_token, make_project, make_document, assign, schema)
    span = world.span("alice", "CLAIM", 0, 9, attributes={"topics": ["WAR", "TRADE"]})
    assert span["attributes"] == {"topics": ["WAR", "TRADE"]}
    for bad in ("WAR", [], ["WAR", "WAR"], ["PEACE"]):
        response = world.call(
            "alice",
            "POST",
            f"/documents/{world.doc.id}/spans",
            {"label": "CLAIM", "start": 0, "end": 9, "attributes": {"topics": bad}},
        )
        assert response.status_code == 422, bad
        assert "topics" in response.get_json()["error"]["message"]
    assert len(_spans(world)) == 1


def test_overlap_is_422_when_the_schema_forbids_it(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    world = build_world(
        client,
        make_user,
        make_token,
        make_project,
        make_document,
        assign,
        _schema(allow_overlap=False),
    )
    first = world.span("alice", "CLAIM", 10, 20)
    world.span("alice", "SOURCE", 0, 10)  # touching is not overlapping
    world.span("alice", "CUE", 20, 25)
    world.span("bob", "CLAIM", 5, 15)  # another layer
    response = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CUE", "start": 19, "end": 22},
    )
    assert response.status_code == 422
    assert f"overlaps span {first['id']}" in response.get_json()["error"]["message"]
    moved = world.call("alice", "PATCH", f"/spans/{first['id']}", {"start": 5})
    assert moved.status_code == 422
    assert len(_spans(world)) == 3
    assert world.call("alice", "PATCH", f"/spans/{first['id']}", {"end": 19}).status_code == 200


def test_a_copy_is_named_as_the_copy_where_overlaps_are_forbidden(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    # A copy overlaps its original: it is refused as the copy (409), not as an overlap.
    world = build_world(
        client,
        make_user,
        make_token,
        make_project,
        make_document,
        assign,
        _schema(allow_overlap=False),
    )
    first = world.span("alice", "CLAIM", 10, 20)
    again = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CLAIM", "start": 10, "end": 20},
    )
    assert again.status_code == 409, again.get_json()
    assert again.get_json()["error"]["details"] == {"span": first["id"]}
    assert len(_spans(world)) == 1


def test_overlap_is_allowed_by_default(world: World) -> None:
    world.span("alice", "CLAIM", 0, 20)
    world.span("alice", "SOURCE", 0, 9)
    assert len(_spans(world)) == 2


def test_patch_changes_fields_and_bumps_version(world: World) -> None:
    span = world.span("alice", "CLAIM", 0, 9)
    response = world.call(
        "alice", "PATCH", f"/spans/{span['id']}", {"start": 15, "end": 31, "version": 1}
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["start"], body["end"], body["text"], body["version"]) == (
        15,
        31,
        "the talks failed",
        2,
    )
    relabelled = world.call(
        "alice", "PATCH", f"/spans/{span['id']}", {"label": "SOURCE", "attributes": {}}
    ).get_json()
    assert (relabelled["label"], relabelled["version"]) == ("SOURCE", 3)
    assert _spans(world) == [relabelled]


def test_patch_with_a_stale_version_is_409_and_changes_nothing(world: World) -> None:
    span = world.span("alice", "CLAIM", 0, 9)
    assert world.call("alice", "PATCH", f"/spans/{span['id']}", {"end": 14}).status_code == 200
    stale = world.call("alice", "PATCH", f"/spans/{span['id']}", {"end": 20, "version": 1})
    assert stale.status_code == 409
    assert "stale" in stale.get_json()["error"]["message"]
    assert [(s["end"], s["version"]) for s in _spans(world)] == [(14, 2)]


def test_patch_refuses_bad_offsets_label_and_leftover_attributes(world: World) -> None:
    span = world.span("alice", "CLAIM", 0, 9, attributes={"claimer": "JOURNALIST"})
    for body in ({"end": 500}, {"start": 9}, {"label": "NOPE"}, {"label": "SOURCE"}):
        response = world.call("alice", "PATCH", f"/spans/{span['id']}", body)
        assert response.status_code == 422, body
    assert _spans(world) == [span]


def test_relabel_that_would_break_a_relation_is_refused_naming_it(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    relation = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/relations",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]},
    ).get_json()
    response = world.call("alice", "PATCH", f"/spans/{source['id']}", {"label": "CUE"})
    assert response.status_code == 422
    assert f"relation {relation['id']}" in response.get_json()["error"]["message"]
    layer = world.layer("alice")
    assert [s["label"] for s in layer["spans"]] == ["SOURCE", "CLAIM"]
    assert layer["relations"] == [relation]


@pytest.mark.parametrize(("who", "query"), [("alice", ""), ("rita", "?layer=gold")])
def test_relabelling_keeps_each_relation_at_the_span_allowed_at_that_end(
    client, make_user, make_token, make_project, make_document, assign, who: str, query: str
) -> None:
    # CLAIM or CUE may be the 'from' end, SOURCE alone the 'to' end.
    attributed = {"name": "ATTRIBUTED_TO", "from": ["CLAIM", "CUE"], "to": ["SOURCE"]}
    schema = _schema(relation_types=[attributed])
    world = build_world(client, make_user, make_token, make_project, make_document, assign, schema)
    claim = world.span(who, "CLAIM", 15, 31, query=query)
    source = world.span(who, "SOURCE", 0, 9, query=query)
    body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
    made = world.call(who, "POST", f"/documents/{world.doc.id}/relations{query}", body)
    assert made.status_code == 201, made.get_json()
    relation = made.get_json()

    def relabel(span: dict[str, Any], label: str) -> Any:
        return world.call(who, "PATCH", f"/spans/{span['id']}{query}", {"label": label})

    # Allowed at the 'from' end: the change is made and the relation stays.
    allowed = relabel(claim, "CUE")
    assert allowed.status_code == 200, allowed.get_json()
    assert allowed.get_json()["label"] == "CUE"
    # Not allowed at either end: refused, naming the relation and the end, and nothing changes.
    for span, label, end in ((claim, "SOURCE", "from"), (source, "CLAIM", "to")):
        refused = relabel(span, label)
        assert refused.status_code == 422, refused.get_json()
        error = refused.get_json()["error"]
        assert (
            f"relation {relation['id']} (ATTRIBUTED_TO) needs its '{end}' span" in error["message"]
        )
        assert error["details"] == {"field": "label", "relation": relation["id"]}
    layer = world.layer(who, "gold" if query else None)
    assert sorted(s["label"] for s in layer["spans"]) == ["CUE", "SOURCE"]
    assert [s["version"] for s in layer["spans"] if s["label"] == "SOURCE"] == [1]
    assert layer["relations"] == [relation]


def test_deleting_a_span_deletes_its_relations(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    cue = world.span("alice", "CUE", 10, 14)
    for type_, to in (("ATTRIBUTED_TO", source), ("CUED_BY", cue)):
        world.call(
            "alice",
            "POST",
            f"/documents/{world.doc.id}/relations",
            {"type": type_, "from": claim["id"], "to": to["id"]},
        )
    assert len(world.layer("alice")["relations"]) == 2
    assert world.call("alice", "DELETE", f"/spans/{source['id']}").status_code == 204
    layer = world.layer("alice")
    assert [r["type"] for r in layer["relations"]] == ["CUED_BY"]
    assert world.call("alice", "DELETE", f"/spans/{claim['id']}").status_code == 204
    assert world.layer("alice")["relations"] == []
    assert world.call("alice", "DELETE", f"/spans/{claim['id']}").status_code == 404


# -- relations ----------------------------------------------------------------------------


def _relate(world: World, type_: str, from_id: int, to_id: int, who: str = "alice"):
    return world.call(
        who,
        "POST",
        f"/documents/{world.doc.id}/relations",
        {"type": type_, "from": from_id, "to": to_id},
    )


def test_relation_answer_and_layer(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    response = _relate(world, "ATTRIBUTED_TO", claim["id"], source["id"])
    assert response.status_code == 201
    relation = response.get_json()
    assert relation == {
        "id": relation["id"],
        "type": "ATTRIBUTED_TO",
        "from": claim["id"],
        "to": source["id"],
    }
    assert world.layer("alice")["relations"] == [relation]
    assert world.call("alice", "DELETE", f"/relations/{relation['id']}").status_code == 204
    assert world.layer("alice")["relations"] == []
    assert world.call("alice", "DELETE", f"/relations/{relation['id']}").status_code == 404


def test_relation_between_disallowed_labels_is_422_naming_them(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    cue = world.span("alice", "CUE", 10, 14)
    response = _relate(world, "ATTRIBUTED_TO", claim["id"], cue["id"])
    assert response.status_code == 422
    message = response.get_json()["error"]["message"]
    assert "'CUE'" in message and "SOURCE" in message
    backwards = _relate(world, "CUED_BY", cue["id"], claim["id"])
    assert backwards.status_code == 422
    assert world.layer("alice")["relations"] == []


@pytest.mark.parametrize("case", ["unknown type", "same span", "missing span", "other layer"])
def test_relation_with_bad_type_or_spans_is_422(world: World, case: str) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    bobs = world.span("bob", "SOURCE", 0, 9)
    type_, from_id, to_id = {
        "unknown type": ("SUPPORTS", claim["id"], source["id"]),
        "same span": ("ATTRIBUTED_TO", claim["id"], claim["id"]),
        "missing span": ("ATTRIBUTED_TO", claim["id"], source["id"] + 1000),
        "other layer": ("ATTRIBUTED_TO", claim["id"], bobs["id"]),
    }[case]
    assert _relate(world, type_, from_id, to_id).status_code == 422
    assert world.layer("alice")["relations"] == []


def test_duplicate_relation_and_max_per_source_are_409(world: World) -> None:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    other_source = world.span("alice", "SOURCE", 35, 41)
    cue, other_cue = world.span("alice", "CUE", 10, 14), world.span("alice", "CUE", 42, 48)
    assert _relate(world, "ATTRIBUTED_TO", claim["id"], source["id"]).status_code == 201
    duplicate = _relate(world, "ATTRIBUTED_TO", claim["id"], source["id"])
    assert duplicate.status_code == 409
    over = _relate(world, "ATTRIBUTED_TO", claim["id"], other_source["id"])
    assert over.status_code == 409
    assert "at most 1" in over.get_json()["error"]["message"]
    # CUED_BY has no max_per_source.
    assert _relate(world, "CUED_BY", claim["id"], cue["id"]).status_code == 201
    assert _relate(world, "CUED_BY", claim["id"], other_cue["id"]).status_code == 201
    assert len(world.layer("alice")["relations"]) == 3


# -- labels -------------------------------------------------------------------------------


def _label(world: World, body: dict[str, Any], who: str = "alice", query: str = ""):
    return world.call(who, "PUT", f"/documents/{world.doc.id}/labels{query}", body)


def test_sentence_and_document_labels_set_replace_and_clear(world: World) -> None:
    response = _label(world, {"sentence": 1, "name": "stance", "value": "AGAINST"})
    assert response.status_code == 200
    assert response.get_json() == {"sentence": 1, "name": "stance", "value": "AGAINST"}
    _label(world, {"sentence": 1, "name": "stance", "value": "FAVOR"})
    _label(world, {"sentence": 0, "name": "bias", "value": "BIASED"})
    genre = _label(world, {"sentence": None, "name": "genre", "value": "NEWS"})
    assert genre.get_json() == {"sentence": None, "name": "genre", "value": "NEWS"}
    layer = world.layer("alice")
    assert layer["sentence_labels"] == [
        {"sentence": 0, "name": "bias", "value": "BIASED"},
        {"sentence": 1, "name": "stance", "value": "FAVOR"},
    ]
    assert layer["document_labels"] == [{"name": "genre", "value": "NEWS"}]
    cleared = _label(world, {"sentence": 1, "name": "stance", "value": None})
    assert cleared.get_json() == {"sentence": 1, "name": "stance", "value": None}
    _label(world, {"sentence": None, "name": "genre", "value": None})
    layer = world.layer("alice")
    assert layer["sentence_labels"] == [{"sentence": 0, "name": "bias", "value": "BIASED"}]
    assert layer["document_labels"] == []
    # Clearing a label that is not set is fine.
    assert _label(world, {"sentence": 2, "name": "stance", "value": None}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        {"sentence": 0, "name": "stance", "value": "MAYBE"},
        {"sentence": 0, "name": "mood", "value": "FAVOR"},
        {"sentence": 0, "name": "genre", "value": "NEWS"},  # a document field on a sentence
        {"sentence": None, "name": "stance", "value": "FAVOR"},  # a sentence field on the doc
        {"sentence": 3, "name": "stance", "value": "FAVOR"},
        {"sentence": -1, "name": "stance", "value": "FAVOR"},
        {"sentence": 0, "name": "stance", "value": ["FAVOR"]},  # not a multiple field
        {"sentence": 0, "name": "stance", "value": 3},
    ],
)
def test_label_refusals_are_422_and_store_nothing(world: World, body: dict[str, Any]) -> None:
    response = _label(world, body)
    assert response.status_code == 422
    layer = world.layer("alice")
    assert layer["sentence_labels"] == [] and layer["document_labels"] == []


def test_multiple_label_field_takes_a_non_empty_list_without_duplicates(
    client, make_user, make_token, make_project, make_document, assign
) -> None:
    schema = _schema()
    schema["sentence_labels"].append(
        {"name": "frames", "values": ["ECONOMY", "SECURITY", "MORALITY"], "multiple": True}
    )
    world = build_world(client, make_user, make_token, make_project, make_document, assign, schema)
    ok = _label(world, {"sentence": 0, "name": "frames", "value": ["SECURITY", "ECONOMY"]})
    assert ok.get_json()["value"] == ["ECONOMY", "SECURITY"]  # a set, kept in the schema's order
    for bad in ("SECURITY", [], ["SECURITY", "SECURITY"], ["WAR"]):
        assert _label(world, {"sentence": 0, "name": "frames", "value": bad}).status_code == 422
    assert world.layer("alice")["sentence_labels"] == [
        {"sentence": 0, "name": "frames", "value": ["ECONOMY", "SECURITY"]}
    ]


# -- status -------------------------------------------------------------------------------


def _my_status(world: World, who: str = "alice") -> str:
    return world.call(who, "GET", f"/documents/{world.doc.id}").get_json()["status"]


@pytest.mark.parametrize("write", ["span", "label", "document label"])
def test_first_write_moves_new_to_in_progress(world: World, write: str) -> None:
    assert _my_status(world) == "new"
    if write == "span":
        world.span("alice")
    elif write == "label":
        _label(world, {"sentence": 0, "name": "stance", "value": "NONE"})
    else:
        _label(world, {"sentence": None, "name": "genre", "value": "NEWS"})
    assert _my_status(world) == "in_progress"
    assert world.layer("alice")["status"] == "in_progress"
    assert _my_status(world, "bob") == "new"


def test_refused_write_leaves_the_status_new(world: World) -> None:
    _label(world, {"sentence": 0, "name": "stance", "value": "MAYBE"})
    assert _my_status(world) == "new"


def test_writes_after_done_are_refused_and_keep_done(world: World) -> None:
    # tests/test_layer_done.py holds every write path; reopening lets them through.
    world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    response = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CLAIM", "start": 0, "end": 9},
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "layer_done"
    assert _my_status(world) == "done"


@pytest.mark.parametrize("status", ["in_progress", "done", "skipped"])
def test_status_can_be_set_and_answers_the_assignment(world: World, status: str) -> None:
    response = world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": status})
    assert response.status_code == 200
    assert response.get_json() == {"document": world.doc.id, "annotator": "alice", "status": status}
    assert _my_status(world) == status


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("alice", "new", 422),
        ("alice", "finished", 422),
        ("carol", "done", 404),  # not hers: hidden, as a missing document is
        ("rita", "done", 403),  # a reviewer sees it, but has no assignment to set
    ],
)
def test_status_refusals(world: World, who: str, status: str, code: int) -> None:
    response = world.call(who, "PUT", f"/documents/{world.doc.id}/status", {"status": status})
    assert response.status_code == code
    if code == 422:  # the refused value's field is named, as every other refusal names it
        assert response.get_json()["error"]["details"] == {
            "field": "status",
            "allowed": ["in_progress", "done", "skipped"],
        }
    assert _my_status(world) == "new"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?annotator=bob", 403),  # another annotator's status: refused, not taken for hers
        ("?layer=bob", 403),
        ("?annotator=gold", 403),  # gold's status is the review page's
        ("?annotator=nobody", 403),
        ("?annotator=alice", 200),  # her own name is her own status
        ("?annotator=alice&layer=bob", 400),
    ],
)
def test_status_names_only_the_callers_own_layer(world: World, query: str, code: int) -> None:
    path = f"/documents/{world.doc.id}/status{query}"
    response = world.call("alice", "PUT", path, {"status": "done"})
    assert response.status_code == code, response.get_json()
    assert _my_status(world, "alice") == ("done" if code == 200 else "new")
    assert _my_status(world, "bob") == "new"
    if code == 403:
        assert "only your own status" in response.get_json()["error"]["message"]
