"""What spacy, labelstudio, sentences, hf and jsonl write of a layer, and what they warn of.

A layer holds spans (label, offsets, attributes, note, where an accepted suggestion came
from), relations (type, ends, note), sentence and document labels and its status. Each
export of a world holding all of these either writes a part where its format has room for
it (Label Studio a region's ``meta.text``, spaCy the Doc's ``user_data``, ``sentences`` a
span's ``note`` and the row's ``status``), reading it back where we import the format, or
says that it left the part out, counted and named.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.models import Relation, Span
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.annotated_import import DatasetOptions
from annotator.services.datasets.export import ExportOptions, start_export
from annotator.services.datasets.imports import import_paths
from tests.export_world import World, build_world
from tests.extras import need
from tests.helpers import said

SPAN_NOTE = "unsure of the source\nsee paragraph 3"
RELATION_NOTE = "named only later"
GOLD_NOTE = "as both annotators said"
#: What the world's spans and relations with a note are: (document, layer, what, note).
NOTES = {
    ("doc-emoji", "alice", "span CLAIM", SPAN_NOTE),
    ("doc-emoji", "alice", "relation ATTRIBUTED_TO", RELATION_NOTE),
    ("doc-emoji", "gold", "span SOURCE", GOLD_NOTE),
}


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    """The export world, with notes on two spans and a relation, and a span and a relation
    accepted from a suggestion."""
    world = build_world(session, make_user, make_project, make_document, assign)
    # The world's CLAIMs by id: alice's, bob's and gold's on doc-emoji, then alice's on doc-plain.
    claims = session.scalars(select(Span.layer_id).where(Span.label == "CLAIM").order_by(Span.id))
    alice, _bob, gold, _plain = claims.all()
    session.execute(
        update(Span).where(Span.layer_id == alice, Span.label == "CLAIM").values(note=SPAN_NOTE)
    )
    session.execute(
        update(Span).where(Span.layer_id == gold, Span.label == "SOURCE").values(note=GOLD_NOTE)
    )
    session.execute(
        update(Relation)
        .where(Relation.layer_id == alice, Relation.type == "ATTRIBUTED_TO")
        .values(note=RELATION_NOTE, model="rules")
    )
    session.execute(
        update(Span).where(Span.layer_id == alice, Span.label == "CUE").values(model="3", score=0.5)
    )
    session.commit()
    return world


def _export(session, project, fmt: str) -> tuple[bytes, list[str]]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(format=fmt))
    data = b"".join(export.chunks)
    return data, said(export.warnings)


def _noted(doc_id: str, layer: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    """Return the notes of a layer's spans and relations, as :data:`NOTES` names them."""
    spans = {(f"span {s['label']}", s.get("note")) for s in layer["spans"]}
    relations = {(f"relation {r['type']}", r.get("note")) for r in layer["relations"]}
    return {(doc_id, layer["annotator"], *x) for x in spans | relations if x[1]}


def _notes_in_jsonl(session, project) -> set[tuple[str, str, str, str]]:  # noqa: ANN001
    """Return the notes of the project's spans and relations, as :data:`NOTES` names them."""
    data, _ = _export(session, project, "jsonl")
    found = set()
    for line in data.decode("utf-8").splitlines():
        record = json.loads(line)
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            found |= _noted(record["id"], layer)
    return found


def test_the_world_holds_every_part_and_jsonl_keeps_it(session, world) -> None:
    data, warnings = _export(session, world.project, "jsonl")
    assert warnings == []
    assert _notes_in_jsonl(session, world.project) == NOTES
    records = {json.loads(x)["id"]: json.loads(x) for x in data.decode("utf-8").splitlines()}
    alice = records["doc-emoji"]["annotations"][0]
    assert alice["annotator"] == "alice" and alice["status"] == "done"
    assert {s["label"]: s.get("suggested") for s in alice["spans"]}["CUE"] == {
        "model": 3,
        "score": 0.5,
    }
    assert [r.get("suggested") for r in alice["relations"] if r.get("note")] == [
        {"model": "rules", "score": None}
    ]
    assert alice["sentence_labels"] and alice["document_labels"]


def test_label_studio_writes_notes_as_the_regions_meta_text_and_reads_them_back(
    session, world, tmp_path: Path
) -> None:
    data, warnings = _export(session, world.project, "labelstudio")
    assert warnings == []
    tasks = json.loads(data)
    (task,) = [t for t in tasks if t["data"]["id"] == "doc-emoji"]
    alice = task["annotations"][0]["result"]
    regions = {r["value"]["labels"][0]: r for r in alice if r["type"] == "labels"}
    # Label Studio's region meta: {"text": [...]}, the "Meta" box of a region's panel.
    assert regions["CLAIM"]["meta"] == {"text": [SPAN_NOTE]}
    assert regions["CUE"]["meta"] == {"suggested": {"model": 3, "score": 0.5}}
    assert "meta" not in regions["SOURCE"]
    links = {r["labels"][0]: r.get("meta") for r in alice if r["type"] == "relation"}
    assert links == {
        "ATTRIBUTED_TO": {"suggested": {"model": "rules", "score": None}, "text": [RELATION_NOTE]},
        "CUED_BY": None,
    }
    path = tmp_path / "tasks.json"
    path.write_bytes(data)
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    import_paths(session, copy, [path])
    session.commit()
    assert _notes_in_jsonl(session, copy) == NOTES


def test_label_studio_reads_a_region_meta_text_of_several_lines(
    session, make_project, tmp_path: Path
) -> None:
    task = {
        "data": {"text": "Officials said so.", "id": "d"},
        "annotations": [
            {
                "completed_by": {"username": "alice"},
                "result": [
                    {
                        "id": "a",
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {"start": 0, "end": 9, "text": "Officials", "labels": ["SOURCE"]},
                        "meta": {"text": ["first", " second "]},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    project = make_project("target")
    import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert session.scalars(select(Span.note)).all() == ["first\nsecond"]


def test_spacy_keeps_notes_and_statuses_in_the_user_data(session, world, tmp_path: Path) -> None:
    spacy = need("spacy")
    doc_bin = need("spacy.tokens").DocBin
    data, warnings = _export(session, world.project, "spacy")
    assert not [w for w in warnings if "not written" in w]
    path = tmp_path / "x.spacy"
    path.write_bytes(data)
    docs = list(doc_bin().from_disk(path).get_docs(spacy.blank("en").vocab))
    found = set().union(*(_noted(d.user_data["id"], d.user_data) for d in docs))
    assert found == NOTES
    statuses = {(d.user_data["id"], d.user_data["annotator"]): d.user_data["status"] for d in docs}
    assert statuses[("doc-emoji", "bob")] == "in_progress"
    assert statuses[("doc-plain", "bob")] == "skipped"


def test_sentences_write_notes_and_status_and_warn_of_relations(session, world) -> None:
    data, warnings = _export(session, world.project, "sentences")
    assert warnings == [
        "1 span cut at the end of its sentence",
        "3 relations (ATTRIBUTED_TO, CUED_BY) not written: sentences has no room for them",
    ]
    rows = [json.loads(x) for x in data.decode("utf-8").splitlines()]
    found = {
        (row["doc_id"], row["annotator"], f"span {span['label']}", span["note"])
        for row in rows
        for span in row["spans"]
        if "note" in span
    }
    assert found == {x for x in NOTES if x[2].startswith("span")}
    statuses = {(row["doc_id"], row["annotator"]): row["status"] for row in rows}
    assert statuses[("doc-emoji", "bob")] == "in_progress"
    assert statuses[("doc-emoji", "gold")] == "in_review"


def test_hf_warns_of_the_notes_it_has_no_column_for(session, world) -> None:
    need("pyarrow")
    data, warnings = _export(session, world.project, "hf")
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert warnings == ["3 notes (relations, spans) not written: hf has no room for them"]
