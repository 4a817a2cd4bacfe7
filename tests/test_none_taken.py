""" "None of these": a reviewer decides that gold holds none of a difference's versions. The
difference then counts as decided without gold taking anything, is recorded in gold's
history, travels in the project file, and comes back undecided when reopened or when an
annotator changes an item of it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Conflict
from annotator.core.formats.project_file import ProjectFileError
from annotator.models import Document, GoldDecision, Project
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from annotator.services.review.curation import curation_view
from annotator.services.review.hidden_names import shown_names
from annotator.services.review.history import document_history
from annotator.services.review.restore import restore_change
from tests.api_world import World, build_world
from tests.helpers import csrf_token_from, login
from tests.project_world import file_of, records_of

# sentence 0: "Officials said the talks failed." [0, 32); 1: "Moscow denied it." [35, 52)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    """Alice and bob mark the same claim; alice alone marks a source, and bob a second claim."""
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    for name in ("alice", "bob"):
        world.span(name, "CLAIM", 15, 31)
    world.span("alice", "SOURCE", 0, 9)
    world.span("bob", "CLAIM", 35, 51)
    return world


def review(world: World, who: str = "rita", query: str = "") -> Any:
    return world.call(who, "GET", f"/projects/demo/review/{world.doc.id}{query}")


def differences(world: World, query: str = "") -> list[dict[str, Any]]:
    answer = review(world, query=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["differences"]


def alices_source(world: World, query: str = "") -> dict[str, Any]:
    return next(d for d in differences(world, query) if "SOURCE" in d["summary"])


def decide(world: World, key: str, who: str = "rita") -> Any:
    path = f"/projects/demo/review/{world.doc.id}/none"
    return world.call(who, "POST", path, {"difference": key})


def reopen(world: World, key: str, who: str = "rita") -> Any:
    return world.call(who, "DELETE", f"/projects/demo/review/{world.doc.id}/none/{key}")


def test_none_taken_decides_a_difference_without_gold_taking_it(world: World, session) -> None:  # noqa: ANN001
    source = alices_source(world)
    assert source["decided"] is False and source["none_taken"] is None
    assert len(source["key"]) == 20
    answer = decide(world, source["key"])
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["decided_by"] == "rita"

    again = alices_source(world)
    assert again["decided"] is True
    assert again["taken"] == []
    assert again["none_taken"]["decided_by"] == "rita"
    # Only that difference: bob's second claim is still to decide.
    assert [d["decided"] for d in differences(world)].count(False) == 1
    assert world.layer("rita", "gold")["spans"] == []
    # The curation view says the same, and anonymous naming gives the same keys.
    session.expire_all()
    view = curation_view(
        session, world.doc, names=shown_names(session, world.doc.project_id, hidden=True)
    )
    assert len(view.undecided) == 1
    none = next(d for d in view.differences if d.none_taken is not None)
    assert none.key == source["key"] and none.none_taken.decided_by == "rita"
    assert alices_source(world, "?anonymous=1")["key"] == source["key"]
    # Deciding again changes nothing.
    assert decide(world, source["key"]).status_code == 200
    assert session.scalars(select(GoldDecision)).all().__len__() == 1


def test_taking_a_version_afterwards_wins(world: World) -> None:
    source = alices_source(world)
    assert decide(world, source["key"]).status_code == 200
    body = source["versions"][0]["accept"]
    path = f"/projects/demo/review/{world.doc.id}/accept"
    assert world.call("rita", "POST", path, body).status_code == 200
    taken = alices_source(world)
    assert taken["decided"] is True
    assert taken["taken"] == ["alice"]
    assert taken["none_taken"] is None


def test_reopening_makes_it_undecided_again(world: World) -> None:
    key = alices_source(world)["key"]
    assert decide(world, key).status_code == 200
    answer = reopen(world, key)
    assert answer.status_code == 204
    assert alices_source(world)["decided"] is False
    # Nothing left to reopen.
    again = reopen(world, key)
    assert again.status_code == 404
    assert key in again.get_json()["error"]["message"]


def test_a_changed_item_makes_a_new_difference_to_decide(world: World) -> None:
    source = alices_source(world)
    assert decide(world, source["key"]).status_code == 200
    span_id = source["versions"][0]["accept"]["id"]
    moved = world.call("alice", "PATCH", f"/spans/{span_id}", {"end": 8})
    assert moved.status_code == 200, moved.get_json()
    changed = alices_source(world)
    assert changed["key"] != source["key"]
    assert changed["decided"] is False
    # Put back as it was, the difference is the one decided before.
    assert world.call("alice", "PATCH", f"/spans/{span_id}", {"end": 9}).status_code == 200
    assert alices_source(world)["decided"] is True


def test_bad_requests_name_the_problem_and_change_nothing(world: World, session) -> None:  # noqa: ANN001
    missing = decide(world, "0" * 20)
    assert missing.status_code == 404
    assert "0" * 20 in missing.get_json()["error"]["message"]
    path = f"/projects/demo/review/{world.doc.id}/none"
    malformed = world.call("rita", "POST", path, {"key": "x"})
    assert malformed.status_code in (400, 422)
    assert "difference" in malformed.get_json()["error"]["message"]
    assert session.scalars(select(GoldDecision)).all() == []


@pytest.mark.parametrize("who, status", [("alice", 403), ("carol", 404)])
def test_only_reviewers_decide(world: World, who: str, status: int) -> None:
    """As for accepting a version: an annotator of the project is refused (403), one outside
    it learns nothing (404, as for a project that does not exist)."""
    key = alices_source(world)["key"]
    assert decide(world, key, who).status_code == status
    assert alices_source(world)["decided"] is False
    assert decide(world, key).status_code == 200
    assert reopen(world, key, who).status_code == status
    assert alices_source(world)["decided"] is True


def test_history_records_deciding_and_reopening_and_restores(world: World, session) -> None:  # noqa: ANN001
    key = alices_source(world)["key"]
    assert decide(world, key).status_code == 200
    assert reopen(world, key).status_code == 204
    session.expire_all()
    rita = world.users["rita"]
    history = document_history(session, rita, world.doc, "gold")
    decisions = [c for c in history.changes if c.kind == "decision"]
    assert [(c.action, c.actor) for c in decisions] == [("delete", "rita"), ("create", "rita")]
    assert decisions[1].after["difference"] == key
    assert decisions[1].after_text.startswith("none taken: SOURCE marked by alice")
    # The API shows them too.
    answer = world.call("rita", "GET", f"/projects/demo/documents/{world.doc.id}/history")
    assert "decision" in [c["kind"] for c in answer.get_json()["changes"]]
    # Restoring the reopening puts the decision back.
    restored = restore_change(session, rita, world.doc, decisions[0].id)
    session.commit()
    assert restored.kind == "decision"
    assert alices_source(world)["decided"] is True
    # Restoring it once more is refused: the decision is there already.
    with pytest.raises(Conflict, match="restored already"):
        restore_change(session, rita, world.doc, decisions[0].id)


def test_the_decision_travels_in_the_project_file(world: World, session) -> None:  # noqa: ANN001
    key = alices_source(world)["key"]
    assert decide(world, key).status_code == 200
    session.expire_all()
    data = b"".join(dump_project(session, world.project).chunks)
    document = next(r for r in records_of(data) if r["record"] == "document" and r["id"] == "doc-1")
    assert [(d["difference"], d["decided_by"]) for d in document["decisions"]] == [(key, "rita")]
    load_project(session, io.BytesIO(data), None, slug="copy")
    session.commit()
    copy = session.scalar(select(Project).where(Project.slug == "copy"))
    loaded = session.scalar(
        select(Document).where(Document.project_id == copy.id, Document.external_id == "doc-1")
    )
    view = curation_view(session, loaded)
    none = next(d for d in view.differences if d.none_taken is not None)
    assert none.key == key and none.decided and none.none_taken.decided_by == "rita"
    assert len(view.undecided) == 1


@pytest.mark.parametrize(
    "how, problem",
    [
        ("bad key", "is not a difference's key"),
        ("twice", "a second decision"),
        ("stranger", "not among the file's user records"),
    ],
)
def test_a_file_with_a_broken_decision_is_refused_naming_it(
    world: World,
    session,  # noqa: ANN001
    how: str,
    problem: str,
) -> None:
    key = alices_source(world)["key"]
    assert decide(world, key).status_code == 200
    session.expire_all()
    records = records_of(b"".join(dump_project(session, world.project).chunks))
    document = next(r for r in records if r["record"] == "document" and r["id"] == "doc-1")
    decision = document["decisions"][0]
    if how == "bad key":
        decision["difference"] = "not-a-key"
    elif how == "twice":
        document["decisions"].append(dict(decision))
    else:
        decision["decided_by"] = "nobody-listed"
    with pytest.raises(ProjectFileError) as refused:
        load_project(session, io.BytesIO(file_of(records)), None, slug="copy")
    assert problem in refused.value.message
    assert "decisions[" in refused.value.message
    session.rollback()
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None


def test_the_pages_decide_with_the_csrf_token_only_and_show_who_decided(
    world: World,
    make_user,  # noqa: ANN001
) -> None:
    make_user("reva", "reviewer")
    key = alices_source(world)["key"]
    client = world.client
    assert login(client, "reva").status_code == 302
    curate = f"/projects/demo/review/{world.doc.id}/curate"
    page = client.get(curate).get_data(as_text=True)
    assert f'name="difference" value="{key}"' in page
    path = f"/projects/demo/review/{world.doc.id}/none"
    refused = client.post(path, data={"difference": key})
    assert refused.status_code in (400, 403)
    assert alices_source(world)["decided"] is False
    token = csrf_token_from(page)
    answer = client.post(path, data={"difference": key, "csrf_token": token, "back": "curate"})
    assert answer.status_code == 302 and "/curate" in answer.headers["Location"]
    assert "Decided: none taken, by reva" in client.get(curate).get_data(as_text=True)
    review = client.get(f"/projects/demo/review/{world.doc.id}").get_data(as_text=True)
    assert "✓ Decided: none taken, by reva" in review
    reopened = client.post(
        f"/projects/demo/review/{world.doc.id}/reopen",
        data={"difference": key, "csrf_token": token},
    )
    assert reopened.status_code == 302
    assert alices_source(world)["decided"] is False


def test_the_review_page_offers_none_and_reopen_on_each_difference(
    world: World,
    make_user,  # noqa: ANN001
) -> None:
    make_user("reva", "reviewer")
    key = alices_source(world)["key"]
    client = world.client
    assert login(client, "reva").status_code == 302
    review = f"/projects/demo/review/{world.doc.id}"
    page = client.get(review).get_data(as_text=True)
    assert f'form="cur-none-form" name="difference" value="{key}"' in page
    assert 'id="cur-none-form"' in page and 'name="back"' not in page
    answer = client.post(
        f"{review}/none", data={"difference": key, "csrf_token": csrf_token_from(page)}
    )
    # Back to the review page, not the curation view, where the difference offers Reopen.
    assert answer.status_code == 302 and answer.headers["Location"].endswith(review)
    page = client.get(review).get_data(as_text=True)
    assert f'form="cur-reopen-form" name="difference" value="{key}"' in page
    assert f'form="cur-none-form" name="difference" value="{key}"' not in page
    assert alices_source(world)["none_taken"]["decided_by"] == "reva"
