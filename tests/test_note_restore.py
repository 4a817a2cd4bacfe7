"""A span's or a relation's note-only change, restored from the layer's history.

Such a change was recorded but could not be put back: a span's was refused as "as this
change found it already" (the check compared label, offsets and attributes only) and a
relation's as "did not delete a relation". A reviewer restores it now, and an annotator
restores their own layer's items while the layer is open (the done lock holds, as for any
of their writes).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.accounts.users import set_password
from tests.api_world import World, build_world
from tests.conftest import PASSWORD
from tests.helpers import login, logout


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _history(world: World) -> str:
    return f"/projects/demo/documents/{world.doc.id}/history"


def _changes(world: World, who: str = "rita", layer: str = "alice") -> list[dict[str, Any]]:
    answer = world.call(who, "GET", f"{_history(world)}?annotator={layer}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["changes"]


def _newest(world: World, kind: str, action: str = "update") -> dict[str, Any]:
    return next(c for c in _changes(world) if c["kind"] == kind and c["action"] == action)


def _restore(world: World, who: str, change: dict[str, Any]) -> Any:
    return world.call(who, "POST", f"{_history(world)}/{change['id']}/restore")


def _span_note(world: World, span_id: int, note: str | None) -> None:
    answer = world.call("alice", "PATCH", f"/spans/{span_id}", {"note": note})
    assert answer.status_code == 200, answer.get_json()


def _relation(world: World) -> int:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    return world.relation("alice", "ATTRIBUTED_TO", claim["id"], source["id"])["id"]


def _relation_note(world: World, relation_id: int, note: str | None) -> None:
    answer = world.call("alice", "PATCH", f"/relations/{relation_id}", {"note": note})
    assert answer.status_code == 200, answer.get_json()


def test_a_spans_note_only_change_is_restored_by_a_reviewer_and_recorded(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31, note="first thought")
    _span_note(world, span["id"], "second thought")
    change = _newest(world, "span")
    assert change["restorable"], change["not_restorable"]
    answer = _restore(world, "rita", change)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["item"] == span["id"]
    assert world.layer("alice")["spans"][0]["note"] == "first thought"
    restored = _changes(world)[0]
    assert (restored["action"], restored["actor"], restored["source"]) == (
        "restore",
        "rita",
        "restore",
    )
    assert restored["before"]["note"] == "second thought"
    assert restored["after"]["note"] == "first thought"
    # Once back, the same change is there already.
    again = next(c for c in _changes(world) if c["id"] == change["id"])
    assert not again["restorable"]
    assert "already" in again["not_restorable"]
    assert _restore(world, "rita", change).status_code == 409


def test_restoring_a_note_added_to_a_span_clears_it(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31)
    _span_note(world, span["id"], "added later")
    change = _newest(world, "span")
    assert change["restorable"], change["not_restorable"]
    assert _restore(world, "rita", change).status_code == 200
    assert "note" not in world.layer("alice")["spans"][0]


def test_a_relations_note_only_change_is_restored_and_recorded(world: World) -> None:
    relation = _relation(world)
    _relation_note(world, relation, "named only later")
    _relation_note(world, relation, "named in paragraph 3")
    change = _newest(world, "relation")
    assert change["before"]["note"] == "named only later"
    assert change["restorable"], change["not_restorable"]
    answer = _restore(world, "rita", change)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["item"] == relation
    assert world.layer("alice")["relations"][0]["note"] == "named only later"
    restored = _changes(world)[0]
    assert (restored["kind"], restored["action"], restored["actor"]) == (
        "relation",
        "restore",
        "rita",
    )
    assert restored["after"]["note"] == "named only later"
    refused = _restore(world, "rita", change)
    assert refused.status_code == 409
    assert "already" in refused.get_json()["error"]["message"]


def test_restoring_the_first_note_of_a_relation_clears_it(world: World) -> None:
    relation = _relation(world)
    _relation_note(world, relation, "named only later")
    assert _restore(world, "rita", _newest(world, "relation")).status_code == 200
    assert "note" not in world.layer("alice")["relations"][0]


def test_a_relations_note_change_is_not_restorable_once_the_relation_is_gone(
    world: World,
) -> None:
    relation = _relation(world)
    _relation_note(world, relation, "named only later")
    _relation_note(world, relation, "named in paragraph 3")
    assert world.call("alice", "DELETE", f"/relations/{relation}").status_code == 204
    change = _newest(world, "relation")
    assert not change["restorable"]
    assert "restore its deletion first" in change["not_restorable"]
    assert _restore(world, "rita", change).status_code == 409


def test_a_reviewer_restores_a_note_into_a_done_layer_as_any_restore(world: World) -> None:
    relation = _relation(world)
    _relation_note(world, relation, "named only later")
    _relation_note(world, relation, "named in paragraph 3")
    done = world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    assert done.status_code == 200
    assert _restore(world, "rita", _newest(world, "relation")).status_code == 200
    assert world.layer("alice")["relations"][0]["note"] == "named only later"


def test_an_annotator_restores_their_own_open_layers_note_and_not_a_closed_ones(
    world: World,
) -> None:
    span = world.span("alice", "CLAIM", 15, 31, note="first thought")
    _span_note(world, span["id"], "second thought")
    change = next(c for c in _changes(world, "alice") if c["action"] == "update")
    assert change["restorable"], change["not_restorable"]

    status = f"/documents/{world.doc.id}/status"
    assert world.call("alice", "PUT", status, {"status": "done"}).status_code == 200
    locked = _restore(world, "alice", change)
    assert locked.status_code == 409
    assert locked.get_json()["error"]["code"] == "layer_done"
    assert world.layer("alice")["spans"][0]["note"] == "second thought"

    assert world.call("alice", "PUT", status, {"status": "in_progress"}).status_code == 200
    answer = _restore(world, "alice", change)
    assert answer.status_code == 200, answer.get_json()
    assert world.layer("alice")["spans"][0]["note"] == "first thought"
    restored = _changes(world, "alice")[0]
    assert (restored["action"], restored["actor"]) == ("restore", "alice")


def test_an_annotator_restores_no_other_layer_and_no_status(world: World) -> None:
    span = world.span("alice", "CLAIM", 15, 31, note="first thought")
    _span_note(world, span["id"], "second thought")
    change = _newest(world, "span")
    # Another's layer is answered as a missing change (tests/test_history_hidden_changes.py).
    assert _restore(world, "bob", change).status_code == 404
    assert _restore(world, "carol", change).status_code == 404  # not assigned the document
    status = f"/documents/{world.doc.id}/status"
    assert world.call("alice", "PUT", status, {"status": "done"}).status_code == 200
    assert world.call("alice", "PUT", status, {"status": "in_progress"}).status_code == 200
    reopened = next(c for c in _changes(world, "alice") if c["kind"] == "status")
    assert not reopened["restorable"]
    assert "Done" in reopened["not_restorable"]
    assert _restore(world, "alice", reopened).status_code == 403
    assert world.layer("alice")["spans"][0]["note"] == "second thought"


def _rows(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<tr role="row" data-change="\d+" data-kind="(\w+)" data-action="(\w+)">(.*?)</tr>',
        html,
        re.S,
    )


def test_the_history_page_offers_a_notes_restore_to_the_reviewer_and_the_annotator(
    world: World, client: Any, session: Any
) -> None:
    relation = _relation(world)
    _relation_note(world, relation, "named only later")
    for name in ("rita", "alice"):
        set_password(world.users[name], PASSWORD)
    session.commit()
    page = f"/projects/demo/review/{world.doc.id}/history"
    for name in ("rita", "alice"):
        login(client, name)
        rows = _rows(client.get(page).get_data(as_text=True))
        (update,) = [row for kind, action, row in rows if (kind, action) == ("relation", "update")]
        assert "Restore the earlier value" in update
        logout(client)

    # alice's layer marked done: her page says why she has no Restore, and offers none.
    assert world.call("alice", "PUT", f"/documents/{world.doc.id}/status", {"status": "done"})
    login(client, "alice")
    html = client.get(page).get_data(as_text=True)
    assert "Restore the earlier value" not in html
    assert "reopen it" in html


def test_the_history_says_a_notes_change_in_words(world: World) -> None:
    """Before and after a note-only change read alike without the note: the row could not
    say what a restore would put back."""
    relation = _relation(world)
    _relation_note(world, relation, "named only later")
    span = world.span("alice", "CUE", 10, 14, note="x" * 100)
    _span_note(world, span["id"], None)
    changes = _changes(world)
    (noted,) = [c for c in changes if c["kind"] == "relation" and c["action"] == "update"]
    assert noted["summary"]["before"].endswith(")")
    assert noted["summary"]["after"].endswith(", note \u201cnamed only later\u201d")
    (cleared,) = [c for c in changes if c["kind"] == "span" and c["action"] == "update"]
    # A long note is cut in the row (the API's `before` holds it whole).
    assert cleared["summary"]["before"].endswith(", note \u201c" + "x" * 60 + "\u2026\u201d")
    assert "note" not in cleared["summary"]["after"]
