"""doccano JSONL, both ways: sequence labelling and the relation variant.

Written one line per document and layer: ``{"id", "text", "annotator", "label": [[start, end,
label], ...]}``, or for ``doccano-relations`` ``{"id", "text", "annotator", "entities": [{"id",
"label", "start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id", "type"}]}``.
Both write a layer's document label values as ``cats``, doccano's text classification field
(a list of label strings; a multi-valued field's values one by one), when it has any: a value
is written there only when exactly one document label field of the schema offers it, for the
import finds its field by value. doccano has no span attributes, sentence labels or notes, and
its sequence labelling no relations: those are not written, and the export warns of them,
counted and named (:func:`left_out`), as of a document label value that two fields offer.

Read back (:func:`to_record`) into the ``jsonl`` export shape, so that the import service
checks and stores it like any other annotated record. A ``label`` list may also hold Label
Studio's JSON-MIN regions (``{"start", "end", "text", "labels"}``), whose records have this
shape otherwise (``text``, ``id``, ``annotator``). ``cats`` (or a ``label`` list of
strings, doccano's text classification) become document labels whose field the importer
finds by value. The layer is named by ``annotator`` (or ``user``) when the line has one.
Our lines carry each layer's ``status`` (doccano keeps a line's other fields as its metadata),
so that a re-import gives it back. A line without one (doccano's own) gives an annotator's
layer ``done`` when it holds any annotation, ``new`` when empty
(:mod:`annotator.core.formats.layer_status`); a ``status`` that is no status of that layer
(``"published"``: a doccano project's own metadata) stays the document's meta, as before lines
carried one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from annotator.core.formats import (
    ExportContext,
    ExportFormat,
    Record,
    dumps,
    json_lines,
    layers_of,
)
from annotator.core.formats.given_ids import keep_given_id
from annotator.core.formats.layer_status import status_problem, status_unsaid
from annotator.core.formats.left_out import (
    ATTRIBUTES,
    DOCUMENT_NOTES,
    LABEL_PROVENANCE,
    NOTES,
    RELATIONS,
    SENTENCE_LABELS,
    Item,
    LeftOut,
    document_fields,
    parts,
)
from annotator.core.shapes import provenance
from annotator.core.wording import CountedPhrase

#: Fields of a doccano line that carry annotations; their presence marks the shape.
DOCCANO_FIELDS = ("label", "entities", "relations", "cats")
#: What Label Studio's JSON-MIN export writes of the annotation beside the task's data, on
#: each of its records (one per annotation): the annotation's, not the document's, so not
#: its meta (the first record's would have stood for every annotator's). ``annotation_id``
#: marks the shape.
JSON_MIN_ANNOTATION_FIELDS = (
    "annotation_id",
    "created_at",
    "updated_at",
    "lead_time",
    "agreement",
    "history",
)
JSON_MIN_FIELDS = CountedPhrase(
    "Label Studio JSON-MIN annotation's own fields (annotation_id, created_at, updated_at, "
    "lead_time) kept out of its document's meta",
    "Label Studio JSON-MIN annotations' own fields (annotation_id, created_at, updated_at, "
    "lead_time) kept out of their documents' meta",
)


#: A document label value ``cats`` cannot carry: no field of the schema, or several, offer it.
NOT_ONE_FIELD = LeftOut(
    "document label value",
    "document label values",
    "doccano's cats name a value alone, and not exactly one document label field offers it",
    "doccano's cats name a value alone, and not exactly one document label field offers them",
)


def _offered(schema: Mapping[str, Any]) -> Counter[str]:
    """Return how many document label fields of ``schema`` offer each value."""
    return Counter(v for f in schema.get("document_labels") or [] for v in f["values"])


def _values(label: Mapping[str, Any]) -> list[Any]:
    value = label["value"]
    return list(value) if isinstance(value, list) else [value]


def cats(layer: Mapping[str, Any], offered: Counter[str]) -> list[Any]:
    """Return the document label values of ``layer`` that ``cats`` can carry, in order.

    ``offered`` is :func:`_offered` of the schema: a value goes in only when exactly one field
    offers it, so that the import (which finds the field by value) gives it back to its field.
    """
    return [
        value
        for label in layer["document_labels"]
        if all(offered[v] == 1 for v in _values(label))
        for value in _values(label)
    ]


def _not_in_cats(layer: Mapping[str, Any], schema: Mapping[str, Any]) -> Iterator[Item]:
    offered = _offered(schema)
    for label in layer["document_labels"]:
        if not all(offered[v] == 1 for v in _values(label)):
            yield NOT_ONE_FIELD, label["name"]


def left_out(layer: Mapping[str, Any], schema: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what a sequence labelling line has no room for (doccano's ``label`` list)."""
    yield from parts(
        layer, SENTENCE_LABELS, ATTRIBUTES, RELATIONS, NOTES, DOCUMENT_NOTES, LABEL_PROVENANCE
    )
    yield from _not_in_cats(layer, schema)


def left_out_of_relations(layer: Mapping[str, Any], schema: Mapping[str, Any]) -> Iterator[Item]:
    """Yield what a relation extraction line has no room for."""
    yield from parts(layer, SENTENCE_LABELS, ATTRIBUTES, NOTES, DOCUMENT_NOTES, LABEL_PROVENANCE)
    yield from _not_in_cats(layer, schema)


def _lines(records: Iterable[Record], relations: bool, schema: Mapping[str, Any]) -> Iterator[str]:
    offered = _offered(schema)
    for record in records:
        for layer in layers_of(record):
            line: dict[str, Any] = {
                "id": record["id"],
                "text": record["text"],
                "annotator": layer["annotator"],
                "status": layer["status"],
            }
            carried = cats(layer, offered)
            if carried:
                line["cats"] = carried
            if relations:
                line["entities"] = [
                    {
                        "id": s["id"],
                        "label": s["label"],
                        "start_offset": s["start"],
                        "end_offset": s["end"],
                    }
                    | _suggested(s)
                    for s in layer["spans"]
                ]
                line["relations"] = [
                    {"id": r["id"], "from_id": r["from"], "to_id": r["to"], "type": r["type"]}
                    | _suggested(r)
                    for r in layer["relations"]
                ]
            else:
                line["label"] = [[s["start"], s["end"], s["label"]] for s in layer["spans"]]
                # doccano's [start, end, label] has no room for it: the spans that are or came
                # from a suggestion are listed beside, each with its model and score.
                suggested = [
                    {"start": s["start"], "end": s["end"], "label": s["label"], **_suggested(s)}
                    for s in layer["spans"]
                    if provenance(s) is not None
                ]
                if suggested:
                    line["suggested"] = suggested
            yield dumps(line) + "\n"


def _suggested(span: dict[str, Any]) -> dict[str, Any]:
    found = provenance(span)
    return {} if found is None else {"suggested": found}


def write(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield doccano sequence-labelling lines, one per document and layer."""
    return json_lines(_lines(records, relations=False, schema=context.schema), context)


def write_relations(records: Iterable[Record], context: ExportContext) -> Iterator[bytes]:
    """Yield doccano relation-extraction lines, one per document and layer."""
    return json_lines(_lines(records, relations=True, schema=context.schema), context)


class ShapeError(ValueError):
    """A doccano or Label Studio record that does not have the expected shape."""


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ShapeError(f"{where} must be an integer, got {value!r}")
    return value


def _region(item: dict[str, Any], i: int) -> dict[str, Any]:
    """Return a region of Label Studio's JSON-MIN export (``{"start", "end", "text",
    "labels": [one]}``, a ``label`` list item) as a span."""
    labels = item.get("labels")
    if not isinstance(labels, list) or len(labels) != 1:
        raise ShapeError(f"label[{i}]: a region needs exactly one label, got {labels!r}")
    span = {
        "id": i + 1,
        "label": labels[0],
        "start": _int(item.get("start"), f"label[{i}].start"),
        "end": _int(item.get("end"), f"label[{i}].end"),
    }
    if isinstance(item.get("text"), str):
        span["text"] = item["text"]
    return span


def _given_suggested(item: dict[str, Any]) -> dict[str, Any]:
    """Return the ``suggested`` of an entity or relation as given (checked on import)."""
    return {"suggested": item["suggested"]} if "suggested" in item else {}


def _place_suggested(listed: Any, spans: list[dict[str, Any]]) -> None:
    """Give each ``[start, end, label]`` span the provenance that the line's ``suggested``
    list (our export's, beside ``label``) gives for the same start, end and label.

    :raises ShapeError: when the list or an entry is not in that shape, or names no span.
    """
    if listed is None:
        return
    if not isinstance(listed, list):
        raise ShapeError("'suggested' must be a list of {start, end, label, suggested}")
    by_place = {(s["start"], s["end"], s["label"]): s for s in spans}
    for i, entry in enumerate(listed):
        if not isinstance(entry, dict):
            raise ShapeError(f"suggested[{i}] must be an object")
        place = (entry.get("start"), entry.get("end"), entry.get("label"))
        span = by_place.get(place)
        if span is None:
            raise ShapeError(
                f"suggested[{i}] names no span of 'label' ({place[0]}, {place[1]}, {place[2]!r})"
            )
        span["suggested"] = entry.get("suggested")


def to_record(obj: dict[str, Any]) -> dict[str, Any]:
    """Return a doccano line in the ``jsonl`` export shape (annotator None when unnamed).

    :raises ShapeError: naming the entry that is not in doccano's shape.
    """
    spans: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    categories: list[Any] = list(obj.get("cats") or [])
    label = obj.get("label", [])
    if not isinstance(label, list):
        raise ShapeError("'label' must be a list")
    for i, item in enumerate(label):
        if isinstance(item, str):
            categories.append(item)
            continue
        if isinstance(item, dict):  # Label Studio's JSON-MIN region
            spans.append(_region(item, i))
            continue
        if not isinstance(item, list) or len(item) != 3:
            raise ShapeError(f"label[{i}] must be [start, end, label], got {item!r}")
        start, end = _int(item[0], f"label[{i}] start"), _int(item[1], f"label[{i}] end")
        spans.append({"id": i + 1, "label": item[2], "start": start, "end": end})
    _place_suggested(obj.get("suggested"), spans)
    entities = obj.get("entities", [])
    if not isinstance(entities, list):
        raise ShapeError("'entities' must be a list")
    for i, entity in enumerate(entities):
        if not isinstance(entity, dict):
            raise ShapeError(f"entities[{i}] must be an object")
        spans.append(
            {
                "id": entity.get("id", f"e{i}"),
                "label": entity.get("label"),
                "start": _int(entity.get("start_offset"), f"entities[{i}].start_offset"),
                "end": _int(entity.get("end_offset"), f"entities[{i}].end_offset"),
            }
            | _given_suggested(entity)
        )
    links = obj.get("relations", [])
    if not isinstance(links, list):
        raise ShapeError("'relations' must be a list")
    for i, relation in enumerate(links):
        if not isinstance(relation, dict):
            raise ShapeError(f"relations[{i}] must be an object")
        relations.append(
            {
                "id": relation.get("id", i + 1),
                "type": relation.get("type"),
                "from": relation.get("from_id"),
                "to": relation.get("to_id"),
            }
            | _given_suggested(relation)
        )
    field = "annotator" if "annotator" in obj else "user"
    annotator = obj.get(field)
    layer_annotator = annotator if isinstance(annotator, str) else None
    layer: dict[str, Any] = {
        "annotator": layer_annotator,
        "status": None,
        "spans": spans,
        "relations": relations,
        "sentence_labels": [],
        "document_labels": [{"name": None, "value": value} for value in categories],
    }
    keep_given_id(layer, field, annotator)
    own: tuple[str, ...] = ("id", "text", "annotator", "user", "meta", "suggested", *DOCCANO_FIELDS)
    said = obj.get("status")
    if isinstance(said, str) and status_problem(said, layer_annotator) is None:
        layer["status"] = said
        own += ("status",)
    json_min = "annotation_id" in obj
    if json_min:
        own += JSON_MIN_ANNOTATION_FIELDS
    extra = {k: v for k, v in obj.items() if k not in own}
    given_meta = obj.get("meta")
    meta = given_meta if isinstance(given_meta, dict) else {}
    record: dict[str, Any] = {"meta": {**meta, **extra}}
    if "text" in obj:  # absent stays absent: a null text is refused as null, not as missing
        record["text"] = obj["text"]
    if json_min:
        record["tallies"] = {JSON_MIN_FIELDS: 1}
    if "id" in obj:
        record["id"] = obj["id"]
    if layer["annotator"] == "gold":
        record["annotations"], record["gold"] = [], layer
    else:
        # A line that says no status: annotated is done, empty is new (a corpus's rule). A
        # JSON-MIN record is a submitted Label Studio annotation: done, as in its JSON export.
        if layer["status"] is None:
            layer["status"] = "done" if json_min else status_unsaid(layer)
        record["annotations"], record["gold"] = [layer], None
    return record


FORMAT = ExportFormat(
    name="doccano",
    extension="jsonl",
    mimetype="application/x-ndjson",
    description='doccano sequence labelling: {"text", "label": [[start, end, label]]}',
    writer=write,
    line_based=True,
    left_out=left_out,
    left_out_of_document=document_fields,
)
RELATIONS_FORMAT = ExportFormat(
    name="doccano-relations",
    extension="jsonl",
    mimetype="application/x-ndjson",
    description='doccano relation extraction: {"text", "entities", "relations"}',
    writer=write_relations,
    line_based=True,
    left_out=left_out_of_relations,
    left_out_of_document=document_fields,
)
