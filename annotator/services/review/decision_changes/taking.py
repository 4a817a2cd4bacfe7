"""Taking another version of a difference gold decided, in place of the version gold holds.

A span's version moves gold's span onto it (the same row: gold's relations at it follow),
gold's version replaced whole (bob's one claim in place of alice's two: her first moves
onto his, her second goes, the relations at it re-pointed at his claim or removed, said); a
relation's replaces gold's relation, its ends as they are (gold's version of an end's
difference, whose span stood for the end, replaced whole by the end's annotator's); a value
is set in place of gold's. The version is named by its item (:func:`take_instead`: the
pages, the API) or by its annotator (:func:`take_annotators_instead`: the API, the command
line).
"""

from __future__ import annotations

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid
from annotator.core.gold_changes import Changed
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import Audience
from annotator.db import AppSession
from annotator.models import Document, Layer, Relation, Span
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import relations, spans
from annotator.services.annotation.layers import find_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import acts_as, deciding
from annotator.services.review import adjudication, none_taken
from annotator.services.review.decision_changes.held import held_row, held_rows, not_by_a_version
from annotator.services.review.decision_changes.repointing import repoint_relations
from annotator.services.review.decision_changes.said import (
    relation_said,
    relations_at_said,
    span_said,
    value_said,
)
from annotator.services.review.difference import Difference, Version
from annotator.services.review.differences import document_differences
from annotator.services.review.givers import chosen_span
from annotator.services.review.gold_ends import SPAN_KINDS, span_key, split_in_gold, version_spans
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.moved_ends import recount_relations_at
from annotator.services.review.none_taken import Rows


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
    audience: Audience = "page",
) -> Changed:
    """Take the version ``(kind, item_id)`` of the difference ``key`` into gold, in place of
    the version gold holds.

    :param attribute: the version's attribute, when given (as the version's ``accept``
        names it): checked, not needed (a difference is of one attribute).
    :param shown: how a refusal names the annotators (as the page that asked names them).
    :param audience: who reads what changed: a value's sentence is counted as it counts.
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
    return _take(session, reviewer, document, key, difference, rows, version, shown, audience)


@acts_as("reviewer")
def take_annotators_instead(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    key: str,
    annotator: str,
    audience: Audience = "page",
) -> Changed:
    """Take ``annotator``'s version of the difference ``key`` into gold, in place of the
    version gold holds: a version named by whose it is, as a script or the command line
    names it.

    :raises NotFound: no such difference (now).
    :raises Invalid: ``annotator`` has no version of it to take, or several relations or
        values (one of which :func:`take_instead` takes by its kind and id); their spans of a
        span difference are one version, taken whole.
    :raises Conflict: see :func:`_take`.
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    require_gold_open(session, document)
    difference, rows = none_taken.find_difference(session, document, key)
    theirs = [v for v in difference.versions if v.annotator == annotator and v.accept]
    # Their spans of a span difference are one version, taken whole (whole_version): the
    # first brings the rest.
    if difference.kind in SPAN_KINDS:
        theirs = theirs[:1]
    if len(theirs) != 1:
        raise Invalid(
            f"{annotator} has no version of that difference to take"
            if not theirs
            else f"{annotator} has {len(theirs)} versions of that difference: name the one "
            "to take by its kind and id",
            details={"field": "annotator"},
        )
    return _take(session, reviewer, document, key, difference, rows, theirs[0], audience=audience)


def _take(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    key: str,
    difference: Difference,
    rows: Rows,
    version: Version,
    shown: ShownNames = AS_NAMED,
    audience: Audience = "page",
) -> Changed:
    """Take ``version`` of ``difference`` into gold in place of the version gold holds
    (a refusal naming the annotators as ``shown`` names them).

    :raises Conflict: gold holds no version of it (undecided, or decided as none taken: a
        version is accepted, not taken instead), holds this one already, or holds spans
        of it from different versions (which to keep is the reviewer's to say, in the gold
        workspace).
    """
    assert version.accept is not None
    kind, item_id, attribute = version.accept
    gold = find_layer(session, document, None)
    held = [] if gold is None else held_rows(session, gold, difference, rows)
    if not held:
        raise not_by_a_version(
            session, document, key, "gold holds none to take another instead of (accept one)"
        )
    gold_spans = [row for row in held if isinstance(row, Span)]
    # Spans of different versions in gold (this version's among them, maybe): which to keep
    # is the gold layer's to say, before "already" would read as decided. Several spans of
    # one version (alice's two claims) are that version, replaced whole.
    if kind == "span" and split_in_gold(difference, rows, {span_key(s) for s in gold_spans}):
        raise Conflict(
            f"gold holds {len(gold_spans)} spans of that difference "
            f"({'; '.join(span_said(document, s) for s in gold_spans)}): change them in the "
            "gold layer, or reopen it"
        )
    if _held_already(session, gold, difference, rows, version, gold_spans):
        raise Conflict(f"gold holds {shown(version.annotator)}'s version already")
    changed = Changed()
    if kind == "span" and gold_spans:
        theirs = [row for name, row in version_spans(difference, rows) if name == version.annotator]
        _swap_version(session, reviewer, document, gold_spans, theirs, changed)
        return changed
    if kind == "relation":
        for row in held:
            if isinstance(row, Relation):
                changed.relations_removed.append(relation_said(session, document, row))
                relations.delete_relation(session, row)
        # Its ends as they are: gold's version of an end's difference (decided with another
        # version, its span standing for the end) is replaced by the end's annotator's, whole,
        # so that gold's relation is this version exactly and no version is half in gold.
        assert gold is not None
        for end in adjudication.gold_ends(session, document, rows[("relation", item_id)]):
            if end.standing and end.gold is not None:
                _take_ends_version(session, reviewer, document, gold, end.span, rows, changed)
    # A value set in place of another: said as the page says a label or an attribute.
    values = [
        value_said(document, row, audience) for row in held if not isinstance(row, (Span, Relation))
    ]
    adjudication.accept_item(
        session, reviewer, document, kind, item_id, attribute or None, shown=shown
    )
    if values:
        wanted = rows[(kind, item_id)]
        after = value_said(document, wanted if kind == "label" else (wanted, attribute), audience)
        changed.replaced.extend((before, after) for before in values)
    return changed


def _held_already(
    session: AppSession,
    gold: Layer | None,
    difference: Difference,
    rows: Rows,
    version: Version,
    gold_spans: list[Span],
) -> bool:
    """Tell whether gold holds ``version`` already: of a span difference, its annotator's
    spans of it, all and no other (bob's one claim is not held by alice's two in gold, though
    it is her first); else its row, exactly."""
    if difference.kind in SPAN_KINDS:
        theirs = {
            span_key(row)
            for name, row in version_spans(difference, rows)
            if name == version.annotator
        }
        return bool(theirs) and theirs == {span_key(row) for row in gold_spans}
    return held_row(session, gold, version, rows, exact=True) is not None


def _swap_version(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    gold_spans: list[Span],
    wanted: list[Span],
    changed: Changed,
) -> None:
    """Replace gold's version of a span difference (``gold_spans``) with the annotator's
    spans ``wanted``, whole: gold's spans they lack move onto theirs gold lacks, in the
    text's order (the same rows: their relations follow); the rest of theirs is added, and
    the rest of gold's removed, its relations re-pointed at the span replacing it where that
    is unambiguous (:mod:`~annotator.services.review.decision_changes.repointing`), the
    others with it (bob's one claim taken in place of alice's two: her first moves onto his,
    her second goes, its relation to the source now from his claim)."""
    wanted_keys = {span_key(row) for row in wanted}
    gold_keys = {span_key(row) for row in gold_spans}
    spare = sorted((s for s in gold_spans if span_key(s) not in wanted_keys), key=_position)
    lacking = sorted((s for s in wanted if span_key(s) not in gold_keys), key=_position)
    # Gold's span for each of theirs: there already, moved onto it, or added.
    placed = {span_key(s): s for s in gold_spans if span_key(s) in wanted_keys}
    for old, new in zip(spare, lacking, strict=False):
        _move_span(session, reviewer, document, old, new, changed)
        placed[span_key(new)] = old
    for new in lacking[len(spare) :]:
        added = adjudication.accept_span(session, reviewer, new.id)
        placed[span_key(new)] = added
        changed.added.append(span_said(document, added))
    going = spare[len(lacking) :]
    repoint_relations(session, reviewer, document, going, wanted, placed, changed)
    for old in going:
        changed.removed.append(span_said(document, old))
        changed.relations_removed.extend(relations_at_said(session, document, old))
        delete_span(session, old)
    mark_in_review(session, document, reviewer)
    session.flush()


def _take_ends_version(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    gold: Layer,
    span: Span,
    rows: Rows,
    changed: Changed,
) -> None:
    """Replace gold's version of the span difference ``span`` is a version of with its
    annotator's version, whole (:func:`_swap_version`): gold's span standing for ``span``, a
    relation's end, moves onto it (alice's two claims in gold, bob's relation taken from his
    one claim across both: her first moves onto his claim, her second goes)."""
    for difference in document_differences(session, document):
        versions = version_spans(difference, rows)
        owner = next((name for name, row in versions if row.id == span.id), None)
        if owner is None:
            continue
        held = held_rows(session, gold, difference, rows)
        gold_spans = [row for row in held if isinstance(row, Span)]
        theirs = [row for name, row in versions if name == owner]
        _swap_version(session, reviewer, document, gold_spans, theirs, changed)
        return


def _position(span: Span) -> tuple[int, int, int]:
    return (span.start, span.end, span.id)


def _move_span(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    span: Span,
    wanted: Span,
    changed: Changed,
) -> None:
    """Move gold's ``span`` onto an annotator's span ``wanted``: the same row, so its
    relations follow (their sources asked again)."""
    before = span_said(document, span)
    was = (span.label, span.start, span.end)
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
    recount_relations_at(session, document.id, {span.id: was}, actor=reviewer)
    mark_in_review(session, document, reviewer)
    session.flush()
    changed.replaced.append((before, span_said(document, span)))
    # Said as they are now: the same relations, ending at the span where it is now.
    changed.relations_kept.extend(relations_at_said(session, document, span))
