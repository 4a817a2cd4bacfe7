"""Read a Label Studio task back (:func:`task_to_record`) into the ``jsonl`` export shape for
the import service (the tasks' shape: :mod:`annotator.core.formats.labelstudio`).

An annotation's layer is its ``completed_by`` username (or e-mail) when it has one, else the
e-mail of its ``created_username`` (Label Studio's own export). A ``relation`` is read in its
``direction`` (``left`` turned round, ``bi`` refused); one without a label has the type None,
which the import's label map settles
(:meth:`~annotator.core.formats.label_map.LabelMap.relation_type`). Predictions, cancelled
annotations and results of other types are left out and counted.
"""

from __future__ import annotations

from typing import Any

from annotator.core.formats.doccano import ShapeError
from annotator.core.formats.given_ids import keep_given_id
from annotator.core.limits import column_integer
from annotator.core.vocabulary import GOLD
from annotator.core.wording import CountedPhrase

#: What the report says of the results of other types (a comment box, a rating), left out.
OTHER_RESULTS = CountedPhrase(
    "Label Studio result of a type not imported (only labels, choices and relation are) left out",
    "Label Studio results of types not imported (only labels, choices and relation are) left out",
)


PREDICTIONS = CountedPhrase(
    "Label Studio prediction left out (a model's, not an annotator's)",
    "Label Studio predictions left out (a model's, not an annotator's)",
)


CANCELLED = CountedPhrase(
    "Label Studio annotation left out: cancelled (skipped) by its annotator",
    "Label Studio annotations left out: cancelled (skipped) by their annotators",
)


LEFT_OUT = "left_out"


def _name(annotation: dict[str, Any]) -> str | None:
    """Return who made an annotation: ``completed_by``'s username or e-mail, else the
    e-mail of ``created_username``; None when neither says (an id alone names nobody here).

    Label Studio's own export gives ``completed_by`` as the annotator's id (or an object
    without an e-mail) and names them in ``created_username``, ``" EMAIL, ID"``.
    """
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        for key in ("username", "email"):
            if isinstance(who.get(key), str) and who[key]:
                return who[key]
    created = annotation.get("created_username")
    if isinstance(created, str):
        name, comma, number = created.strip().rpartition(",")
        named = name.strip() if comma and number.strip().isdigit() else created.strip()
        return named or None
    return None


def _suggested_in(item: dict[str, Any]) -> dict[str, Any]:
    """Return a label choice's provenance (our export's ``meta.suggested``) as its key; the
    rest of a choice's ``meta`` is not ours (a label has no note)."""
    meta = item.get("meta")
    if isinstance(meta, dict) and "suggested" in meta:
        return {"suggested": meta["suggested"]}
    return {}


def _from_meta(item: dict[str, Any], at: str) -> dict[str, Any]:
    """Return what a region's or relation's own ``meta`` gives, as the item's keys: its
    provenance (our export writes ``meta.suggested``) as ``suggested`` and Label Studio's
    ``meta.text`` (the region's "Meta" box, a list of strings) as its ``note``, a line per
    string, blank ones dropped; both checked on import as a jsonl item's are.

    :raises ShapeError: ``meta.text`` that is neither a string nor a list of strings.
    """
    meta = item.get("meta")
    if not isinstance(meta, dict):
        return {}
    found: dict[str, Any] = {}
    if "suggested" in meta:
        found["suggested"] = meta["suggested"]
    text = meta.get("text")
    if isinstance(text, str):
        text = [text]
    if text is not None:
        if not isinstance(text, list) or not all(isinstance(line, str) for line in text):
            raise ShapeError(f"{at}: meta.text must be a list of strings, got {text!r:.60}")
        lines = [line.strip() for line in text if line.strip()]
        if lines:
            found["note"] = "\n".join(lines)
    return found


#: Label Studio's ``direction`` of a relation: which of its ends it points from.
DIRECTIONS = ("right", "left", "bi")


def _relation(item: dict[str, Any], at: str) -> dict[str, Any]:
    """Return a ``relation`` result's type, ``from`` and ``to`` as ours, or raise ShapeError.

    A relation without a label (its labeling config has no ``<Relations>``, the usual set-up)
    has the type None, which the import's label map resolves. ``direction`` says where the
    arrow points: ``right`` (the default) from ``from_id`` to ``to_id``, ``left`` back from
    ``to_id`` to ``from_id``; ``bi`` points both ways, which a relation of ours cannot.
    """
    labels = item.get("labels") or []
    if not isinstance(labels, list) or len(labels) > 1:
        raise ShapeError(f"{at}: a relation takes one label at most, got {labels!r}")
    direction = item.get("direction") or "right"
    if direction not in DIRECTIONS:
        raise ShapeError(f"{at}: a relation's direction is right, left or bi, not {direction!r}")
    if direction == "bi":
        raise ShapeError(
            f"{at}: a relation pointing both ways (direction 'bi') cannot come in: ours go "
            "from one span to the other; set its direction to right or left in Label Studio"
        )
    ends = (str(item.get("from_id")), str(item.get("to_id")))
    source, target = ends if direction == "right" else ends[::-1]
    return {"type": labels[0] if labels else None, "from": source, "to": target}


def _layer(annotation: dict[str, Any], where: str) -> dict[str, Any]:
    result = annotation.get("result", [])
    if not isinstance(result, list):
        raise ShapeError(f"{where}.result must be a list")
    spans: dict[str, dict[str, Any]] = {}
    relations: list[dict[str, Any]] = []
    sentence_labels: list[dict[str, Any]] = []
    document_labels: list[dict[str, Any]] = []
    pending: list[tuple[str, dict[str, Any]]] = []
    left_out = 0
    for i, item in enumerate(result):
        at = f"{where}.result[{i}]"
        if not isinstance(item, dict):
            raise ShapeError(f"{at} must be an object")
        kind, value = item.get("type"), item.get("value") or {}
        if kind == "labels":
            labels = value.get("labels") or []
            if len(labels) != 1:
                raise ShapeError(f"{at}: a region needs exactly one label, got {labels!r}")
            spans[str(item.get("id"))] = {
                "id": str(item.get("id")),
                "label": labels[0],
                "start": value.get("start"),
                "end": value.get("end"),
                "text": value.get("text"),
                "attributes": {},
            } | _from_meta(item, at)
        elif kind == "relation":
            relation = {"id": len(relations) + 1, **_relation(item, at)}
            relations.append(relation | _from_meta(item, at))
        elif kind == "choices":
            pending.append((at, item))
        else:  # a comment box, a rating...: no span, relation or label of ours
            left_out += 1
    for at, item in pending:
        rid, name, value = str(item.get("id")), item.get("from_name"), item.get("value") or {}
        choices = value.get("choices")
        if rid in spans:
            spans[rid]["attributes"][name] = choices
        elif rid.startswith("sentence-") and column_integer(rid[9:]) is not None:
            # ASCII digits a column holds: str.isdigit took "²", which int() refuses.
            sentence = column_integer(rid[9:])
            sentence_labels.append(
                {"sentence": sentence, "name": name, "value": choices} | _suggested_in(item)
            )
        elif "start" not in value:
            document_labels.append({"name": name, "value": choices} | _suggested_in(item))
        else:
            shown = rid if len(rid) <= 40 else f"{rid[:37]}..."
            raise ShapeError(
                f"{at}: choices over a range that is neither a region nor a sentence (id {shown!r})"
            )
    status, name = annotation.get("status"), _name(annotation)
    if not status:
        # An annotator's layer without ours is done; gold without ours keeps the rule of
        # its annotations (its status is the review's: open, in_review, final).
        status = None if name == GOLD else "done"
    layer = {
        "annotator": name,
        "status": status,
        "spans": list(spans.values()),
        "relations": relations,
        "sentence_labels": sentence_labels,
        "document_labels": document_labels,
        LEFT_OUT: left_out,
    }
    if layer["annotator"] is None:  # an id alone: kept to say why the layer names nobody
        keep_given_id(layer, "completed_by", annotation.get("completed_by"))
    return layer


def task_to_record(obj: dict[str, Any]) -> dict[str, Any]:
    """Return a Label Studio task in the ``jsonl`` export shape (annotator None when unnamed).

    Choice values come as lists; ``single_values_in_lists`` tells the importer to accept a
    one-element list for a single-valued field.

    :raises ShapeError: naming the entry that is not in Label Studio's shape.
    """
    data = obj["data"]
    annotations = obj.get("annotations", [])
    if not isinstance(annotations, list):
        raise ShapeError("'annotations' must be a list")
    layers, gold = [], None
    left_out = cancelled = 0
    for i, annotation in enumerate(annotations):
        if not isinstance(annotation, dict):
            raise ShapeError(f"annotations[{i}] must be an object")
        if annotation.get("was_cancelled"):
            cancelled += 1
            continue
        layer = _layer(annotation, f"annotations[{i}]")
        left_out += layer.pop(LEFT_OUT)
        if layer["annotator"] == "gold":
            gold = layer
        else:
            layers.append(layer)
    record: dict[str, Any] = {
        "annotations": layers,
        "gold": gold,
        "single_values_in_lists": True,
    }
    if "text" in data:  # absent stays absent: a null text is refused as null, not as missing
        record["text"] = data["text"]
    predictions = obj.get("predictions")
    found = {
        OTHER_RESULTS: left_out,
        CANCELLED: cancelled,
        PREDICTIONS: len(predictions) if isinstance(predictions, list) else 0,
    }
    record["tallies"] = {what: count for what, count in found.items() if count}
    for key in ("id", "doc_id", "doc_key"):
        if data.get(key) is not None:
            record["id"] = data[key]
            break
    else:
        if obj.get("id") is not None:
            record["id"] = obj["id"]
    if data.get("title") is not None:
        record["title"] = data["title"]
    meta = obj.get("meta")
    extra = {k: v for k, v in data.items() if k not in ("text", "id", "doc_id", "doc_key", "title")}
    record["meta"] = {**(meta if isinstance(meta, dict) else {}), **extra}
    return record
