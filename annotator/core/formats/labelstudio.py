"""Label Studio JSON tasks, both ways.

Written as one JSON array of tasks, ``{"id", "data": {"text", "id", "title"}, "meta",
"annotations": [...], "predictions": [...]}``, with one annotation per layer but the
suggestions layer, which is the task's ``predictions``
(:mod:`annotator.core.formats.labelstudio_predictions`; read back, they are left out and
counted: a model's work is no annotator's layer). An annotation has
``completed_by: {"username"}``, ``ground_truth`` true for gold, our ``status``, and a
``result`` of ``labels`` regions (id ``s<span id>``), per-region ``choices`` for span
attributes (same id as their region), ``relation`` items, ``choices`` over a sentence's range
(id ``sentence-<index>``) for sentence labels and region-less ``choices`` for document labels.
The ``from_name`` of a label region is ``label``, that of a choice its field's name; the
``to_name`` is always ``text``. A region's or relation's own ``meta`` holds its note as
``text`` (Label Studio's per-region "Meta" box) and where an accepted suggestion came from
as ``suggested``; both are read back. A sentence or document label's choice has its
``meta.suggested`` too, when the value was accepted from a suggestion (read back; the rest of
a choice's ``meta`` is not ours).

Read back by :mod:`annotator.core.formats.labelstudio_read`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from annotator.core.formats import ExportContext, ExportFormat, Record, dumps, layers_of
from annotator.core.formats.labelstudio_predictions import as_predictions, relations_across_models
from annotator.core.formats.left_out import DOCUMENT_NOTES, parts
from annotator.core.shapes import provenance
from annotator.core.vocabulary import SUGGESTIONS


def _meta(item: dict[str, Any]) -> dict[str, Any]:
    """Return a region's or relation's own ``meta``: where it came from, and its note.

    Label Studio keeps what an annotator types in a region's "Meta" box as the result's
    ``meta.text``, a list of strings: the natural home of a span's (or a relation's) note,
    one string holding its lines. ``suggested`` is ours, beside it.
    """
    meta: dict[str, Any] = {}
    suggested = provenance(item)
    if suggested is not None:
        meta["suggested"] = suggested
    if item.get("note"):
        meta["text"] = [item["note"]]
    return meta


def _result(record: Record, layer: dict[str, Any]) -> list[dict[str, Any]]:
    text = record["text"]
    result: list[dict[str, Any]] = []
    for span in layer["spans"]:
        region = {"start": span["start"], "end": span["end"], "text": span["text"]}
        rid = f"s{span['id']}"
        item = {
            "id": rid,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": region | {"labels": [span["label"]]},
        }
        meta = _meta(span)
        if meta:
            item["meta"] = meta
        result.append(item)
        for name, value in span["attributes"].items():
            choices = value if isinstance(value, list) else [value]
            result.append(
                {
                    "id": rid,
                    "from_name": name,
                    "to_name": "text",
                    "type": "choices",
                    "value": region | {"choices": choices},
                }
            )
    for relation in layer["relations"]:
        item = {
            "type": "relation",
            "from_id": f"s{relation['from']}",
            "to_id": f"s{relation['to']}",
            "direction": "right",
            "labels": [relation["type"]],
        }
        meta = _meta(relation)
        if meta:
            item["meta"] = meta
        result.append(item)
    sentences = {s["index"]: s for s in record["sentences"]}
    for label in layer["sentence_labels"]:
        s = sentences[label["sentence"]]
        choices = label["value"] if isinstance(label["value"], list) else [label["value"]]
        item = {
            "id": f"sentence-{s['index']}",
            "from_name": label["name"],
            "to_name": "text",
            "type": "choices",
            "value": {
                "start": s["start"],
                "end": s["end"],
                "text": text[s["start"] : s["end"]],
                "choices": choices,
            },
        }
        result.append(_with_meta(item, label))
    for label in layer["document_labels"]:
        choices = label["value"] if isinstance(label["value"], list) else [label["value"]]
        item = {
            "id": f"document-{label['name']}",
            "from_name": label["name"],
            "to_name": "text",
            "type": "choices",
            "value": {"choices": choices},
        }
        result.append(_with_meta(item, label))
    return result


def _with_meta(item: dict[str, Any], label: dict[str, Any]) -> dict[str, Any]:
    """Return a label's choice with its ``meta`` (where it came from), when it has one."""
    meta = _meta(label)
    return item | {"meta": meta} if meta else item


def _annotator(name: str, importable: bool) -> dict[str, Any]:
    """Return the keys that name an annotation's annotator.

    ``completed_by: {"username"}`` says it plainly, but Label Studio refuses to import an
    annotation whose ``completed_by`` has no ``email`` of one of its own users ("It's
    expected to have 'email' field in 'completed_by'"), and we know no e-mail. An
    ``importable`` task leaves ``completed_by`` out, so that Label Studio gives the
    annotation to the user who imports it, and names the annotator as ``created_username``
    (which Label Studio's own export writes and its import ignores; ours reads it).
    """
    return {"created_username": name} if importable else {"completed_by": {"username": name}}


def task(number: int, record: Record, importable: bool = False) -> dict[str, Any]:
    """Return one export record as a Label Studio task; the suggestions layer (a model's)
    as its ``predictions``, the other layers as its annotations.

    :param importable: name annotators as Label Studio's import takes them (:func:`_annotator`).
    """
    layers = layers_of(record)
    annotations = [
        {
            "id": i,
            **_annotator(layer["annotator"], importable),
            "ground_truth": layer["annotator"] == "gold",
            "was_cancelled": False,
            "status": layer["status"],
            "result": _result(record, layer),
        }
        for i, layer in enumerate(
            (layer for layer in layers if layer["annotator"] != SUGGESTIONS), start=1
        )
    ]
    predictions = [
        prediction
        for layer in layers
        if layer["annotator"] == SUGGESTIONS
        for prediction in as_predictions(_result(record, layer))
    ]
    data = {"text": record["text"], "id": record["id"], "title": record.get("title")}
    return {
        "id": number,
        "data": data,
        "meta": record.get("meta") or {},
        "annotations": annotations,
        "predictions": predictions,
    }


def write(
    records: Iterable[Record], context: ExportContext, importable: bool = False
) -> Iterator[bytes]:
    """Yield a JSON array of tasks, one task at a time (``importable``: see :func:`task`)."""
    yield b"["
    for number, record in enumerate(records, start=1):
        text = dumps(task(number, record, importable))
        yield (("\n" if number == 1 else ",\n") + text).encode("utf-8")
    yield b"\n]\n"


FORMAT = ExportFormat(
    name="labelstudio",
    extension="json",
    mimetype="application/json",
    description="Label Studio JSON tasks with one annotation per annotator (gold: ground_truth)",
    writer=write,
    # A task's annotation has no field for its annotator's remark on the whole task; a
    # prediction holds one model's regions.
    left_out=lambda layer, schema: chain(
        parts(layer, DOCUMENT_NOTES), relations_across_models(layer)
    ),
    keeps_suggestions_apart=True,
    writes_unannotated=True,
)
