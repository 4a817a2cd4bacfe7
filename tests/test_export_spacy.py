"""The ``spacy`` export against spaCy's own way of building a DocBin.

The writer fills a ``DocBin`` without building a ``Doc`` per layer (for speed); these tests
build the ``Doc``s the straightforward way, tokenised by ``spacy.blank("en")`` with
``char_span`` and ``doc.ents``, add them with ``DocBin.add``, and ask for the same bytes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from export_world import World, build_world

from annotator.core.formats import ExportContext, layers_of
from annotator.core.formats.spacy_docbin import NO_TOKEN, NOT_ENTS, WIDENED, write
from annotator.services.datasets.batches import DocumentFilter
from annotator.services.datasets.export import ExportOptions, iter_records, start_export
from tests.extras import need


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def reference_docbin(records: list[dict[str, Any]]) -> tuple[bytes, Counter[str]]:
    """Build the DocBin from one ``Doc`` per document and layer, through ``DocBin.add``."""
    spacy = need("spacy")
    DocBin = need("spacy.tokens").DocBin
    nlp = spacy.blank("en")
    doc_bin = DocBin(store_user_data=True)
    warnings: Counter[str] = Counter()
    for record in records:
        base = nlp.make_doc(record["text"])
        for layer in layers_of(record):
            doc = base.copy()
            for token in doc:
                token.is_sent_start = token.i == 0
            for sentence in record["sentences"]:
                first = doc.char_span(sentence["start"], sentence["end"], alignment_mode="expand")
                if first is not None and len(first):
                    first[0].is_sent_start = True
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
                    "annotator": layer["annotator"],
                    "status": layer["status"],
                    "spans": [
                        {k: s[k] for k in ("id", "label", "start", "end", "attributes")}
                        for s in layer["spans"]
                    ],
                    "relations": layer["relations"],
                    "sentence_labels": layer["sentence_labels"],
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


def test_the_export_equals_spacys_own_docbin_on_a_project(session, world) -> None:
    need("spacy")
    project = world.project
    records = list(iter_records(session, project, ExportOptions(), DocumentFilter(project.id)))
    want, warnings = reference_docbin(records)

    export = start_export(session, project, ExportOptions(format="spacy"))
    assert b"".join(export.chunks) == want
    assert export.warnings == dict(warnings)


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

    assert got == want
    assert context.warnings == warnings
    assert set(warnings) == {NO_TOKEN, NOT_ENTS, WIDENED}
