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

from annotator.core.errors import Invalid
from annotator.models import SUGGESTIONS, Document, Layer, Span
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export, warnings_said
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.imports import import_paths
from tests.conftest import SEED_SCHEMA
from tests.export_world import TEXTS, World, build_world, span_at
from tests.helpers import login, said
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
    # Every zip the page and the API send carries the export's meta.json beside its files.
    assert sorted(files) == ["labeling_config.xml", "meta.json", "tasks.json"]
    assert json.loads(files["meta.json"])["format"] == "labelstudio-project"
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


def _with_suggestions(session: Any, project: Any, fmt: str, layer: str = "all") -> Any:
    options = ExportOptions(format=fmt, layer=layer, with_suggestions=True)
    return start_export(session, project, options)


@pytest.mark.parametrize("layer", ["all", "gold"])
def test_with_suggestions_one_export_holds_the_annotations_and_the_predictions(
    session: Any, world: World, layer: str
) -> None:
    """Label Studio keeps a model's work apart: one import brings both, where two were needed."""
    export = _with_suggestions(session, world.project, "labelstudio", layer)
    tasks = {t["data"]["id"]: t for t in json.loads(b"".join(export.chunks))}
    assert export.meta["with_suggestions"] is True
    alone = {
        t["data"]["id"]: t
        for t in json.loads(_export(session, world.project, "labelstudio", layer))
    }
    suggested = json.loads(_export(session, world.project, "labelstudio", SUGGESTIONS))
    assert list(tasks) == list(alone)
    for name, task in tasks.items():
        assert task["annotations"] == alone[name]["annotations"]
        assert alone[name]["predictions"] == []
    assert tasks["doc-emoji"]["predictions"] == suggested[0]["predictions"]
    assert [p["model_version"] for p in tasks["doc-emoji"]["predictions"]] == [
        "3",
        "stance-2",
        "rules",
    ]
    assert all(t["predictions"] == [] for name, t in tasks.items() if name != "doc-emoji")
    # The project folder holds the same tasks.
    files = _unzip(
        b"".join(_with_suggestions(session, world.project, "labelstudio-project").chunks)
    )
    predictions = [p for t in json.loads(files["tasks.json"]) for p in t["predictions"]]
    assert len(predictions) == 3


def test_with_suggestions_is_refused_by_a_format_that_would_mix_them_with_annotations(
    client: Any, session: Any, world: World, make_token: Any, runner: Any
) -> None:
    with pytest.raises(Invalid) as refused:
        _with_suggestions(session, world.project, "jsonl")
    assert refused.value.details == {"field": "with_suggestions"}
    assert "jsonl" in refused.value.message and "labelstudio-project" in refused.value.message
    response = client.get(
        "/api/v1/projects/src/export",
        query_string={"format": "conll", "with_suggestions": "1"},
        headers=make_token(world.users["rita"]),
    )
    assert response.status_code == 422
    assert (
        "the conll format cannot keep the suggestions apart"
        in (response.get_json()["error"]["message"])
    )
    answer = runner.invoke(args=["export", "src", "--format", "brat", "--with-suggestions"])
    assert answer.exit_code != 0 and "the brat format cannot keep" in answer.stderr


def test_the_api_and_the_command_line_take_with_suggestions(
    client: Any, world: World, make_token: Any, runner: Any, tmp_path: Path
) -> None:
    response = client.get(
        "/api/v1/projects/src/export",
        query_string={"format": "labelstudio", "with_suggestions": "1"},
        headers=make_token(world.users["rita"]),
    )
    assert response.status_code == 200
    assert json.loads(response.headers["X-Annotator-Export"])["with_suggestions"] is True
    tasks = json.loads(response.get_data())
    assert sum(len(t["predictions"]) for t in tasks) == 3
    assert {a["completed_by"]["username"] for t in tasks for a in t["annotations"]} == {
        "alice",
        "bob",
        "gold",
    }
    folder = tmp_path / "ls"
    answer = runner.invoke(
        args=[
            "export",
            "src",
            "--format",
            "labelstudio-project",
            "--with-suggestions",
            "-o",
            str(folder),
        ]
    )
    assert answer.exit_code == 0, answer.output
    tasks = json.loads((folder / "tasks.json").read_text(encoding="utf-8"))
    assert sum(len(t["predictions"]) for t in tasks) == 3
    assert sum(len(t["annotations"]) for t in tasks) == len(
        [a for t in json.loads(response.get_data()) for a in t["annotations"]]
    )


def test_a_suggested_relation_between_two_models_spans_is_left_out_and_said(
    session: Any, world: World
) -> None:
    """No one prediction holds both ends: Label Studio would draw it to nothing."""
    layer = session.scalars(select(Layer).where(Layer.key == SUGGESTIONS)).one()
    source = session.scalars(select(Span).where(Span.layer_id == layer.id, Span.label == "SOURCE"))
    source.one().model = "rules"
    session.commit()
    export = start_export(
        session, world.project, ExportOptions(format="labelstudio", layer=SUGGESTIONS)
    )
    (task,) = json.loads(b"".join(export.chunks))
    spans, rules = (p for p in task["predictions"] if p["model_version"] in ("3", "rules"))
    results = spans["result"] + rules["result"]
    assert [r["type"] for r in results if r["type"] != "choices"] == ["labels", "labels"]
    assert warnings_said(export.warnings) == [
        "1 suggested relation between two models' spans (ATTRIBUTED_TO) not written: "
        "a Label Studio prediction holds one model's regions"
    ]


def test_the_export_page_offers_with_suggestions_and_says_a_refusal_beside_it(
    client: Any, world: World
) -> None:
    login(client, "rita")
    form = client.get("/projects/src/export").get_data(as_text=True)
    assert 'name="with_suggestions"' in form
    refused = client.get(
        "/projects/src/export",
        query_string={"format": "jsonl", "layer": "all", "with_suggestions": "y"},
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    errors = page[page.index('id="with_suggestions-errors"') :]
    assert "the jsonl format cannot keep the suggestions apart" in errors[:400]
    download = client.get(
        "/projects/src/export",
        query_string={"format": "labelstudio", "layer": "all", "with_suggestions": "y"},
    )
    assert download.status_code == 200
    assert sum(len(t["predictions"]) for t in json.loads(download.get_data())) == 3
