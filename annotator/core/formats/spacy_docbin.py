"""The ``spacy`` format: a spaCy ``DocBin`` (needs the optional ``spacy`` extra).

One ``Doc`` per document and layer, tokenised by ``spacy.blank("en")`` (no model needed):
``doc.spans["sc"]`` holds every span (overlaps allowed, as spancat expects), ``doc.ents``
those that do not overlap an earlier one (spans taken in order of start, longest first),
``doc.cats`` the document labels as ``"field=value": 1.0``, and sentence starts follow the
project's sentences. ``doc.user_data`` keeps what spaCy has no place for: ``id``,
``annotator``, ``status``, the spans with their exact character offsets and attributes,
relations and sentence labels. Spans are widened to token boundaries (counted in a warning).
A DocBin is one msgpack value, so this format is built in memory, unlike the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat, Record, layers_of
from annotator.core.shapes import SUGGESTION_KEYS

WIDENED = "spans widened to token boundaries"
NOT_ENTS = "spans kept out of doc.ents because they overlap another (all are in doc.spans)"
NO_TOKEN = "spans left out because they cover no token"


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield the bytes of one DocBin holding a Doc per document and layer."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc_bin = DocBin(store_user_data=True)
    for record in records:
        base = nlp.make_doc(record["text"])
        for layer in layers_of(record):
            doc_bin.add(_doc(base.copy(), record, layer, context))
    yield doc_bin.to_bytes()


def _doc(doc: Any, record: Record, layer: dict[str, Any], context: ExportContext) -> Any:
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
            context.warnings[NO_TOKEN] += 1
            continue
        if (found.start_char, found.end_char) != (span["start"], span["end"]):
            context.warnings[WIDENED] += 1
        spans.append(found)
        if found.start >= taken_until:
            entities.append(found)
            taken_until = found.end
        else:
            context.warnings[NOT_ENTS] += 1
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
                | {k: s[k] for k in SUGGESTION_KEYS if k in s}
                for s in layer["spans"]
            ],
            "relations": layer["relations"],
            "sentence_labels": layer["sentence_labels"],
        }
    )
    return doc


FORMAT = ExportFormat(
    name="spacy",
    extension="spacy",
    mimetype="application/octet-stream",
    description="spaCy DocBin: doc.spans['sc'], doc.ents, doc.cats, one Doc per layer",
    writer=write,
    requires="spacy",
)
