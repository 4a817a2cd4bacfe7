"""Gold's joined notes are held to the note limit, as every other note is.

Accepting every unanimous item joined each annotator's note into gold's span and relation,
each line named, with no limit: two annotators' long notes made a gold note past the 10,000
characters any write or import keeps (and which the workspace's box and its keepalive save
are sized for). Joined past it, gold's note is cut, with a mark that says so and where the
rest is; the annotators' own notes stay whole in their layers.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update

from annotator.core.span_notes import MAX_NOTE, joined_notes
from annotator.models import Relation, Span
from tests.api_world import World, build_world

LONG = {"alice": "a" * 6_000, "bob": "b" * 6_000}


@pytest.fixture
def world(session, client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    for name in ("alice", "bob"):
        claim = world.span(name, "CLAIM", 15, 31, note=LONG[name])
        source = world.span(name, "SOURCE", 0, 9)
        made = world.relation(name, "ATTRIBUTED_TO", claim["id"], source["id"])
        relation = update(Relation).where(Relation.id == made["id"]).values(note=LONG[name])
        session.execute(relation)
        session.execute(update(Span).where(Span.id == source["id"]).values(note="short"))
    session.commit()
    return world


def test_gold_notes_joined_past_the_limit_are_cut_with_a_mark(world: World) -> None:
    answer = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/unanimous", {})
    assert answer.status_code == 200, answer.get_json()
    gold = world.layer("rita", "gold")
    whole = joined_notes((name, LONG[name]) for name in ("alice", "bob"))
    assert whole is not None and len(whole) > MAX_NOTE
    claim = next(s for s in gold["spans"] if s["label"] == "CLAIM")
    (relation,) = gold["relations"]
    for note in (claim["note"], relation["note"]):
        assert MAX_NOTE - 10 < len(note) <= MAX_NOTE  # the mark's number may be shorter
        cut = len(whole) - note.index("\n[")
        assert note.startswith("alice: aaa")
        assert note.endswith(
            f"\n[cut: {cut:,} more characters of the annotators' notes, each whole in their "
            "own layer]"
        )
        assert whole.startswith(note[: note.index("\n[")])
    # Within the limit, joined as before, unmarked.
    source = next(s for s in gold["spans"] if s["label"] == "SOURCE")
    assert source["note"] == "short"
    # The annotators' notes stay whole.
    alices = next(s for s in world.layer("alice")["spans"] if s["label"] == "CLAIM")
    assert alices["note"] == LONG["alice"]
