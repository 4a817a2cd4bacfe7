"""An annotator's version of a span difference is every span of theirs in it: the one home of
what accepting it, or taking it instead, brings into gold.

alice marked two CLAIMs side by side where bob marked one covering both: one difference (a
boundary shift, :func:`annotator.services.review.differences._overlapping`), of which gold
holding alice's two is her version (:func:`annotator.services.review.gold_ends.split_in_gold`),
and a difference is decided once gold holds a version
(:mod:`annotator.services.review.decided_differences`). An accept of one of her spans took
that span alone: the rule then read her version as taken, the page said "0 to decide" and
offered nothing for her second claim, which was left out of gold unsaid.

So accepting either of her spans takes both, and so do accepting a relation of hers that
ends at one (its end decides the difference with her version) and taking her version instead
of bob's. Not the other way (per-span accepts, the difference left to decide while her version
is partly in gold): the API's accept takes an annotator's version named by one of its items,
a span's id, as the page's "Accept alice's" and the curation view's digit key name it, and a
version is the unit every face decides by (``taken`` names annotators, ``annotator adjudicate``
and the API's take name a version by its annotator). A script that accepts each of her spans
in turn (tests/test_review_nested_spans.py) gets the same gold: each later accept finds its
span there already; and per-span accepts would have the curation view's one key per
annotator pressed once for each span. A gold layer edited down to one of her claims (in the
workspace) is the reviewer's own choice and still reads as decided. Page, curation view and
API all accept through :func:`annotator.services.review.adjudication.accept_item` (and take
through :mod:`annotator.services.review.decision_changes.taking`), which ask here.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.models import Document, Span
from annotator.services.annotation.layers import find_layer
from annotator.services.review.gold_ends import SpanKey, span_key, version_spans
from annotator.services.review.hidden_names import hide_names
from annotator.services.review.layers import compared_layers
from annotator.services.review.none_taken import rows_by_id
from annotator.services.review.span_group import span_difference


def rest_of_version(
    session: Session, document: Document, span: Span, shown: ShownNames = AS_NAMED
) -> tuple[str, list[Span]]:
    """Return ``span``'s annotator (named as ``shown`` names them) and their other spans of
    ``span``'s difference, in the text's order: none when it is in no span difference, or is
    their only span of it."""
    layers = compared_layers(session, document)
    hide_names(layers, shown)
    rows = rows_by_id(layers)
    difference = span_difference(layers, document, span, rows)
    if difference is None:
        return "", []
    spans = version_spans(difference, rows)
    owner = next(name for name, row in spans if row.id == span.id)
    rest = [row for name, row in spans if name == owner and row.id != span.id]
    return owner, sorted(rest, key=lambda row: (row.start, row.end, row.id))


def rest_gold_lacks(
    session: Session, document: Document, span_id: int, shown: ShownNames = AS_NAMED
) -> tuple[str, list[SpanKey]]:
    """Return the annotator of the span ``span_id`` (named as ``shown`` names them) and the
    spans (label and bounds) of the rest of their version that gold lacks: what accepting it
    brings into gold with it (the page says so). Read before accepting; none for an id of no
    span of ``document``."""
    span = session.get(Span, span_id)
    if span is None:
        return "", []
    owner, rest = rest_of_version(session, document, span, shown)
    gold = find_layer(session, document, None)
    held: set[SpanKey] = set()
    if gold is not None:
        rows = session.scalars(select(Span).where(Span.layer_id == gold.id))
        held = {span_key(row) for row in rows}
    return owner, [span_key(row) for row in rest if span_key(row) not in held]
