"""What the review page's forms say when they come back: what was done, plainly, or why not
(in the warning style), with nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api_world import World, build_world
from tests.helpers import csrf_token_from, login

# sentence 0: "Officials said the talks failed." [0, 32); 1: "Moscow denied it." [35, 52);
# 2: "A third one here." [54, 71)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    """Alice and bob mark the same claim, alice alone a source; reva reviews on the pages."""
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    for name in ("alice", "bob"):
        world.span(name, "CLAIM", 15, 31)
    world.span("alice", "SOURCE", 0, 9)
    make_user("reva", "reviewer")
    assert login(client, "reva").status_code == 302
    return world


def _source_key(world: World) -> str:
    answer = world.call("rita", "GET", f"/projects/demo/review/{world.doc.id}")
    return next(d for d in answer.get_json()["differences"] if "SOURCE" in d["summary"])["key"]


def _post(world: World, action: str, **fields: str) -> str:
    """Post a review page form as reva; return the page it comes back to."""
    review = f"/projects/demo/review/{world.doc.id}"
    token = csrf_token_from(world.client.get(review).get_data(as_text=True))
    answer = world.client.post(f"{review}/{action}", data={"csrf_token": token, **fields})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return world.client.get(answer.headers["Location"]).get_data(as_text=True)


def _final(world: World) -> None:
    _post(world, "status", status="final", confirm="1")


def test_each_form_says_what_it_did(world: World) -> None:
    key = _source_key(world)
    page = _post(world, "none", difference=key)
    assert '<p class="flash">Decided: gold holds none of its versions.</p>' in page
    page = _post(world, "reopen", difference=key)
    assert '<p class="flash">Reopened the difference.</p>' in page
    page = _post(world, "status", status="in_review")
    assert '<p class="flash">Gold status updated.</p>' in page
    page = _post(world, "sentences/2/split", at="56")
    assert '<p class="flash">Split sentence 3 in two.</p>' in page
    page = _post(world, "sentences/1/merge")
    assert '<p class="flash">Merged sentences 2 and 3.</p>' in page


@pytest.mark.parametrize(
    ("action", "fields", "said"),
    [
        ("none", {"difference": "KEY"}, "Not decided"),
        ("reopen", {"difference": "KEY"}, "Not reopened"),
        ("sentences/2/split", {"at": "56"}, "Not split"),
        ("sentences/1/merge", {}, "Not merged"),
        ("accept", {"kind": "span", "id": "SOURCE"}, "Not accepted"),
        ("accept", {"kind": "span", "id": "SOURCE", "difference": "KEY"}, "Not taken"),
    ],
)
def test_each_form_says_why_gold_final_refused_it(
    world: World, action: str, fields: dict[str, str], said: str
) -> None:
    key = _source_key(world)
    if action == "reopen":
        _post(world, "none", difference=key)
    _final(world)
    before = _written(world)
    source = next(s for s in world.layer("alice")["spans"] if s["label"] == "SOURCE")
    given = {"KEY": key, "SOURCE": str(source["id"])}
    page = _post(world, action, **{k: given.get(v, v) for k, v in fields.items()})
    assert f'<p class="flash flash--warning">{said}: gold of document ' in page
    assert "is marked final; set it back to in review to change it" in page
    assert _written(world) == before


def _written(world: World) -> tuple[Any, Any]:
    """The document's sentences and its gold, to see that a refusal wrote nothing."""
    document = world.call("rita", "GET", f"/documents/{world.doc.id}").get_json()
    return document["sentences"], world.layer("rita", "gold")
