"""Records that bring annotations, read into the ``jsonl`` export shape (CONTRACT section 5).

Pure. A Label Studio task (``data``) and a doccano line (``label``, ``entities``...) are
converted first; the annotations are then handed over as they are, to be checked against
the project by :mod:`annotator.services.datasets.annotated_import`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.formats.doccano import DOCCANO_FIELDS, ShapeError, to_record
from annotator.core.formats.labelstudio_read import task_to_record
from annotator.core.wording import json_type


def annotated_shape(
    obj: dict[str, Any], export_fields: Sequence[str]
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Return ``obj`` in the export shape and its annotations (None for a plain record).

    The annotations are ``{"annotations", "gold", "sentences", "single_values_in_lists"}``.

    :raises ShapeError: naming what is not in the expected shape.
    """
    # What a converted record left out, for the import report: {CountedPhrase: count}.
    tallies: dict[Any, int] = {}
    if isinstance(obj.get("data"), dict):
        obj = task_to_record(obj)
        tallies = obj.pop("tallies", None) or {}
    elif not any(name in obj for name in export_fields) and any(
        name in obj for name in DOCCANO_FIELDS
    ):
        obj = to_record(obj)
        tallies = obj.pop("tallies", None) or {}
    if not any(name in obj for name in export_fields):
        return obj, None
    annotations = obj.get("annotations", [])
    if not isinstance(annotations, list):
        raise ShapeError(f"'annotations' must be a list, not {json_type(annotations)}")
    gold = obj.get("gold")
    if gold is not None and not isinstance(gold, dict):
        raise ShapeError(f"'gold' must be an object or null, not {json_type(gold)}")
    annotated = {
        "annotations": annotations,
        "gold": gold,
        "sentences": obj.get("sentences"),
        "single_values_in_lists": bool(obj.pop("single_values_in_lists", False)),
        "tallies": tallies,
    }
    return obj, annotated
