"""A document's number in its project is what every message and list shows as ``#N``.

``annotator documents list`` starts each line with the number, ``annotator db copies`` names
a document by it (a row id is no number the project page shows), every command that names
documents says in its help that it takes one, and a project file carries the numbers and the
project's counter, so that ``#7`` names the same document before and after a move.

The worlds give documents whose row ids and numbers differ (a second project's, a deleted
document's gap), so that a row id shown as a number is seen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from annotator.models import Document, Project, Span
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.project_world import file_of, records_of

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any, runner: Any
) -> dict[str, Any]:
    """Project p: d1..d4 with d2 deleted (numbers 1, 3, 4; counter 4); project q: q1, whose
    row id is 5 and number 1, where alice's layer holds a span twice."""
    alice = make_user("alice", "annotator", None)
    rita = make_user("rita", "reviewer", None)
    p = make_project("p")
    for i in (1, 2, 3, 4):
        make_document(p, f"{TEXT} {i}", external_id=f"d{i}", title=f"T{i}")
    deleted = runner.invoke(args=["documents", "delete", "p", "#2", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    q = make_project("q")
    q1 = make_document(q, TEXT, external_id="q1")
    assign(q1, alice)
    layer = open_layer(session, alice, q1, None)
    first = add_span(session, layer, "SOURCE", 0, 9)
    session.commit()
    # A copy as a database written before the rule holds it (under the service refusing it).
    copy = Span(layer_id=layer.id, label="SOURCE", start=0, end=9)
    session.add(copy)
    session.commit()
    assert q1.id != q1.number == 1
    return {"p": p, "q": q, "q1": q1, "spans": (first.id, copy.id), "rita": rita, "alice": alice}


def test_documents_list_starts_each_line_with_the_number(runner: Any, world: Any) -> None:
    listed = runner.invoke(args=["documents", "list", "p"])
    assert listed.exit_code == 0, listed.output
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        ["#1", "d1"],
        ["#3", "d3"],
        ["#4", "d4"],
    ]
    other = runner.invoke(args=["documents", "list", "q"])
    assert [line.split("\t")[:2] for line in other.stdout.splitlines()] == [["#1", "q1"]]


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["documents", "list"], "number in the project (#12)"),
        (["documents", "status"], "its number (#12 or 12)"),
        (["documents", "delete"], "its number (#12 or 12)"),
        (["notes"], "its number (#12 or 12)"),
        (["adjudicate", "differences"], "its number (#12 or 12)"),
        (["adjudicate", "accept"], "its number (#12 or 12)"),
        (["adjudicate", "status"], "its number (#12 or 12)"),
        (["agreement"], "# numbers"),
        (["export"], "# numbers"),
    ],
)
def test_the_help_says_documents_are_named_by_their_numbers(
    runner: Any, command: list[str], said: str
) -> None:
    result = runner.invoke(args=[*command, "--help"])
    assert result.exit_code == 0, result.output
    assert said in " ".join(result.output.split()), result.output


def test_db_copies_names_the_document_by_its_number(runner: Any, world: Any) -> None:
    kept, removed = world["spans"]
    listed = runner.invoke(args=["db", "copies"])
    assert listed.exit_code == 1
    where = "project q, document #1 (q1), layer alice"
    assert f"{where}: 'SOURCE' at [0, 9) 2 times: spans {kept}, {removed}" in listed.output
    assert f"(#{world['q1'].id})" not in listed.output
    merged = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert merged.exit_code == 0, merged.output
    assert f"{where}: 'SOURCE' at [0, 9): kept span {kept}, removed span {removed}" in (
        merged.output
    )
    assert f"(#{world['q1'].id})" not in merged.output


def _numbers(session: Any, slug: str) -> tuple[list[tuple[int, str]], int]:
    """Return ``[(number, external id)]`` of the project's documents and its counter."""
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == slug))
    rows = session.execute(
        select(Document.number, Document.external_id)
        .where(Document.project_id == project.id)
        .order_by(Document.number)
    )
    return [tuple(row) for row in rows], project.documents_numbered


def _dump(runner: Any, tmp_path: Path) -> list[dict[str, Any]]:
    result = runner.invoke(args=["projects", "dump", "p", "-o", str(tmp_path / "p.gz")])
    assert result.exit_code == 0, result.output
    return records_of((tmp_path / "p.gz").read_bytes())


def _load(runner: Any, tmp_path: Path, records: list[dict[str, Any]], slug: str) -> Any:
    (tmp_path / "in.gz").write_bytes(file_of(records))
    return runner.invoke(args=["projects", "load", str(tmp_path / "in.gz"), "--slug", slug])


def test_a_project_file_carries_the_numbers_and_the_counter(
    runner: Any, session: Any, world: Any, make_document: Any, tmp_path: Path
) -> None:
    records = _dump(runner, tmp_path)
    assert records[0]["version"] == 10
    assert records[1]["documents_numbered"] == 4
    documents = [r for r in records if r["record"] == "document"]
    assert [(r["number"], r["id"]) for r in documents] == [(1, "d1"), (3, "d3"), (4, "d4")]
    loaded = _load(runner, tmp_path, records, "p2")
    assert loaded.exit_code == 0, loaded.output
    assert _numbers(session, "p2") == ([(1, "d1"), (3, "d3"), (4, "d4")], 4)
    # #3 names the same document after the move, and no number is given again.
    listed = runner.invoke(args=["documents", "list", "p2", "-q", "T3"])
    assert listed.stdout.startswith("#3\td3\t")
    new = make_document(session.get(Project, _project_id(session, "p2")), TEXT, external_id="d5")
    assert new.number == 5


def _project_id(session: Any, slug: str) -> int:
    return session.scalar(select(Project.id).where(Project.slug == slug))


def test_a_version_9_file_loads_numbered_as_before(
    runner: Any, session: Any, world: Any, tmp_path: Path
) -> None:
    records = _dump(runner, tmp_path)
    records[0]["version"] = 9
    del records[1]["documents_numbered"]
    for record in records:
        record.pop("number", None)
    loaded = _load(runner, tmp_path, records, "p9")
    assert loaded.exit_code == 0, loaded.output
    assert _numbers(session, "p9") == ([(1, "d1"), (2, "d3"), (3, "d4")], 3)


def _break(records: list[dict[str, Any]], how: str) -> str:
    """Break the dump's numbers one way; return the start of the expected message."""
    first, second, third = (i for i, r in enumerate(records) if r["record"] == "document")
    if how == "twice":
        records[third]["number"] = 3
        return (
            f"line {third + 1}: number: document 'd4' is numbered 3, as the document on line "
            f"{second + 1} is"
        )
    if how == "zero":
        records[second]["number"] = 0
        return f"line {second + 1}: number: document 'd3' is numbered 0; numbers start at 1"
    if how == "negative":
        records[first]["number"] = -2
        return f"line {first + 1}: number: document 'd1' is numbered -2; numbers start at 1"
    if how == "above":
        records[1]["documents_numbered"] = 3
        return (
            f"line {third + 1}: number: document 'd4' is numbered 4, above the 3 numbers the "
            "project has given (documents_numbered, line 2)"
        )
    if how == "counter":
        records[1]["documents_numbered"] = -1
        return "line 2: documents_numbered: -1; the count of numbers given is 0 or more"
    if how == "missing":
        records[second]["number"] = None
        return f"line {second + 1}: number: document 'd3' needs its number in this format version"
    if how == "no counter":
        records[1]["documents_numbered"] = None
        return "line 2: documents_numbered: the project needs its count of numbers given"
    if how == "older":
        records[0]["version"] = 9
        del records[1]["documents_numbered"]
        return f"line {first + 1}: number: document numbers came with format version 10"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how", ["twice", "zero", "negative", "above", "counter", "missing", "no counter", "older"]
)
def test_a_file_with_bad_numbers_is_refused_naming_the_line(
    app: Flask, runner: Any, session: Any, world: Any, tmp_path: Path, how: str
) -> None:
    records = _dump(runner, tmp_path)
    message = _break(records, how)
    before = session.scalar(select(func.count()).select_from(Document))
    result = _load(runner, tmp_path, records, "bad")
    assert result.exit_code != 0
    assert message in result.output, result.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Document)) == before
    assert _project_id(session, "bad") is None


def test_the_numbers_survive_a_load_then_dump_byte_for_byte(
    runner: Any, session: Any, world: Any, tmp_path: Path
) -> None:
    records = _dump(runner, tmp_path)
    assert _load(runner, tmp_path, records, "p3").exit_code == 0
    result = runner.invoke(args=["projects", "dump", "p3", "-o", str(tmp_path / "p3.gz")])
    assert result.exit_code == 0, result.output
    again = records_of((tmp_path / "p3.gz").read_bytes())
    assert again[1]["documents_numbered"] == 4
    numbered = [(r["number"], r["id"]) for r in again if r["record"] == "document"]
    assert numbered == [(1, "d1"), (3, "d3"), (4, "d4")]


def test_final_gold_refused_on_the_command_line_names_the_number(runner: Any, world: Any) -> None:
    final = runner.invoke(args=["adjudicate", "status", "q", "#1", "final", "--as", "rita"])
    assert final.exit_code == 0, final.output
    kept, _ = world["spans"]
    accept = ["adjudicate", "accept", "q", "q1", "span", str(kept), "--as", "rita"]
    result = runner.invoke(args=accept)
    assert result.exit_code != 0
    assert "gold of document #1 (q1) is marked final" in result.stderr, result.stderr
    # The request that sets it back goes by the row id, as every API path does.
    assert f"/review/{world['q1'].id}/status" in result.stderr


def test_a_document_not_assigned_is_named_by_its_number(
    client: Any, make_token: Any, world: Any
) -> None:
    answer = client.post(
        f"/api/v1/documents/{world['q1'].id}/spans",
        json={"label": "SOURCE", "start": 0, "end": 9},
        headers=make_token(world["rita"]),
    )
    assert answer.status_code == 403, answer.get_json()
    assert answer.get_json()["error"]["message"] == "document #1 (q1) is not assigned to you"


def test_a_layer_marked_done_is_named_by_its_documents_number(
    client: Any, make_token: Any, world: Any
) -> None:
    alice, doc_id = make_token(world["alice"]), world["q1"].id
    done = client.put(f"/api/v1/documents/{doc_id}/status", json={"status": "done"}, headers=alice)
    assert done.status_code == 200, done.get_json()
    answer = client.post(
        f"/api/v1/documents/{doc_id}/spans",
        json={"label": "CLAIM", "start": 15, "end": 31, "attributes": {"claimer": "REPORTED"}},
        headers=alice,
    )
    assert answer.status_code == 409, answer.get_json()
    message = answer.get_json()["error"]["message"]
    assert message.startswith("your layer of document #1 (q1) is marked done: reopen it first")
    assert f"PUT /api/v1/documents/{doc_id}/status" in message  # the API's path: the row id
