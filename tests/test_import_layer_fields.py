"""What an imported layer may hold: no field it does not know, gold's status, new annotators.

A misspelt field inside a layer (``attribute`` for ``attributes``, ``sentence_label`` for
``sentence_labels``) was dropped without a word: the import answered 201 and stored the span
without its attributes, the layer without its stance. Every field of a layer, span,
relation and label is now known or refused, naming the file, line and path; every field our
own exports write still comes back in. Gold's ``status`` comes back with it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed
from annotator.models import Document, GoldStatus, LabelValue, Layer, LayerChange, Span, User
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from annotator.services.review.gold_status import document_gold_status, set_gold_status
from tests.conftest import SEED_SCHEMA
from tests.export_world import World, build_world

URL = "/api/v1/projects/demo/documents"
TEXT = "The EU acted badly."
SPAN = {"id": 1, "label": "BIASED_WORD", "start": 13, "end": 18, "text": "badly"}


def _layer(**fields: Any) -> dict[str, Any]:
    return {"annotator": "alice", "status": "done", "spans": [dict(SPAN)], **fields}


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


def _counts(session: Any) -> tuple[int, ...]:
    models = (Document, Layer, Span, LabelValue, User, GoldStatus)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def _write(tmp_path: Path, records: list[dict[str, Any]], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _refused(session: Any, project: Any, path: Path, **options: Any) -> list[dict[str, Any]]:
    before = _counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [path], options=DatasetOptions(**options))
    session.rollback()
    assert _counts(session) == before
    return list(info.value.details)


# -- 1. unknown fields inside a layer -------------------------------------------------------


def test_the_reviews_request_is_refused_naming_every_misspelt_field(
    client: Any, session: Any, make_project: Any, make_user: Any, admin_headers: Any
) -> None:
    make_project("demo")
    make_user("alice", "annotator")
    record = {
        "id": "y1",
        "text": TEXT,
        "annotations": [
            {
                "annotator": "alice",
                "status": "done",
                "spans": [{**SPAN, "attribute": {"intensity": "HIGH"}}],
                "sentence_label": [{"sentence": 0, "name": "stance", "value": "AGAINST"}],
                "document_labels": [{"name": "genre", "value": "NEWS", "extra": 1}],
            }
        ],
    }
    before = _counts(session)
    response = client.post(
        URL,
        data=json.dumps(record) + "\n",
        headers=admin_headers | {"Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "import_failed"
    messages = [d["message"] for d in error["details"]]
    assert all(d["line"] == 1 for d in error["details"])
    assert any("annotations[0]: unknown field 'sentence_label'; a layer has" in m for m in messages)
    assert any(
        "annotations[0].spans[0]: unknown field 'attribute'; a span has" in m for m in messages
    ), messages
    assert any("annotations[0].document_labels[0]: unknown field 'extra'" in m for m in messages)
    session.expire_all()
    assert _counts(session) == before


@pytest.mark.parametrize(
    ("layer", "gold", "said"),
    [
        (_layer(seconds=3, notes="x"), None, "annotations[0]: unknown field 'notes'; a layer has"),
        (
            _layer(spans=[{**SPAN, "labl": "CLAIM"}]),
            None,
            "annotations[0].spans[0]: unknown field 'labl'; a span has",
        ),
        (
            _layer(
                spans=[
                    {"id": 1, "label": "CLAIM", "start": 0, "end": 12},
                    {"id": 2, "label": "SOURCE", "start": 0, "end": 6},
                ],
                relations=[{"id": 1, "type": "ATTRIBUTED_TO", "from": 1, "to": 2, "kind": 1}],
            ),
            None,
            "annotations[0].relations[0]: unknown field 'kind'; a relation has",
        ),
        (
            _layer(sentence_labels=[{"sentence": 0, "name": "stance", "value": "NONE", "v": 1}]),
            None,
            "annotations[0].sentence_labels[0]: unknown field 'v'; a sentence label has",
        ),
        (
            _layer(document_labels=[{"name": "genre", "value": "NEWS", "sentence": 0}]),
            None,
            "annotations[0].document_labels[0]: unknown field 'sentence'; a document label has",
        ),
        (None, {"annotator": "gold", "spanz": []}, "gold: unknown field 'spanz'; a layer has"),
        (
            None,
            {"annotator": "gold", "spans": [{**SPAN, "score": 0.5, "atributes": {}}]},
            "gold.spans[0]: unknown field 'atributes'; a span has",
        ),
    ],
)
def test_an_unknown_field_in_a_layer_is_refused_with_its_path(
    session: Any, make_user: Any, tmp_path: Path, layer: Any, gold: Any, said: str
) -> None:
    make_user("alice", "annotator")
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    record = {"id": "y1", "text": TEXT, "annotations": [layer] if layer else [], "gold": gold}
    [detail] = _refused(session, project, _write(tmp_path, [{"text": "First."}, record]))
    assert (detail["file"], detail["line"]) == (str(tmp_path / "in.jsonl"), 2)
    assert said in detail["message"], detail["message"]


def test_a_misspelt_top_level_field_says_where_extra_data_goes(
    session: Any, tmp_path: Path
) -> None:
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    [detail] = _refused(session, project, _write(tmp_path, [{"text": TEXT, "bogus": 1}]))
    message = detail["message"]
    assert "unknown field 'bogus'" in message and "put extra data under meta" in message
    assert "extra data goes into meta" not in message


def _export(session: Any, project: Any, format: str = "jsonl", **options: Any) -> bytes:
    export = start_export(session, project, ExportOptions(format=format, **options))
    return b"".join(export.chunks)


@pytest.mark.parametrize(
    ("format", "name"),
    [
        ("jsonl", "out.jsonl"),
        ("doccano", "out.jsonl"),
        ("doccano-relations", "out.jsonl"),
        ("labelstudio", "out.json"),
    ],
)
def test_every_field_our_exports_write_comes_back_in(
    session: Any, world: World, tmp_path: Path, format: str, name: str
) -> None:
    set_gold_status(session, world.users["rita"], world.documents["emoji"], "final")
    session.commit()
    path = tmp_path / name
    path.write_bytes(_export(session, world.project, format))
    copy = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    report = import_paths(session, copy, [path])
    session.commit()
    assert report.layers > 0


# -- 2. gold's status comes back ------------------------------------------------------------


def test_gold_marked_final_is_final_again_after_a_round_trip(
    session: Any, world: World, tmp_path: Path
) -> None:
    set_gold_status(session, world.users["rita"], world.documents["emoji"], "final")
    session.commit()
    exported = _export(session, world.project).decode("utf-8")
    assert '"status": "final"' in exported
    path = tmp_path / "out.jsonl"
    path.write_text(exported, "utf-8")
    copy = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    import_paths(session, copy, [path])
    session.commit()
    emoji = session.scalar(
        select(Document).where(Document.project_id == copy.id, Document.external_id == "doc-emoji")
    )
    assert document_gold_status(session, emoji) == "final"
    row = session.get(GoldStatus, emoji.id)
    assert row is not None and row.status == "final"
    # In gold's history as the review writes it, by the import.
    changes = session.execute(
        select(LayerChange.source, LayerChange.after).where(
            LayerChange.document_id == emoji.id, LayerChange.kind == "status"
        )
    ).all()
    assert [(source, "final" in after) for source, after in changes] == [("import", True)]
    # Exported again, it says final as the source did.
    again = [json.loads(x) for x in _export(session, copy).decode("utf-8").splitlines()]
    assert [r["gold"]["status"] for r in again if r["gold"]] == ["final"]


def test_gold_in_review_without_annotations_comes_back_in_review(
    session: Any, tmp_path: Path
) -> None:
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    record = {"id": "g1", "text": TEXT, "gold": {"annotator": "gold", "status": "in_review"}}
    import_paths(session, project, [_write(tmp_path, [record])])
    session.commit()
    document = session.scalar(select(Document).where(Document.project_id == project.id))
    assert document_gold_status(session, document) == "in_review"


def test_gold_without_a_status_keeps_the_rule_of_its_annotations(
    session: Any, tmp_path: Path
) -> None:
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    record = {"id": "g1", "text": TEXT, "gold": {"annotator": "gold", "spans": [SPAN]}}
    import_paths(session, project, [_write(tmp_path, [record])])
    session.commit()
    document = session.scalar(select(Document).where(Document.project_id == project.id))
    assert document_gold_status(session, document) == "in_review"
    assert session.get(GoldStatus, document.id) is None


def test_an_unknown_gold_status_is_refused_naming_the_line(session: Any, tmp_path: Path) -> None:
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    record = {"id": "g1", "text": TEXT, "gold": {"annotator": "gold", "status": "done"}}
    [detail] = _refused(session, project, _write(tmp_path, [{"text": "First."}, record]))
    assert detail["line"] == 2
    assert "gold status 'done' is not one of open, in_review, final" in detail["message"]


# -- 3. a new annotator that reads as an existing user --------------------------------------


@pytest.mark.parametrize(("existing", "given"), [("alice", "ALICE"), ("zoë", "ZOË")])
def test_a_new_annotator_reading_as_an_existing_user_is_refused_naming_both(
    session: Any, make_user: Any, tmp_path: Path, existing: str, given: str
) -> None:
    make_user(existing, "annotator")
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    record = {"id": "u1", "text": TEXT, "annotations": [{"annotator": given, "spans": [SPAN]}]}
    path = _write(tmp_path, [{"text": "First."}, record])
    [detail] = _refused(session, project, path, create_users=True)
    assert detail["line"] == 2
    assert repr(given) in detail["message"] and repr(existing) in detail["message"]


def test_the_command_line_says_the_look_alike_with_its_line(
    runner: Any, session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("zoë", "annotator")
    make_project("demo")
    record = {"text": TEXT, "annotations": [{"annotator": "ZOË", "spans": [SPAN]}]}
    path = _write(tmp_path, [record])
    before = _counts(session)
    result = runner.invoke(args=["import", "demo", str(path), "--create-users"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: nothing was imported: {path}:1: annotator 'ZOË'")
    assert "'zoë'" in result.stderr
    session.expire_all()
    assert _counts(session) == before


def test_two_new_annotators_reading_alike_are_refused(session: Any, tmp_path: Path) -> None:
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    records = [
        {"id": f"u{i}", "text": TEXT, "annotations": [{"annotator": name, "spans": [SPAN]}]}
        for i, name in enumerate(["carla", "Carla"])
    ]
    [detail] = _refused(session, project, _write(tmp_path, records), create_users=True)
    assert "'Carla'" in detail["message"] and "'carla'" in detail["message"]


def test_a_new_annotator_no_user_may_be_is_refused_naming_the_line(
    session: Any, tmp_path: Path
) -> None:
    project = create_project(session, "fresh", "fresh", SEED_SCHEMA)
    session.commit()
    record = {"text": TEXT, "annotations": [{"annotator": "suggestions", "spans": [SPAN]}]}
    [detail] = _refused(session, project, _write(tmp_path, [record]), create_users=True)
    assert detail["line"] == 1
    assert "annotator 'suggestions' cannot be created" in detail["message"]


def test_the_api_refuses_a_look_alike_annotator_in_the_import_shape(
    client: Any, session: Any, make_project: Any, make_user: Any, admin_headers: Any
) -> None:
    make_project("demo")
    make_user("alice", "annotator")
    record = {"id": "u1", "text": TEXT, "annotations": [{"annotator": "ALICE", "spans": [SPAN]}]}
    before = _counts(session)
    response = client.post(URL + "?create_users=true", json=[record], headers=admin_headers)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "import_failed"
    [detail] = error["details"]
    assert detail["line"] == 1 and "'ALICE'" in detail["message"]
    session.expire_all()
    assert _counts(session) == before


# -- 5. a doccano export's lines are its layers, not more documents -------------------------


def test_a_doccano_relations_export_counts_its_documents_once(
    session: Any, world: World, tmp_path: Path
) -> None:
    exported = _export(session, world.project, "doccano-relations")
    lines = exported.decode("utf-8").splitlines()
    ids = {json.loads(line)["id"] for line in lines}
    assert len(lines) > len(ids)  # one line per document and layer
    path = tmp_path / "out.jsonl"
    path.write_bytes(exported)
    copy = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    report = import_paths(session, copy, [path])
    assert (report.created, report.unchanged, report.documents) == (len(ids), 0, len(ids))
