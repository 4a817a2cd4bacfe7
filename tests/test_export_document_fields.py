"""What the ``spacy`` and ``sentences`` exports write of a document's own fields and gold's
sources.

A document's title and ``meta`` are the document's, not a layer's: a researcher grouping an
evaluation by ``outlet`` needs them beside the annotations. ``spacy`` keeps them in each
Doc's ``user_data`` (as ``jsonl`` has them), ``sentences`` on each row (``meta`` as JSON
text, as ``hf`` writes it); neither then warns of them. A gold span's ``source`` (how gold
came to hold it) rides along in both, as its relations' and labels' do.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import ExportOptions, start_export
from tests.extras import need
from tests.helpers import said

TEXT = "Officials said the plan failed. Critics denied it."
META = {"outlet": "Daily", "year": 2021}


@pytest.fixture
def project(session, make_user, make_project, make_document, assign):  # noqa: ANN001, ANN201
    """A document with a title and meta, alice's layer and gold's span accepted from her; and
    a document with neither title nor meta."""
    alice, rita = make_user("alice"), make_user("rita", "reviewer")
    project = make_project("fields")
    titled = make_document(project, TEXT, "d1", title="Budget row", meta=META)
    bare = make_document(project, "Critics said no.", "d2")
    assign(titled, alice)
    assign(bare, alice)
    add_span(session, open_layer(session, alice, titled, "alice"), "SOURCE", 0, 9)
    gold = add_span(session, open_layer(session, rita, titled, "gold"), "SOURCE", 0, 9)
    # As the review's accept of a quorum records it.
    gold.source_how, gold.source_of, gold.source_layer = "unanimous", 1, "alice"
    add_span(session, open_layer(session, alice, bare, "alice"), "SOURCE", 0, 7)
    session.commit()
    return project


def _export(session, project, fmt: str, layer: str = "all") -> tuple[bytes, list[str]]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(format=fmt, layer=layer))
    return b"".join(export.chunks), said(export.warnings)


def test_sentences_rows_carry_the_documents_title_and_meta(session, project) -> None:
    data, warnings = _export(session, project, "sentences")
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    fields = {(r["doc_id"], r["annotator"], r["sentence"]): (r["title"], r["meta"]) for r in rows}
    assert fields[("d1", "alice", 1)] == ("Budget row", json.dumps(META, sort_keys=True))
    assert json.loads(fields[("d1", "gold", 0)][1])["outlet"] == "Daily"
    assert fields[("d2", "alice", 0)] == (None, "{}")
    assert not [w for w in warnings if "title" in w or "meta" in w]


def test_sentences_rows_keep_a_gold_spans_source(session, project) -> None:
    data, _ = _export(session, project, "sentences", layer="gold")
    (row, _second) = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    (span,) = row["spans"]
    assert span["source"] == {"how": "unanimous", "of": 1, "annotators": ["alice"]}


def test_sentences_rows_with_meta_of_changing_types_load_with_arrow(session, project) -> None:
    # meta as JSON text: a field of a string in one document and a number in another, and a
    # document with no meta at all, leave one column of one type.
    pyarrow_json = need("pyarrow.json")
    data, _ = _export(session, project, "sentences")
    table = pyarrow_json.read_json(io.BytesIO(data))
    assert str(table.schema.field("meta").type) == "string"


def test_spacy_user_data_has_the_title_meta_and_gold_sources(
    session, project, tmp_path: Path
) -> None:
    spacy = need("spacy")
    doc_bin = need("spacy.tokens").DocBin
    data, warnings = _export(session, project, "spacy")
    path = tmp_path / "x.spacy"
    path.write_bytes(data)
    docs = list(doc_bin().from_disk(path).get_docs(spacy.blank("en").vocab))
    by_layer = {(d.user_data["id"], d.user_data["annotator"]): d.user_data for d in docs}
    assert by_layer[("d1", "alice")]["title"] == "Budget row"
    assert by_layer[("d1", "gold")]["meta"] == META
    assert (by_layer[("d2", "alice")]["title"], by_layer[("d2", "alice")]["meta"]) == (None, {})
    (gold_span,) = by_layer[("d1", "gold")]["spans"]
    # spaCy reads user_data's lists back as tuples.
    assert gold_span["source"] == {"how": "unanimous", "of": 1, "annotators": ("alice",)}
    assert "source" not in by_layer[("d1", "alice")]["spans"][0]
    assert not [w for w in warnings if "not written" in w]
