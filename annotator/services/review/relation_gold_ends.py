"""Where an annotator's relation ends in gold: the one home of gold's span for each end of an
accepted relation (its own, or the span standing for it), and what the page says of it
before accepting."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import span_words
from annotator.models import Document, Layer, Relation, Span
from annotator.services.annotation.layers import find_layer
from annotator.services.review.differences import document_differences
from annotator.services.review.gold_ends import (
    held_versions,
    span_key,
    stand_in_candidates,
    standing_in,
    version_spans,
)
from annotator.services.review.hidden_names import hide_names
from annotator.services.review.layers import compared_layers
from annotator.services.review.none_taken import key_of, rows_by_id
from annotator.services.review.span_adjudication import gold_span_like
from annotator.services.review.span_group import span_difference
from annotator.services.review.whole_version import rest_gold_lacks


@dataclass
class GoldEnd:
    """An end of an annotator's relation, and gold's span for it."""

    span: Span
    #: Gold's span for it: its own (label and bounds), or the one version gold holds of its
    #: difference, of its label (``standing``); None when gold has neither.
    gold: Span | None = None
    standing: bool = False
    #: Why nothing stands for it although gold holds versions of its difference (several
    #: covering it alike, or none of its label): the refusal's words.
    ambiguous: str | None = None
    #: Gold's spans that cover it alike, when several do (what ``ambiguous`` names).
    candidates: list[Span] = field(default_factory=list)


def gold_ends(
    session: Session,
    document: Document,
    relation: Relation,
    *,
    refuse_ambiguous: bool = False,
    shown: ShownNames = AS_NAMED,
) -> list[GoldEnd]:
    """Return the ends of an annotator's ``relation`` (source, target) with gold's span for
    each: the one home of where an accepted relation's ends are in gold.

    An end gold holds as it is is that span; an end whose difference (a boundary, a label)
    gold decided with another annotator's version is the span gold holds of it, of the end's
    label (of several, the one sharing the most characters with the end,
    :func:`annotator.services.review.gold_ends.stand_in_candidates`): bob's claim taken,
    alice's relation accepted ends at it, so that gold never holds two spans of one
    difference; the page and the API say where it ended. Otherwise the end is gold's to
    take in (its own difference then decided with it).

    :param shown: how ``ambiguous`` names the annotators and numbers the differences (as
        the page that asked names them and numbers its differences).
    :raises Conflict: with ``refuse_ambiguous``, gold holds versions of an end's difference
        but none stands for it: the difference is named, to decide first, with gold's spans
        that cover the end alike (``details.candidates``, when several do).
    """
    ends = [session.get(Span, relation.from_span_id), session.get(Span, relation.to_span_id)]
    gold = find_layer(session, document, None)
    found = [
        GoldEnd(end, None if gold is None else gold_span_like(session, gold, end))
        for end in ends
        if end is not None
    ]
    if gold is not None and any(end.gold is None for end in found):
        _stand_in(session, document, gold, [end for end in found if end.gold is None], shown)
    for end in found:
        if refuse_ambiguous and end.ambiguous:
            said = [span_words(*span_key(span), document.text) for span in end.candidates]
            raise Conflict(
                end.ambiguous, details={"field": "id"} | ({"candidates": said} if said else {})
            )
    return found


def _stand_in(
    session: Session, document: Document, gold: Layer, ends: list[GoldEnd], shown: ShownNames
) -> None:
    """Fill in gold's span standing for each of ``ends`` (which gold lacks as they are), or
    why none does, from each end's difference, worked out over its group alone
    (:mod:`annotator.services.review.span_group`; named and numbered as ``shown`` names the
    layers)."""
    layers = compared_layers(session, document)
    hide_names(layers, shown)
    rows = rows_by_id(layers)
    gold_spans = {
        span_key(span): span
        for span in session.scalars(select(Span).where(Span.layer_id == gold.id))
    }
    for end in ends:
        difference = span_difference(layers, document, end.span, rows)
        stand = {} if difference is None else standing_in([difference], rows, set(gold_spans))
        if difference is None or end.span.id not in stand:
            continue
        key = stand[end.span.id]
        if key is not None:
            end.gold, end.standing = gold_spans[key], True
            continue
        # Numbered as the page numbers it: among all the document's differences.
        its_key = key_of(difference, rows)
        number = next(
            n
            for n, d in enumerate(document_differences(session, document, layers), start=1)
            if key_of(d, rows) == its_key
        )
        owner = next(a for a, span in version_spans(difference, rows) if span.id == end.span.id)
        held = held_versions(difference, rows, set(gold_spans))
        candidates = stand_in_candidates(end.span, held)
        # Several of its label cover it alike: those are what the reviewer chooses between.
        why = (
            f"gold's {' and '.join(span_words(*key, document.text) for key in candidates)} "
            "cover it alike, either could stand for it"
            if len(candidates) > 1
            else f"gold holds {' and '.join(span_words(*key, document.text) for key in held)}"
        )
        end.ambiguous = (
            f"{owner}'s {span_words(*span_key(end.span), document.text)}, an end of that "
            f"relation, is a version of difference {number} ({difference.summary}), of "
            f"which {why}: decide it first (take {owner}'s version instead, or reopen it), "
            "then accept the relation"
        )
        end.candidates = [gold_spans[key] for key in candidates]


def ends_gold_lacks(
    session: Session, document: Document, relation_id: int
) -> list[tuple[str, int, int]]:
    """Return the ends (label, start, end) of an annotator's relation that ``document``'s gold
    lacks: the spans accepting the relation brings into gold with it, which decide their own
    differences too (the page says so). Read before accepting; none for an unknown id."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        return []
    return [
        span_key(end.span)
        for end in gold_ends(session, document, relation)
        if end.gold is None and not end.ambiguous
    ]


def rest_with_ends(
    session: Session, document: Document, relation_id: int, shown: ShownNames = AS_NAMED
) -> tuple[str, list[tuple[str, int, int]]]:
    """Return the relation's annotator (named as ``shown`` names them) and the spans gold
    lacks that accepting the relation brings in with its ends: the rest of their version of
    each end's difference (which
    :func:`~annotator.services.review.relation_adjudication.accept_relation` takes), which the
    page names too. Read before accepting; none for an unknown id."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        return "", []
    owner, rest = "", []
    for end in gold_ends(session, document, relation):
        if not end.standing and not end.ambiguous:
            name, lacking = rest_gold_lacks(session, document, end.span.id, shown)
            owner = owner or name
            rest += lacking
    return owner, list(dict.fromkeys(rest))


def ends_gold_stands_for(
    session: Session, document: Document, relation_id: int
) -> list[tuple[Span, Span]]:
    """Return the ends of an annotator's relation that gold's span of their difference
    stands for, each with that span (:func:`gold_ends`): where accepting the relation ends
    it, said by the page. Read before accepting; none for an unknown id."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        return []
    return [
        (end.span, end.gold)
        for end in gold_ends(session, document, relation)
        if end.standing and end.gold is not None
    ]
