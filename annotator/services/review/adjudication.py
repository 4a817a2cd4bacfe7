"""Adjudication: a reviewer accepts one annotator's version of an item into the gold layer.

An item is a span with its attributes, one attribute of a span, a relation (with both its
spans), or a sentence or document label. Gold rows are written through the annotation
services, so every schema rule holds for gold too; each records who decided it
(``decided_by_id``) and its source (:mod:`annotator.core.gold_source`): chosen, naming the
annotators whose own item is exactly what gold now holds
(:mod:`annotator.services.review.givers`). Accepting every unanimous item at once is
:mod:`annotator.services.review.unanimous`; the gold status of documents is
:mod:`annotator.services.review.gold_status`.

The accepts themselves are one module a kind of item: :mod:`.span_adjudication` (a span, its
annotator's whole version of its difference, an attribute), :mod:`.relation_adjudication`
(a relation, whose ends in gold :mod:`.relation_gold_ends` finds) and
:mod:`.label_adjudication`; here is :func:`accept_item`, which every face calls, and their
names as callers import them.
"""

from __future__ import annotations

from typing import Protocol

from annotator.core.caller import Actor
from annotator.core.errors import Invalid, no_such
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.db import AppSession
from annotator.models import LAYER_ITEMS, Document, LabelValue, Layer, Relation, Span
from annotator.services.accounts.permissions import require_review
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import acts_as
from annotator.services.review.item_layer import annotator_layer
from annotator.services.review.label_adjudication import accept_label, set_gold_label
from annotator.services.review.relation_adjudication import accept_relation
from annotator.services.review.relation_gold_ends import (
    GoldEnd,
    ends_gold_lacks,
    ends_gold_stands_for,
    gold_ends,
    rest_with_ends,
)
from annotator.services.review.span_accept import refuse_a_second_version
from annotator.services.review.span_adjudication import (
    accept_attribute,
    accept_span,
    accept_version,
    gold_span_like,
)

__all__ = [
    "KINDS",
    "GoldEnd",
    "accept_attribute",
    "accept_item",
    "accept_label",
    "accept_relation",
    "accept_span",
    "accept_version",
    "check_kind",
    "ends_gold_lacks",
    "ends_gold_stands_for",
    "gold_ends",
    "gold_span_like",
    "rest_with_ends",
    "set_gold_label",
]

KINDS = ("span", "attribute", "relation", "label")


def check_kind(kind: str) -> None:
    """Refuse a ``kind`` of item that is not one of :data:`KINDS`, naming the field.

    :raises Invalid: it is not.
    """
    if kind not in KINDS:
        raise Invalid(
            f"kind must be one of {', '.join(KINDS)}, got {kind!r}",
            details={"field": "kind", "allowed": list(KINDS)},
        )


class _LayerItem(Protocol):
    """What accepting reads of the item first: the layer it is in."""

    @property
    def layer_id(self) -> int: ...


# An attribute is accepted from the span that carries it.
_MODELS: dict[str, type[_LayerItem]] = {**LAYER_ITEMS, "attribute": Span}


@acts_as("reviewer")
def accept_item(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    kind: str,
    item_id: int,
    attribute: str | None = None,
    *,
    shown: ShownNames = AS_NAMED,
) -> Span | Relation | LabelValue:
    """Accept the item of ``kind`` (one of :data:`KINDS`) with ``item_id`` of ``document``.

    ``shown`` names the annotators in a refusal as the page that asked names them.

    Refuses an item of another document, so that a page or a request about one document
    can never change another's gold; with the same 404 as an id nothing has (:func:`no_such`),
    so that a reviewer learns nothing of the rows of documents or projects they do not see.
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    check_kind(kind)
    row = session.get(_MODELS[kind], item_id)
    layer = None if row is None else session.get(Layer, row.layer_id)
    if layer is None or layer.document_id != document.id:
        raise no_such(kind, item_id)
    annotator_layer(session, layer.id)
    if kind in ("span", "attribute"):  # an attribute of a span gold lacks takes the span in
        assert isinstance(row, Span)
        refuse_a_second_version(session, document, row, shown)
    if kind == "span":
        assert isinstance(row, Span)
        return accept_version(session, reviewer, document, row, shown)
    if kind == "attribute":
        if not attribute:
            raise Invalid("accepting an attribute needs the attribute's name")
        return accept_attribute(session, reviewer, item_id, attribute)
    if kind == "relation":
        return accept_relation(session, reviewer, item_id, shown=shown)
    return accept_label(session, reviewer, item_id)
