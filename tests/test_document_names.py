"""Naming documents: a # number or an id as exports name it, the same in every field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import Invalid
from annotator.models import Assignment
from annotator.services.accounts import membership
from annotator.services.datasets.document_names import named_document_ids, named_external_ids
from tests.helpers import counted_statements, csrf_token_from, login

TEXT = "Officials said the border was closed."


@pytest.fixture
def project(make_project: Any) -> Any:
    return make_project("a")


@pytest.fixture
def docs(session: Any, project: Any, make_document: Any) -> list[Any]:
    """Three documents of project ``a``, exported as wire-0, wire-1 and wire-2."""
    made = [make_document(project, TEXT + f" {i}.", f"wire-{i}") for i in range(3)]
    session.commit()
    return made


def test_a_number_with_or_without_hash_and_an_export_id_name_the_same_documents(
    session: Any, project: Any, docs: list[Any]
) -> None:
    first, second, third = (doc.number for doc in docs)
    names = [f"#{second}", "wire-0", str(third), f"{first}"]
    assert named_document_ids(session, project, names) == [docs[1].id, docs[0].id, docs[2].id]


def test_unknown_names_are_all_said_and_none_taken(
    session: Any, project: Any, docs: list[Any]
) -> None:
    with pytest.raises(Invalid) as refused:
        named_document_ids(session, project, ["wire-1", "wire-9", "#0", "#999999"])
    assert refused.value.message == "no document 'wire-9', '#0', '#999999' in project 'a'"
    assert refused.value.details == {"field": "documents"}


def test_a_number_no_column_holds_is_an_unknown_name_not_a_database_error(
    session: Any, project: Any, docs: list[Any]
) -> None:
    # PostgreSQL refused the query ("integer out of range") and the page answered 500.
    names = ["#99999999999999999", "2147483648", "#" + "9" * 5000]
    with pytest.raises(Invalid) as refused:
        named_document_ids(session, project, names)
    assert refused.value.message.startswith("no document '#99999999999999999', '2147483648'")


def test_a_name_that_is_one_documents_id_and_anothers_number_is_refused(
    session: Any, project: Any, docs: list[Any], make_document: Any
) -> None:
    clash = make_document(project, TEXT + " clash.", str(docs[1].number))
    session.commit()
    with pytest.raises(Invalid) as refused:
        named_document_ids(session, project, [str(docs[1].number)])
    assert refused.value.message == (
        f"'{docs[1].number}' names two documents: #{clash.number} by its id and "
        f"#{docs[1].number} by its number; give the # number of the one meant"
    )
    # The # number is never taken for an id: it names the one document.
    assert named_document_ids(session, project, [f"#{docs[1].number}"]) == [docs[1].id]


def test_the_assignment_page_takes_export_ids_and_the_export_page_numbers(
    app: Any, session: Any, project: Any, docs: list[Any], make_user: Any, assign: Any
) -> None:
    ann, bob = make_user("ann"), make_user("bob")
    make_user("root", "admin")
    for user in (ann, bob):
        membership.set_member(session, project, user, "annotator")
    session.commit()
    assign(docs[0], ann)
    assign(docs[1], ann)
    admin = app.test_client()
    assert login(admin, "root").status_code == 302
    page = "/projects/a/assignments"
    html = admin.get(page).get_data(as_text=True)
    assert "Comma-separated # numbers or ids as exports name them" in html
    moved = admin.post(
        f"{page}/reassign",
        data={
            "csrf_token": csrf_token_from(html),
            "from_user": "ann",
            "to_user": "bob",
            "document": f"wire-0, #{docs[1].number}",
        },
    )
    assert moved.status_code == 302
    session.expire_all()
    owners = session.scalars(select(Assignment.user_id).order_by(Assignment.document_id)).all()
    assert owners == [bob.id, bob.id]
    exported = admin.get(
        "/projects/a/export", query_string={"format": "jsonl", "documents": f"#{docs[2].number}"}
    )
    assert exported.status_code == 200
    lines = [json.loads(line) for line in exported.get_data(as_text=True).splitlines()]
    assert {line["id"] for line in lines} == {"wire-2"}
    report = admin.get("/projects/a/agreement", query_string={"documents": f"{docs[2].number}"})
    assert report.status_code == 200
    assert "field--invalid" not in report.get_data(as_text=True)


@pytest.mark.parametrize(
    ("named", "queries"),
    [(lambda docs: ["wire-2", "wire-0"], 1), (lambda docs: ["wire-2", f"#{docs[0].number}"], 2)],
    ids=["by-export-id", "by-number-too"],
)
def test_external_ids_come_from_the_lookups_that_find_the_documents(
    session: Any, project: Any, docs: list[Any], named: Any, queries: int
) -> None:
    """One query a kind of name (ids as exports give them, # numbers), none more to turn the
    documents found into external ids."""
    names = named(docs)
    assert project.slug  # loaded again after the fixture's commit: only the lookups count
    with counted_statements(session.get_bind()) as seen:
        found = named_external_ids(session, project, names)
    assert found == ["wire-2", "wire-0"]
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == queries, seen
