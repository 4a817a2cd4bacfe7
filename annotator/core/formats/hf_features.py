"""The typed columns of the ``hf`` format: the features in ``datasets``' JSON shape (class
labels numbered in the schema's order, a column per label field and per target taken from
the meta) and the Arrow schema the Parquet files are written with."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from annotator.core.document_targets import per_document_fields
from annotator.core.label_schema import entry_names


def _class_label(names: Sequence[str]) -> dict[str, Any]:
    return {"names": list(names), "_type": "ClassLabel"}


def _value(dtype: str) -> dict[str, Any]:
    return {"dtype": dtype, "_type": "Value"}


def _list(feature: Any) -> dict[str, Any]:
    return {"feature": feature, "_type": "List"}


#: Where an accepted span or relation came from (CONTRACT 11): null for one made by hand.
#: A model is a trained model's version (a number in ``jsonl``) or ``rules``: one Arrow
#: column holds one type, so both are text here, ``"7"`` or ``"rules"``.
SUGGESTED = {"model": _value("string"), "score": _value("float64")}


#: Where a gold item came from (:mod:`annotator.core.gold_source`): how it was decided, over
#: how many annotators a quorum was counted, and who gave exactly it; null outside gold.
SOURCE = {
    "how": _value("string"),
    "of": _value("int32"),
    "annotators": _list(_value("string")),
}


def features(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the dataset's features as ``datasets.Features.to_dict()`` writes them."""
    columns: dict[str, Any] = {
        "id": _value("string"),
        "annotator": _value("string"),
        "status": _value("string"),
        "title": _value("string"),
        "meta": _value("string"),
        "text": _value("string"),
        "sentences": _list({"start": _value("int32"), "end": _value("int32")}),
        "spans": _list(
            {
                "id": _value("int64"),
                "start": _value("int32"),
                "end": _value("int32"),
                "label": _class_label(entry_names(schema, "span_labels")),
                "text": _value("string"),
                "attributes": _value("string"),
                "suggested": SUGGESTED,
                # The suggestions layer's spans are suggestions themselves: as in ``jsonl``,
                # their own score and model, inline (null in every other layer).
                "score": _value("float64"),
                "model": _value("string"),
                "source": SOURCE,
            }
        ),
        "relations": _list(
            {
                "id": _value("int64"),
                "type": _class_label(entry_names(schema, "relation_types")),
                "from": _value("int64"),
                "to": _value("int64"),
                "suggested": SUGGESTED,
                "source": SOURCE,
            }
        ),
        # A gold label value's source, by its field and sentence (null: the document's): a
        # label column holds class labels alone. Empty outside gold.
        "label_sources": _list(
            {"field": _value("string"), "sentence": _value("int32"), "source": SOURCE}
        ),
    }
    for entry in schema.get("sentence_labels", []):
        label = _class_label(entry["values"])
        columns[f"sentence_{entry['name']}"] = _list(
            _list(label) if entry.get("multiple") else label
        )
    for entry in schema.get("document_labels", []):
        label = _class_label(entry["values"])
        columns[f"document_{entry['name']}"] = _list(label) if entry.get("multiple") else label
    for kind in ("sentence", "document"):
        for entry in per_document_fields(schema, kind):
            columns[f"target_{kind}_{entry['name']}"] = _value("string")
    return columns


def _arrow_type(pa: Any, feature: dict[str, Any]) -> Any:
    kind = feature.get("_type")
    if kind == "ClassLabel":
        return pa.int64()
    if kind == "Value":
        return {
            "string": pa.string(),
            "int32": pa.int32(),
            "int64": pa.int64(),
            "float64": pa.float64(),
        }[feature["dtype"]]
    if kind == "List":
        return pa.list_(_arrow_type(pa, feature["feature"]))
    return pa.struct([pa.field(name, _arrow_type(pa, sub)) for name, sub in feature.items()])


def arrow_schema(pa: Any, columns: dict[str, Any]) -> Any:
    """Return the Parquet files' schema, with the features ``datasets`` reads back."""
    metadata = {"huggingface": json.dumps({"info": {"features": columns}})}
    return pa.schema(
        [pa.field(name, _arrow_type(pa, feature)) for name, feature in columns.items()],
        metadata=metadata,
    )
