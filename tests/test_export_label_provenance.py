"""A sentence or document label value accepted from a suggestion says so in every export that
carries labels (CONTRACT 11, as for spans): Label Studio in its choice's ``meta`` (read
back), spaCy in ``user_data``, ``sentences`` beside the row's labels; ``hf``, whose label
columns hold bare class labels, warns of it as left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import LabelValue, Layer
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import World, build_world
from tests.extras import need
from tests.helpers import said

STANCE = {"model": 3, "score": 0.91}
GENRE = {"model": 3, "score": 0.8}


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    """The export world with alice's stance of sentence 0 and genre of doc-emoji accepted
    from model 3's suggestions."""
    world = build_world(session, make_user, make_project, make_document, assign)
    alice = session.scalar(
        select(Layer.id).where(
            Layer.document_id == world.documents["emoji"].id,
            Layer.user_id == world.users["alice"].id,
        )
    )
    for unit, name, given in ((0, "stance", STANCE), (DOCUMENT_UNIT, "genre", GENRE)):
        session.execute(
            update(LabelValue)
            .where(
                LabelValue.layer_id == alice,
                LabelValue.sentence_index == unit,
                LabelValue.name == name,
            )
            .values(model="3", score=given["score"])
        )
    session.commit()
    return world


def _export(session: Any, project: Any, fmt: str) -> tuple[bytes, list[str]]:
    export = start_export(session, project, ExportOptions(format=fmt))
    return b"".join(export.chunks), said(export.warnings)


def _provenance_in_jsonl(session: Any, project: Any) -> dict[tuple[str, str, Any], Any]:
    """(document, annotator, sentence or None) -> each label's suggested, where it has one."""
    data, _ = _export(session, project, "jsonl")
    found = {}
    for line in data.decode("utf-8").splitlines():
        record = json.loads(line)
        for layer in record["annotations"]:
            for label in layer["sentence_labels"] + layer["document_labels"]:
                if "suggested" in label:
                    key = (record["id"], layer["annotator"], label.get("sentence"))
                    found[key] = label["suggested"]
    return found


def test_label_studio_writes_a_labels_provenance_in_its_choice_meta_and_reads_it_back(
    session: Any, world: World, tmp_path: Path
) -> None:
    expected = {("doc-emoji", "alice", 0): STANCE, ("doc-emoji", "alice", None): GENRE}
    assert _provenance_in_jsonl(session, world.project) == expected
    data, _ = _export(session, world.project, "labelstudio")
    (task,) = [t for t in json.loads(data) if t["data"]["id"] == "doc-emoji"]
    alice = task["annotations"][0]["result"]
    choices = {r["id"]: r.get("meta") for r in alice if r["type"] == "choices"}
    assert choices["sentence-0"] == {"suggested": STANCE}
    assert choices["document-genre"] == {"suggested": GENRE}
    assert choices["sentence-1"] is None  # bias, chosen by hand
    path = tmp_path / "tasks.json"
    path.write_bytes(data)
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    import_paths(session, copy, [path])
    session.commit()
    assert _provenance_in_jsonl(session, copy) == expected


def test_sentences_rows_say_which_labels_came_from_a_suggestion(session: Any, world: World) -> None:
    data, _ = _export(session, world.project, "sentences")
    rows = {
        (r["doc_id"], r["annotator"], r["sentence"]): r
        for r in map(json.loads, data.decode("utf-8").splitlines())
    }
    first = rows[("doc-emoji", "alice", 0)]
    assert first["labels"]["stance"] == "AGAINST"
    assert first["labels_suggested"] == {"stance": STANCE}
    assert first["document_labels_suggested"] == {"genre": GENRE}
    second = rows[("doc-emoji", "alice", 1)]
    assert "labels_suggested" not in second and second["document_labels_suggested"]
    assert "document_labels_suggested" not in rows[("doc-emoji", "bob", 0)]


def test_spacy_keeps_each_labels_provenance_in_the_user_data(
    session: Any, world: World, tmp_path: Path
) -> None:
    spacy = need("spacy")
    data, warnings = _export(session, world.project, "spacy")
    assert not [w for w in warnings if "not written" in w]
    path = tmp_path / "x.spacy"
    path.write_bytes(data)
    docs = need("spacy.tokens").DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
    by_layer = {(d.user_data["id"], d.user_data["annotator"]): d.user_data for d in docs}
    alice = by_layer[("doc-emoji", "alice")]
    stance = [x for x in alice["sentence_labels"] if x["name"] == "stance"]
    assert [x.get("suggested") for x in stance] == [STANCE]
    assert [x.get("suggested") for x in alice["document_labels"]] == [GENRE]


def test_hf_warns_of_the_label_provenance_it_has_no_column_for(session: Any, world: World) -> None:
    need("pyarrow")
    _, warnings = _export(session, world.project, "hf")
    assert (
        "2 label values' models and scores (genre, stance) not written: hf has no room for them"
        in warnings
    )


@pytest.mark.parametrize(
    ("fmt", "left_out"),
    [
        ("conll", "2 label values' models and scores (genre, stance) not written"),
        # doccano writes no sentence label (warned of whole): the genre's alone.
        ("doccano", "1 label value's model and score (genre) not written"),
        ("brat", None),  # no label value written at all (warned of whole)
    ],
)
def test_the_formats_that_write_labels_bare_warn_of_their_provenance(
    session: Any, world: World, fmt: str, left_out: str | None
) -> None:
    _, warnings = _export(session, world.project, fmt)
    found = [w for w in warnings if "model and score" in w or "models and scores" in w]
    assert [w.split(":")[0] for w in found] == ([left_out] if left_out else [])
