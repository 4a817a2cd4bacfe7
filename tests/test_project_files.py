"""A whole project in one file: dump -> load -> dump gives the same bytes, on either database.

The original project lives in the run's database (SQLite, or PostgreSQL when
ANNOTATOR_TEST_DATABASE_URL is set); the loads go to fresh, empty instances made by
tests/databases.py, through the real command line.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select

from annotator import create_app
from annotator.db import Base, get_session
from annotator.engine import get_engine
from annotator.models import AuditEntry, Document, Layer, Project, Span, User
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from config import TestingConfig
from tests.databases import fresh_database
from tests.project_world import (
    build_full_world,
    file_of,
    jsonl_export,
    records_of,
    without_dump_time,
)

SERVER = os.environ.get("ANNOTATOR_TEST_DATABASE_URL")


@contextmanager
def instance(kind: str, folder: Path) -> Iterator[Flask]:
    """Yield an app on a new, empty database: ``postgresql`` (a server is set) or ``sqlite``."""
    server = SERVER if kind == "postgresql" else None
    with fresh_database(server, folder, "annotator_move") as url:
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
        settings = {key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()}
        app = create_app(settings | {"DATABASE_URL": url})
        try:
            yield app
        finally:
            get_engine(app).dispose()


def cli(app: Flask, *args: str) -> Any:
    result = app.test_cli_runner().invoke(args=list(args))
    return result


def dump(app: Flask, slug: str, path: Path) -> bytes:
    result = cli(app, "projects", "dump", slug, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path.read_bytes()


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_full_world(session, make_user, make_project, make_document, assign)


THIS_KIND = "postgresql" if SERVER else "sqlite"
OTHER_KIND = "sqlite"


def test_dump_holds_every_kind_of_record(app: Flask, world: Any, tmp_path: Path) -> None:
    records = records_of(dump(app, "src", tmp_path / "src.gz"))
    kinds = [r["record"] for r in records]
    assert kinds[:2] == ["header", "project"] and kinds[-1] == "end"
    for kind in ("user", "member", "schema_version", "assist_model", "history", "document"):
        assert kind in kinds, kind
    assert [r["name"] for r in records if r["record"] == "user"] == ["alice", "bob", "mia", "rita"]
    versions = [r for r in records if r["record"] == "schema_version"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[1]["schema"]["guidelines"] == "Mark every claim.\n\n*Be exact.*"
    assert versions[1]["created_by"] == "rita"
    emoji = next(r for r in records if r["record"] == "document" and r["id"] == "doc-emoji")
    assert emoji["gold_status"]["status"] == "final"
    assert [n["user"] for n in emoji["notes"]] == ["alice", "bob"]
    assert emoji["notes"][0] == {
        "user": "alice",
        "note": "Unsure about the cue 😀",
        "unsure": True,
        "updated_at": emoji["notes"][0]["updated_at"],
    }
    names = [layer["name"] for layer in emoji["layers"]]
    assert names == ["alice", "bob", "gold", "suggestions"][: len(names)]
    gold = emoji["layers"][names.index("gold")]
    decided = [s for s in gold["spans"] if s["source_layer"] == "bob"]
    assert decided and decided[0]["decided_by"] == "rita"
    alice = emoji["layers"][0]
    assert alice["relations"][0]["from"] < len(alice["spans"])
    assert alice["spans"][0]["created_at"].endswith("Z")
    meta = next(r for r in records if r["record"] == "document" and r["id"] == "doc-meta")
    assert list(meta["meta"]) == ["outlet", "author", "b"]  # as stored, not sorted
    history = [r["action"] for r in records if r["record"] == "history"]
    assert "assignment.create" in history and "member.set" in history
    assert records[-1] == {"record": "end", "documents": 4}


@pytest.mark.parametrize("target", [THIS_KIND, OTHER_KIND])
def test_dump_load_dump_gives_the_same_file(
    app: Flask, world: Any, session: Any, tmp_path: Path, target: str
) -> None:
    """Loaded into an empty instance and dumped again: the same bytes but the dump time.

    On PostgreSQL runs the file goes PostgreSQL -> SQLite -> PostgreSQL (and PostgreSQL ->
    PostgreSQL); on SQLite runs between two SQLite files.
    """
    original = dump(app, "src", tmp_path / "a.gz")
    with instance(target, tmp_path) as second:
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        assert "with 4 documents" in result.output
        again = dump(second, "src", tmp_path / "b.gz")
    assert without_dump_time(again) == without_dump_time(original)
    with instance(THIS_KIND, tmp_path) as third:
        assert cli(third, "projects", "load", str(tmp_path / "b.gz")).exit_code == 0
        third_file = dump(third, "src", tmp_path / "c.gz")
    assert without_dump_time(third_file) == without_dump_time(original)


def test_loaded_project_exports_the_same_jsonl(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    dump(app, "src", tmp_path / "a.gz")
    expected = {
        layer: jsonl_export(session, world.project, layer)
        for layer in ("all", "gold", "suggestions")
    }
    assert expected["suggestions"], "the world has suggestions"
    with instance(OTHER_KIND, tmp_path) as second:
        assert cli(second, "projects", "load", str(tmp_path / "a.gz")).exit_code == 0
        with second.app_context():
            other = get_session()
            project = get_project(other, "src")
            for layer, records in expected.items():
                assert jsonl_export(other, project, layer) == records, layer


def test_loaded_beside_another_project_it_exports_the_same_jsonl_but_for_its_ids(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    """Span and relation ids are the database's (those of ``PATCH /spans/<id>``), so a load
    into an instance that holds other spans numbers them anew; everything else is the same,
    each relation joining the spans at the same places of its layer."""
    dump(app, "src", tmp_path / "a.gz")
    expected = jsonl_export(session, world.project)
    with instance(OTHER_KIND, tmp_path) as second:
        # The same project under another slug first, so that its spans take the first ids.
        taken = cli(second, "projects", "load", str(tmp_path / "a.gz"), "--slug", "first")
        assert taken.exit_code == 0, taken.output
        assert cli(second, "projects", "load", str(tmp_path / "a.gz")).exit_code == 0
        with second.app_context():
            other = get_session()
            loaded, first = get_project(other, "src"), get_project(other, "first")
            assert jsonl_export(other, loaded) == expected
            assert span_ids(other, loaded).isdisjoint(span_ids(other, first))


def span_ids(session: Any, project: Any) -> set[int]:
    """Return the ids of the project's spans as its ``jsonl`` export gives them."""
    export = start_export(session, project, ExportOptions())
    records = [json.loads(line) for line in b"".join(export.chunks).splitlines()]
    return {
        span["id"]
        for record in records
        for layer in [*record["annotations"], record["gold"] or {"spans": []}]
        for span in layer["spans"]
    }


def test_missing_users_are_created_disabled_and_audited(
    app: Flask, world: Any, tmp_path: Path
) -> None:
    dump(app, "src", tmp_path / "a.gz")
    with instance(OTHER_KIND, tmp_path) as second:
        with second.app_context():
            other = get_session()
            other.add(User(username="bob", role="reviewer", active=True))
            other.commit()
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        assert "Created disabled users" in result.output and "alice, mia, rita" in result.output
        with second.app_context():
            other = get_session()
            users = {u.username: u for u in other.scalars(select(User))}
            assert {n: (u.active, u.role) for n, u in users.items()} == {
                "alice": (False, "annotator"),
                "bob": (True, "reviewer"),  # matched by name, left as it was
                "mia": (False, "annotator"),
                "rita": (False, "annotator"),
            }
            assert all(users[n].password_hash is None for n in ("alice", "mia", "rita"))
            created = other.scalars(
                select(AuditEntry.target).where(AuditEntry.action == "user.create")
            )
            assert sorted(created) == ["alice", "mia", "rita"]
            assert other.scalar(
                select(AuditEntry.action).where(AuditEntry.action == "project.load")
            )


def test_an_existing_slug_is_refused_unless_another_is_given(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    dump(app, "src", tmp_path / "a.gz")
    refused = cli(app, "projects", "load", str(tmp_path / "a.gz"))
    assert refused.exit_code != 0
    assert "project 'src' already exists; give another slug" in refused.output
    assert "(--slug NEW_SLUG)" in refused.output
    bad = cli(app, "projects", "load", str(tmp_path / "a.gz"), "--slug", "Not a slug")
    assert "slug 'Not a slug' must be 1 to 64 lowercase letters" in bad.output
    assert "line" not in bad.output  # the caller's slug, not the file's
    loaded = cli(app, "projects", "load", str(tmp_path / "a.gz"), "--slug", "copy")
    assert loaded.exit_code == 0, loaded.output
    assert "Created disabled users" not in loaded.output
    session.commit()
    copy = get_project(session, "copy")
    assert jsonl_export(session, copy) == jsonl_export(session, world.project)
    assert session.get(User, world.users["alice"].id).active


def _count(session: Any) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Project, Document, Span, User, AuditEntry)
    )


def _broken(records: list[dict[str, Any]], how: str) -> tuple[list[dict[str, Any]], str]:
    """Break a dump's records one way; return them and the start of the expected error."""
    documents = [i for i, r in enumerate(records) if r["record"] == "document"]
    last = documents[-1]
    line = last + 1
    if how == "offset":
        records[documents[0]]["layers"][0]["spans"][0]["end"] = 10_000
        return records, f"line {documents[0] + 1}: layers[0].spans[0]: offsets"
    if how == "relation":
        records[documents[0]]["layers"][0]["relations"][0]["to"] = 99
        return records, f"line {documents[0] + 1}: layers[0].relations[0].to: span 99"
    if how == "type":
        records[last]["sentences"][0] = [0, "9"]
        return records, f"line {line}: sentences: expected a list of [start, end] pairs"
    if how == "user":
        records[last]["assignments"][0]["user"] = "zoe"
        return records, f"line {line}: assignments[0].user: user 'zoe' is not among"
    if how == "long":
        records[documents[0]]["layers"][0]["spans"][0]["label"] = "L" * 101
        first = documents[0] + 1
        return records, f"line {first}: layers[0].spans[0].label: 101 characters; at most 100 fit"
    if how == "title":
        # The words every import uses (core.limits.title_too_long), at the file's line.
        records[last]["title"] = "T" * 1001
        said = "1001 characters long; a document title takes at most 1000"
        return records, f"line {line}: title: {said}"
    if how == "cut":
        return records[:-1], f"line {len(records)}: the file ends before its end record"
    if how == "version":
        records[0]["version"] = 99
        return records, "line 1: version: format version 99 is not one this annotator reads"
    if how == "status":
        records[last]["assignments"][0]["status"] = "finished"
        return records, f"line {line}: assignments[0].status: 'finished' is not one of"
    if how in ("item_source", "source_of"):
        # A gold item's source, as the history page and the exports read it (core/gold_source).
        at, where = next(
            (i, f"changes[{j}]")
            for i in documents
            for j, change in enumerate(records[i]["changes"])
            if change["item_source"] is not None
        )
        if how == "item_source":
            records[at]["changes"][int(where[8:-1])]["item_source"] = [1]
            said = 'must be an object, {"how", "of", "annotators"}'
            return records, f"line {at + 1}: {where}.item_source: {said}"
        layer = next(i for i, x in enumerate(records[at]["layers"]) if x["name"] == "gold")
        records[at]["layers"][layer]["spans"][0]["source_of"] = 0
        said = "of must be a number of annotators (1 or more) or null, not 0"
        return records, f"line {at + 1}: layers[{layer}].spans[0].source_of: {said}"
    raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    [
        "offset",
        "relation",
        "type",
        "user",
        "long",
        "title",
        "cut",
        "version",
        "status",
        "item_source",
        "source_of",
    ],
)
def test_a_corrupted_file_stores_nothing_and_names_the_line(
    app: Flask, world: Any, tmp_path: Path, how: str
) -> None:
    """Loaded into an empty instance, where the load creates users and stores documents
    before it meets the problem (most are in the last document): all of it is undone."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    broken, message = _broken(records, how)
    (tmp_path / "bad.gz").write_bytes(file_of(broken))
    with instance(OTHER_KIND, tmp_path) as second:
        result = cli(second, "projects", "load", str(tmp_path / "bad.gz"))
        assert result.exit_code != 0
        assert message in result.output, result.output
        with second.app_context():
            assert _count(get_session()) == (0, 0, 0, 0, 0)


def test_a_dump_it_cannot_write_is_named_in_one_line(
    app: Flask, world: Any, tmp_path: Path
) -> None:
    output = tmp_path / "missing" / "src.annotator.jsonl.gz"
    result = cli(app, "projects", "dump", "src", "-o", str(output))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"cannot write {output}" in result.output, result.output


def test_a_dump_to_stdout_writes_the_file_a_dump_to_a_path_does(
    app: Flask, world: Any, tmp_path: Path
) -> None:
    """`-o -` writes the project file's bytes to stdout, without a deprecated Click call."""
    result = cli(app, "projects", "dump", "src", "-o", "-")
    assert result.exit_code == 0, (result.output, result.exception)
    written = dump(app, "src", tmp_path / "src.annotator.jsonl.gz")
    assert records_of(result.stdout_bytes) == records_of(written)


def test_garbage_and_plain_json_lines(app: Flask, world: Any, session: Any, tmp_path: Path) -> None:
    (tmp_path / "junk.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    result = cli(app, "projects", "load", str(tmp_path / "junk.gz"), "--slug", "copy")
    assert result.exit_code != 0 and "line 1: the gzip stream is damaged" in result.output
    # The one-line reason names the file, as an import's problems do.
    assert f"{tmp_path / 'junk.gz'}: line 1:" in result.output
    (tmp_path / "other.jsonl").write_text('{"text": "a dataset, not a project"}\n')
    result = cli(app, "projects", "load", str(tmp_path / "other.jsonl"), "--slug", "copy")
    assert "line 1: record: not a project file (no 'annotator-project' header)" in result.output
    # An unzipped dump loads as well.
    import gzip

    plain = gzip.decompress(dump(app, "src", tmp_path / "a.gz"))
    (tmp_path / "plain.jsonl").write_bytes(plain)
    result = cli(app, "projects", "load", str(tmp_path / "plain.jsonl"), "--slug", "copy")
    assert result.exit_code == 0, result.output


def test_the_length_limits_are_the_columns_sizes() -> None:
    from annotator.core.formats.project_checks import LIMITS
    from annotator.models import (
        AuditEntry,
        GoldDecision,
        LabelValue,
        Relation,
        SuggestionRejection,
    )

    tables = {
        "history": AuditEntry,
        "decision": GoldDecision,
        "document": Document,
        "span": Span,
        "relation": Relation,
        "label": LabelValue,
        "rejection": SuggestionRejection,
    }
    columns = {"id": "external_id"}
    for key, limit in LIMITS.items():
        table, field = key.split(".")
        column = tables[table].__table__.c[columns.get(field, field)]
        assert column.type.length == limit, key


def test_rejections_time_and_suggested_relations_travel(
    session,
    make_user,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    """The rows added for suggestions and active time are in the file and come back."""
    from annotator.models import Relation, SuggestionRejection

    world = build_full_world(session, make_user, make_project, make_document, assign)
    before = {
        "rejections": session.query(SuggestionRejection).count(),
        "suggested relations": session.query(Relation).filter(Relation.model.is_not(None)).count(),
        "seconds": session.query(func.sum(Layer.active_seconds)).scalar(),
    }
    assert before == {"rejections": 1, "suggested relations": 1, "seconds": 75}
    data = b"".join(dump_project(session, world.project).chunks)
    load_project(session, io.BytesIO(data), None, slug="copy")
    session.commit()
    copy = session.scalar(select(Project).where(Project.slug == "copy"))
    docs = select(Document.id).where(Document.project_id == copy.id)
    layers = select(Layer.id).where(Layer.document_id.in_(docs))
    after = {
        "rejections": session.query(SuggestionRejection)
        .filter(SuggestionRejection.document_id.in_(docs))
        .count(),
        "suggested relations": session.query(Relation)
        .filter(Relation.layer_id.in_(layers), Relation.model.is_not(None))
        .count(),
        "seconds": session.scalar(
            select(func.sum(Layer.active_seconds)).where(Layer.document_id.in_(docs))
        ),
    }
    assert after == before


def test_a_loaded_project_is_searchable(
    session,
    make_user,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    """The load writes each document's search row, as every way of adding documents does."""
    from annotator.services.datasets.listing import DocumentFilter, list_documents

    world = build_full_world(session, make_user, make_project, make_document, assign)
    data = b"".join(dump_project(session, world.project).chunks)
    load_project(session, io.BytesIO(data), None, slug="copy")
    session.commit()
    copy = session.scalar(select(Project).where(Project.slug == "copy"))
    found = list_documents(session, copy, None, DocumentFilter(q="daily"))
    assert [row.external_id for row in found.documents] == ["doc-meta"]


@pytest.mark.parametrize(
    ("kind", "field", "value", "said"),
    [
        ("document", "text", "Officials said so.\x00", "text: contains a NUL character"),
        ("document", "title", "a\x00", "title: contains a NUL character"),
        ("document", "segmenter_version", "x" * 65, "segmenter_version: 65 characters; at"),
        ("history", "target", "x" * 301, "target: 301 characters; at most 300 fit"),
        ("history", "target", "al\x00ice", "target: contains a NUL character"),
    ],
)
def test_a_load_refuses_text_no_column_holds_naming_line_and_field(
    app: Flask,
    world: Any,
    session: Any,
    tmp_path: Path,
    kind: str,
    field: str,
    value: str,
    said: str,
) -> None:
    """Each was stored on SQLite and a server error on PostgreSQL."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    line = 1 + next(i for i, r in enumerate(records) if r["record"] == kind)
    records[line - 1][field] = value
    path = tmp_path / "b.gz"
    path.write_bytes(file_of(records))
    result = cli(app, "projects", "load", str(path), "--slug", "copy")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: line {line}: {said}"), result.stderr
    session.rollback()
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None


def _first_layer_with(records: list[dict[str, Any]], part: str) -> tuple[int, dict[str, Any]]:
    """Return the line and the first annotator's or gold layer holding some ``part``."""
    for i, record in enumerate(records):
        for layer in record.get("layers", []) if record["record"] == "document" else []:
            if layer["name"] != "suggestions" and layer[part]:
                return i + 1, layer
    raise AssertionError(f"no layer with {part}")


@pytest.mark.parametrize(
    ("part", "change", "said"),
    [
        ("spans", {"label": "NOPE"}, "spans[0]: unknown span label 'NOPE'; the schema has"),
        ("spans", {"attributes": {"nope": "x"}}, "spans[0]: span label"),
        ("relations", {"type": "NOPE"}, "relations[0]: unknown relation type 'NOPE'"),
        ("labels", {"value": "NOPE"}, "labels[0]: label "),
        ("labels", {"name": "NOPE"}, "labels[0]: unknown "),
        ("spans", {"score": 7, "model": "3"}, "spans[0].score: 7 is not from 0 to 1"),
        ("spans", {"score": -0.5, "model": "3"}, "spans[0].score: -0.5 is not from 0 to 1"),
        ("spans", {"version": 0}, "spans[0].version: must be at least 1"),
        ("relations", {"score": 1.5, "model": "3"}, "relations[0].score: 1.5 is not from 0 to 1"),
    ],
)
def test_a_load_refuses_annotations_no_live_project_holds(
    app: Flask,
    world: Any,
    session: Any,
    tmp_path: Path,
    part: str,
    change: dict[str, Any],
    said: str,
) -> None:
    """They were stored: a project holding what no write, import or schema change lets in
    (a suggestion's score is from 0 to 1, a span's version from 1)."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    line, layer = _first_layer_with(records, part)
    layer[part][0].update(change)
    path = tmp_path / "b.gz"
    path.write_bytes(file_of(records))
    result = cli(app, "projects", "load", str(path), "--slug", "copy")
    assert result.exit_code == 1
    index = next(i for i, x in enumerate(records[line - 1]["layers"]) if x["name"] == layer["name"])
    where = f"Error: {path}: line {line}: layers[{index}].{said}"
    assert result.stderr.startswith(where), result.stderr
    session.rollback()
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None


def test_a_load_refuses_a_layer_holding_a_relation_twice_naming_both(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    """A layer holds a relation once, as a span: a file holding a second is refused at its
    line, naming both, and saying how to merge them where they were stored."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    line, layer = _first_layer_with(records, "relations")
    first = layer["relations"][0]
    copy_id = 1 + max(
        r["id"]
        for x in records
        if x["record"] == "document"
        for y in x["layers"]
        for r in y["relations"]
    )
    layer["relations"].append({**first, "id": copy_id})
    ends = [layer["spans"][first[end]]["id"] for end in ("from", "to")]
    path = tmp_path / "b.gz"
    path.write_bytes(file_of(records))
    result = cli(app, "projects", "load", str(path), "--slug", "copy")
    assert result.exit_code == 1
    index = next(i for i, x in enumerate(records[line - 1]["layers"]) if x is layer)
    at = len(layer["relations"]) - 1
    said = (
        f"Error: {path}: line {line}: layers[{index}].relations[{at}]: relation {copy_id}: "
        f"a relation of type {first['type']!r} from span {ends[0]} "
        f"(layers[{index}].spans[{first['from']}]) to span {ends[1]} "
        f"(layers[{index}].spans[{first['to']}]) already exists: "
        f"relation {first['id']} (layers[{index}].relations[0]); run 'annotator db copies "
        "--merge' on the database it was written from, then 'annotator projects dump' it again"
    )
    assert result.stderr.startswith(said), result.stderr
    session.rollback()
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None


def test_a_loaded_model_name_of_other_digits_exports_and_reports(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    """A span whose model was "²" loaded; its export and agreement report then failed with a
    traceback (int() of "²")."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    line, layer = _first_layer_with(records, "spans")
    layer["spans"][0].update(model="²", score=0.5)
    for record in records:
        for each in record.get("layers", []) if record["record"] == "document" else []:
            if each["name"] == "suggestions" and each["spans"]:
                each["spans"][0]["model"] = "²"
    path = tmp_path / "b.gz"
    path.write_bytes(file_of(records))
    assert cli(app, "projects", "load", str(path), "--slug", "copy").exit_code == 0
    exported = cli(app, "export", "copy")
    assert exported.exit_code == 0, exported.output
    suggested = [
        span.get("suggested")
        for line in exported.stdout.splitlines()
        for layer in json.loads(line)["annotations"]
        for span in layer["spans"]
    ]
    assert {"model": "²", "score": 0.5} in suggested
    report = cli(app, "agreement", "copy", "--json")
    assert report.exit_code == 0, report.output


def test_a_load_refuses_a_layer_holding_a_span_twice_naming_both(
    app: Flask, world: Any, session: Any, tmp_path: Path
) -> None:
    """A layer holds a span once (tests/test_identical_spans.py): a file whose layer holds
    two of one label and offsets is refused at its line, naming both, and stores nothing."""
    records = records_of(dump(app, "src", tmp_path / "a.gz"))
    # Two spans of one label in a layer, the second moved onto the first: its relations
    # stay allowed, so that the copy is all that is wrong.
    line, layer, first, second = next(
        (i + 1, x, a, b)
        for i, record in enumerate(records)
        if record["record"] == "document"
        for x in record["layers"]
        for a in x["spans"]
        for b in x["spans"]
        if a["id"] < b["id"] and a["label"] == b["label"]
    )
    second.update(start=first["start"], end=first["end"])
    at = [layer["spans"].index(first), layer["spans"].index(second)]
    path = tmp_path / "b.gz"
    path.write_bytes(file_of(records))
    before = _count(session)
    result = cli(app, "projects", "load", str(path), "--slug", "copy")
    assert result.exit_code == 1
    index = next(i for i, x in enumerate(records[line - 1]["layers"]) if x is layer)
    said = (
        f"Error: {path}: line {line}: layers[{index}].spans[{at[1]}]: span {second['id']}: "
        f"the layer already has a {first['label']!r} span at [{first['start']}, {first['end']}): "
        f"span {first['id']} (layers[{index}].spans[{at[0]}])"
    )
    assert result.stderr.startswith(said), result.stderr
    # And how to be rid of them: merged where they were stored, then written again.
    assert (
        "run 'annotator db copies --merge' on the database it was written from, "
        "then 'annotator projects dump' it again"
    ) in result.stderr
    session.rollback()
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None
    assert _count(session) == before
