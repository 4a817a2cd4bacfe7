"""The browser's way to take a leaving annotator off their unfinished documents (asked first,
naming the documents and saying their work is deleted), and to remove a member whose
documents are finished: their work stays for the project, their access goes."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, AuditEntry, GoldStatus
from annotator.services.accounts import membership
from annotator.services.accounts.assignment import assign_documents
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login

TEXT = "One sentence here. Another one there."
PAGE = "/projects/a/assignments"


@pytest.fixture
def world(session: Any, make_world: Any) -> dict[str, Any]:
    """a-0..a-2 of alice and bob; bob set a stance on a-0 (in progress); alice finished all."""
    names = ("alice", "bob", "carl", "man", "root")
    people = dict.fromkeys(names[:4], "annotator") | {"root": "admin"}
    docs = {f"a{i}": (TEXT, f"a-{i}") for i in range(3)}
    members = {"man": "manager", "carl": "annotator"}
    made = make_world(people, slug="a", members=members, **docs)
    project, users = made.project, {name: getattr(made, name) for name in names}
    documents = [getattr(made, key) for key in docs]
    assign_documents(session, project, [users["alice"], users["bob"]], 2)
    set_label(session, open_layer(session, users["bob"], documents[0], None), 0, "stance", "NONE")
    for doc in documents:
        add_span(session, open_layer(session, users["alice"], doc, None), "SOURCE", 0, 3)
    for row in session.scalars(select(Assignment)):
        row.status = "done" if row.user_id == users["alice"].id else row.status
        if row.user_id == users["bob"].id and row.document_id == documents[0].id:
            row.status = "in_progress"
    session.commit()
    heads = {n: made.tokens[n] for n in ("alice", "root")}
    return {"project": project, "docs": documents, "users": users, "heads": heads}


def _as(app: Any, name: str) -> Any:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _post(client: Any, page: str, action: str, data: dict[str, Any]) -> Any:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data}, follow_redirects=True)


def _held(session: Any, user: Any) -> list[int]:
    session.expire_all()
    return sorted(
        session.scalars(select(Assignment.document_id).where(Assignment.user_id == user.id))
    )


def _link(html: str) -> str:
    found = re.search(r'<a href="(/projects/a/assignments/take-off\?[^"]+)"', html)
    assert found, html
    return unescape(found.group(1))


def test_unassign_offers_to_take_off_worked_documents_and_asks_first(
    app: Any, session: Any, world: Any
) -> None:
    man, bob, doc = _as(app, "man"), world["users"]["bob"], world["docs"][0]
    html = _post(man, PAGE, f"{PAGE}/unassign", {"user": "bob", "document": ""}).get_data(
        as_text=True
    )
    assert "Unassigned from bob: 2 documents. Kept, as they hold work: #1 (a-0)." in html
    confirm = _link(html)
    assert "Take them off anyway, deleting bob's unfinished work on them" in html
    page = man.get(confirm).get_data(as_text=True)
    said = " ".join(page.split())
    assert (
        "bob's annotations and notes on 1 document will be <strong>deleted</strong>: #1 (a-0)."
        in said
    )
    assert f'data-document="{doc.id}"' in page and _held(session, bob) == [doc.id]
    # Without its CSRF token the confirmation changes nothing.
    token = csrf_token_from(page)
    bare = man.post(f"{PAGE}/take-off", data={"annotator": "bob", "documents": f"#{doc.number}"})
    assert bare.status_code in (400, 403) and _held(session, bob) == [doc.id]
    done = man.post(
        f"{PAGE}/take-off",
        data={
            "csrf_token": token,
            "annotator": "bob",
            "documents": f"#{doc.number}",
            "to_user": "",
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Took bob off 1 document. Deleted bob&#39;s unfinished work on #1 (a-0)." in done
    assert _held(session, bob) == []
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.after["work_deleted"] == ["a-0"] and entry.after["deleted"]["label_values"] == 1


def test_reassign_offers_to_give_worked_documents_to_the_new_annotator(
    app: Any, session: Any, world: Any
) -> None:
    man, users, doc = _as(app, "man"), world["users"], world["docs"][0]
    html = _post(
        man, PAGE, f"{PAGE}/reassign", {"from_user": "bob", "to_user": "carl", "document": ""}
    ).get_data(as_text=True)
    assert "Moved to carl: 2 documents. Kept, as they hold work: #1 (a-0)." in html
    confirm = _link(html)
    page = man.get(confirm).get_data(as_text=True)
    assert "carl starts each document afresh." in page
    assert "Delete their unfinished work and give them to carl" in page
    done = _post(
        man,
        confirm,
        f"{PAGE}/take-off",
        {"annotator": "bob", "to_user": "carl", "documents": f"#{doc.number}"},
    ).get_data(as_text=True)
    assert (
        "Gave 1 document of bob&#39;s to carl. Deleted bob&#39;s unfinished work on #1 (a-0)."
        in done
    )
    assert _held(session, users["bob"]) == [] and doc.id in _held(session, users["carl"])


def test_a_reassign_naming_a_worked_document_moves_none_and_offers_to_give_it_anyway(
    app: Any, session: Any, world: Any
) -> None:
    """Documents named move all or none, as by the API and the command line; the refusal
    still offers to give the worked one away, deleting that work (asked first)."""
    man, users, docs = _as(app, "man"), world["users"], world["docs"]
    named = f"#{docs[0].number},#{docs[1].number}"
    answer = _post(
        man, PAGE, f"{PAGE}/reassign", {"from_user": "bob", "to_user": "carl", "document": named}
    )
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "nothing moved: bob has annotated #1 (a-0)" in html
    assert "Give them to carl anyway, deleting bob's unfinished work on them" in html
    assert _link(html).endswith(f"documents=%23{docs[0].number}&to_user=carl")
    assert _held(session, users["carl"]) == [] and len(_held(session, users["bob"])) == 3


def test_only_admins_and_managers_may_take_documents_off(app: Any, world: Any) -> None:
    carl = _as(app, "carl")
    assert carl.get(f"{PAGE}/take-off?annotator=bob").status_code == 403


def test_a_member_with_finished_work_leaves_it_and_loses_access(
    app: Any, client: Any, session: Any, world: Any
) -> None:
    man, doc = _as(app, "man"), world["docs"][0]
    people = "/projects/a/people"
    html = _post(man, people, f"{people}/alice/remove", {}).get_data(as_text=True)
    assert "alice is no longer a member of a." in html
    assert (
        client.get(f"/api/v1/documents/{doc.id}", headers=world["heads"]["alice"]).status_code
        == 404
    )
    written = client.post(
        f"/api/v1/documents/{doc.id}/spans",
        json={"label": "SOURCE", "start": 4, "end": 12},
        headers=world["heads"]["alice"],
    )
    assert written.status_code == 404
    assert client.get("/api/v1/projects/a", headers=world["heads"]["alice"]).status_code == 404
    exported = client.get(
        "/api/v1/projects/a/export?format=jsonl&layer=alice", headers=world["heads"]["root"]
    )
    assert exported.status_code == 200 and exported.get_data(as_text=True).count('"SOURCE"') == 3


def test_removing_a_member_with_unfinished_documents_offers_to_take_them_off(
    app: Any, world: Any
) -> None:
    man = _as(app, "man")
    people = "/projects/a/people"
    html = _post(man, people, f"{people}/bob/remove", {}).get_data(as_text=True)
    assert "bob has 3 unfinished documents of a (new or in progress)" in html
    assert _link(html) == f"{PAGE}/take-off?annotator=bob"
    page = man.get(_link(html)).get_data(as_text=True)
    assert "Take bob off their unfinished documents" in page


def test_giving_worked_documents_away_warns_of_final_gold_as_a_reassign_does(
    app: Any, session: Any, world: Any
) -> None:
    man, doc = _as(app, "man"), world["docs"][0]
    session.add(GoldStatus(document_id=doc.id, status="final"))
    session.commit()
    confirm = f"{PAGE}/take-off?annotator=bob&to_user=carl&documents={doc.number}"
    done = _post(
        man,
        confirm,
        f"{PAGE}/take-off",
        {"annotator": "bob", "to_user": "carl", "documents": f"#{doc.number}"},
    ).get_data(as_text=True)
    assert "Gave 1 document of bob&#39;s to carl." in done
    assert "1 document already has final gold (#1 (a-0))" in done


def test_the_take_off_names_documents_by_their_number_in_the_project_not_their_row(
    app: Any, session: Any, world: Any, make_project: Any, make_document: Any
) -> None:
    """In a second project a document's number is not its row id: the way offered after a
    refused unassign, and the confirmation it opens, name the project's own document."""
    users = world["users"]
    project = make_project("b")
    membership.set_member(session, project, users["man"], "manager")
    docs = [make_document(project, TEXT, f"b-{i}") for i in range(2)]
    assign_documents(session, project, [users["bob"]], 1)
    set_label(session, open_layer(session, users["bob"], docs[1], None), 0, "stance", "NONE")
    session.commit()
    assert docs[1].number == 2 and docs[1].id != 2
    man, page = _as(app, "man"), "/projects/b/assignments"
    refused = _post(man, page, f"{page}/unassign", {"user": "bob", "document": "#2"})
    link = _link(refused.get_data(as_text=True).replace("/projects/b/", "/projects/a/"))
    assert link.endswith("documents=%232")
    confirm = man.get(link.replace("/projects/a/", "/projects/b/")).get_data(as_text=True)
    assert "b-1" in confirm and "a-1" not in confirm
    done = _post(
        man,
        link.replace("/projects/a/", "/projects/b/"),
        f"{page}/take-off",
        {"annotator": "bob", "documents": "#2"},
    ).get_data(as_text=True)
    assert "Took bob off 1 document." in done
    assert docs[1].id not in _held(session, users["bob"])
    assert docs[0].id in _held(session, users["bob"])
    assert world["docs"][1].id in _held(session, users["bob"])
