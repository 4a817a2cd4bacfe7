"""The suggestions layer as a Label Studio task's ``predictions``: a model's, not a person's.

Pure. Label Studio keeps what a model proposed apart from annotations, as predictions
``{"model_version", "score", "result"}`` whose results have the shape of an annotation's:
an annotator sees them as pre-annotations to accept or change, and its Data Manager filters
and compares them by model version. The suggestions layer may hold the work of more than
one model (a span model's spans and relations, a classifier's sentence labels, the rules'
before any model), so there is one prediction per model, in order of first appearance:

- a region (and its per-region choices, same id) goes to its span's model;
- a relation goes with its ``from`` region, so that both its ends are in its result; one
  whose ends two models suggested is left out (:data:`ACROSS_MODELS`): no one prediction
  holds both its regions, and Label Studio drew it to nothing;
- a sentence or document label's choice goes to its own model.

Each result item keeps its ``meta.suggested`` (``{"model", "score"}``, as an annotation's
accepted suggestion has it) and has its score as ``score``, Label Studio's per-region
score; a prediction's ``score`` is the mean of its items' scores, absent when none has one
(the rules give relations none).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from annotator.core.formats.left_out import Item, LeftOut
from annotator.core.shapes import provenance
from annotator.core.vocabulary import SUGGESTIONS

#: The model version of an item that names none (the suggestions layer's always do).
UNNAMED = "suggestions"

_ONE_MODEL = "a Label Studio prediction holds one model's regions"
#: A suggested relation from one model's span to another's.
ACROSS_MODELS = LeftOut(
    "suggested relation between two models' spans",
    "suggested relations between two models' spans",
    _ONE_MODEL,
    _ONE_MODEL,
)


def _model(suggested: Mapping[str, Any] | None) -> str:
    return str((suggested or {}).get("model", UNNAMED))


def _across(from_model: str | None, to_model: str | None) -> bool:
    """Whether a relation's ends are two models' (an end of no known model is no model's)."""
    return from_model is not None and to_model is not None and from_model != to_model


def relations_across_models(layer: Mapping[str, Any]) -> Iterator[Item]:
    """Yield the suggestions layer's relations that :func:`as_predictions` leaves out."""
    if layer.get("annotator") != SUGGESTIONS:
        return
    model_of = {span["id"]: _model(provenance(span)) for span in layer["spans"]}
    for relation in layer["relations"]:
        if _across(model_of.get(relation["from"]), model_of.get(relation["to"])):
            yield ACROSS_MODELS, relation["type"]


def _suggested(item: dict[str, Any]) -> dict[str, Any]:
    meta = item.get("meta")
    return meta.get("suggested") or {} if isinstance(meta, dict) else {}


def as_predictions(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the suggestions layer's Label Studio ``result`` as predictions, one per model."""
    region_model: dict[str, str] = {}
    for item in result:
        if item.get("type") == "labels":
            region_model[item["id"]] = _model(_suggested(item))
    grouped: dict[str, list[dict[str, Any]]] = {}
    for item in result:
        if item.get("type") == "relation":
            model = region_model.get(item["from_id"])
            if _across(model, region_model.get(item["to_id"])):
                continue
        else:
            model = region_model.get(item.get("id", ""))
        if model is None:
            model = _model(_suggested(item))
        score = _suggested(item).get("score")
        grouped.setdefault(model, []).append(item if score is None else item | {"score": score})
    predictions = []
    for model, items in grouped.items():
        prediction: dict[str, Any] = {"model_version": model}
        scores = [item["score"] for item in items if "score" in item]
        if scores:
            prediction["score"] = round(sum(scores) / len(scores), 4)
        prediction["result"] = items
        predictions.append(prediction)
    return predictions
