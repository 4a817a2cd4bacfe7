"""Label Studio's own JSON export, as its users download it, imports as they expect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths

TEXT = "Officials said it. Critics disagree."


def _annotation(completed_by: Any, username: str, start: int, end: int) -> dict[str, Any]:
    """One annotation as Label Studio exports it: its annotator by id, named by
    ``created_username`` ("email, id")."""
    region = {"start": start, "end": end, "text": TEXT[start:end], "labels": ["SOURCE"]}
    return {
        "id": start + 1,
        "completed_by": completed_by,
        "created_username": username,
        "created_ago": "2 hours, 1 minute",
        "result": [
            {
                "value": region,
                "id": f"r{start}",
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "origin": "manual",
            }
        ],
        "was_cancelled": False,
        "ground_truth": False,
        "created_at": "2024-05-01T10:00:00.000000Z",
        "updated_at": "2024-05-01T10:00:00.000000Z",
        "lead_time": 12.5,
        "prediction": {},
        "result_count": 0,
        "task": 1,
        "project": 3,
        "updated_by": 1,
        "parent_prediction": None,
        "parent_annotation": None,
    }


@pytest.mark.parametrize(
    "who",
    [lambda n: n, lambda n: {"id": n, "first_name": "", "last_name": ""}],
    ids=["id", "object-without-email"],
)
def test_annotations_named_only_by_created_username_keep_their_annotators(
    session, make_project, tmp_path: Path, who: Any
) -> None:
    task = {
        "id": 1,
        "annotations": [
            _annotation(who(1), " alice@example.org, 1", 0, 9),
            _annotation(who(2), " bob@example.org, 2", 19, 26),
        ],
        "drafts": [],
        "predictions": [],
        "data": {"text": TEXT},
        "meta": {},
        "created_at": "2024-05-01T09:00:00.000000Z",
        "inner_id": 1,
        "total_annotations": 2,
        "project": 3,
    }
    path = tmp_path / "project-3-at-2024-05-01.json"
    path.write_text(json.dumps([task], indent=2), encoding="utf-8")
    project = make_project("p")
    report = import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert report.annotators == ["alice@example.org", "bob@example.org"]
    export = start_export(session, project, ExportOptions())
    (record,) = [json.loads(line) for line in b"".join(export.chunks).decode().splitlines()]
    got = {a["annotator"]: [s["text"] for s in a["spans"]] for a in record["annotations"]}
    assert got == {"alice@example.org": ["Officials"], "bob@example.org": ["Critics"]}


def test_label_studios_json_min_export_imports_each_annotators_regions(
    session, make_project, tmp_path: Path
) -> None:
    """JSON-MIN: one record per annotation, the task's data beside the regions of each
    control (``label``), and the annotator's e-mail; its regions were refused as not
    ``[start, end, label]``."""

    def record(annotator: str, start: int, end: int) -> dict[str, Any]:
        region = {"start": start, "end": end, "text": TEXT[start:end], "labels": ["SOURCE"]}
        return {
            "text": TEXT,
            "id": 7,
            "label": [region],
            "annotator": annotator,
            "annotation_id": start + 1,
            "created_at": "2024-05-01T10:00:00.000000Z",
            "updated_at": "2024-05-01T10:00:00.000000Z",
            "lead_time": 8.4,
        }

    path = tmp_path / "project-3-at-2024-05-01-min.json"
    rows = [record("alice@example.org", 0, 9), record("bob@example.org", 19, 26)]
    path.write_text(json.dumps(rows), encoding="utf-8")
    project = make_project("p")
    report = import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert (report.created, report.spans) == (1, 2)
    export = start_export(session, project, ExportOptions())
    (stored,) = [json.loads(line) for line in b"".join(export.chunks).decode().splitlines()]
    got = {a["annotator"]: [s["text"] for s in a["spans"]] for a in stored["annotations"]}
    assert got == {"alice@example.org": ["Officials"], "bob@example.org": ["Critics"]}


def test_results_of_types_not_imported_are_left_out_and_counted(
    session, make_project, tmp_path: Path
) -> None:
    """A project with a comment box or a rating beside its labels: the regions come in, the
    rest is counted in the report; the whole export was refused."""
    annotation = _annotation({"email": "alice@example.org"}, "", 0, 9)
    annotation["result"] += [
        {"id": "c1", "from_name": "comment", "to_name": "text", "type": "textarea",
         "value": {"text": ["check the source"]}},
        {"id": "q1", "from_name": "quality", "to_name": "text", "type": "rating",
         "value": {"rating": 4}},
    ]  # fmt: skip
    task = {"id": 1, "annotations": [annotation], "predictions": [], "data": {"text": TEXT}}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    project = make_project("p")
    report = import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert report.spans == 1
    said = {what.said(count) for what, count in report.tallies.items()}
    assert said == {
        "2 Label Studio results of types not imported (only labels, choices and relation "
        "are) left out"
    }


def test_predictions_and_cancelled_annotations_are_counted_as_left_out(
    session, make_project, tmp_path: Path
) -> None:
    """A model's predictions and an annotation its annotator skipped hold no one's layer;
    they were dropped without a word."""
    kept = _annotation({"email": "alice@example.org"}, "", 0, 9)
    skipped = _annotation({"email": "bob@example.org"}, "", 19, 26) | {"was_cancelled": True}
    prediction = {"model_version": "ner-3", "score": 0.8, "result": kept["result"]}
    task = {
        "id": 1,
        "annotations": [kept, skipped],
        "predictions": [prediction, prediction],
        "data": {"text": TEXT},
    }
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    project = make_project("p")
    report = import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert (report.spans, report.annotators) == (1, ["alice@example.org"])
    said = {what.said(count) for what, count in report.tallies.items()}
    assert said == {
        "2 Label Studio predictions left out (a model's, not an annotator's)",
        "1 Label Studio annotation left out: cancelled (skipped) by its annotator",
    }
