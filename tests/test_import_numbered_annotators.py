"""Label Studio's numbered annotators: a user id where a name would be names nobody here.

JSON-MIN writes ``annotator: 3``, its JSON export ``completed_by: 3`` (with the name only in
``created_username``). A number is never read as a user: the layer takes the import's
annotator (``--annotator``), and when it cannot (none given, or two such layers on one
document), the refusal says that the record's annotator is a number, with file and line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed
from annotator.models import Document, Span
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths

TEXT = "Officials said the plan will cut costs."


def json_min(annotator: Any, number: int, start: int, end: int) -> dict[str, Any]:
    """One JSON-MIN record: the task's data beside one annotation's regions and annotator."""
    region = {"start": start, "end": end, "text": TEXT[start:end], "labels": ["SOURCE"]}
    return {"id": 7, "text": TEXT, "label": [region], "annotator": annotator,
            "annotation_id": number, "lead_time": 3.5}  # fmt: skip


def label_studio(*completed_by: Any) -> dict[str, Any]:
    """A Label Studio task whose annotations name their annotators by id alone."""
    annotations = [
        {"completed_by": who, "result": [{"id": f"r{i}", "from_name": "label", "to_name": "text",
         "type": "labels", "value": {"start": 0, "end": 9, "text": "Officials",
                                     "labels": ["SOURCE"]}}]}
        for i, who in enumerate(completed_by)
    ]  # fmt: skip
    return {"id": 1, "data": {"text": TEXT, "id": "doc-1"}, "annotations": annotations}


def write(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "min.json"
    # One record a line: a refusal's line is the record's.
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n", "utf-8")
    return path


def refused(session: Any, project: Any, path: Path, annotator: str | None) -> list[str]:
    """Return the problems of an import that must be refused, checking it stored nothing."""
    options = DatasetOptions(annotator=annotator, create_users=True)
    with pytest.raises(ImportFailed) as info:
        import_paths(session, project, [path], options=options)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Document)) == 0
    assert session.scalar(select(func.count()).select_from(Span)) == 0
    return [f"{d['file']}:{d['line']}: {d['message']}" for d in info.value.details]


def test_two_numbered_annotators_on_one_task_are_refused_saying_why(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project("p")
    path = write(tmp_path, [json_min(3, 1, 0, 9), json_min(5, 2, 19, 26)])
    [problem] = refused(session, project, path, "alice")
    assert problem.startswith(f"{path}:3: document '7', layer 'alice': this document has that")
    assert f"layer twice (also at {path}:2): its annotator is 5, a number" in problem
    assert "so the layer took the annotator given for the import" in problem
    assert "name each annotator in the file by username" in problem


def test_a_numbered_annotator_without_an_import_annotator_is_said_to_be_a_number(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project("p")
    path = write(tmp_path, [json_min(3, 1, 0, 9)])
    [problem] = refused(session, project, path, None)
    assert problem == (
        f"{path}:2: document '7': a layer names no annotator (its annotator is 3, a number "
        "(a user id of the tool that wrote the file), which names nobody here); give one "
        "with --annotator NAME (or gold)"
    )


def test_label_studios_completed_by_ids_alone_are_said_the_same_way(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project("p")
    path = write(tmp_path, [label_studio(11, 12)])
    [problem] = refused(session, project, path, "alice")
    assert "this document has that layer twice" in problem
    assert "its completed_by is 12, a number" in problem


def test_one_numbered_annotator_takes_the_import_annotator_as_before(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project("p")
    path = write(tmp_path, [json_min(3, 1, 0, 9)])
    options = DatasetOptions(annotator="alice", create_users=True)
    report = import_paths(session, project, [path], options=options)
    session.commit()
    assert (report.created, report.annotators) == (1, ["alice"])


def test_a_name_twice_says_nothing_of_numbers(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project("p")
    path = write(tmp_path, [json_min("bob", 1, 0, 9), json_min("bob", 2, 19, 26)])
    [problem] = refused(session, project, path, None)
    assert problem.endswith(f"this document has that layer twice (also at {path}:2)")
