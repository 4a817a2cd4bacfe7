"""Label Studio as a project: the tasks with the labeling config they are read with, and the
suggestions layer as each task's ``predictions`` (a model's, which our import leaves out).

Run on SQLite and, with ``ANNOTATOR_TEST_DATABASE_URL``, on PostgreSQL.
"""

from __future__ import annotations

import copy
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import SUGGESTIONS, Document, Layer
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import ExportOptions, start_export
from annotator.services.datasets.imports import import_paths
from tests.conftest import SEED_SCHEMA
from tests.export_world import TEXTS, World, build_world, span_at
from tests.helpers import said
from tests.suggestions_world import suggest


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(session, make_user, make_project, make_document, assign)
    suggest(session, world)
    return world


def _export(session: Any, project: Any, fmt: str, layer: str = "all") -> bytes:
    return b"".join(start_export(session, project, ExportOptions(format=fmt, layer=layer)).chunks)


def _unzip(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def _controls(config: bytes) -> dict[str, ET.Element]:
    view = ET.fromstring(config)
    (labels,) = view.iter("Labels")
    controls = {c.get("name"): c for c in view.iter("Choices")}
    return {labels.get("name"): labels, **controls}  # type: ignore[dict-item]


def _results(task: dict[str, Any]) -> list[dict[str, Any]]:
    layers = task["annotations"] + task["predictions"]
    return [item for layer in layers for item in layer["result"]]


@pytest.mark.parametrize("layer", ["all", SUGGESTIONS])
def test_the_project_folder_holds_the_tasks_and_a_config_naming_what_they_use(
    session: Any, world: World, layer: str
) -> None:
    files = _unzip(_export(session, world.project, "labelstudio-project", layer))
    assert sorted(files) == ["labeling_config.xml", "tasks.json"]
    # The labelstudio format's tasks, each annotator named as Label Studio's import takes it.
    plain = json.loads(_export(session, world.project, "labelstudio", layer))
    for task in plain:
        for annotation in task["annotations"]:
            annotation["created_username"] = annotation.pop("completed_by")["username"]
    assert json.loads(files["tasks.json"]) == plain
    controls = _controls(files["labeling_config.xml"])
    relations = {
        r.get("value") for r in ET.fromstring(files["labeling_config.xml"]).iter("Relation")
    }
    results = [item for task in json.loads(files["tasks.json"]) for item in _results(task)]
    assert {item["type"] for item in results} == {"labels", "choices", "relation"}
    for item in results:
        if item["type"] == "relation":
            assert set(item["labels"]) <= relations
            continue
        assert item["to_name"] == "text"
        offered = {c.get("value") for c in controls[item["from_name"]]}
        chosen = item["value"]["labels" if item["type"] == "labels" else "choices"]
        assert set(chosen) <= offered, item


def test_the_suggestions_layer_is_each_tasks_predictions_one_per_model(
    session: Any, world: World
) -> None:
    tasks = {
        t["data"]["id"]: t
        for t in json.loads(_export(session, world.project, "labelstudio", SUGGESTIONS))
    }
    assert list(tasks) == ["doc-emoji"]  # the only document with suggestions
    task = tasks["doc-emoji"]
    assert task["annotations"] == []
    spans, stance, genre = task["predictions"]
    assert [p["model_version"] for p in task["predictions"]] == ["3", "stance-2", "rules"]
    assert spans["score"] == 0.8  # the mean of its regions' 0.9 and 0.7
    regions = [r for r in spans["result"] if r["type"] == "labels"]
    text = TEXTS["emoji"]
    start, end = span_at(text, "the plan will cut costs by 10%")
    source, claim = regions  # in order of start
    assert claim["value"] == {
        "start": start,
        "end": end,
        "text": text[start:end],
        "labels": ["CLAIM"],
    }
    assert [(r["from_name"], r["to_name"], r["score"]) for r in regions] == [
        ("label", "text", 0.7),
        ("label", "text", 0.9),
    ]
    assert claim["meta"] == {"suggested": {"model": 3, "score": 0.9}}
    (link,) = [r for r in spans["result"] if r["type"] == "relation"]
    assert (link["from_id"], link["to_id"]) == (claim["id"], source["id"])
    assert link["labels"] == ["ATTRIBUTED_TO"] and "score" not in link
    (choice,) = stance["result"]
    assert (choice["id"], choice["from_name"], choice["score"]) == ("sentence-0", "stance", 0.6)
    assert choice["value"]["choices"] == ["AGAINST"] and stance["score"] == 0.6
    (document,) = genre["result"]
    assert document["value"] == {"choices": ["NEWS"]}
    assert "score" not in genre and "score" not in document  # the rules gave none


def test_every_layer_but_suggestions_stays_an_annotation_without_predictions(
    session: Any, world: World
) -> None:
    tasks = json.loads(_export(session, world.project, "labelstudio"))
    assert all(task["predictions"] == [] for task in tasks)
    names = {a["completed_by"]["username"] for task in tasks for a in task["annotations"]}
    assert names == {"alice", "bob", "gold"}


def test_predictions_come_back_counted_never_as_an_annotators_layer(
    session: Any, world: World, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.json"
    path.write_bytes(_export(session, world.project, "labelstudio", SUGGESTIONS))
    copy_ = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    report = import_paths(session, copy_, [path])
    session.commit()
    assert report.created == 1 and report.spans == 0 and report.annotators == []
    assert said(report.tallies) == [
        "3 Label Studio predictions left out (a model's, not an annotator's)"
    ]
    layers = select(func.count()).select_from(Layer).join(Document)
    assert session.scalar(layers.where(Document.project_id == copy_.id)) == 0
    assert session.scalar(select(func.count()).where(Document.project_id == copy_.id)) == 1


def test_the_api_sends_the_folder_as_a_zip_with_the_predictions(
    client: Any, world: World, make_token: Any
) -> None:
    response = client.get(
        "/api/v1/projects/src/export",
        query_string={"format": "labelstudio-project", "layer": SUGGESTIONS},
        headers=make_token(world.users["rita"]),
    )
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "src-suggestions-labelstudio-project-" in response.headers["Content-Disposition"]
    files = _unzip(response.get_data())
    (task,) = json.loads(files["tasks.json"])
    assert len(task["predictions"]) == 3
    assert ET.fromstring(files["labeling_config.xml"]).tag == "View"


def test_a_schema_the_config_cannot_hold_is_refused_before_the_first_byte(
    client: Any, session: Any, make_project: Any, make_user: Any, make_token: Any, runner: Any
) -> None:
    schema = copy.deepcopy(SEED_SCHEMA)
    schema["document_labels"].append({"name": "stance", "values": ["A"]})
    make_project("clash", schema)
    response = client.get(
        "/api/v1/projects/clash/export",
        query_string={"format": "labelstudio-project"},
        headers=make_token(make_user("ada", "admin")),
    )
    assert response.status_code == 422
    message = response.get_json()["error"]["message"]
    assert "document label field 'stance'" in message and "sentence label field" in message
    # The tasks alone still go out.
    response = client.get(
        "/api/v1/projects/clash/export",
        query_string={"format": "labelstudio"},
        headers=make_token(make_user("ida", "admin")),
    )
    assert response.status_code == 200 and json.loads(response.get_data()) == []
    answer = runner.invoke(args=["export", "clash", "--format", "labelstudio-project"])
    assert answer.exit_code != 0 and "document label field 'stance'" in answer.stderr


def test_the_command_line_writes_the_two_files_into_a_folder(
    runner: Any, world: World, tmp_path: Path
) -> None:
    folder = tmp_path / "ls"
    answer = runner.invoke(
        args=["export", "src", "--format", "labelstudio-project", "-o", str(folder)]
    )
    assert answer.exit_code == 0, answer.output
    assert sorted(p.name for p in folder.iterdir()) == ["labeling_config.xml", "tasks.json"]
    tasks = json.loads((folder / "tasks.json").read_text(encoding="utf-8"))
    assert [t["data"]["id"] for t in tasks] == ["doc-emoji", "doc-plain", "doc-untouched"]
    config = (folder / "labeling_config.xml").read_text(encoding="utf-8")
    assert '<Labels name="label" toName="text">' in config


def test_the_projects_tasks_name_no_completed_by_and_import_back_with_their_annotators(
    session: Any, world: World, tmp_path: Path
) -> None:
    """Label Studio refuses ``completed_by`` without one of its users' e-mails: the tasks
    name each annotator as ``created_username`` instead, which our import reads."""
    files = _unzip(_export(session, world.project, "labelstudio-project"))
    tasks = json.loads(files["tasks.json"])
    annotations = [a for task in tasks for a in task["annotations"]]
    assert annotations and not any("completed_by" in a for a in annotations)
    assert {a["created_username"] for a in annotations} == {"alice", "bob", "gold"}
    path = tmp_path / "tasks.json"
    path.write_bytes(files["tasks.json"])
    copy_ = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    import_paths(session, copy_, [path])
    session.commit()
    again = json.loads(_unzip(_export(session, copy_, "labelstudio-project"))["tasks.json"])

    def layers(tasks: list[dict[str, Any]]) -> list[Any]:
        return [
            (
                t["data"]["id"],
                a["created_username"],
                a["ground_truth"],
                a["status"],
                sorted(
                    (r["type"], r.get("from_name"), json.dumps(r.get("value"))) for r in a["result"]
                ),
            )
            for t in tasks
            for a in t["annotations"]
        ]

    assert layers(again) == layers(tasks)
