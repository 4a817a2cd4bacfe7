"""Changing a difference decided by a version in gold: take another version, or reopen it.

A difference is decided once gold holds one of its versions
(:mod:`annotator.services.review.decided_differences`), whichever way that version came in:
accepting a relation brings its end spans into gold, and so decides their own boundary or
label differences with the relation's annotator's spans, unasked. The reviewer may then
take another annotator's version of such a difference instead, or reopen it (to decide again).

Gold stays consistent and nothing goes silently, as the answer
(:class:`annotator.core.gold_changes.Changed`, which the pages and the command line say and
the API answers) says:

-   taking another version of a span difference moves gold's span onto that version (label,
    bounds, attributes): the same gold span, so gold's relations at it keep pointing at it
    (a relabel that a relation type does not allow is refused, naming the relation, by
    :func:`annotator.services.annotation.spans.update_span`); of a relation difference it
    removes gold's relation of the other version and accepts this one, its ends as they are
    (gold's span standing for an end moves onto it: gold's relation is then this version
    exactly, whose its provenance names); an attribute's or a
    label's value is set in place of gold's
    (:func:`annotator.services.review.adjudication.accept_item`). The version is named by
    its item (:func:`take_instead`: the pages, the API) or by its annotator
    (:func:`take_annotators_instead`: the API, the command line). Only a difference gold
    holds a version of is changed so: an undecided one, or one decided as none taken, has
    a version accepted instead;
-   reopening removes what gold holds of the difference's versions: a span with the
    relations at it (named; the History restores them with it), a relation, an attribute's
    value, a label's value (:func:`reopen_taken`). The pages' :func:`reopen_difference`
    reopens a "none taken" decision too
    (:func:`annotator.services.review.none_taken.reopen`).
"""

from __future__ import annotations

from sqlalchemy import or_, select

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid
from annotator.core.gold_changes import Changed
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import span_words
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Layer, Relation, Span
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import labels, relations, spans
from annotator.services.annotation.layers import find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.gold_lock import require_gold_open
from annotator.services.history import acts_as, deciding
from annotator.services.review import adjudication, none_taken
from annotator.services.review.differences import Difference, Version
from annotator.services.review.givers import chosen_span
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.none_taken import Rows

#: A gold row that holds a version: a span, a relation, a label value, or (for an attribute)
#: the span with the attribute's name.
Held = Span | Relation | LabelValue | tuple[Span, str]


@acts_as("reviewer")
def take_instead(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    key: str,
    kind: str,
    item_id: int,
    attribute: str | None = None,
    *,
    shown: ShownNames = AS_NAMED,
) -> Changed:
    """Take the version ``(kind, item_id)`` of the difference ``key`` into gold, in place of
    the version gold holds.

    :param attribute: the version's attribute, when given (as the version's ``accept``
        names it): checked, not needed (a difference is of one attribute).
    :param shown: how a refusal names the annotators (as the page that asked names them).
    :raises NotFound: no such difference (now).
    :raises Invalid: a kind of item there is not, or the item (with ``attribute``) is not
        one of the difference's versions.
    :raises Conflict: see :func:`_take`.
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    adjudication.check_kind(kind)
    difference, rows = none_taken.find_difference(session, document, key)
    version = next(
        (v for v in difference.versions if v.accept and v.accept[:2] == (kind, item_id)), None
    )
    if version is None:
        raise Invalid(
            f"{kind} {item_id} is not a version of that difference", details={"field": "id"}
        )
    assert version.accept is not None
    if attribute is not None and attribute != version.accept[2]:
        raise Invalid(
            f"the version {kind} {item_id} of that difference is not of the attribute "
            f"{attribute!r}",
            details={"field": "attribute"},
        )
    return _take(session, reviewer, document, key, difference, rows, version, shown)


@acts_as("reviewer")
def take_annotators_instead(
    session: AppSession, reviewer: Actor, document: Document, key: str, annotator: str
) -> Changed:
    """Take ``annotator``'s version of the difference ``key`` into gold, in place of the
    version gold holds: a version named by whose it is, as a script or the command line
    names it.

    :raises NotFound: no such difference (now).
    :raises Invalid: ``annotator`` has no version of it to take, or several (one of which
        :func:`take_instead` takes by its kind and id).
    :raises Conflict: see :func:`_take`.
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    difference, rows = none_taken.find_difference(session, document, key)
    theirs = [v for v in difference.versions if v.annotator == annotator and v.accept]
    if len(theirs) != 1:
        raise Invalid(
            f"{annotator} has no version of that difference to take"
            if not theirs
            else f"{annotator} has {len(theirs)} versions of that difference: name the one "
            "to take by its kind and id",
            details={"field": "annotator"},
        )
    return _take(session, reviewer, document, key, difference, rows, theirs[0])


def _take(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    key: str,
    difference: Difference,
    rows: Rows,
    version: Version,
    shown: ShownNames = AS_NAMED,
) -> Changed:
    """Take ``version`` of ``difference`` into gold in place of the version gold holds
    (a refusal naming the annotators as ``shown`` names them).

    :raises Conflict: gold holds no version of it (undecided, or decided as none taken: a
        version is accepted, not taken instead), holds this one already, or holds several
        spans of it (which one to move is the reviewer's to say, in the gold workspace).
    """
    assert version.accept is not None
    kind, item_id, attribute = version.accept
    gold = find_layer(session, document, None)
    held = [] if gold is None else _held(session, gold, difference, rows)
    if not held:
        raise _not_by_a_version(
            session, document, key, "gold holds none to take another instead of (accept one)"
        )
    gold_spans = [row for row in held if isinstance(row, Span)]
    # Two spans of one difference (this version's among them, maybe): which to keep is the
    # gold layer's to say, before "already" would read as decided.
    if kind == "span" and len(gold_spans) > 1:
        raise Conflict(
            f"gold holds {len(gold_spans)} spans of that difference "
            f"({'; '.join(_span(document, s) for s in gold_spans)}): change them in the "
            "gold layer, or reopen it"
        )
    if _item_of(session, gold, version, rows, exact=True) is not None:
        raise Conflict(f"gold holds {shown(version.annotator)}'s version already")
    changed = Changed()
    if kind == "span" and gold_spans:
        _move_span(session, reviewer, document, gold_spans[0], rows[("span", item_id)], changed)
        return changed
    if kind == "relation":
        for row in held:
            if isinstance(row, Relation):
                changed.relations_removed.append(_relation(session, document, row))
                relations.delete_relation(session, row)
        # Its ends as they are: gold's span standing for an end (its difference decided with
        # another version) moves onto it, so that gold's relation is this version exactly.
        for end in adjudication.gold_ends(session, document, rows[("relation", item_id)]):
            if end.standing and end.gold is not None:
                _move_span(session, reviewer, document, end.gold, end.span, changed)
    # A value set in place of another: said as the page says a label or an attribute.
    values = [_value(document, row) for row in held if not isinstance(row, (Span, Relation))]
    adjudication.accept_item(
        session, reviewer, document, kind, item_id, attribute or None, shown=shown
    )
    if values:
        wanted = rows[(kind, item_id)]
        after = _value(document, wanted if kind == "label" else (wanted, attribute))
        changed.replaced.extend((before, after) for before in values)
    return changed


def _not_by_a_version(session: AppSession, document: Document, key: str, why: str) -> Conflict:
    """Return the refusal of a change that needs a version of the difference ``key`` in
    gold, which has none: it is undecided, or decided as none taken."""
    if key in none_taken.none_taken(session, document):
        return Conflict(
            f"that difference is decided as none taken, not by a version: {why}; "
            'a "none taken" decision is reopened as such'
        )
    return Conflict(f"that difference is not decided by a version: {why}")


def _move_span(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    span: Span,
    wanted: Span,
    changed: Changed,
) -> None:
    """Move gold's ``span`` onto an annotator's span ``wanted``: the same row, so its
    relations follow."""
    before = _span(document, span)
    attributes = dict(wanted.attributes or {})
    source = chosen_span(session, document, (wanted.label, wanted.start, wanted.end), attributes)
    with deciding(session, source):
        spans.update_span(
            session,
            span,
            label=wanted.label,
            start=wanted.start,
            end=wanted.end,
            attributes=attributes,
            note=wanted.note,
            decided_by=reviewer,
        )
    record_decision(span, reviewer, source)
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
    require_gold_open(session, document)
    if key in none_taken.none_taken(session, document):
        none_taken.reopen(session, reviewer, document, key)
        return Changed(none_reopened=True)
    changed = _remove_held(session, reviewer, document, key)
    if changed is None:
        raise Conflict("that difference is not decided: there is nothing to reopen")
    return changed


@acts_as("reviewer")
def reopen_taken(session: AppSession, reviewer: Actor, document: Document, key: str) -> Changed:
    """Make the difference ``key``, decided by a version in gold, to decide again: remove
    from gold what it holds of its versions (a span with the relations at it).

    :raises NotFound: no such difference (now).
    :raises Conflict: gold holds none of its versions (undecided, or decided as none taken:
        that decision is reopened by :func:`annotator.services.review.none_taken.reopen`).
    """
    require_review(session, reviewer, document.project_id, "reopen differences")
    require_gold_open(session, document)
    changed = _remove_held(session, reviewer, document, key)
    if changed is None:
        raise _not_by_a_version(session, document, key, "there is nothing to reopen")
    return changed


def _remove_held(
    session: AppSession, reviewer: Actor, document: Document, key: str
) -> Changed | None:
    """Remove from gold what it holds of the versions of the difference ``key``, saying
    what; None when it holds none of them."""
    difference, rows = none_taken.find_difference(session, document, key)
    gold = find_layer(session, document, None)
    held = [] if gold is None else _held(session, gold, difference, rows)
    if gold is None or not held:
        return None
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
            changed.removed.append(_value(document, row))
            sentence = None if row.sentence_index == DOCUMENT_UNIT else row.sentence_index
            labels.set_label(session, gold, sentence, row.name, None)
        else:  # an attribute: (span, name)
            span, name = row
            changed.removed.append(_value(document, row))
            attributes = dict(span.attributes or {})
            attributes.pop(name, None)
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


def _item_of(
    session: AppSession, gold: Layer | None, version: Version, rows: Rows, *, exact: bool = False
) -> Held | None:
    """Return gold's row that holds ``version`` (as :mod:`decided_differences` tells it is
    held, which decides it), or None.

    :param exact: a relation only between its own ends (whose version it is, as its
        provenance says), not between gold's spans standing for them.
    """
    if gold is None or version.accept is None:
        return None
    kind, row_id, attribute = version.accept
    row = rows.get((kind, row_id))
    if row is None:
        return None
    if kind in ("span", "attribute"):
        span = adjudication.gold_span_like(session, gold, row)
        if span is None or kind == "span":
            return span
        mine, theirs = (row.attributes or {}), (span.attributes or {})
        return (span, attribute) if mine.get(attribute) == theirs.get(attribute) else None
    if kind == "relation":
        document = session.get(Document, gold.document_id)
        assert document is not None
        # Between gold's spans for its ends, as decided_differences tells it is held.
        ends = [
            end.gold
            for end in adjudication.gold_ends(session, document, row)
            if not (exact and end.standing)
        ]
        if len(ends) != 2 or None in ends:
            return None
        source, target = ends
        assert source is not None and target is not None
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


def _value(document: Document, row: LabelValue | tuple[Span, str]) -> str:
    """Name a label's value ("sentence 2 stance = FAVOR") or a span's attribute's value
    ("claimer = REPORTED of CLAIM [15, 31) “…”")."""
    if isinstance(row, LabelValue):
        return f"{_unit(row.sentence_index)} {row.name} = {row.value}"
    span, name = row
    return f"{name} = {(span.attributes or {}).get(name)} of {_span(document, span)}"


def _unit(sentence_index: int) -> str:
    return "document" if sentence_index == DOCUMENT_UNIT else f"sentence {sentence_index + 1}"
