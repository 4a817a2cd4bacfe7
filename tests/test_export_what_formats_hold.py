"""What spacy, labelstudio, sentences, hf and jsonl write of a layer, and what they warn of.

A layer holds spans (label, offsets, attributes, note, where an accepted suggestion came
from), relations (type, ends, note), sentence and document labels and its status. Each
export of a world holding all of these either writes a part where its format has room for
it (Label Studio a region's ``meta.text``, spaCy the Doc's ``user_data``, ``sentences`` a
span's ``note`` and the row's ``status``), reading it back where we import the format, or
says that it left the part out, counted and named.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.core.errors import ImportFailed
from annotator.models import DocumentNote, Relation, Span
from annotator.services.accounts.projects import create_project
from annotator.services.annotation.notes import set_note
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import GOLD_NOT_FINAL, World, build_world
from tests.extras import need
from tests.helpers import said

#: What each format leaves out of the world, as its export warns.
DOCUMENT_NOTES = "2 annotators' notes on the document not written: {} has no room for them"
LEFT_OUT = {
    "jsonl": [],
    "spacy": [],
    "labelstudio": [DOCUMENT_NOTES.format("labelstudio")],
    "labelstudio-project": [DOCUMENT_NOTES.format("labelstudio-project")],
    "sentences": [
        DOCUMENT_NOTES.format("sentences"),
        "3 relations (ATTRIBUTED_TO, CUED_BY) not written: sentences has no room for them",
    ],
    "hf": [
        DOCUMENT_NOTES.format("hf"),
        "3 notes (relations, spans) not written: hf has no room for them",
    ],
    "brat": [
        DOCUMENT_NOTES.format("brat"),
        "3 document label values (genre) not written: brat has no room for them",
        "4 sentence label values (bias, stance) not written: brat has no room for them",
    ],
}

SPAN_NOTE = "unsure of the source\nsee paragraph 3"
RELATION_NOTE = "named only later"
GOLD_NOTE = "as both annotators said"
DOCUMENT_NOTE = "check the 10% figure"
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
    emoji = world.documents["emoji"]
    set_note(session, world.users["alice"], emoji, DOCUMENT_NOTE, False)
    set_note(session, world.users["bob"], emoji, "", True)
    set_note(session, world.users["bob"], world.documents["plain"], "", False)  # says nothing
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
    assert warnings == [GOLD_NOT_FINAL]  # and nothing left out
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
    data, _ = _export(session, world.project, "labelstudio")
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


def test_spacy_keeps_every_note_and_status_in_the_user_data(session, world, tmp_path: Path) -> None:
    spacy = need("spacy")
    doc_bin = need("spacy.tokens").DocBin
    data, warnings = _export(session, world.project, "spacy")
    assert not [w for w in warnings if "not written" in w]
    path = tmp_path / "x.spacy"
    path.write_bytes(data)
    docs = list(doc_bin().from_disk(path).get_docs(spacy.blank("en").vocab))
    found = set().union(*(_noted(d.user_data["id"], d.user_data) for d in docs))
    assert found == NOTES
    by_layer = {(d.user_data["id"], d.user_data["annotator"]): d.user_data for d in docs}
    assert by_layer[("doc-emoji", "alice")]["note"] == DOCUMENT_NOTE
    assert by_layer[("doc-emoji", "bob")]["unsure"] is True
    statuses = {key: data["status"] for key, data in by_layer.items()}
    assert statuses[("doc-emoji", "bob")] == "in_progress"
    assert statuses[("doc-plain", "bob")] == "skipped"


def test_sentences_write_span_notes_and_the_layers_status(session, world) -> None:
    data, _ = _export(session, world.project, "sentences")
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


@pytest.mark.parametrize("fmt", LEFT_OUT)
def test_each_format_warns_of_exactly_what_it_leaves_out(session, world, fmt: str) -> None:
    if fmt in ("spacy", "hf"):
        need({"spacy": "spacy", "hf": "pyarrow"}[fmt])
    _, warnings = _export(session, world.project, fmt)
    assert [w for w in warnings if " not written: " in w] == LEFT_OUT[fmt]


def test_jsonl_carries_each_annotators_note_on_the_document_both_ways(
    session, world, tmp_path: Path
) -> None:
    data, _ = _export(session, world.project, "jsonl")
    records = {json.loads(x)["id"]: json.loads(x) for x in data.decode("utf-8").splitlines()}
    alice, bob = records["doc-emoji"]["annotations"]
    assert (alice.get("note"), alice.get("unsure")) == (DOCUMENT_NOTE, None)
    assert (bob.get("note"), bob.get("unsure")) == (None, True)
    assert "note" not in records["doc-emoji"]["gold"]
    assert not {"note", "unsure"} & set(records["doc-plain"]["annotations"][1])
    path = tmp_path / "data.jsonl"
    path.write_bytes(data)
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    import_paths(session, copy, [path])
    session.commit()
    again, _ = _export(session, copy, "jsonl")
    assert _document_notes(again) == _document_notes(data)
    assert _notes_in_jsonl(session, copy) == NOTES
    # Importing the same file again changes nothing.
    import_paths(session, copy, [path])
    session.commit()
    assert _export(session, copy, "jsonl")[0] == again


def _document_notes(data: bytes) -> set[tuple[str, str, Any, Any]]:
    """Return each annotator's layer's note and unsure mark in a jsonl export."""
    found = set()
    for line in data.decode("utf-8").splitlines():
        record = json.loads(line)
        for layer in record["annotations"]:
            found.add((record["id"], layer["annotator"], layer.get("note"), layer.get("unsure")))
    return found


@pytest.mark.parametrize(
    ("layer", "said_"),
    [
        ({"annotator": "gold", "note": "mine"}, "gold has no 'note': a document's note is"),
        ({"annotator": "alice", "note": 7}, "its note on the document must be text or null"),
        ({"annotator": "alice", "unsure": "yes"}, "'unsure' must be true or false, not str"),
        ({"annotator": "alice", "note": "x" * 10_001}, "is 10,001 characters long"),
    ],
)
def test_a_bad_note_on_the_document_is_refused_naming_the_layer(
    session, make_project, make_user, tmp_path: Path, layer: dict[str, Any], said_: str
) -> None:
    make_user("alice")
    item = {"status": "done", "spans": [], "relations": [], "sentence_labels": []}
    item |= {"document_labels": []} | layer
    record = {"id": "d", "text": "Officials said so.", "annotations": [], "gold": None}
    record["gold" if layer["annotator"] == "gold" else "annotations"] = (
        item if layer["annotator"] == "gold" else [item]
    )
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_paths(session, make_project("target"), [path])
    shown = str(refused.value) + json.dumps(refused.value.details)
    assert "bad.jsonl:1" in shown and said_ in shown, shown


def test_an_import_never_overwrites_an_annotators_other_note(
    session, world, tmp_path: Path
) -> None:
    data, _ = _export(session, world.project, "jsonl")
    path = tmp_path / "data.jsonl"
    path.write_bytes(data.replace(DOCUMENT_NOTE.encode(), b"another note"))
    with pytest.raises(ImportFailed) as refused:
        import_paths(session, world.project, [path])
    assert "already has a different" in str(refused.value) + json.dumps(refused.value.details)


def test_the_api_says_what_label_studio_left_out_before_the_file(
    client, session, world, make_token
) -> None:
    response = client.get(
        "/api/v1/projects/src/export",
        query_string={"format": "labelstudio"},
        headers=make_token(world.users["rita"]),
    )
    assert response.status_code == 200 and json.loads(response.get_data())
    carried = json.loads(response.headers["X-Annotator-Warnings"])
    assert sorted(carried) == sorted([GOLD_NOT_FINAL, *LEFT_OUT["labelstudio"]])


def test_a_note_on_a_layer_without_annotations_comes_in(
    session, make_project, make_user, tmp_path: Path
) -> None:
    alice = make_user("alice")
    layer = {"annotator": "alice", "status": "new", "spans": [], "relations": []}
    layer |= {"sentence_labels": [], "document_labels": [], "note": "read it twice"}
    record = {"id": "d", "text": "Officials said so.", "annotations": [layer], "gold": None}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    project = make_project("target")
    import_paths(session, project, [path])
    session.commit()
    (row,) = session.scalars(select(DocumentNote)).all()
    assert (row.user_id, row.note, row.unsure) == (alice.id, "read it twice", False)
    data, _ = _export(session, project, "jsonl")
    assert json.loads(data)["annotations"][0]["note"] == "read it twice"


def test_label_studio_refuses_a_meta_text_that_is_not_text(
    session, make_project, tmp_path: Path
) -> None:
    region = {"start": 0, "end": 9, "text": "Officials", "labels": ["SOURCE"]}
    result = {"id": "a", "from_name": "label", "to_name": "text", "type": "labels"}
    result |= {"value": region, "meta": {"text": [3]}}
    task = {
        "data": {"text": "Officials said so.", "id": "d"},
        "annotations": [{"completed_by": {"username": "alice"}, "result": [result]}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        import_paths(session, make_project("target"), [path])
    shown = str(refused.value) + json.dumps(refused.value.details)
    assert "annotations[0].result[0]: meta.text must be a list of strings" in shown, shown


def test_a_file_without_notes_changes_none_and_one_with_a_new_note_adds_it(
    session, world, tmp_path: Path
) -> None:
    data, _ = _export(session, world.project, "jsonl")
    records = [json.loads(x) for x in data.decode("utf-8").splitlines()]
    for record in records:
        for layer in record["annotations"]:
            layer.pop("note", None)
            layer.pop("unsure", None)
    older = tmp_path / "older.jsonl"  # an export from before notes came along
    older.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    import_paths(session, world.project, [older])
    session.commit()
    assert _export(session, world.project, "jsonl")[0] == data
    # alice's note on doc-plain, which she has not written here: the same layer, a new note.
    records[1]["annotations"][0]["note"] = "the figure is from 2019"
    newer = tmp_path / "newer.jsonl"
    newer.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    import_paths(session, world.project, [newer])
    session.commit()
    again, _ = _export(session, world.project, "jsonl")
    notes = _document_notes(again) - _document_notes(data)
    assert notes == {("doc-plain", "alice", "the figure is from 2019", None)}


def test_a_tab_that_read_the_note_before_an_import_wrote_it_is_refused(
    session, world, tmp_path: Path
) -> None:
    # alice's box on doc-plain was saved empty (a row that says nothing, version 1); an import
    # then brings her note there: a tab still at version 1 must not write over it unseen.
    from annotator.core.errors import Conflict

    alice, document = world.users["alice"], world.documents["plain"]
    assert set_note(session, alice, document, "", False).version == 1
    session.commit()
    data, _ = _export(session, world.project, "jsonl")
    records = [json.loads(x) for x in data.decode("utf-8").splitlines()]
    layer = next(
        layer
        for record in records
        if record["id"] == "doc-plain"
        for layer in record["annotations"]
        if layer["annotator"] == "alice"
    )
    layer["note"] = "the figure is from 2019"
    path = tmp_path / "with-note.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    import_paths(session, world.project, [path])
    session.commit()
    with pytest.raises(Conflict):
        set_note(session, alice, document, "typed before the import", False, version=1)
    session.rollback()
    row = session.scalar(
        select(DocumentNote).where(
            DocumentNote.user_id == alice.id, DocumentNote.document_id == document.id
        )
    )
    assert (row.note, row.version) == ("the figure is from 2019", 2)
