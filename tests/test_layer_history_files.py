"""A layer's history travels in the project file: dump -> load -> dump gives the same bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from annotator.db import get_session
from annotator.models import Document, Layer, LayerChange, Span, User
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.annotation.spans import update_span
from annotator.services.review.restore import restore_change
from tests.project_world import build_full_world, records_of, without_dump_time
from tests.test_project_files import THIS_KIND, cli, dump, instance


def _alices_spans(session: Any, document_id: int) -> list[Span]:
    alice = session.scalar(select(User).where(User.username == "alice"))
    layer = session.scalar(
        select(Layer).where(Layer.document_id == document_id, Layer.user_id == alice.id)
    )
    return list(session.scalars(select(Span).where(Span.layer_id == layer.id).order_by(Span.start)))


def test_the_history_travels_and_a_loaded_project_restores_from_it(
    app: Flask,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    tmp_path: Path,
) -> None:
    world = build_full_world(session, make_user, make_project, make_document, assign)
    emoji = world.documents["emoji"]
    first, *rest = _alices_spans(session, emoji.id)
    update_span(session, first, end=first.end - 1)
    delete_span(session, rest[-1])
    session.commit()
    original = dump(app, "src", tmp_path / "a.gz")
    record = next(
        r for r in records_of(original) if r["record"] == "document" and r["id"] == "doc-emoji"
    )
    changes = record["changes"]
    assert [c["action"] for c in changes][-2:] == ["update", "delete"]
    update, deleted = changes[-2:]
    alice = next(layer for layer in record["layers"] if layer["name"] == "alice")
    # The changed span still exists: the change names its place in the layer's spans.
    assert alice["spans"][update["item"]]["end"] == update["after"]["end"]
    assert deleted["item"] is None and deleted["after"] is None
    assert {c["layer"] for c in changes} >= {"alice", "gold"}
    with instance(THIS_KIND, tmp_path) as second:
        assert cli(second, "projects", "load", str(tmp_path / "a.gz")).exit_code == 0
        again = dump(second, "src", tmp_path / "b.gz")
        with second.app_context():
            loaded = get_session()
            document = loaded.scalar(select(Document).where(Document.external_id == "doc-emoji"))
            # Users a load creates are annotators; an admin of the new instance restores.
            admin = User(username="boss", role="admin")
            loaded.add(admin)
            loaded.flush()
            rows = loaded.scalars(
                select(LayerChange)
                .where(LayerChange.document_id == document.id)
                .order_by(LayerChange.id)
            ).all()
            assert len(rows) == len(changes)
            restored = restore_change(loaded, admin, document, rows[-2].id)
            assert restored.item == _alices_spans(loaded, document.id)[0].id
            assert _alices_spans(loaded, document.id)[0].end == first.end + 1
            restored = restore_change(loaded, admin, document, rows[-1].id)
            loaded.commit()
            assert len(_alices_spans(loaded, document.id)) == len(rest) + 1
    assert without_dump_time(again) == without_dump_time(original)


def test_a_merge_s_history_travels_as_the_merge_s(
    app: Flask, session: Any, runner: Any, make_project: Any, make_document: Any, tmp_path: Path
) -> None:
    """The project file names each change's path as stored: a copies merge's rows load as
    the merge's (the loading database's CHECK takes them), not as a reviewer's."""
    project = make_project("src")
    doc = make_document(project, "Officials said the talks failed.", "d1")
    gold = Layer(document_id=doc.id, user_id=None, key="gold")
    session.add(gold)
    session.flush()
    for note in ("the officials", "which ones?"):  # two copies, stored before a layer held one
        session.add(Span(layer_id=gold.id, label="SOURCE", start=0, end=9, note=note))
    session.commit()
    assert runner.invoke(args=["db", "copies", "--merge", "--yes"]).exit_code == 0
    original = dump(app, "src", tmp_path / "a.gz")
    record = next(r for r in records_of(original) if r["record"] == "document")
    assert {c["source"] for c in record["changes"]} == {"merge"}
    with instance(THIS_KIND, tmp_path) as second:
        assert cli(second, "projects", "load", str(tmp_path / "a.gz")).exit_code == 0
        with second.app_context():
            loaded = get_session().scalars(select(LayerChange.source)).all()
            assert sorted(loaded) == ["merge", "merge"]
