"""Messages name a document by its # number in its project (core.wording.document_said),
never by its row id: a sentence a split, a merge, a label or an accept of suggestions names
that the document lacks; and the audit page names by number the documents its entries
store by row id (a deletion, a sentence edit).

The documents here are made after another project's, so that a row id is no number of
theirs: "document 4" read as a number names another document, or none."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.models import Document
from annotator.services.documents_said import document_named
from tests.api_world import World, build_world
from tests.assist_world import build_assist_world
from tests.helpers import login

TEXT = "Officials said the talks failed. Moscow denied it; the envoy left early."


def _ids_ahead(make_project: Any, make_document: Any) -> None:
    """Three documents in a project of their own, so that later row ids run ahead of numbers."""
    first = make_project("first")
    for n in range(3):
        make_document(first, f"Filler {n}.", external_id=f"filler-{n}")


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    _ids_ahead(make_project, make_document)
    made = build_world(
        client, make_user, make_token, make_project, make_document, assign, text=TEXT
    )
    assert made.doc.id != made.doc.number
    return made


def _refused(answer: Any, status: int) -> str:
    assert answer.status_code == status, answer.get_json()
    return answer.get_json()["error"]["message"]


def _named(session: Any, document: Document) -> str:
    return f"document {document_named(session, document)} has no sentence 9"


@pytest.mark.parametrize("edit", ["split", "merge"])
def test_a_sentence_edit_names_the_missing_sentences_document_by_number(
    world: World, session: Any, edit: str
) -> None:
    path = f"/projects/demo/review/{world.doc.id}/sentences/9/{edit}"
    body = {"at": 3} if edit == "split" else {}
    message = _refused(world.call("rita", "POST", path, body), 404)
    assert message.startswith(_named(session, world.doc)), message
    assert f"#{world.doc.number} (" in message
    assert f"document {world.doc.id} " not in message


def test_a_label_names_the_missing_sentences_document_by_number(world: World, session: Any) -> None:
    body = {"sentence": 9, "name": "stance", "value": "AGAINST"}
    message = _refused(world.call("alice", "PUT", f"/documents/{world.doc.id}/labels", body), 422)
    assert message.startswith(_named(session, world.doc)), message
    assert f"document {world.doc.id} " not in message


def test_accepting_suggestions_names_the_missing_sentences_document_by_number(
    client: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    make_token: Any,
    assign: Any,
) -> None:
    _ids_ahead(make_project, make_document)
    world = build_assist_world(session, make_user, make_project, make_document, assign, 0)
    document = world.unseen
    assert document.id != document.number
    path = f"/api/v1/documents/{document.id}/suggestions/accept"
    answer = client.post(path, json={"sentence": 9}, headers=make_token(world.annotator))
    message = _refused(answer, 404)
    assert message == _named(session, document), message


def test_the_audit_page_names_deleted_and_edited_documents_by_number(
    world: World, session: Any, make_user: Any
) -> None:
    """A document still stored is named from its row; a deleted one from its deletion's
    entry, which keeps its number (a sentence edit of it before too); an older deletion's
    entry keeps none, and its row id is said as one: never a bare number among the #N."""
    from annotator.services import audit_log

    text, other = world.doc.text, world.other
    split = f"/projects/demo/review/{world.doc.id}/sentences/1/split"
    assert world.call("rita", "POST", split, {"at": text.index("the envoy")}).status_code == 200
    split_other = f"/projects/demo/review/{other.id}/sentences/0/split"
    at = other.text.index("is assigned")
    assert world.call("rita", "POST", split_other, {"at": at}).status_code == 200
    gone_id, gone = other.id, document_named(session, other)
    assert world.call("ada", "DELETE", f"/documents/{gone_id}").status_code == 204
    audit_log.record(session, None, "document.delete", project_slug="demo", target="document 999")
    session.commit()
    make_user("root", "admin")
    assert login(world.client, "root").status_code == 302
    page = world.client.get("/admin/audit?project=demo").get_data(as_text=True)
    assert f">document {document_named(session, world.doc)} sentence 1<" in page, page
    assert f">document {gone} sentence 0<" in page and f">document {gone}<" in page
    assert ">document (row id 999)<" in page and ">document 999<" not in page
    assert f">document {world.doc.id} sentence" not in page
    assert f">document {gone_id}<" not in page and f">document {gone_id} " not in page


def test_a_titled_document_is_named_by_number_and_external_id_in_every_message(
    world: World, session: Any, make_user: Any
) -> None:
    """A message names a document as it can be typed back into a form: ``#N (external id)``
    (core.wording.document_said), its title never, whichever service says it."""
    from annotator.services.annotation.stored_copies import layer_said

    world.doc.title = "The talks in Geneva"
    session.commit()
    named = f"#{world.doc.number} (doc-1)"
    assert document_named(session, world.doc) == named
    assert document_named(session, world.doc.id) == named
    # Not assigned (services/accounts/permissions.py).
    span = {"label": "CLAIM", "start": 15, "end": 31}
    refused = _refused(world.call("rita", "POST", f"/documents/{world.doc.id}/spans", span), 403)
    assert refused == f"document {named} is not assigned to you"
    # Final gold (services/gold/lock.py).
    status = f"/projects/demo/review/{world.doc.id}/status"
    final = {"status": "final", "unanimous": "leave"}
    assert world.call("rita", "PUT", status, final).status_code == 200
    into_gold = f"/documents/{world.doc.id}/spans?layer=gold"
    refused = _refused(world.call("rita", "POST", into_gold, span), 409)
    assert refused.startswith(f"gold of document {named} is marked final"), refused
    assert world.call("rita", "PUT", status, {"status": "in_review"}).status_code == 200
    # The audit page (services/accounts/audit.py).
    split = f"/projects/demo/review/{world.doc.id}/sentences/1/split"
    assert (
        world.call("rita", "POST", split, {"at": world.doc.text.index("the envoy")}).status_code
        == 200
    )
    make_user("root", "admin")
    assert login(world.client, "root").status_code == 302
    page = world.client.get("/admin/audit?project=demo").get_data(as_text=True)
    assert f">document {named} sentence 1<" in page, page
    assert "Geneva" not in page
    # ``annotator db copies`` (services/annotation/stored_copies.py).
    assert layer_said("demo", "doc-1", world.doc.number, "bob") == (
        f"project demo, document {named}, layer bob"
    )
