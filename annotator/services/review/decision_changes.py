"""Changing a difference decided by a version in gold: take another version, or reopen it.

A difference is decided once gold holds one of its versions
(:mod:`annotator.services.review.decided_differences`), whichever way that version came in:
accepting a relation brings its end spans into gold, and so decides their own boundary or
label differences with the relation's annotator's spans, unasked. The reviewer may then
take another annotator's version of such a difference instead, or reopen it (to decide again).

Gold stays consistent and nothing goes silently, as the answer (:class:`Changed`) says:

-   taking another version of a span difference moves gold's span onto that version (label,
    bounds, attributes): the same gold span, so gold's relations at it keep pointing at it
    (a relabel that a relation type does not allow is refused, naming the relation, by
    :func:`annotator.services.annotation.spans.update_span`); of a relation difference it
    removes gold's relation of the other version and accepts this one; an attribute's or a
    label's value is simply set (:func:`annotator.services.review.adjudication.accept_item`);
-   reopening removes what gold holds of the difference's versions: a span with the
    relations at it (named; the History restores them with it), a relation, an attribute's
    value, a label's value. A "none taken" decision is reopened as before
    (:func:`annotator.services.review.none_taken.reopen`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid
from annotator.core.wording import span_words
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Layer, Relation, Span
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.history import acts_as
from annotator.services.review import adjudication, none_taken
from annotator.services.review.differences import Difference, Version
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.none_taken import Rows

#: A gold row that holds a version: a span, a relation, a label value, or (for an attribute)
#: the span with the attribute's name.
Held = Span | Relation | LabelValue | tuple[Span, str]


@dataclass
class Changed:
    """What changing a decided difference did to gold, in words for the reviewer."""

    #: Gold's items changed or removed, each "SOURCE 0–9 “Officials”" (a span: as spans are
    #: named on pages), with what it became when it was replaced.
    replaced: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: Gold's relations that kept pointing at a span moved onto another version.
    relations_kept: list[str] = field(default_factory=list)
    #: Gold's relations removed with a span, or replaced by the version taken.
    relations_removed: list[str] = field(default_factory=list)
    #: A "none taken" decision was reopened.
    none_reopened: bool = False


@acts_as("reviewer")
def take_instead(
    session: AppSession, reviewer: Actor, document: Document, key: str, kind: str, item_id: int
) -> Changed:
    """Take the version ``(kind, item_id)`` of the difference ``key`` into gold, in place of
    the version gold holds (or simply, when it holds none).

    :raises NotFound: no such difference (now).
    :raises Invalid: the item is not one of the difference's versions.
    :raises Conflict: gold holds that version already, or several spans of the difference
        (which one to move is the reviewer's to say, in the gold workspace).
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    difference, rows = none_taken.find_difference(session, document, key)
    version = next(
        (v for v in difference.versions if v.accept and v.accept[:2] == (kind, item_id)), None
    )
    if version is None or version.accept is None:
        raise Invalid(f"{kind} {item_id} is not a version of that difference")
    gold = find_layer(session, document, None)
    held = [] if gold is None else _held(session, gold, difference, rows)
    mine = _item_of(session, gold, version, rows) if gold is not None else None
    if mine is not None and kind in ("span", "relation"):
        raise Conflict(f"gold holds {version.annotator}'s version already")
    changed = Changed()
    if kind == "span":
        gold_spans = [row for row in held if isinstance(row, Span)]
        if len(gold_spans) > 1:
            raise Conflict(
                f"gold holds {len(gold_spans)} spans of that difference "
                f"({'; '.join(_span(document, s) for s in gold_spans)}): change them in the "
                "gold layer"
            )
        if gold_spans:
            _move_span(session, reviewer, document, gold_spans[0], rows, version, changed)
            return changed
    if kind == "relation":
        for row in held:
            if isinstance(row, Relation):
                changed.relations_removed.append(_relation(session, document, row))
                relations.delete_relation(session, row)
    adjudication.accept_item(session, reviewer, document, kind, item_id, version.accept[2] or None)
    return changed


def _move_span(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    span: Span,
    rows: Rows,
    version: Version,
    changed: Changed,
) -> None:
    """Move gold's ``span`` onto ``version``'s span: the same row, so its relations follow."""
    assert version.accept is not None
    wanted = rows[("span", version.accept[1])]
    before = _span(document, span)
    spans.update_span(
        session,
        span,
        label=wanted.label,
        start=wanted.start,
        end=wanted.end,
        attributes=dict(wanted.attributes or {}),
        decided_by=reviewer,
    )
    record_decision(span, reviewer, [version.annotator])
    mark_in_review(session, document, reviewer)
    session.flush()
    changed.replaced.append((before, _span(document, span)))
    # Said as they are now: the same relations, ending at the span where it is now.
    changed.relations_kept.extend(
        _relation(session, document, r) for r in _relations_at(session, span)
    )


@acts_as("reviewer")
def reopen_difference(
    session: AppSession, reviewer: Actor, document: Document, key: str
) -> Changed:
    """Make the difference ``key`` to decide again: undo its "none taken" decision, or remove
    from gold what it holds of its versions (a span with the relations at it).

    :raises NotFound: no such difference (now).
    :raises Conflict: it is not decided: nothing to reopen.
    """
    require_review(session, reviewer, document.project_id, "reopen differences")
    if key in none_taken.none_taken(session, document):
        none_taken.reopen(session, reviewer, document, key)
        return Changed(none_reopened=True)
    difference, rows = none_taken.find_difference(session, document, key)
    gold = find_layer(session, document, None)
    held = [] if gold is None else _held(session, gold, difference, rows)
    if gold is None or not held:
        raise Conflict("that difference is not decided: there is nothing to reopen")
    changed = Changed()
    for row in held:
        if isinstance(row, Span):
            changed.removed.append(_span(document, row))
            changed.relations_removed.extend(
                _relation(session, document, r) for r in _relations_at(session, row)
            )
            delete_span(session, row)
        elif isinstance(row, Relation):
            changed.removed.append(_relation(session, document, row))
            relations.delete_relation(session, row)
        elif isinstance(row, LabelValue):
            changed.removed.append(f"{_unit(row.sentence_index)} {row.name} = {row.value}")
            sentence = None if row.sentence_index == DOCUMENT_UNIT else row.sentence_index
            labels.set_label(session, gold, sentence, row.name, None)
        else:  # an attribute: (span, name)
            span, name = row
            attributes = dict(span.attributes or {})
            changed.removed.append(
                f"{name} = {attributes.pop(name, None)} of {_span(document, span)}"
            )
            spans.update_span(session, span, attributes=attributes, decided_by=reviewer)
    mark_in_review(session, document, reviewer)
    session.flush()
    return changed


def _held(session: AppSession, gold: Layer, difference: Difference, rows: Rows) -> list[Held]:
    """Return gold's rows that hold a version of ``difference``, each once: spans,
    relations, label values, or (span, attribute name) for an attribute."""
    found: dict[object, Held] = {}
    for version in difference.versions:
        item = _item_of(session, gold, version, rows)
        if item is not None:
            found.setdefault(_identity(item), item)
    return list(found.values())


def _identity(item: Held) -> object:
    if isinstance(item, tuple):
        return ("attribute", item[0].id, item[1])
    return (type(item).__name__, getattr(item, "id", None))


def _item_of(session: AppSession, gold: Layer | None, version: Version, rows: Rows) -> Held | None:
    """Return gold's row that holds ``version`` (as :mod:`decided_differences` tells it is
    held), or None."""
    if gold is None or version.accept is None:
        return None
    kind, row_id, attribute = version.accept
    row = rows.get((kind, row_id))
    if row is None:
        return None
    if kind in ("span", "attribute"):
        span = _gold_span(session, gold, row)
        if span is None or kind == "span":
            return span
        mine, theirs = (row.attributes or {}), (span.attributes or {})
        return (span, attribute) if mine.get(attribute) == theirs.get(attribute) else None
    if kind == "relation":
        ends = [rows.get(("span", row.from_span_id)), rows.get(("span", row.to_span_id))]
        start, end = ends
        if start is None or end is None:
            return None
        source, target = _gold_span(session, gold, start), _gold_span(session, gold, end)
        if source is None or target is None:
            return None
        return session.scalars(
            select(Relation).where(
                Relation.layer_id == gold.id,
                Relation.type == row.type,
                Relation.from_span_id == source.id,
                Relation.to_span_id == target.id,
            )
        ).first()
    value = session.scalars(
        select(LabelValue).where(
            LabelValue.layer_id == gold.id,
            LabelValue.sentence_index == row.sentence_index,
            LabelValue.name == row.name,
        )
    ).first()
    # Compared here: a JSON column has no equality on every database.
    return value if value is not None and value.value == row.value else None


def _gold_span(session: AppSession, gold: Layer, like: Span) -> Span | None:
    return session.scalars(
        select(Span).where(
            Span.layer_id == gold.id,
            Span.label == like.label,
            Span.start == like.start,
            Span.end == like.end,
        )
    ).first()


def _relations_at(session: AppSession, span: Span) -> list[Relation]:
    return list(
        session.scalars(
            select(Relation)
            .where(or_(Relation.from_span_id == span.id, Relation.to_span_id == span.id))
            .order_by(Relation.id)
        )
    )


def _span(document: Document, span: Span) -> str:
    return span_words(span.label, span.start, span.end, document.text)


def _relation(session: AppSession, document: Document, relation: Relation) -> str:
    source, target = (
        session.get(Span, relation.from_span_id),
        session.get(Span, relation.to_span_id),
    )
    assert source is not None and target is not None
    return f"{relation.type} {_span(document, source)} → {_span(document, target)}"


def _unit(sentence_index: int) -> str:
    return "document" if sentence_index == DOCUMENT_UNIT else f"sentence {sentence_index + 1}"
