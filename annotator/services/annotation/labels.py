"""Sentence and document labels, and an annotator's status on a document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.gold_source import WRITTEN_SOURCE, Source
from annotator.core.history import label_snapshot, origin_of, with_origin
from annotator.core.label_previous import check_previous
from annotator.core.rules import check_sentence, check_value, label_field
from annotator.core.shapes import label_answer
from annotator.core.vocabulary import check_status
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Assignment, Document, LabelValue, Layer, utcnow
from annotator.models import Sentence as SentenceRow
from annotator.services.accounts.permissions import require_assignment
from annotator.services.annotation.access import require_open
from annotator.services.annotation.provenance import record_decision
from annotator.services.annotation.required import refuse_missing
from annotator.services.annotation.write_target import (
    LayerRef,
    WriteTarget,
    mark_started,
    write_target,
)
from annotator.services.documents_said import document_named
from annotator.services.gold.lock import writers_serialised
from annotator.services.history import record_change, record_status
from annotator.services.write_holds import held_status, hold_assignment

#: The statuses an annotator may set; ``new`` is where every assignment starts.
SETTABLE_STATUSES = ("in_progress", "done", "skipped")

#: ``previous`` not given: the write replaces whatever is stored, as before it could be sent.
ANY_VALUE: Any = object()


def set_label(
    session: AppSession,
    layer: Layer | WriteTarget,
    sentence: int | None,
    name: str,
    value: Any,
    *,
    actor: Actor | None = None,
    decided_by: Actor | None = None,
    source: Source = WRITTEN_SOURCE,
    origin: Mapping[str, Any] | None = None,
    previous: Any = ANY_VALUE,
) -> dict[str, Any]:
    """Set (or, with ``value=None``, clear) a sentence label, or a document label.

    :param sentence: the index of an existing sentence, or None for the whole document.
    :param decided_by: in gold, the reviewer who decided the value set, recorded with
        ``source`` (written in gold itself by default, a suggestion's accept says so), as
        :func:`~annotator.services.annotation.spans.add_span` records a span's.
    :param origin: the value's decider, source, model and score as a change's snapshot kept
        them (:func:`~annotator.core.history.kept_origin`), when a restore puts it back.
    :param previous: the value the caller expects to replace (None: none); by default any.
    :return: the label as the API shows it, ``{sentence, name, value}``.
    :raises Invalid: no such sentence, an unknown field, or a value the field does not allow.
    :raises Conflict: when ``previous`` is given and another value is stored.
    """
    target = write_target(session, layer)
    written, document_id = target.layer, target.layer.document_id
    unit = DOCUMENT_UNIT if sentence is None else sentence
    if sentence is not None:
        count_sentences = select(func.count()).where(SentenceRow.document_id == document_id)
        count = session.scalar(count_sentences) or 0
        check_sentence(sentence, count, lambda: document_named(session, document_id))
    field = label_field(target.schema, name, document=sentence is None)
    # A value the field refuses is refused first (422), stale or not: the caller's mistake
    # is said before another tab's change (409).
    clean = None if value is None else check_value(field, value, f"label {name!r}")
    if clean in (None, []) and field.get("required") and written.user_id is not None:
        _refuse_clear_when_done(session, document_id, written.user_id)
    # With ``previous``, the row is held from its compare to the commit (PostgreSQL: a second
    # write of the same label at the same moment waits, then compares with what the first
    # wrote; SQLite's writes begin IMMEDIATE, one at a time already). A row the other write
    # is inserting is not there to hold: its insert below meets it, and compares then.
    checked = previous is not ANY_VALUE
    row = _find_label(session, written, unit, name, for_update=checked)
    if checked:
        check_previous(None if row is None else row.value, previous, sentence, name)
    before = None if row is None else label_snapshot(unit, name, row.value)
    # Where the value came from, kept by the change's snapshot for a restore (read now: a
    # new value clears an accepted suggestion's model and score below).
    was = {} if row is None else origin_of(row)
    if value is None:
        if row is not None:
            session.delete(row)
    else:
        if row is not None:
            if row.value != clean:  # the annotator's own value now, not the suggestion's
                row.score = row.model = None
            row.value = clean
            # Given again, even unchanged, it is an answer of now: a value kept after its
            # field's target changed is then given toward today's target (core/given_targets).
            row.updated_at = utcnow()
        else:
            row = _insert_label(
                session, written, unit, name, clean, previous=previous, sentence=sentence
            )
        if decided_by is not None and written.is_gold:
            record_decision(row, decided_by, source)
        for column, kept in (origin or {}).items():
            setattr(row, column, kept)
        value = clean
    mark_started(session, written, target.assignment)
    session.flush()
    after = None if value is None else label_snapshot(unit, name, value)
    if before != after:
        action = "create" if before is None else "delete" if after is None else "update"
        item = None if row is None else row.id
        if before is not None:
            before = with_origin(before, was)
        record_change(session, written, "label", action, item, before, after, actor=actor)
    return label_answer(unit, name, value)


def _refuse_clear_when_done(session: AppSession, document_id: int, user_id: int) -> None:
    """Refuse to clear a required field's value in a layer marked done meanwhile.

    The write target read the layer open, but where writers run side by side (PostgreSQL)
    its owner may have marked it done since: the assignment is held and read again
    (:func:`~annotator.services.write_holds.held_status`), so that a layer marked done never
    loses a required value to a write that began before.
    """
    if writers_serialised(session):
        return
    require_open(session, held_status(session, document_id, user_id), document_id)


def current_label(session: Session, layer: Layer, sentence: int | None, name: str) -> Any:
    """Return the value a layer holds for a sentence's (None: the document's) field, or None."""
    row = _find_label(session, layer, DOCUMENT_UNIT if sentence is None else sentence, name)
    return None if row is None else row.value


def _find_label(
    session: Session, layer: Layer | LayerRef, unit: int, name: str, *, for_update: bool = False
) -> LabelValue | None:
    """The layer's row of a field on a unit, or None; ``for_update`` holds it until the
    transaction ends and reads what is committed now, not what this session loaded before."""
    query = select(LabelValue).where(
        LabelValue.layer_id == layer.id,
        LabelValue.sentence_index == unit,
        LabelValue.name == name,
    )
    if for_update:
        query = query.with_for_update(of=LabelValue).execution_options(populate_existing=True)
    return session.scalar(query)


def _insert_label(
    session: Session,
    layer: Layer | LayerRef,
    unit: int,
    name: str,
    value: Any,
    *,
    previous: Any,
    sentence: int | None,
) -> LabelValue:
    # Two writers of the same label may race; the loser updates the winner's row, unless it
    # said what it replaces (no value): the winner's value is then what it did not know of.
    try:
        with session.begin_nested():
            row = LabelValue(layer_id=layer.id, sentence_index=unit, name=name, value=value)
            session.add(row)
        return row
    except IntegrityError:
        checked = previous is not ANY_VALUE
        found = _find_label(session, layer, unit, name, for_update=checked)
        if found is None:
            raise
        if checked:
            check_previous(found.value, previous, sentence, name)
        found.value = value
        return found


def set_status(session: AppSession, user: Actor, document: Document, status: Any) -> Assignment:
    """Set ``user``'s status on ``document``: ``in_progress``, ``done`` or ``skipped``.

    :raises Invalid: any other status; ``done`` while a required label field has no value
        (:func:`~annotator.services.annotation.required.refuse_missing`).
    :raises Forbidden: when the document is not assigned to ``user``.
    """
    assignment = require_assignment(session, user, document)
    check_status(status, SETTABLE_STATUSES, refusal=Invalid)
    # Held and read again first, so that no clear of a required field lands between the
    # check below and the commit (write_holds).
    hold_assignment(session, assignment)
    before = assignment.status
    # A layer done already stays done when told so again (a retried request, a field made
    # required since): only a change to done is checked.
    if status == "done" and before != "done":
        refuse_missing(session, document, user.id)
    assignment.status = status
    if status == "done" and assignment.first_done_at is None:
        assignment.first_done_at = utcnow()
    session.flush()
    if before != status:
        record_status(session, document.id, user.id, before, status, actor=user)
    return assignment


def assignment_payload(assignment: Assignment) -> dict[str, Any]:
    """Return an assignment as the API shows it."""
    return {
        "document": assignment.document_id,
        "annotator": assignment.user.username,
        "status": assignment.status,
    }
