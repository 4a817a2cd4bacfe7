"""A span's note goes with it into gold and into the history.

Accepting a span into gold (one annotator's version, every unanimous item, another version
taken instead) copied its label, offsets and attributes but left its note behind; and the
history's snapshots did not hold the note, so a deleted span restored came back without it.

alice and bob mark the same CLAIM, each with a note of their own, and SOURCEs of different
extents (alice "Officials", bob "Officials said"), with notes too.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from annotator.models import Span
from tests.api_world import World, build_world

CLAIM_NOTES = {"alice": "check the figure", "bob": "doubtful\nsee the report"}
SOURCE_NOTES = {"alice": "who exactly?", "bob": "a spokesman"}


@pytest.fixture
def world(session, client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    world.items = {}
    for name, source_end in (("alice", 9), ("bob", 14)):
        claim = world.span(name, "CLAIM", 15, 31)
        source = world.span(name, "SOURCE", 0, source_end)
        world.items[name] = {"claim": claim, "source": source}
        # Notes come from another tool (a brat or jsonl import): written here directly.
        for span, note in ((claim, CLAIM_NOTES[name]), (source, SOURCE_NOTES[name])):
            session.execute(update(Span).where(Span.id == span["id"]).values(note=note))
    session.commit()
    return world


def review(world: World, tail: str = "", method: str = "GET", body: Any = None) -> Any:
    answer = world.call("rita", method, f"/projects/demo/review/{world.doc.id}{tail}", body)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def gold_notes(world: World) -> dict[tuple[str, int, int], str | None]:
    spans = world.layer("rita", "gold")["spans"]
    return {(s["label"], s["start"], s["end"]): s.get("note") for s in spans}


def test_unanimous_accept_joins_the_annotators_differing_notes_each_named(world: World) -> None:
    review(world, "/unanimous", "POST", {})
    assert gold_notes(world) == {
        ("CLAIM", 15, 31): "alice: check the figure\nbob: doubtful\nbob: see the report"
    }


def test_an_accepted_span_and_a_version_taken_instead_bring_their_note(world: World) -> None:
    alices = world.items["alice"]["source"]["id"]
    review(world, "/accept", "POST", {"kind": "span", "id": alices})
    assert gold_notes(world) == {("SOURCE", 0, 9): SOURCE_NOTES["alice"]}

    boundary = next(d for d in review(world)["differences"] if d["kind"] == "boundary")
    review(world, "/take", "POST", {"difference": boundary["key"], "annotator": "bob"})
    assert gold_notes(world) == {("SOURCE", 0, 14): SOURCE_NOTES["bob"]}


def _restore_deletion(world: World, layer: str) -> None:
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator={layer}"
    changes = world.call("rita", "GET", path).get_json()["changes"]
    deleted = next(c for c in changes if c["kind"] == "span" and c["action"] == "delete")
    restore = f"/projects/demo/documents/{world.doc.id}/history/{deleted['id']}/restore"
    answer = world.call("rita", "POST", restore)
    assert answer.status_code == 200, answer.get_json()


def test_a_deleted_span_restored_from_the_history_has_its_note_back(world: World) -> None:
    # alice's own delete (the API's write path), then gold's (a reviewer's).
    source = world.items["alice"]["source"]["id"]
    assert world.call("alice", "DELETE", f"/spans/{source}").status_code == 204
    _restore_deletion(world, "alice")
    spans = world.layer("alice")["spans"]
    assert [s.get("note") for s in spans if s["label"] == "SOURCE"] == [SOURCE_NOTES["alice"]]

    review(world, "/accept", "POST", {"kind": "span", "id": world.items["bob"]["claim"]["id"]})
    (gold_claim,) = world.layer("rita", "gold")["spans"]
    gone = world.call("rita", "DELETE", f"/spans/{gold_claim['id']}?layer=gold")
    assert gone.status_code == 204, gone.get_json()
    _restore_deletion(world, "gold")
    assert gold_notes(world) == {("CLAIM", 15, 31): CLAIM_NOTES["bob"]}
