"""The fields a layer and each of its items may have: what our exports write, nothing else.

A field the import does not know was dropped without a word: a misspelt ``attribute`` left a
span without its attributes, a misspelt ``sentence_label`` a layer without its stance. Each
item's fields are therefore known or refused. The lists are read off the builders that every
export of ours writes its items with (:mod:`annotator.core.shapes`; the ``*_json`` fast
paths are tested equal to them), so that any export comes back in: some say what the
import works out again (a span's ``text`` is checked, its ``sentence`` follows from its
start, a layer's ``seconds`` is the editor's clock), and a suggestion's ``score`` and
``model`` stand on the span in the suggestions layer's export.
"""

from __future__ import annotations

from typing import Any

from annotator.core.formats.given_ids import GIVEN_ID
from annotator.core.formats.label_map import LEFT_BY_MAP
from annotator.core.shapes import (
    document_note_fields,
    empty_layer,
    label_item,
    relation_item,
    span_item,
    suggestion_fields,
)
from annotator.core.vocabulary import DOCUMENT_UNIT

#: Fields an export writes that the import accepts and does not take from the file; its
#: messages leave them out, as a file has no need to give them.
_ALSO = {
    "layer": ("seconds", GIVEN_ID, LEFT_BY_MAP),
    "span": ("sentence", "version", "score", "model"),
    # The suggestions layer's inline provenance, as a span's.
    "sentence label": ("score", "model"),
    "document label": ("score", "model"),
}


def _written(kind: str, *items: dict[str, Any]) -> tuple[str, ...]:
    """Return the fields of ``items``, built by the exports' own builders (core/shapes.py)
    with every optional part, less the ones the import works out for itself."""
    fields = dict.fromkeys(name for item in items for name in item)
    return tuple(name for name in fields if name not in _ALSO.get(kind, ()))


# Each with every optional part: a version, a suggestion's provenance (on an accepted span
# or relation, and inline on the suggestions layer's spans), a span's or relation's note.
_SUGGESTED = (0.5, "1")
LAYER = _written("layer", empty_layer("", None), document_note_fields("x", True))
SPAN = _written(
    "span",
    span_item(0, "", 0, 0, "", 0, None, version=0, suggested=_SUGGESTED, note=""),
    suggestion_fields(*_SUGGESTED, inline=True),
)
RELATION = _written("relation", relation_item(0, "", 0, 0, suggested=_SUGGESTED, note=""))
SENTENCE_LABEL = _written("sentence label", label_item(0, "", None, suggested=_SUGGESTED))
DOCUMENT_LABEL = _written("document label", label_item(DOCUMENT_UNIT, "", None, _SUGGESTED))
# A gold item's source, which the exports add to gold's items (services/datasets/gold_sources.py).
SPAN, RELATION = (*SPAN, "source"), (*RELATION, "source")
SENTENCE_LABEL, DOCUMENT_LABEL = (*SENTENCE_LABEL, "source"), (*DOCUMENT_LABEL, "source")


def unknown_fields(
    item: dict[str, Any], kind: str, known: tuple[str, ...], where: str, problems: list[str]
) -> None:
    """Note the fields of ``item`` (a ``kind``: layer, span...) that are not ``known``."""
    allowed = known + _ALSO.get(kind, ())
    unknown = [name for name in item if name not in allowed]
    if unknown:
        s = "s" if len(unknown) > 1 else ""
        problems.append(
            f"{where}: unknown field{s} {', '.join(map(repr, unknown))}; "
            f"a {kind} has {', '.join(known)}"
        )
