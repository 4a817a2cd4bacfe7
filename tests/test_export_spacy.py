"""The ``spacy`` export against spaCy's own way of building a DocBin.

The writer fills a ``DocBin`` without building a ``Doc`` per layer (for speed), reads spans
as rows (no dict per span) and keeps the Docs in temporary files until the end; these tests
build the ``Doc``s the straightforward way, tokenised by ``spacy.blank("en")`` with
``char_span`` and ``doc.ents``, add them with ``DocBin.add``, and ask for the same bytes.
"""

from __future__ import annotations

import zlib
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.core.formats import ExportContext, layers_of
from annotator.core.formats.docbin_file import ROWS, SPOOLED
from annotator.core.formats.spacy_docbin import NO_TOKEN, NOT_ENTS, WIDENED, write
from annotator.core.shapes import SUGGESTION_KEYS
from annotator.models import Span
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import accept_suggestion
from annotator.services.datasets.batches import DocumentFilter
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.export_records import iter_records
from tests.assist_world import build_assist_world
from tests.export_world import World, build_world
from tests.extras import need


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    """The export world, a span of it noted and another accepted from a suggestion: read as
    rows, each keeps its note and provenance in user_data as a dict span does."""
    world = build_world(session, make_user, make_project, make_document, assign)
    first, second = session.scalars(select(Span.id).order_by(Span.id).limit(2))
    session.execute(update(Span).where(Span.id == first).values(note="unsure\nsee 3"))
    session.execute(update(Span).where(Span.id == second).values(model="3", score=0.5))
    session.commit()
    return world


def reference_docbin(records: list[dict[str, Any]]) -> tuple[bytes, Counter[str]]:
    """Build the DocBin from one ``Doc`` per document and layer, through ``DocBin.add``."""
    spacy = need("spacy")
    DocBin = need("spacy.tokens").DocBin
    SENT_START = need("spacy.attrs").SENT_START
    numpy = need("numpy")
    nlp = spacy.blank("en")
    doc_bin = DocBin(store_user_data=True)
    warnings: Counter[str] = Counter()
    for record in records:
        base = nlp.make_doc(record["text"])
        for layer in layers_of(record):
            doc = base.copy()
            # Token.is_sent_start for each token, set at once (setting it token by token
            # walks the whole Doc each time).
            sent_starts = [1 if i == 0 else -1 for i in range(len(doc))]
            for sentence in record["sentences"]:
                first = doc.char_span(sentence["start"], sentence["end"], alignment_mode="expand")
                if first is not None and len(first):
                    sent_starts[first.start] = 1
            if sent_starts:
                column = numpy.asarray(sent_starts, dtype=numpy.int64).reshape((-1, 1))
                doc.from_array([SENT_START], column.view(numpy.uint64))
            spans, entities, taken_until = [], [], -1
            for span in sorted(layer["spans"], key=lambda s: (s["start"], -s["end"], s["id"])):
                found = doc.char_span(
                    span["start"], span["end"], label=span["label"], alignment_mode="expand"
                )
                if found is None or not len(found):
                    warnings[NO_TOKEN] += 1
                    continue
                if (found.start_char, found.end_char) != (span["start"], span["end"]):
                    warnings[WIDENED] += 1
                spans.append(found)
                if found.start >= taken_until:
                    entities.append(found)
                    taken_until = found.end
                else:
                    warnings[NOT_ENTS] += 1
            doc.spans["sc"] = spans
            doc.ents = entities
            for label in layer["document_labels"]:
                values = label["value"] if isinstance(label["value"], list) else [label["value"]]
                for value in values:
                    doc.cats[f"{label['name']}={value}"] = 1.0
            doc.user_data.update(
                {
                    "id": record["id"],
                    "title": record.get("title"),
                    "meta": record.get("meta") or {},
                    "annotator": layer["annotator"],
                    "status": layer["status"],
                    "spans": [
                        {k: s[k] for k in ("id", "label", "start", "end", "attributes")}
                        | {k: s[k] for k in (*SUGGESTION_KEYS, "note", "source") if k in s}
                        for s in layer["spans"]
                    ],
                    "relations": layer["relations"],
                    "sentence_labels": layer["sentence_labels"],
                    "document_labels": layer["document_labels"],
                    **{k: layer[k] for k in ("note", "unsure") if k in layer},
                }
            )
            doc_bin.add(doc)
    return doc_bin.to_bytes(), warnings


def _layer(annotator: str, spans: list[tuple[str, int, int]], **extra: Any) -> dict[str, Any]:
    return {
        "annotator": annotator,
        "status": "done",
        "spans": [
            {"id": i, "label": label, "start": start, "end": end, "attributes": {}}
            for i, (label, start, end) in enumerate(spans, start=1)
        ],
        "relations": [],
        "sentence_labels": [],
        "document_labels": extra.get("document_labels", []),
    }


def same_docbin(got: bytes, want: bytes) -> bool:
    """Whether two DocBin files hold the same map: ours compresses it at another zlib level
    than ``DocBin.to_bytes`` (annotator/core/formats/docbin_file.py), so the packed bytes, not
    the compressed ones, are what must be equal."""
    return zlib.decompress(got) == zlib.decompress(want)


def test_the_export_equals_spacys_own_docbin_on_a_project(session, world) -> None:
    need("spacy")
    project = world.project
    records = list(iter_records(session, project, ExportOptions(), DocumentFilter(project.id)))
    want, warnings = reference_docbin(records)

    export = start_export(session, project, ExportOptions(format="spacy"))
    assert same_docbin(b"".join(export.chunks), want)
    # The reference counts what spaCy's own DocBin leaves out; the export also says the
    # world's gold is not final.
    kept = {what: n for what, n in export.warnings.items() if "not final" not in what.many}
    assert kept == dict(warnings) and len(export.warnings) == len(kept) + 1


def test_widened_overlapping_and_tokenless_spans_match_spacys_own_docbin() -> None:
    need("spacy")
    text = "Officials  said: the plan (costs!) rose 😀 sharply.\n\nCritics denied it."
    sentences = [
        {"index": 0, "start": 0, "end": 50},
        {"index": 1, "start": 52, "end": len(text)},
    ]
    record = {
        "id": "doc-1",
        "text": text,
        "sentences": sentences,
        "annotations": [
            _layer(
                "alice",
                # widened (mid-word), overlapping, the same span twice, one in whitespace only
                [("CLAIM", 17, 33), ("SOURCE", 0, 5), ("CUE", 12, 15), ("CLAIM", 17, 20)],
                document_labels=[{"name": "genre", "value": ["NEWS", "OPINION"]}],
            ),
            _layer("bob", [("SOURCE", 0, 9), ("CUE", 10, 11), ("CUE", 9, 10), ("CLAIM", 52, 59)]),
            _layer("carol", []),
        ],
        "gold": _layer("gold", [("SOURCE", 0, 9)]),
    }
    empty = {"id": "doc-2", "text": "Nothing.", "sentences": [], "annotations": [], "gold": None}
    want, warnings = reference_docbin([record, empty])
    context = ExportContext(schema={}, meta={})

    got = b"".join(write([record, empty], context))

    assert same_docbin(got, want)
    assert context.warnings == warnings
    assert set(warnings) == {NO_TOKEN, NOT_ENTS, WIDENED}


@pytest.fixture
def suggested(session, make_user, make_project, make_document, assign) -> Any:  # noqa: ANN001
    """A project with a suggestions layer, one of its spans accepted into alice's layer."""
    world = build_assist_world(session, make_user, make_project, make_document, assign, 0)
    predict_documents(session, world.project)
    cue = session.query(Span).filter(Span.model == "rules", Span.label == "CUE").one()
    accept_suggestion(session, world.annotator, cue.id)
    session.commit()
    return world


@pytest.mark.parametrize("layer", ["all", "suggestions"])
def test_suggested_spans_read_as_rows_match_spacys_own_docbin(
    session, suggested, layer: str
) -> None:
    # Spans read as rows carry a suggestion's keys (an accepted span's "suggested", the
    # suggestions layer's own "score" and "model") into user_data as dict spans do.
    need("spacy")
    project = suggested.project
    options = ExportOptions(layer=layer)
    records = list(iter_records(session, project, options, DocumentFilter(project.id)))
    want, warnings = reference_docbin(records)
    keys = {k for r in records for x in layers_of(r) for s in x["spans"] for k in s}
    assert keys & set(SUGGESTION_KEYS), "the project has suggested spans in this layer"

    export = start_export(session, project, ExportOptions(format="spacy", layer=layer))

    assert same_docbin(b"".join(export.chunks), want)
    assert export.warnings == dict(warnings)


def test_a_long_document_and_a_file_beyond_memory_keep_spacys_bytes() -> None:
    # One document of more tokens than a block of rows, whose token columns outgrow what the
    # temporary files keep in memory (so they go to disk), then a short one: the same bytes,
    # and spaCy reads the annotations back.
    spacy = need("spacy")
    DocBin = need("spacy.tokens").DocBin
    words = ("Officials", "said", "the", "plan", "rose", "sharply", ".")
    text = " ".join(words[i % len(words)] for i in range(120_000))
    end = len(text)
    spans = [("SOURCE", 0, 9), ("CUE", 10, 14), ("CLAIM", text.rindex("rose"), end)]
    long = {
        "id": "long",
        "text": text,
        "sentences": [{"index": 0, "start": 0, "end": end}],
        "annotations": [_layer("alice", spans)],
        "gold": None,
    }
    short = {
        "id": "short",
        "text": "Critics denied it.",
        "sentences": [{"index": 0, "start": 0, "end": 18}],
        "annotations": [_layer("bob", [("SOURCE", 0, 7)])],
        "gold": None,
    }
    want, warnings = reference_docbin([long, short])
    context = ExportContext(schema={}, meta={})

    got = b"".join(write([long, short], context))

    assert same_docbin(got, want)
    assert context.warnings == warnings == Counter()
    nlp = spacy.blank("en")
    docs = list(DocBin().from_bytes(got).get_docs(nlp.vocab))
    assert len(docs[0]) > ROWS and 5 * 8 * len(docs[0]) > SPOOLED
    assert [d.user_data["id"] for d in docs] == ["long", "short"]
    for doc, record in zip(docs, (long, short), strict=True):
        layer = record["annotations"][0]
        annotated = [(s["label"], s["start"], s["end"]) for s in layer["spans"]]
        assert doc.text == record["text"]
        assert [(s.label_, s.start_char, s.end_char) for s in doc.spans["sc"]] == annotated
        assert [(e.label_, e.start_char, e.end_char) for e in doc.ents] == annotated
