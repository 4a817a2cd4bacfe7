"""Gold marked final takes no change until a reviewer sets it back to in review: every path
that writes gold answers 409 naming the document and the way back, and writes nothing; a
whole project's accept of agreed items skips final documents and counts them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from werkzeug.test import TestResponse

from tests.api_world import World, build_world
from tests.helpers import csrf_token_from, login

# TEXT of tests/api_world.py: "Officials said the talks failed.   Moscow denied it.\n\n..."
# alice and bob agree on SOURCE "Officials" [0, 9) and disagree on the claim's start, the
# first sentence's stance and a CUE only bob gave (a difference gold has not decided).

#: The project-wide accept takes the documents someone has not finished only when asked
#: (services/review/accept_scope.py): the annotators here have not marked theirs done.
INCLUDE_UNFINISHED = {"include_unfinished": True}


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    doc = world.doc.id
    for who, start, stance in (("alice", 15, "AGAINST"), ("bob", 19, "NONE")):
        source = world.span(who, "SOURCE", 0, 9)
        claim = world.span(who, "CLAIM", start, 31)
        world.relation(who, "ATTRIBUTED_TO", claim["id"], source["id"])
        label = {"sentence": 0, "name": "stance", "value": stance}
        assert world.call(who, "PUT", f"/documents/{doc}/labels", label).status_code == 200
    world.span("bob", "CUE", 10, 14)
    # Gold takes alice's claim (with its relation and source) and her stance.
    claim = next(s for s in world.layer("alice")["spans"] if s["label"] == "CLAIM")
    taken = review(world, "POST", "accept", {"kind": "relation", "id": relation_of(world, claim)})
    assert taken.status_code == 200, taken.get_json()
    stance = next(d for d in differences(world) if d["kind"] == "sentence_label")
    alices = next(v for v in stance["versions"] if v["annotator"] == "alice")
    assert review(world, "POST", "accept", alices["accept"]).status_code == 200
    gold_claim = next(s for s in gold(world)["spans"] if s["label"] == "CLAIM")
    changed = world.call("rita", "PATCH", f"/spans/{gold_claim['id']}?layer=gold", {"note": "sure"})
    assert changed.status_code == 200, changed.get_json()
    world.span("rita", "CUE", 35, 41, query="?layer=gold")  # gold's own: no difference
    return world


def relation_of(world: World, claim: dict[str, Any]) -> int:
    return next(r["id"] for r in world.layer("alice")["relations"] if r["from"] == claim["id"])


def review(world: World, method: str, action: str, body: Any = None) -> TestResponse:
    path = f"/projects/demo/review/{world.doc.id}" + (f"/{action}" if action else "")
    return world.call("rita", method, path, body)


def gold(world: World) -> dict[str, Any]:
    return world.layer("rita", "gold")


def set_status(world: World, status: str) -> None:
    answer = review(world, "PUT", "status", {"status": status, "unanimous": "leave"})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["gold_status"] == status


def differences(world: World) -> list[dict[str, Any]]:
    answer = review(world, "GET", "")
    assert answer.status_code == 200
    return answer.get_json()["differences"]


def difference(world: World, kind: str, decided: bool) -> dict[str, Any]:
    return next(d for d in differences(world) if d["kind"] == kind and d["decided"] is decided)


def boundary(world: World) -> str:
    """The key of the claim's boundary difference, which gold decided with alice's version."""
    return str(difference(world, "boundary", True)["key"])


def what_gold_holds(world: World) -> Any:
    """Gold's items as they read (no versions: they are not content), every decision, and
    the sentences (a split or merge moves gold's labels with them)."""
    layer = gold(world)
    items = {name: layer[name] for name in ("spans", "relations", "sentence_labels")}
    decided = [(d["key"], d["decided"], d["taken"], d["none_taken"]) for d in differences(world)]
    sentences = world.call("rita", "GET", f"/documents/{world.doc.id}").get_json()["sentences"]
    return items, layer["document_labels"], decided, sentences


def gold_span(world: World, label: str = "CLAIM") -> dict[str, Any]:
    return next(s for s in gold(world)["spans"] if s["label"] == label)


def gold_change(world: World) -> int:
    """The id of gold's change that gave its claim a note (it has an earlier value)."""
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator=gold"
    changes = world.call("rita", "GET", path).get_json()["changes"]
    return next(c["id"] for c in changes if c["action"] == "update" and c["kind"] == "span")


# Each way of changing gold, as the reviewer sends it. Each gets the world once gold is final.
WRITES: dict[str, Callable[[World], TestResponse]] = {
    "add a span": lambda w: w.call(
        "rita",
        "POST",
        f"/documents/{w.doc.id}/spans?layer=gold",
        {"label": "CUE", "start": 10, "end": 14},
    ),
    "move a span": lambda w: w.call(
        "rita", "PATCH", f"/spans/{gold_span(w)['id']}?layer=gold", {"start": 19}
    ),
    "move a span, no ?layer": lambda w: w.call(
        "rita", "PATCH", f"/spans/{gold_span(w)['id']}", {"start": 19}
    ),
    "a span's note": lambda w: w.call(
        "rita", "PATCH", f"/spans/{gold_span(w)['id']}?layer=gold", {"note": "changed"}
    ),
    "delete a span": lambda w: w.call("rita", "DELETE", f"/spans/{gold_span(w)['id']}?layer=gold"),
    "draw a relation": lambda w: w.call(
        "rita",
        "POST",
        f"/documents/{w.doc.id}/relations?layer=gold",
        {"type": "CUED_BY", "from": gold_span(w)["id"], "to": gold_span(w, "CUE")["id"]},
    ),
    "a relation's note": lambda w: w.call(
        "rita", "PATCH", f"/relations/{gold(w)['relations'][0]['id']}?layer=gold", {"note": "n"}
    ),
    "delete a relation": lambda w: w.call(
        "rita", "DELETE", f"/relations/{gold(w)['relations'][0]['id']}?layer=gold"
    ),
    "set a label": lambda w: w.call(
        "rita",
        "PUT",
        f"/documents/{w.doc.id}/labels?layer=gold",
        {"sentence": 1, "name": "stance", "value": "FAVOR"},
    ),
    "clear a label": lambda w: w.call(
        "rita",
        "PUT",
        f"/documents/{w.doc.id}/labels?layer=gold",
        {"sentence": 0, "name": "stance", "value": None},
    ),
    "accept an item": lambda w: review(
        w, "POST", "accept", difference(w, "only_some", False)["versions"][0]["accept"]
    ),
    "take this one": lambda w: review(
        w, "POST", "take", {"difference": boundary(w), "annotator": "bob"}
    ),
    "reopen a taken difference": lambda w: w.call(
        "rita",
        "DELETE",
        f"/projects/demo/review/{w.doc.id}/taken/{boundary(w)}",
    ),
    "none of these": lambda w: review(
        w, "POST", "none", {"difference": difference(w, "only_some", False)["key"]}
    ),
    "accept the unanimous items": lambda w: review(w, "POST", "unanimous"),
    "accept the majority's items": lambda w: review(w, "POST", "unanimous", {"quorum": "majority"}),
    "restore from the history": lambda w: w.call(
        "rita",
        "POST",
        f"/projects/demo/documents/{w.doc.id}/history/{gold_change(w)}/restore",
    ),
    "merge sentences": lambda w: review(w, "POST", "sentences/0/merge", {"keep": "first"}),
    "split a sentence": lambda w: review(w, "POST", "sentences/0/split", {"at": 10, "force": True}),
}


def test_the_world_has_what_each_write_needs(world: World) -> None:
    """Not final, each write below would change something (the lock, not the world, refuses)."""
    kinds = {(d["kind"], d["decided"]) for d in differences(world)}
    assert {("boundary", True), ("only_some", False)} <= kinds
    assert len(gold(world)["relations"]) == 1


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_final_gold_refuses_every_write_and_keeps_what_it_holds(world: World, write: str) -> None:
    set_status(world, "final")
    before = what_gold_holds(world)
    answer = WRITES[write](world)
    assert answer.status_code == 409, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] == "gold_final"
    said = f"gold of document #{world.doc.number} (doc-1) is marked final;"
    assert error["message"].startswith(said)
    assert "set it back to in review to change it" in error["message"]
    reopen = f"PUT /api/v1/projects/demo/review/{world.doc.id}/status"
    assert error["details"] == {"document": world.doc.id, "gold_status": "final", "reopen": reopen}
    assert what_gold_holds(world) == before
    assert review(world, "GET", "").get_json()["gold_status"] == "final"


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_set_back_to_in_review_gold_takes_the_write_again(world: World, write: str) -> None:
    set_status(world, "final")
    set_status(world, "in_review")
    before = what_gold_holds(world)
    answer = WRITES[write](world)
    assert answer.status_code < 300, answer.get_json()
    # The bulk accept may find nothing new to take; every other write changes gold.
    if not write.startswith("accept the"):
        assert what_gold_holds(world) != before


def test_the_history_says_why_gold_changes_are_not_restorable(world: World) -> None:
    set_status(world, "final")
    path = f"/projects/demo/documents/{world.doc.id}/history?annotator=gold"
    changes = world.call("rita", "GET", path).get_json()["changes"]
    change = next(c for c in changes if c["id"] == gold_change(world))
    assert change["restorable"] is False
    assert "is marked final; set it back to in review" in change["not_restorable"]
    # Gold's status changes stay restorable: restoring one is setting the status.
    status = next(c for c in changes if c["kind"] == "status" and c["after"]["status"] == "final")
    assert status["restorable"] is True


def test_marking_final_again_and_annotators_own_writes_still_work(world: World) -> None:
    set_status(world, "final")
    set_status(world, "final")  # looked at again: allowed, changes no gold
    alice = world.call(
        "alice",
        "POST",
        f"/documents/{world.doc.id}/spans",
        {"label": "CUE", "start": 10, "end": 14},
    )
    assert alice.status_code == 201, alice.get_json()


def test_the_projects_accept_skips_final_documents_and_counts_them(
    world: World, make_document: Any, assign: Any
) -> None:
    other = make_document(world.project, world.doc.text, external_id="doc-3")
    assign(other, world.users["alice"], world.users["bob"])
    for who in ("alice", "bob"):
        source = {"label": "SOURCE", "start": 0, "end": 9}
        assert world.call(who, "POST", f"/documents/{other.id}/spans", source).status_code == 201
    # Gold of doc-1 lacks nothing agreed but would take a majority's... mark it final.
    set_status(world, "final")
    before = what_gold_holds(world)
    answer = world.call("rita", "POST", "/projects/demo/review/unanimous", INCLUDE_UNFINISHED)
    assert answer.status_code == 200, answer.get_json()
    result = answer.get_json()
    assert result["skipped_final"] == 1
    assert (result["spans"], result["documents"]) == (1, 1)  # doc-3's SOURCE
    assert what_gold_holds(world) == before
    assert [s["label"] for s in world.layer("rita", "gold", other)["spans"]] == ["SOURCE"]


def test_the_projects_accept_says_none_skipped_when_none_is_final(world: World) -> None:
    answer = world.call("rita", "POST", "/projects/demo/review/unanimous", INCLUDE_UNFINISHED)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["skipped_final"] == 0


def test_a_final_document_is_loaded_as_it_was(world: World, runner: Any, tmp_path: Any) -> None:
    """Moving data is no user's edit: a project file brings final gold in, items and all."""
    set_status(world, "final")
    dumped = tmp_path / "demo.annotator"
    result = runner.invoke(args=["projects", "dump", "demo", "-o", str(dumped)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["projects", "load", str(dumped), "--slug", "copy"])
    assert result.exit_code == 0, result.output
    rows = world.call("rita", "GET", "/projects/copy/review").get_json()["documents"]
    loaded = next(row for row in rows if row["external_id"] == "doc-1")
    assert loaded["gold_status"] == "final"
    copy = world.layer("rita", "gold", type("Doc", (), {"id": loaded["document"]})())
    assert [s["label"] for s in copy["spans"]] == [s["label"] for s in gold(world)["spans"]]


def test_the_review_lists_question_says_how_many_final_documents_it_leaves_out(
    world: World, client: Any, make_user: Any
) -> None:
    set_status(world, "final")
    make_user("rhea", "reviewer")  # with a password, to sign in to the pages
    login(client, "rhea")
    page = client.get("/projects/demo/review?unanimous=check").get_data(as_text=True)
    assert "1 document whose gold is marked final is left out" in " ".join(page.split())
    token = csrf_token_from(page)
    answer = client.post(
        "/projects/demo/review/unanimous",
        data={"csrf_token": token, "confirm": "1", "quorum": "unanimous"},
        follow_redirects=True,
    )
    assert "Left out 1 document whose gold is marked final" in answer.get_data(as_text=True)


def test_a_page_form_on_final_gold_says_why_and_writes_nothing(
    world: World, client: Any, make_user: Any
) -> None:
    set_status(world, "final")
    before = what_gold_holds(world)
    make_user("rhea", "reviewer")
    login(client, "rhea")
    page = client.get(f"/projects/demo/review/{world.doc.id}").get_data(as_text=True)
    assert 'id="gold-final"' in page and "Set back to in review" in page
    version = difference(world, "only_some", False)["versions"][0]["accept"]
    answer = client.post(
        f"/projects/demo/review/{world.doc.id}/accept",
        data={"csrf_token": csrf_token_from(page), **version, "anonymous": "1"},
        follow_redirects=True,
    )
    assert "is marked final; set it back to in review to change it" in answer.get_data(as_text=True)
    assert what_gold_holds(world) == before


def _bobs_boundary(world: World) -> dict[str, Any]:
    """The form fields of "Take this one" on bob's version of the decided boundary."""
    decided = difference(world, "boundary", True)
    version = next(v for v in decided["versions"] if v["annotator"] == "bob")
    return {**version["accept"], "difference": decided["key"]}


# Each review page form that writes gold: its path (after the document's), its fields, and
# the word its refusal starts with ("Not <done>: ...").
PAGE_FORMS: dict[str, tuple[str, Callable[[World], dict[str, Any]], str]] = {
    "take this one": ("accept", _bobs_boundary, "taken"),
    "reopen a difference": ("reopen", lambda w: {"difference": boundary(w)}, "reopened"),
    "none of these": (
        "none",
        lambda w: {"difference": difference(w, "only_some", False)["key"]},
        "decided",
    ),
    "accept the unanimous items": ("unanimous", lambda w: {"confirm": "1"}, "accepted"),
    "split a sentence": ("sentences/0/split", lambda w: {"at": "10", "force": "1"}, "split"),
    "merge sentences": ("sentences/0/merge", lambda w: {"keep": "first"}, "merged"),
}


@pytest.mark.parametrize("form", list(PAGE_FORMS), ids=list(PAGE_FORMS))
def test_every_page_form_on_final_gold_says_the_lock_and_writes_nothing(
    world: World, client: Any, make_user: Any, form: str
) -> None:
    """A form posted from a page opened before gold went final is told why, in the lock's
    words, on the page it came from: not a bare 409, nor another refusal's words."""
    path, fields, done = PAGE_FORMS[form]
    data = fields(world)
    set_status(world, "final")
    before = what_gold_holds(world)
    make_user("rhea", "reviewer")
    login(client, "rhea")
    page = client.get(f"/projects/demo/review/{world.doc.id}").get_data(as_text=True)
    answer = client.post(
        f"/projects/demo/review/{world.doc.id}/{path}",
        data={"csrf_token": csrf_token_from(page), **data},
    )
    assert answer.status_code == 302
    assert answer.location.startswith(f"/projects/demo/review/{world.doc.id}")
    said = " ".join(client.get(answer.location).get_data(as_text=True).split())
    assert (
        f"Not {done}: gold of document #{world.doc.number} (doc-1) is marked final; set it back "
        "to in review to change it"
    ) in said
    assert what_gold_holds(world) == before


def test_marking_final_again_with_accept_is_not_refused_and_takes_nothing(world: World) -> None:
    """README: marking final again is never refused. With ``"unanimous": "accept"`` gold
    stays as it is (final gold takes no change): nothing accepted, what it lacks counted."""
    set_status(world, "final")
    before = what_gold_holds(world)
    answer = review(world, "PUT", "status", {"status": "final", "unanimous": "accept"})
    assert answer.status_code == 200, answer.get_json()
    result = answer.get_json()
    assert result["gold_status"] == "final"
    assert result["unanimous_accepted"] == {"spans": 0, "relations": 0, "labels": 0}
    assert what_gold_holds(world) == before


def test_every_question_of_many_documents_finality_reads_it_on_each_database(
    world: World, session: Any
) -> None:
    """A change of many documents' gold leaves the final ones out by asking which are final:
    a variant answering nothing on SQLite (where nothing is held) would let it write final
    gold there. Held or not, each answer reads the status (services/gold/lock.py)."""
    from annotator.services.gold import lock as gold_lock

    set_status(world, "final")
    asked = [name for name in dir(gold_lock) if name.startswith("gold_finals")]
    assert asked
    for name in asked:
        assert getattr(gold_lock, name)(session, [world.doc.id]) == {world.doc.id}, name
    for hold in (False, True):
        assert gold_lock.gold_finals(session, [world.doc.id], hold=hold) == {world.doc.id}
