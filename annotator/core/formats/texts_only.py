"""A corpus brought in for its texts alone (``--texts-only``), to be annotated from scratch.

Pure. The corpus is read as usual, with every label kept as the file names it
(:meth:`~annotator.core.formats.label_map.LabelMap.keeping_all`: none is refused, as none is
stored), and each record then loses its layers but keeps its sentences: the documents come
in with no layer at all, and the import says what it left out, counted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotator.core.wording import CountedPhrase

LAYERS_LEFT_OUT = CountedPhrase(
    "annotation layer left out (texts only)", "annotation layers left out (texts only)"
)
ITEMS_LEFT_OUT = CountedPhrase(
    "span or relation left out with the layers (texts only)",
    "spans and relations left out with the layers (texts only)",
)


def without_layers(annotated: dict[str, Any]) -> tuple[dict[str, Any], Counter[CountedPhrase]]:
    """Return a record's ``annotated`` part with no layer (its sentences kept), and the
    tallies of what it held."""
    layers = [item for item in annotated.get("annotations") or [] if isinstance(item, dict)]
    if isinstance(annotated.get("gold"), dict):
        layers.append(annotated["gold"])
    items = sum(
        len(layer.get("spans") or []) + len(layer.get("relations") or []) for layer in layers
    )
    left: Counter[CountedPhrase] = Counter()
    if layers:
        left[LAYERS_LEFT_OUT] = len(layers)
    if items:
        left[ITEMS_LEFT_OUT] = items
    return {**annotated, "annotations": [], "gold": None}, left
