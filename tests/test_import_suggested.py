"""A span or relation accepted from a suggestion keeps its model and score through an
export and an import, in every format that carries it (CONTRACT section 11)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.core.errors import ImportFailed
from annotator.models import Relation, Span
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.conftest import SEED_SCHEMA
from tests.export_world import World, build_world

#: Format -> (file name of the export, the import's format option).
FORMATS = {
    "jsonl": ("data.jsonl", None),
    "doccano": ("data.jsonl", None),
    "doccano-relations": ("data.jsonl", None),
    "labelstudio": ("data.json", None),
    "brat": ("data.zip", "brat"),
    "conll": ("data.conll", "conll"),
}
#: The formats whose relations say where they came from.
WITH_RELATIONS = {"jsonl", "doccano-relations", "labelstudio", "brat"}


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    world = build_world(session, make_user, make_project, make_document, assign)
    # Two spans and a relation of the world as an accepted suggestion leaves them.
    first, second = session.scalars(select(Span.id).order_by(Span.id).limit(2))
    session.execute(update(Span).where(Span.id == first).values(model="3", score=0.875))
    session.execute(update(Span).where(Span.id == second).values(model="rules", score=None))
    relation = session.scalars(select(Relation.id).order_by(Relation.id).limit(1)).one()
    session.execute(update(Relation).where(Relation.id == relation).values(model="rules"))
    session.commit()
    return world


def _export(session, project, fmt: str = "jsonl") -> bytes:  # noqa: ANN001
    return b"".join(start_export(session, project, ExportOptions(format=fmt)).chunks)


def _provenance(session, project) -> tuple[set[Any], set[Any]]:  # noqa: ANN001
    spans, relations = set(), set()
    for line in _export(session, project).decode("utf-8").splitlines():
        record = json.loads(line)
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            where = {s["id"]: (s["label"], s["start"], s["end"]) for s in layer["spans"]}
            for s in layer["spans"]:
                if "suggested" in s:
                    key = (record["id"], layer["annotator"], *where[s["id"]])
                    spans.add((*key, json.dumps(s["suggested"], sort_keys=True)))
            for r in layer["relations"]:
                if "suggested" in r:
                    ends = (where[r["from"]], where[r["to"]])
                    key = (record["id"], layer["annotator"], r["type"], *ends)
                    relations.add((*key, json.dumps(r["suggested"], sort_keys=True)))
    return spans, relations


@pytest.mark.parametrize("fmt", FORMATS)
def test_suggested_provenance_survives_an_export_and_an_import(
    session, world, tmp_path: Path, fmt: str
) -> None:
    spans, relations = _provenance(session, world.project)
    assert len(spans) == 2 and len(relations) == 1  # the world is as the fixture made it
    name, format = FORMATS[fmt]
    path = tmp_path / name
    path.write_bytes(_export(session, world.project, fmt))
    copy = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    import_paths(session, copy, [path], options=DatasetOptions(annotator="gold"), format=format)
    session.commit()
    got_spans, got_relations = _provenance(session, copy)
    assert got_spans == spans
    if fmt in WITH_RELATIONS:
        assert got_relations == relations


@pytest.mark.parametrize(
    ("suggested", "said"),
    [
        ({"score": 0.5}, "'suggested' needs a 'model'"),
        ({"model": "3", "score": 1.5}, "'suggested' score must be a number from 0 to 1"),
        ({"model": "x" * 40, "score": None}, "'suggested' model is longer than 32 characters"),
        ("rules", "'suggested' must be an object"),
    ],
)
def test_a_bad_suggested_is_refused_naming_the_span(
    session, make_project, tmp_path: Path, suggested: Any, said: str
) -> None:
    span = {"id": 1, "label": "SOURCE", "start": 0, "end": 9, "suggested": suggested}
    gold = {"annotator": "gold", "spans": [span], "relations": []}
    record = {"id": "d", "text": "Officials said so.", "annotations": [], "gold": gold}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, make_project("p"), [path])
    session.rollback()
    (detail,) = failure.value.details
    assert detail["line"] == 1
    assert "span 0 (id 1, 'SOURCE' [0, 9))" in detail["message"]
    assert said in detail["message"]


def test_a_label_accepted_from_a_suggestion_keeps_it_through_a_jsonl_export_and_import(
    session, make_project, tmp_path: Path
) -> None:
    """A label value's `suggested` comes back from a jsonl file as a span's does; a bad one
    is refused naming the label."""
    from annotator.models import LabelValue

    label = {"sentence": 0, "name": "stance", "value": "FAVOR"}
    suggested = {"model": 2, "score": 0.75}
    gold = {"annotator": "gold", "spans": [], "relations": [],
            "sentence_labels": [label | {"suggested": suggested}],
            "document_labels": [{"name": "genre", "value": "NEWS"}]}  # fmt: skip
    record = {"id": "d", "text": "Officials said so.", "annotations": [], "gold": gold}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    project = make_project("p")
    import_paths(session, project, [path])
    session.commit()
    rows = session.query(LabelValue).order_by(LabelValue.name).all()
    assert [(r.name, r.model, r.score) for r in rows] == [
        ("genre", None, None),
        ("stance", "2", 0.75),
    ]
    (line,) = _export(session, project).decode("utf-8").splitlines()
    assert json.loads(line)["gold"]["sentence_labels"] == [label | {"suggested": suggested}]

    bad = record | {"id": "e"}
    bad["gold"] = gold | {"sentence_labels": [label | {"suggested": {"score": 0.5}}]}
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [path])
    session.rollback()
    (detail,) = failure.value.details
    assert "sentence label 0 ('stance' of sentence 0)" in detail["message"]
    assert "'suggested' needs a 'model'" in detail["message"]


@pytest.mark.parametrize("model", ["tagger v2", '"quoted" model', "tab\there", 'a"b'])
def test_a_conll_suggested_model_with_spaces_or_quotes_survives_an_export_and_an_import(
    session, world, tmp_path: Path, model: str
) -> None:
    first = session.scalars(select(Span.id).order_by(Span.id).limit(1)).one()
    session.execute(update(Span).where(Span.id == first).values(model=model))
    session.commit()
    spans, _ = _provenance(session, world.project)
    assert any(json.loads(s[-1])["model"] == model for s in spans)
    path = tmp_path / "data.conll"
    path.write_bytes(_export(session, world.project, "conll"))
    copy = create_project(session, "copy", "Copy", SEED_SCHEMA)
    session.commit()
    import_paths(session, copy, [path], options=DatasetOptions(annotator="gold"), format="conll")
    session.commit()
    assert _provenance(session, copy)[0] == spans


def test_a_conll_suggested_model_that_is_no_json_string_is_refused_naming_it() -> None:
    from annotator.core.formats.conll_blocks import Block
    from annotator.core.formats.conll_layer import place_suggested

    block = Block("d", 1)
    block.suggested.append((3, 'SOURCE 0 9 model="bad \\x escape" score=0.5'))
    spans = [{"label": "SOURCE", "start": 0, "end": 9}]
    problem = place_suggested("data.conll", block, spans)
    assert problem is not None
    assert problem.message == "'# suggested' model \"bad \\x escape\" is no JSON string"
