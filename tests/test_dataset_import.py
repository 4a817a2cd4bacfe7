"""Importing datasets with annotations: round trips, doccano, Label Studio, and refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed
from annotator.models import Assignment, Document, LabelValue, Layer, Relation, Span, User
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.conftest import SEED_SCHEMA
from tests.export_world import World, build_world


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def export_text(session, project, **options: Any) -> str:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(**options))
    return b"".join(export.chunks).decode("utf-8")


def canonical(records: list[dict[str, Any]]) -> list[Any]:
    """Return the records with span and relation ids replaced by what they point at."""
    out = []
    for record in records:
        layers = []
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            spans = {s["id"]: {k: v for k, v in s.items() if k != "id"} for s in layer["spans"]}
            key = {i: (s["label"], s["start"], s["end"]) for i, s in spans.items()}
            relations = sorted(
                (r["type"], key[r["from"]], key[r["to"]]) for r in layer["relations"]
            )
            layers.append({**layer, "spans": list(spans.values()), "relations": relations})
        out.append({**record, "annotations": layers, "gold": None, "project": None})
    return out


def counts(session) -> tuple[int, ...]:  # noqa: ANN001
    models = (Document, Layer, Span, Relation, LabelValue, Assignment, User)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def test_export_import_export_gives_the_same_annotations(session, world, tmp_path: Path) -> None:
    first = export_text(session, world.project)
    path = tmp_path / "first.jsonl"
    path.write_text(first, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", SEED_SCHEMA)
    report = import_paths(session, copy, [path])
    session.commit()
    # Four layers hold annotations (alice twice, bob, gold); empty ones are assignments only.
    assert (report.created, report.layers) == (3, 4)
    second = export_text(session, copy)
    before = [json.loads(line) for line in first.splitlines()]
    after = [json.loads(line) for line in second.splitlines()]
    assert canonical(after) == canonical(before)
    # Gold too, with its annotator, statuses and every label.
    assert after[0]["gold"]["spans"][0]["text"] == before[0]["gold"]["spans"][0]["text"]
    assert [a["status"] for a in after[1]["annotations"]] == ["done", "skipped"]


def test_reimporting_the_same_export_changes_nothing(session, world, tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(export_text(session, world.project), encoding="utf-8")
    before = counts(session)
    report = import_paths(session, world.project, [path])
    session.commit()
    assert counts(session) == before
    assert (report.created, report.unchanged, report.layers) == (0, 3, 0)
    assert report.layers_unchanged == 7


def test_a_different_layer_for_an_existing_one_is_refused(session, world, tmp_path) -> None:
    records = [json.loads(line) for line in export_text(session, world.project).splitlines()]
    records[0]["annotations"][0]["spans"].pop()
    path = tmp_path / "edited.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    before = counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, world.project, [path])
    session.rollback()
    assert counts(session) == before
    [detail] = info.value.details
    assert detail["line"] == 1 and "never merges or overwrites" in detail["message"]


def _fresh(session, name: str = "fresh"):  # noqa: ANN001, ANN202
    project = create_project(session, name, name, SEED_SCHEMA)
    session.commit()
    return project


def _write(tmp_path: Path, records: list[dict[str, Any]], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def _records(session, world) -> list[dict[str, Any]]:  # noqa: ANN001
    return [json.loads(line) for line in export_text(session, world.project).splitlines()]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda r: r["annotations"][0]["spans"][0].update(text="Officials 😁"),
            "does not match the document's text",
        ),
        (
            lambda r: r["annotations"][0]["spans"][0].update(label="OPINION"),
            "unknown span label 'OPINION'",
        ),
        (
            lambda r: r["annotations"][0]["sentence_labels"][0].update(value="MAYBE"),
            "'MAYBE' is not one of",
        ),
        (
            lambda r: r["annotations"][0]["relations"][0].update(to=99999),
            "'to' names no span of this layer",
        ),
        (lambda r: r["annotations"][0]["spans"][0].update(end=10_000), "0 <= start < end"),
    ],
)
def test_a_bad_annotation_is_refused_with_file_line_and_span(
    session, world, tmp_path: Path, edit: Any, message: str
) -> None:
    records = _records(session, world)
    edit(records[0])
    path = _write(tmp_path, records)
    target = _fresh(session)
    before = counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, target, [path])
    session.rollback()
    assert counts(session) == before
    # The first problem is the edited entry (a relation to a refused span may follow).
    detail = info.value.details[0]
    assert (detail["file"], detail["line"]) == (str(path), 1)
    assert "document 'doc-emoji', layer 'alice'" in detail["message"]
    assert message in detail["message"]
    assert str(path) + ":1:" in info.value.message


def test_a_layer_with_two_identical_spans_is_refused_naming_both(
    session, world, tmp_path: Path
) -> None:
    """A layer holds a span once, as every live write keeps it (tests/test_identical_spans.py)."""
    records = _records(session, world)
    spans = records[0]["annotations"][0]["spans"]
    first = spans[0]
    spans.append({**first, "id": "copy", "attributes": {}})
    path = _write(tmp_path, records)
    target = _fresh(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, target, [path])
    session.rollback()
    assert len(info.value.details) == 1
    detail = info.value.details[0]
    assert (detail["file"], detail["line"]) == (str(path), 1)
    message = detail["message"]
    assert "span 'copy'" in message and f"span {first['id']!r}" in message
    assert f"{first['label']!r} span at [{first['start']}, {first['end']})" in message


def test_span_problem_names_the_span(session, world, tmp_path: Path) -> None:
    records = _records(session, world)
    span = records[0]["annotations"][0]["spans"][0]
    span["text"] = "wrong"
    path = _write(tmp_path, records)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, _fresh(session), [path])
    session.rollback()
    expected = f"span 0 (id {span['id']}, {span['label']!r} [{span['start']}, {span['end']}))"
    assert expected in info.value.details[0]["message"]


def test_unknown_annotators_are_listed_unless_created(session, world, tmp_path: Path) -> None:
    records = _records(session, world)
    records[0]["annotations"][0]["annotator"] = "zoe"
    records[1]["annotations"][1]["annotator"] = "yann"
    path = _write(tmp_path, records)
    target = _fresh(session)
    before = counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, target, [path])
    session.rollback()
    assert counts(session) == before
    [detail] = info.value.details
    assert "unknown annotators: yann, zoe" in detail["message"]
    assert detail["line"] == 1
    report = import_paths(session, target, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert report.users_created == ["yann", "zoe"]
    zoe = session.scalar(select(User).where(User.username == "zoe"))
    assert zoe.role == "annotator" and zoe.password_hash is None


def test_a_malformed_line_refuses_the_whole_file(session, world, tmp_path: Path) -> None:
    records = _records(session, world)
    path = tmp_path / "broken.jsonl"
    lines = [json.dumps(r) for r in records]
    lines.insert(1, '{"text": "half a line"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = _fresh(session)
    before = counts(session)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, target, [path])
    session.rollback()
    assert counts(session) == before
    assert [(d["file"], d["line"]) for d in info.value.details] == [(str(path), 2)]
    assert "not valid JSON" in info.value.details[0]["message"]


def test_header_line_is_skipped_on_import(session, world, tmp_path: Path) -> None:
    path = tmp_path / "with-header.jsonl"
    path.write_text(export_text(session, world.project, header_line=True), encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["_meta"]["project"] == "src"
    report = import_paths(session, _fresh(session), [path])
    assert report.created == 3


@pytest.mark.parametrize("fmt", ["doccano", "doccano-relations", "labelstudio"])
def test_doccano_and_label_studio_exports_import_back(session, world, tmp_path, fmt) -> None:
    data = export_text(session, world.project, format=fmt)
    path = tmp_path / ("in.json" if fmt == "labelstudio" else "in.jsonl")
    path.write_text(data, encoding="utf-8")
    target = _fresh(session)
    import_paths(session, target, [path])
    session.commit()
    before = canonical(_records(session, world))
    after_export = export_text(session, target)
    after = canonical([json.loads(line) for line in after_export.splitlines()])
    for old, new in zip(before, after, strict=True):
        assert new["text"] == old["text"]
        for layer_old, layer_new in zip(old["annotations"], new["annotations"], strict=True):
            assert layer_new["annotator"] == layer_old["annotator"]
            spans = [(s["label"], s["start"], s["end"]) for s in layer_new["spans"]]
            assert spans == [(s["label"], s["start"], s["end"]) for s in layer_old["spans"]]
            if fmt != "doccano":
                assert layer_new["relations"] == layer_old["relations"]
            if fmt == "labelstudio":
                assert layer_new == layer_old  # attributes, labels, status: all of it


@pytest.mark.parametrize("index", ["²", "9" * 5000], ids=["superscript", "5000 digits"])
def test_a_label_studio_sentence_id_of_no_index_is_refused_naming_the_result(
    session, runner, make_user, tmp_path: Path, index: str
) -> None:
    """str.isdigit took both; int() refused them with a traceback."""
    make_user("alice")
    text = "Officials said the plan works."
    result = {"id": f"sentence-{index}", "type": "choices", "from_name": "stance"}
    result |= {"to_name": "text", "value": {"start": 0, "end": 30, "choices": ["FAVOR"]}}
    task = {"id": "t1", "data": {"text": text}, "annotations": [{"result": [result]}]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    target = _fresh(session)
    said = "annotations[0].result[0]: choices over a range that is neither a region nor a sentence"
    with pytest.raises(ImportFailed, match=re.escape(said)):
        import_paths(session, target, [path], options=DatasetOptions(annotator="alice"))
    session.rollback()
    answer = runner.invoke(args=["import", "fresh", str(path), "--annotator", "alice"])
    assert answer.exit_code == 1
    [line] = answer.stderr.splitlines()
    where = f"{path}[0] (id 't1', line 1)"  # a record of a JSON array: its index and id
    assert line.startswith(f"Error: nothing was imported: {where}: {said}") and len(line) < 400
    assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_doccano_lines_without_annotator_need_one(session, tmp_path: Path, make_user) -> None:
    make_user("alice")
    text = "Officials said the plan works."
    path = _write(
        tmp_path, [{"id": 7, "text": text, "label": [[0, 9, "SOURCE"]], "cats": ["NEWS"]}]
    )
    target = _fresh(session)
    with pytest.raises(ImportFailed, match="names no annotator"):
        import_paths(session, target, [path])
    session.rollback()
    report = import_paths(session, target, [path], options=DatasetOptions(annotator="alice"))
    session.commit()
    assert report.layers == 1
    [record] = [json.loads(x) for x in export_text(session, target).splitlines()]
    [layer] = record["annotations"]
    assert layer["spans"][0]["text"] == "Officials"
    assert layer["document_labels"] == [{"name": "genre", "value": "NEWS"}]
