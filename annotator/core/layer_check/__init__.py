"""Checking one imported layer against its document's text and the project's label schema.

Pure: plain data in, a clean layer and a list of problems out. Every problem names the
span, relation or label it is about (position in the file and id), so that with the file
and line the import service adds, a user can find it at once. The rules are those of every
live write, called from :mod:`annotator.core.rules`: offsets inside the text, labels,
attributes and values from the schema, relations between allowed labels, ``max_per_source``,
overlap when the schema forbids it; and, on the way in only, every span's ``text`` must equal
the document's text at its offsets. Offsets count the text as the file gave it
(:class:`~annotator.core.text.GivenText`): they are checked there and stored moved onto the
stored text.

The jobs have a module each: ``result`` (the clean layer), ``problems`` (a rule run and its
breach noted), ``fields`` (the fields a layer and each item may have: no other is taken),
``spans`` (and overlap), ``relations``, ``labels``, ``suggested`` (an item's model and
score) and ``document_note`` (the layer's annotator's note on the document).
"""

from __future__ import annotations

from typing import Any

from annotator.core.formats.label_map import LabelMap
from annotator.core.text import GivenText
from annotator.core.vocabulary import ASSIGNMENT_STATUSES, GOLD_STATUSES

from . import fields
from .document_note import check_document_note
from .fields import unknown_fields
from .labels import check_labels
from .relations import check_relations
from .result import CleanLayer, Suggested
from .spans import check_spans

__all__ = ["CleanLayer", "Suggested", "check_layer"]


def check_layer(
    item: Any,
    text: GivenText,
    sentence_count: int,
    schema: dict[str, Any],
    *,
    gold: bool,
    lists_ok: bool = False,
    mapping: LabelMap | None = None,
    names_mapped: bool = False,
    path: str = "",
    offsets_checked: bool = False,
) -> tuple[CleanLayer, list[str]]:
    """Return the clean layer and the problems of one ``annotations[]`` item (or gold).

    :param text: the document's text as the file gave it (its offsets count in it) and as
        stored (the clean layer's offsets count in that).
    :param mapping: the import's label map: it makes the layer's span labels, relation types,
        attribute names and values ours (their names stay in the messages); None: no map.
    :param names_mapped: the reader has mapped the names already (brat, CoNLL): the map
        makes only the values ours.
    :param path: where the layer is in its record (``annotations[0]``, ``gold``): a field
        the layer or one of its items does not know is named by its path from there.
    :param offsets_checked: the reader has checked the spans' offsets against their text
        (brat) or made them from the text (CoNLL): a span that cuts a word is meant so, and
        not noted in :attr:`CleanLayer.word_cuts`.
    """
    problems: list[str] = []
    if not isinstance(item, dict):
        return CleanLayer(None), ["a layer must be an object"]
    unknown_fields(item, "layer", fields.LAYER, path, problems)
    status = item.get("status")
    # Gold's status is the review's (open, in_review, final), an annotator's her assignment's.
    allowed = GOLD_STATUSES if gold else ASSIGNMENT_STATUSES
    if status is not None and status not in allowed:
        whose = "gold status" if gold else "status"
        problems.append(f"{whose} {status!r} is not one of {', '.join(allowed)}")
    layer = CleanLayer(status, gold, document_note=check_document_note(item, gold, problems))
    left: set[Any] = set()
    names = None if names_mapped else mapping
    labels_by_id = check_spans(
        item,
        text,
        schema,
        layer,
        problems,
        lists_ok,
        mapping,
        left,
        path,
        names_mapped,
        offsets_checked,
    )
    refused = _given_span_ids(item) - set(labels_by_id) - left
    check_relations(item, schema, labels_by_id, layer, problems, names, left, path, refused)
    check_labels(item, sentence_count, schema, layer, problems, lists_ok, mapping, path)
    return layer, problems


def _given_span_ids(item: dict[str, Any]) -> set[Any]:
    """Return the ids the layer's spans give (those a relation can name)."""
    spans = item.get("spans")
    return {
        span["id"]
        for span in (spans if isinstance(spans, list) else [])
        if isinstance(span, dict)
        and isinstance(span.get("id"), int | str)
        and not isinstance(span.get("id"), bool)
    }
