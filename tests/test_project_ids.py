"""Span and relation ids through `projects dump` and `projects load` (CONTRACT 12).

A load keeps every id when none is taken in the target database, so that the loaded project
exports byte for byte the same jsonl; where some are taken, that kind is numbered anew and
the load says how many were taken. Runs on SQLite, and on PostgreSQL when
ANNOTATOR_TEST_DATABASE_URL names a server (where the id sequences must move too).
"""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from annotator.core.formats.project_file import VERSION, ProjectFileError
from annotator.core.formats.project_ids import DeclaredIds
from annotator.core.limits import INT_MAX
from annotator.db import get_session
from annotator.models import Document, Layer, LayerChange, Project, Relation, Span, User
from annotator.services.accounts.projects import get_project
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.project_load import load_project
from tests.project_world import build_full_world, file_of, jsonl_export, records_of
from tests.test_project_files import THIS_KIND, cli, dump, instance

LAYERS = ("all", "gold", "suggestions")


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_full_world(session, make_user, make_project, make_document, assign)


def raw_export(session: Any, slug: str, layer: str) -> bytes:
    """Return the project's jsonl export as its bytes, ids and all."""
    options = ExportOptions(layer=layer)
    return b"".join(start_export(session, get_project(session, slug), options).chunks)


def relation_changes(session: Any, slug: str) -> list[tuple[str, int | None, str | None]]:
    """Return the project's relation history: document, the relation's id, and its after."""
    project = get_project(session, slug)
    query = (
        select(Document.external_id, LayerChange.item_id, LayerChange.after)
        .join(Document, Document.id == LayerChange.document_id)
        .where(Document.project_id == project.id, LayerChange.kind == "relation")
        .order_by(Document.external_id, LayerChange.id)
    )
    return [tuple(row) for row in session.execute(query)]


def declared(records: list[dict[str, Any]], kind: str) -> int:
    """Return how many ids of ``kind`` the file's ids records declare."""
    return sum(
        end - start
        for record in records
        if record["record"] == "ids" and record["kind"] == kind
        for start, end in record["ranges"]
    )


def test_loaded_into_an_empty_database_it_exports_the_same_jsonl_ids_included(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    data = dump(app, "src", tmp_path / "a.gz")
    expected = {layer: raw_export(session, "src", layer) for layer in LAYERS}
    history = relation_changes(session, "src")
    assert any(item is not None for _, item, _ in history), "the world has relation history"
    records = records_of(data)
    assert records[0]["version"] == VERSION
    assert declared(records, "span") and declared(records, "relation")
    with instance(THIS_KIND, tmp_path) as second:
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        assert "renumbered" not in result.output
        with second.app_context():
            other = get_session()
            for layer in LAYERS:
                assert raw_export(other, "src", layer) == expected[layer], layer
            # The history of relations points at the same relations, ids kept.
            assert relation_changes(other, "src") == history


def test_where_ids_are_taken_the_kind_is_renumbered_and_the_load_says_so(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    data = dump(app, "src", tmp_path / "a.gz")
    records = records_of(data)
    expected = {layer: jsonl_export(session, world.project, layer) for layer in LAYERS}
    history = relation_changes(session, "src")
    with instance(THIS_KIND, tmp_path) as second:
        first = cli(second, "projects", "load", str(tmp_path / "a.gz"), "--slug", "first")
        assert first.exit_code == 0, first.output
        assert "renumbered" not in first.output
        # The same file again: every span and relation id is the first copy's now.
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        spans, relations = declared(records, "span"), declared(records, "relation")
        labels = declared(records, "label")
        assert result.stderr.splitlines() == [
            "A project here is named src already: this one is named src (src).",
            f"{spans} span ids, {relations} relation ids and {labels} label value ids were "
            "already used on this server, so the loaded project's span, relation and label "
            "value ids were renumbered: ids in files exported from the original differ from "
            "this project's.",
        ]
        assert "Loaded project src with 4 documents." in result.stdout
        with second.app_context():
            other = get_session()
            loaded, copy = get_project(other, "src"), get_project(other, "first")
            # The same but for ids: each relation joins the spans at the same places.
            for layer in LAYERS:
                assert jsonl_export(other, loaded, layer) == expected[layer], layer
            assert _ids(other, loaded).isdisjoint(_ids(other, copy))
            # The copy kept the file's ids; the relation history follows each copy's own.
            assert relation_changes(other, "first") == history
            moved = relation_changes(other, "src")
            assert [(d, after) for d, _, after in moved] == [(d, a) for d, _, a in history]
            for doc_id, item, _ in moved:
                if item is not None:
                    relation = other.get(Relation, item)
                    layer = other.get(Layer, relation.layer_id)
                    document = other.get(Document, layer.document_id)
                    assert (document.external_id, document.project_id) == (doc_id, loaded.id)


def _ids(session: Any, project: Any) -> set[tuple[str, int]]:
    query_spans = (
        select(Span.id)
        .join(Layer, Layer.id == Span.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
    )
    query_relations = (
        select(Relation.id)
        .join(Layer, Layer.id == Relation.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id)
    )
    return {("span", i) for i in session.scalars(query_spans)} | {
        ("relation", i) for i in session.scalars(query_relations)
    }


def test_a_few_taken_ids_are_counted(app: Flask, world: Any, session: Any, tmp_path: Path) -> None:
    """A database whose other project holds two of the file's span ids: those two are named,
    and the relations, none of whose ids is taken, keep theirs."""
    data = dump(app, "src", tmp_path / "a.gz")
    records = records_of(data)
    ranges = [r["ranges"] for r in records if r["record"] == "ids" and r["kind"] == "span"]
    first_id = ranges[0][0][0]
    other_records = _one_document_file(records, [first_id, first_id + 1])
    with instance(THIS_KIND, tmp_path) as second:
        with second.app_context():
            other = get_session()
            load_project(other, io.BytesIO(file_of(other_records)), None, "other")
            other.commit()
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        assert result.stderr.splitlines()[-1:] == [
            "2 span ids were already used on this server, so the loaded project's span ids were "
            "renumbered: ids in files exported from the original differ from this project's."
        ]
        with second.app_context():
            other = get_session()
            assert relation_changes(other, "src") == relation_changes(session, "src")


def _one_document_file(records: list[dict[str, Any]], span_ids: list[int]) -> list[dict[str, Any]]:
    """Return a file of one document of ``records`` whose first layer keeps only spans with
    ``span_ids``, and no relation, label, history or other layer."""
    document = next(r for r in records if r["record"] == "document" and r["layers"])
    layer = dict(document["layers"][0], relations=[], labels=[])
    layer["spans"] = [dict(s, id=i) for s, i in zip(layer["spans"], span_ids, strict=False)]
    assert len(layer["spans"]) == len(span_ids)
    document = dict(document, layers=[layer], changes=[], decisions=[], rejections=[])
    head = [r for r in records if r["record"] in ("header", "project", "user")]
    return [
        *head,
        {"record": "ids", "kind": "span", "ranges": [[span_ids[0], span_ids[-1] + 1]]},
        {"record": "ids", "kind": "relation", "ranges": []},
        {"record": "ids", "kind": "label", "ranges": []},
        document,
        {"record": "end", "documents": 1},
    ]


@pytest.mark.parametrize("version", [3, 4])
def test_an_older_file_still_loads_its_items_without_ids_numbered_by_the_database(
    app: Flask, world: Any, session: Any, tmp_path: Path, version: int
) -> None:
    """Version 3 wrote no ids, version 4 none of label values: the database numbers those."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    without_ids = ("spans", "relations", "labels") if version == 3 else ("labels",)
    named = ("span",) if version == 3 else ("span", "relation")
    old = []
    for record in records:  # the same project as that version wrote it
        if record["record"] == "header":
            record["version"] = version
        record.pop("documents_numbered", None)  # numbers came with version 10
        record.pop("number", None)
        if record["record"] == "ids" and (version == 3 or record["kind"] == "label"):
            continue
        if record["record"] == "document":
            for layer in record["layers"]:
                for part in without_ids:
                    for item in layer[part]:
                        del item["id"]
            for change in record["changes"]:
                if change["kind"] not in named:
                    change["item"] = None
        old.append(record)
    expected = jsonl_export(session, world.project)
    (tmp_path / "old.gz").write_bytes(file_of(old))
    result = cli(app, "projects", "load", str(tmp_path / "old.gz"), "--slug", "copy")
    assert result.exit_code == 0, result.output
    # Nothing was taken: version 3 had no ids to keep; version 4's are the source's, taken.
    said = [line for line in result.stderr.splitlines() if "renumbered" in line]
    if version == 3:
        assert said == []
    else:
        assert len(said) == 1 and "loaded project's span and relation ids were" in said[0]
    session.commit()
    assert jsonl_export(session, get_project(session, "copy")) == expected


def test_new_spans_and_relations_after_a_load_get_free_ids(
    app: Flask, world: Any, tmp_path: Path
) -> None:
    """On PostgreSQL the loaded ids were written past the id sequences: the load moved them."""
    data = dump(app, "src", tmp_path / "a.gz")
    records = records_of(data)
    top = {
        kind: max(end for r in records if r["record"] == "ids" and r["kind"] == kind
                  for _, end in r["ranges"]) - 1
        for kind in ("span", "relation")
    }  # fmt: skip
    with instance(THIS_KIND, tmp_path) as second:
        assert cli(second, "projects", "load", str(tmp_path / "a.gz")).exit_code == 0
        with second.app_context():
            session = get_session()
            project = get_project(session, "src")
            alice = session.scalar(select(User).where(User.username == "alice"))
            layer = session.scalar(
                select(Layer)
                .join(Document, Document.id == Layer.document_id)
                .where(Document.project_id == project.id, Layer.user_id == alice.id)
                .order_by(Document.external_id)
            )
            claim = add_span(session, layer, "CLAIM", 0, 3)
            source = add_span(session, layer, "SOURCE", 4, 7)
            relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
            session.commit()
            assert claim.id > top["span"] and source.id > top["span"]
            assert relation.id > top["relation"]


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("undeclared", "span id 999999 is not among the file's ids records"),
        ("twice", "a second span with id"),
        ("unclaimed", "the ids records declare 3 span ids, the documents hold 2 spans"),
        ("null", "a span needs its id in this version"),
    ],
)
def test_ids_the_file_does_not_declare_exactly_are_refused(
    app: Flask, world: Any, session: Any, tmp_path: Path, how: str, message: str
) -> None:
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    small = _one_document_file(records, [10, 11])
    spans = small[-2]["layers"][0]["spans"]
    if how == "undeclared":
        spans[1]["id"] = 999999
    elif how == "twice":
        spans[1]["id"] = 10
    elif how == "unclaimed":
        next(r for r in small if r.get("kind") == "span")["ranges"] = [[10, 13]]
    else:
        spans[0]["id"] = None
    with pytest.raises(ProjectFileError, match=message):
        load_project(session, io.BytesIO(file_of(small)), None, "small")


def test_declared_ids_cost_memory_only_as_the_documents_claim_them() -> None:
    """A bit per declared id was made up front: 256 MB for one line declaring the ids up to
    2**31, and a MemoryError for 2**40."""
    ids = DeclaredIds("span")
    tracemalloc.start()
    try:
        ids.declare([[1, 3], [100, INT_MAX + 1]], line=7)
        ids.claim(INT_MAX, line=9, field="spans[0].id")
        ids.claim(2, line=9, field="spans[1].id")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    assert (ids.total, ids.claimed) == (2 + INT_MAX + 1 - 100, 2)
    with pytest.raises(ProjectFileError, match=f"a second span with id {INT_MAX}"):
        ids.claim(INT_MAX, line=10, field="spans[0].id")
    with pytest.raises(ProjectFileError, match=f"the ids records declare {ids.total} span ids"):
        ids.check_all_claimed(line=11)


def test_a_range_of_ids_past_a_columns_integers_is_refused_naming_its_line(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    small = _one_document_file(records, [10, 11])
    next(r for r in small if r.get("kind") == "span")["ranges"] = [[10, 12], [20, 2**40]]
    path = tmp_path / "b.gz"
    path.write_bytes(file_of(small))
    result = cli(app, "projects", "load", str(path), "--slug", "small")
    assert result.exit_code == 1
    line = 1 + next(i for i, r in enumerate(small) if r.get("kind") == "span")
    assert result.stderr == (
        f"Error: {path}: line {line}: ranges[1]: [20, {2**40}] goes past {INT_MAX}, the "
        "largest id a column holds\n"
    )
    assert session.scalar(select(Project).where(Project.slug == "small")) is None


def test_a_change_naming_an_id_now_in_another_layer_is_dumped_without_its_item(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    """A change's item id can be given again to an item of another layer (SQLite reuses the
    highest id after a delete): the dump names an item only in the change's own layer."""
    alice, bob = world.users["alice"], world.users["bob"]
    emoji = world.documents["emoji"]
    bob_layer = session.scalar(
        select(Layer).where(Layer.document_id == emoji.id, Layer.user_id == bob.id)
    )
    bobs = session.scalars(select(Span).where(Span.layer_id == bob_layer.id)).all()
    # Alice's history names, as a deleted span of hers, the id of bob's last span.
    session.add(
        LayerChange(
            document_id=emoji.id,
            layer_key=Layer.key_for(alice.id),
            actor_id=alice.id,
            at=bobs[0].created_at,
            kind="span",
            action="delete",
            source="annotator",
            item_id=bobs[-1].id,
            before='{"attributes":{},"end":1,"label":"CLAIM","start":0}',
            after=None,
        )
    )
    session.commit()
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    document = next(r for r in records if r["record"] == "document" and r["id"] == "doc-emoji")
    deleted = [c for c in document["changes"] if c["action"] == "delete" and c["layer"] == "alice"]
    assert [c["item"] for c in deleted] == [None]
    with instance(THIS_KIND, tmp_path) as second:
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
