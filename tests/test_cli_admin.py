"""The command line's administration: documents (list, status, delete), notes, projects
(edit, delete), unassign and reassign, through the real commands and a real database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import (
    Assignment,
    Document,
    DocumentNote,
    GoldStatus,
    LabelValue,
    Layer,
    Project,
    Relation,
    Sentence,
    Span,
)
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.notes import set_note
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review.unanimous import accept_unanimous
from tests.conftest import SEED_SCHEMA

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
#: Every table holding rows of a document, and how to reach its document.
DOCUMENT_ROWS = {
    Sentence: Sentence.document_id,
    Assignment: Assignment.document_id,
    Layer: Layer.document_id,
    DocumentNote: DocumentNote.document_id,
    GoldStatus: GoldStatus.document_id,
}
LAYER_ROWS = (Span, Relation, LabelValue)


@pytest.fixture
def world(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> dict[str, Any]:
    """Project p: d1..d3 of alice and bob, fully annotated by both, with gold and notes; and
    project q with one document of its own."""
    project = make_project("p")
    users = {n: make_user(n, "annotator", None) for n in ("alice", "bob", "carol")}
    users["rita"] = make_user("rita", "reviewer", None)
    docs = [make_document(project, TEXT, external_id=f"d{i}", title=f"T{i}") for i in (1, 2, 3)]
    for doc in docs:
        assign(doc, users["alice"], users["bob"])
    for doc in docs[:2]:
        for name in ("alice", "bob"):
            layer = open_layer(session, users[name], doc, None)
            claim = add_span(session, layer, "CLAIM", 15, 31, {"claimer": "REPORTED"})
            source = add_span(session, layer, "SOURCE", 0, 9)
            add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
            set_label(session, layer, 0, "stance", "NONE")
            set_label(session, layer, None, "genre", "NEWS")
        set_note(session, users["alice"], doc, "Is 'officials' a source?\nNot sure.", unsure=True)
        accept_unanimous(session, users["rita"], doc)
    session.commit()
    other = make_project("q")
    make_document(other, TEXT, external_id="d1")
    return {"project": project, "docs": docs, "other": other, **users}


def _rows(session: Any, doc_id: int) -> dict[str, int]:
    """Count the rows of every table that belong to the document ``doc_id``."""
    session.expire_all()
    counts = {
        model.__name__: session.scalar(select(func.count()).where(column == doc_id))
        for model, column in DOCUMENT_ROWS.items()
    }
    for model in LAYER_ROWS:
        query = select(func.count()).select_from(model).join(Layer, Layer.id == model.layer_id)
        counts[model.__name__] = session.scalar(query.where(Layer.document_id == doc_id))
    return counts


def _assigned(session: Any, user: Any) -> list[str]:
    session.expire_all()
    query = (
        select(Document.external_id)
        .join(Assignment, Assignment.document_id == Document.id)
        .where(Assignment.user_id == user.id)
        .order_by(Document.external_id)
    )
    return list(session.scalars(query))


def test_documents_list_shows_assignees_and_gold_status(runner: Any, world: Any) -> None:
    result = runner.invoke(args=["documents", "list", "p"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "#1\td1\tin_review\talice:in_progress,bob:in_progress\tT1",
        "#2\td2\tin_review\talice:in_progress,bob:in_progress\tT2",
        "#3\td3\topen\talice:new,bob:new\tT3",
    ]


@pytest.mark.parametrize(
    ("args", "lines", "place"),
    [
        (["-q", "t2"], ["d2"], ""),  # the title, any case
        (["--search", "D3"], ["d3"], ""),  # the id
        (["--status", "new"], ["d3"], ""),
        (["--annotator", "carol"], [], ""),
        (["--annotator", "bob", "--status", "in_progress"], ["d1", "d2"], ""),
        (["--page", "2", "--per-page", "2"], ["d3"], "Page 2 of 2 (3 documents)."),
        (["--page", "1", "--per-page", "2", "-q", "t"], ["d1", "d2"], "Page 1 of 2 (3 documents)."),
    ],
)
def test_documents_list_pages_and_filters_as_the_project_page_does(
    runner: Any, world: Any, args: list[str], lines: list[str], place: str
) -> None:
    result = runner.invoke(args=["documents", "list", "p", *args])
    assert result.exit_code == 0, result.output
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == lines
    assert result.stderr.strip() == place


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--status", "finished"], "status must be one of"),
        (["--page", "0"], "page must be a whole number from 1 to 2147483647"),
        (["--page", "1", "--per-page", "501"], "per_page must be a whole number from 1 to 500"),
        (["--annotator", "carla"], "no user called 'carla'"),
    ],
)
def test_documents_list_refuses_bad_filters_with_one_line(
    runner: Any, world: Any, args: list[str], reason: str
) -> None:
    result = runner.invoke(args=["documents", "list", "p", *args])
    assert result.exit_code == 1
    assert reason in result.stderr and result.stdout == ""


def test_documents_status_goes_through_the_service_the_api_uses(
    runner: Any, client: Any, world: Any, make_token: Any
) -> None:
    result = runner.invoke(args=["documents", "status", "p", "d2", "done", "--annotator", "bob"])
    assert result.exit_code == 0, result.output
    answer = client.get("/api/v1/projects/p/documents", headers=make_token(world["bob"]))
    statuses = {d["external_id"]: d["status"] for d in answer.get_json()["documents"]}
    assert statuses == {"d1": "in_progress", "d2": "done", "d3": "new"}
    unassigned = runner.invoke(
        args=["documents", "status", "p", "d2", "done", "--annotator", "carol"]
    )
    assert unassigned.exit_code == 1
    # Named as the operator named it, not by its row id.
    assert "document 'd2' is not assigned to 'carol'" in unassigned.output
    new = runner.invoke(args=["documents", "status", "p", "d2", "new", "--annotator", "bob"])
    assert new.exit_code != 0 and "Invalid value" in new.output


def test_documents_delete_removes_every_row_of_the_document_only(
    runner: Any, session: Any, world: Any
) -> None:
    d1, d2 = (doc.id for doc in world["docs"][:2])
    before = _rows(session, d1)
    assert all(before.values()), before  # the fixture fills every table
    refused = runner.invoke(args=["documents", "delete", "p", "d1"], input="n\n")
    assert refused.exit_code != 0 and _rows(session, d1) == before
    result = runner.invoke(args=["documents", "delete", "p", "d1", "--yes"])
    assert result.exit_code == 0, result.output
    assert session.get(Document, d1) is None
    assert not any(_rows(session, d1).values())
    assert _rows(session, d2) == before
    # The other project's document with the same external id is untouched.
    other = session.scalar(select(Document).where(Document.project_id == world["other"].id))
    assert other is not None
    again = runner.invoke(args=["documents", "delete", "p", "d1", "--yes"])
    assert again.exit_code == 1 and "no document 'd1' in project 'p'" in again.output


def test_notes_print_what_annotators_said(runner: Any, world: Any) -> None:
    result = runner.invoke(args=["notes", "p"])
    assert result.exit_code == 0, result.output
    note = "Is 'officials' a source?\\nNot sure."
    assert result.output.splitlines() == [
        f"d1\talice\tunsure\t{note}",
        f"d2\talice\tunsure\t{note}",
    ]
    one = runner.invoke(args=["notes", "p", "d2", "--json"])
    assert one.exit_code == 0 and one.output.count("\n") == 1
    assert '"document": "d2"' in one.output and '"unsure": true' in one.output
    # None: nothing on stdout for a script, and a line on stderr for a person, who otherwise
    # cannot tell "no notes" from a command that did nothing.
    none = runner.invoke(args=["notes", "p", "d3"])
    assert none.exit_code == 0
    assert none.stdout == ""
    assert none.stderr == "No notes on d3.\n"


def test_projects_edit_changes_schema_fields_and_revalidates(
    runner: Any, session: Any, world: Any, tmp_path: Path
) -> None:
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_text("# New guidelines\n", encoding="utf-8")
    args = ["projects", "edit", "p", "--name", "Renamed", "--guidelines", str(guidelines)]
    result = runner.invoke(args=[*args, "--per-document", "3"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    project = session.get(Project, world["project"].id)
    assert project.name == "Renamed"
    assert project.schema_version == 2  # the edit made one new version
    assert project.schema["guidelines"] == "# New guidelines\n"
    assert project.schema["annotators_per_document"] == 3
    assert project.schema["span_labels"] == world["project"].schema["span_labels"]
    bad = runner.invoke(args=["projects", "edit", "p", "--per-document", "0"])
    # Named as the option given, not as a line of the schema it is stored in.
    assert bad.exit_code == 2 and "'--per-document': 0 is not in the range x>=1" in bad.output
    assert "schema" not in bad.output
    assert runner.invoke(args=["projects", "edit", "p"]).exit_code != 0
    session.expire_all()
    assert session.get(Project, world["project"].id).schema["annotators_per_document"] == 3


def test_projects_delete_removes_everything_of_that_project_only(
    runner: Any, session: Any, world: Any
) -> None:
    doc_ids = [doc.id for doc in world["docs"]]
    assert runner.invoke(args=["projects", "delete", "p"], input="n\n").exit_code != 0
    result = runner.invoke(args=["projects", "delete", "p", "--yes"])
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output
    for doc_id in doc_ids:
        assert not any(_rows(session, doc_id).values())
    session.expire_all()
    assert session.scalars(select(Project.slug)).all() == ["q"]
    assert session.scalar(select(func.count()).select_from(Document)) == 1
    assert session.scalar(select(func.count()).select_from(Span)) == 0
    missing = runner.invoke(args=["projects", "delete", "p", "--yes"])
    assert missing.exit_code == 1 and "no project 'p'" in missing.output


def test_unassign_keeps_annotated_documents_unless_forced(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(args=["unassign", "p", "--annotator", "alice"])
    assert result.exit_code == 0, result.output
    assert "Removed alice from 1 document." in result.output
    assert "Kept 2 documents alice has annotated (--force drops them): d1, d2." in result.output
    assert _assigned(session, world["alice"]) == ["d1", "d2"]
    named = runner.invoke(args=["unassign", "p", "--annotator", "alice", "--documents", "d1"])
    assert named.exit_code == 1
    # The API's and the page's words (one rule, staffing.take_back), and the way on.
    number = world["docs"][0].number
    assert f"nothing unassigned: alice has annotated #{number} (d1); --force drops that work" in (
        named.output
    )
    assert _assigned(session, world["alice"]) == ["d1", "d2"]
    forced = runner.invoke(
        args=["unassign", "p", "--annotator", "alice", "--documents", "d1", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert _assigned(session, world["alice"]) == ["d2"]
    rows = _rows(session, world["docs"][0].id)
    # bob's layer and the gold layer stay; alice's layer and note went with her assignment.
    assert rows["Layer"] == 2 and rows["DocumentNote"] == 0 and rows["Assignment"] == 1


def test_reassign_moves_open_documents_and_refuses_duplicates(
    runner: Any, session: Any, world: Any
) -> None:
    result = runner.invoke(args=["reassign", "p", "--from", "alice", "--to", "carol"])
    assert result.exit_code == 0, result.output
    assert "Moved 1 document from alice to carol." in result.output
    assert "Kept 2 documents alice has annotated with them: d1, d2." in result.output
    assert _assigned(session, world["carol"]) == ["d3"]
    assert _assigned(session, world["alice"]) == ["d1", "d2"]
    duplicate = runner.invoke(
        args=["reassign", "p", "--from", "bob", "--to", "carol", "--documents", "d3"]
    )
    assert duplicate.exit_code == 1
    assert "carol already has #3 (d3)" in duplicate.output
    assert _assigned(session, world["bob"]) == ["d1", "d2", "d3"]
    unknown = runner.invoke(args=["reassign", "p", "--from", "bob", "--to", "ghost"])
    assert unknown.exit_code == 1 and "no user called 'ghost'" in unknown.output


def test_assign_still_works_from_its_new_module(
    runner: Any, session: Any, make_user: Any, make_project: Any, make_document: Any
) -> None:
    make_project("r", dict(SEED_SCHEMA, annotators_per_document=1))
    make_user("a")
    make_document(session.scalar(select(Project).where(Project.slug == "r")), TEXT, "x")
    result = runner.invoke(args=["assign", "r", "--annotators", "a"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 new assignment over 1 document (1 per document)")
