"""The fields a layer and each of its items may have: what our exports write, nothing else.

A field the import does not know was dropped without a word: a misspelt ``attribute`` left a
span without its attributes, a misspelt ``sentence_label`` a layer without its stance. Each
item's fields are therefore known or refused. The lists hold every field an export of ours
writes (:mod:`annotator.core.shapes`), so that any export comes back in: some say what the
import works out again (a span's ``text`` is checked, its ``sentence`` follows from its
start, a layer's ``seconds`` is the editor's clock), and a suggestion's ``score`` and
``model`` stand on the span in the suggestions layer's export.
"""

from __future__ import annotations

from typing import Any

from annotator.core.formats.given_ids import GIVEN_ID

LAYER = ("annotator", "status", "spans", "relations", "sentence_labels", "document_labels")
SPAN = ("id", "label", "start", "end", "text", "attributes", "suggested")
RELATION = ("id", "type", "from", "to", "suggested")
SENTENCE_LABEL = ("sentence", "name", "value")
DOCUMENT_LABEL = ("name", "value")

#: Fields an export writes that the import accepts and does not take from the file; its
#: messages leave them out, as a file has no need to give them.
_ALSO = {
    "layer": ("seconds", GIVEN_ID),
    "span": ("sentence", "version", "score", "model"),
}


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
