"""An annotator writes a span's note through the API, as brat and INCEpTION let one do.

A span's note (``span.note``) was read, exported and carried into gold, but no write took
one: ``note`` in a POST or PATCH body was an unknown field (400), so the workspace's undo of a
span's removal, which re-creates the span by POST, lost its note. And the review API's
differences left out each version's note, which the review page shows.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.span_notes import MAX_NOTE
from tests.api_world import World, build_world

#: The longest note a write keeps, as the API's description and README promise.
MAX_WRITTEN_NOTE = MAX_NOTE


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _spans(world: World, who: str = "alice") -> list[dict[str, Any]]:
    return world.layer(who)["spans"]


def _span_changes(world: World, who: str = "alice") -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator={who}"
    answer = world.call("rita", "GET", path)
    assert answer.status_code == 200, answer.get_json()
    return [c for c in answer.get_json()["changes"] if c["kind"] == "span"]


def _patch(world: World, span_id: int, body: dict[str, Any], who: str = "alice") -> Any:
    return world.call(who, "PATCH", f"/spans/{span_id}", body)


def test_a_span_made_with_a_note_keeps_it_trimmed_in_its_answer_layer_and_history(
    world: World,
) -> None:
    made = world.span("alice", "CLAIM", 15, 31, note="  unsure of the source\nsee paragraph 3 \n")
    assert made["note"] == "unsure of the source\nsee paragraph 3"
    assert [s.get("note") for s in _spans(world)] == [made["note"]]
    (created,) = _span_changes(world)
    assert created["action"] == "create" and created["after"]["note"] == made["note"]


def test_a_span_made_without_a_note_or_a_blank_one_has_none(world: World) -> None:
    plain = world.span("alice", "CLAIM", 15, 31)
    blank = world.span("alice", "SOURCE", 0, 9, note=" \n ")
    nulled = world.span("alice", "CUE", 10, 14, note=None)
    assert all("note" not in span for span in (plain, blank, nulled))
    assert all("note" not in span for span in _spans(world))


def test_a_patch_sets_changes_and_clears_a_note_each_a_version_in_the_history(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM", 15, 31)
    first = _patch(world, span["id"], {"note": "see paragraph 3", "version": 1})
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["note"] == "see paragraph 3" and first.get_json()["version"] == 2
    changed = _patch(world, span["id"], {"note": "unsure of the source", "version": 2})
    assert changed.get_json()["note"] == "unsure of the source"
    # A relabel leaves the note as it is.
    relabelled = _patch(world, span["id"], {"label": "BIASED_WORD", "version": 3})
    assert relabelled.get_json()["note"] == "unsure of the source"
    cleared = _patch(world, span["id"], {"note": None})
    assert cleared.status_code == 200, cleared.get_json()
    assert "note" not in cleared.get_json() and "note" not in _spans(world)[0]

    updates = [c for c in reversed(_span_changes(world)) if c["action"] == "update"]
    notes = [(c["before"].get("note"), c["after"].get("note")) for c in updates]
    assert notes == [
        (None, "see paragraph 3"),
        ("see paragraph 3", "unsure of the source"),
        ("unsure of the source", "unsure of the source"),
        ("unsure of the source", None),
    ]


def test_a_stale_note_change_is_refused_and_changes_nothing(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31, note="first")
    assert _patch(world, span["id"], {"note": "second", "version": 1}).status_code == 200
    stale = _patch(world, span["id"], {"note": "from another tab", "version": 1})
    assert stale.status_code == 409
    assert _spans(world)[0]["note"] == "second"


@pytest.mark.parametrize(
    ("note", "status", "words"),
    [
        (5, 400, "'note' must be a string"),
        (["a"], 400, "'note' must be a string"),
        ("x" * (MAX_WRITTEN_NOTE + 1), 422, f"at most {MAX_NOTE:,}"),
        ("bad\x00byte", 422, "'note'"),
    ],
    ids=["number", "list", "too-long", "nul"],
)
def test_a_bad_note_is_refused_naming_the_field_and_changes_nothing(
    world: World, note: Any, status: int, words: str
) -> None:
    span = world.span("alice", "CLAIM", 15, 31, note="kept")
    made = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "SOURCE", "start": 0, "end": 9, "note": note},
    )
    changed = _patch(world, span["id"], {"note": note})
    for answer in (made, changed):
        assert answer.status_code == status, answer.get_json()
        error = answer.get_json()["error"]
        assert error["details"]["field"] == "note" and words in error["message"]
    assert [(s["label"], s.get("note"), s["version"]) for s in _spans(world)] == [
        ("CLAIM", "kept", 1)
    ]


def test_a_note_as_long_as_the_limit_is_kept(world: World) -> None:
    note = "y" * MAX_WRITTEN_NOTE
    assert world.span("alice", "CLAIM", 15, 31, note=f" {note} ")["note"] == note


def test_a_patch_with_nothing_to_change_names_note_among_the_fields(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31)
    answer = _patch(world, span["id"], {"version": 1})
    assert answer.status_code == 400 and "'note'" in answer.get_json()["error"]["message"]


def test_a_reviewer_writes_golds_note_and_an_annotator_cannot_write_anothers(
    world: World,
) -> None:
    gold = world.span("rita", "CLAIM", 15, 31, query="?layer=gold", note="checked")
    assert gold["note"] == "checked"
    alices = world.span("alice", "CLAIM", 15, 31)
    refused = _patch(world, alices["id"], {"note": "bob was here"}, who="bob")
    assert refused.status_code in (403, 404)
    assert "note" not in _spans(world)[0]


def test_the_review_differences_give_each_version_its_spans_note(world: World) -> None:
    world.span("alice", "SOURCE", 0, 9, note="who exactly?")
    world.span("bob", "SOURCE", 0, 14)
    answer = world.call("rita", "GET", f"/projects/demo/review/{world.doc.id}")
    assert answer.status_code == 200, answer.get_json()
    (difference,) = answer.get_json()["differences"]
    notes = {v["annotator"]: v["note"] for v in difference["versions"]}
    assert notes == {"alice": "who exactly?", "bob": None}
