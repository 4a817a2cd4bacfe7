"""Reading a document's history, layer by layer: one service behind the page and the API.

Who reads what follows :mod:`annotator.services.annotation.access`: a project's reviewers
(and admins) read every layer's history; an annotator reads only that of their own layer,
on a document assigned to them (another's layer: 403; a document not theirs: 404).
Restoring is :mod:`annotator.services.review.restore`; whether a change may be restored,
:mod:`annotator.services.review.restorable`, asked once per page for all its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import AnnotatorError
from annotator.core.gold_source import source_words
from annotator.core.history import decode, describe, kept_source, path_words, shown_snapshot
from annotator.core.paging import PER_PAGE, check_page
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.times import iso
from annotator.core.wording import Audience
from annotator.db import AppSession
from annotator.models import GOLD, Assignment, Document, Layer, LayerChange, Sentence, User
from annotator.services.accounts.permissions import find_assignment, may_review, require_document
from annotator.services.annotation.access import resolve_read_layer
from annotator.services.history import layer_owner
from annotator.services.paged_rows import page_of
from annotator.services.review.document_now import Present
from annotator.services.review.restorable import check_annotator_restore, refusal


@dataclass(frozen=True)
class Change:
    """One change as the page and the API show it."""

    id: int
    layer: str
    actor: str | None
    at: datetime
    kind: str
    action: str
    #: The path it came by (``reviewer``, ``schema``...); ``path_text`` says it in words.
    source: str
    path_text: str
    item: int | None
    before: Any
    after: Any
    #: ``before`` and ``after`` in words: label, quoted text, 1-based sentence and offsets.
    before_text: str
    after_text: str
    #: A gold item's source after the change (:mod:`annotator.core.gold_source`): how it was
    #: decided and who gave exactly it; None for other layers, a removal, and changes made
    #: before it was kept. ``source_text`` says it in words ("" without one).
    item_source: dict[str, Any] | None
    source_text: str
    #: The gold item's source before the change, as the change's ``before`` kept it for a
    #: restore; None for other layers, an item added, and an item that had none (or whose
    #: source was not kept yet). ``source_before_text`` says it in words ("" without one).
    #: A relation's row written because its end span moved says both: who gave it, and who
    #: gives it now that it followed the span.
    item_source_before: dict[str, Any] | None
    source_before_text: str
    #: The change that made this one (the span change a relation's row followed), or None.
    caused_by: int | None
    #: Why a restore would not put ``before`` back now, in the restore's own words (no
    #: earlier value, there already, something it needs gone); None when it would. The page
    #: says it on the row, so that a row without a Restore button is not taken for an oversight.
    not_restorable: str | None

    @property
    def restorable(self) -> bool:
        """Tell whether a restore would put ``before`` back now (the restore's check agrees)."""
        return self.not_restorable is None


@dataclass(frozen=True)
class History:
    """One page of a document's history, newest first."""

    changes: list[Change]
    total: int
    page: int
    per_page: int
    #: The layers the reader may ask for (``?annotator=``), gold last.
    layers: list[str]
    #: Whether the reader reviews the project (reads every layer). Every reader may restore:
    #: a reviewer any layer's changes, an annotator their own layer's items while it is open;
    #: each change says why not (``not_restorable``), the layer marked done included.
    may_review: bool


def document_history(
    session: AppSession,
    user: Actor,
    document: Document,
    annotator: str | None = None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    shown: ShownNames = AS_NAMED,
    audience: Audience = "page",
) -> History:
    """Return one page of ``document``'s history that ``user`` may read, newest first.

    :param annotator: one layer only: an annotator's name or ``gold``; None: every layer
        the reader may read (an annotator: their own).
    :param shown: how the page names the annotators. With names hidden, a "none taken"
        decision is said without the summary it was stored with, worded with the real names
        of its day (the names shown are the page's to give, not the stored text's).
    :param audience: who reads the changes' words and refusals: a sentence is counted from
        0 for the API, from 1 on a page (:func:`~annotator.core.wording.sentence_said`).
    :raises Malformed: a page below 1, or ``per_page`` outside 1 to :data:`MAX_PER_PAGE`.
    :raises NotFound: the reader may not see the document, or ``annotator`` names no user.
    :raises Forbidden: an annotator asks for another layer than their own.
    """
    paging = check_page(page, per_page)  # the rule every paged list shares
    require_document(session, user, document)
    reviewing = user.is_reviewer or may_review(session, user, document.project_id)
    keys: list[str] | None = None
    if annotator or not reviewing:
        _name, owner = resolve_read_layer(session, user, document, annotator or None)
        keys = [Layer.key_for(None if owner is None else owner.id)]
    c = LayerChange.__table__.c
    where = [c.document_id == document.id]
    if keys is not None:
        where.append(c.layer_key.in_(keys))
    newest_first = select(LayerChange).where(*where).order_by(c.id.desc())
    read = page_of(session, newest_first, paging, scalars=True)
    changes, total = read.rows, read.total
    names = _names(session, changes)
    starts = list(
        session.scalars(
            select(Sentence.start)
            .where(Sentence.document_id == document.id)
            .order_by(Sentence.index)
        )
    )
    now = Present(session, document, changes, audience)
    own = None if reviewing else find_assignment(session, user, document)
    said = [
        _change(row, names, document.text, starts, _refusal(now, row, user, own), shown, audience)
        for row in changes
    ]
    return History(
        changes=said,
        total=total,
        page=page,
        per_page=per_page,
        layers=_layers(session, document) if reviewing else [user.username],
        may_review=reviewing,
    )


def may_read_history(session: AppSession, user: Actor, document: Document, layer: str) -> bool:
    """Tell whether ``user`` may read the history of ``document``'s ``layer`` (a username
    or ``gold``): the rule :func:`document_history` applies, asked before linking to it."""
    try:
        require_document(session, user, document)
        resolve_read_layer(session, user, document, layer)
    except AnnotatorError:
        return False
    return True


def _refusal(
    now: Present, row: LayerChange, user: Actor, own: Assignment | None
) -> AnnotatorError | None:
    """Return why ``user`` could not restore ``row`` now: the restore's own checks.

    :param own: the reader's assignment when they are no reviewer (they read their own layer).
    """
    if own is not None:
        try:
            check_annotator_restore(now, user, own, row)
        except AnnotatorError as refused:
            return refused
    return refusal(now, row)


def _names(session: Session, changes: list[LayerChange]) -> dict[int, str]:
    ids = {row.actor_id for row in changes if row.actor_id is not None}
    owners = (layer_owner(row.layer_key) for row in changes if row.layer_key != GOLD)
    ids |= {owner for owner in owners if owner is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def _change(
    row: LayerChange,
    names: dict[int, str],
    text: str,
    starts: list[int],
    refused: AnnotatorError | None,
    shown: ShownNames = AS_NAMED,
    audience: Audience = "page",
) -> Change:
    kept = decode(row.before)
    # Without the origin a snapshot keeps for a restore: the sources are said once, below.
    before, after = shown_snapshot(kept), shown_snapshot(decode(row.after))
    item_source = decode(row.item_source)
    source_before = kept_source(kept) if row.layer_key == GOLD else None
    owner = layer_owner(row.layer_key)
    layer = GOLD if owner is None else names.get(owner, f"(deleted user {owner})")
    return Change(
        id=row.id,
        layer=layer,
        actor=None if row.actor_id is None else names.get(row.actor_id),
        at=row.at,
        kind=row.kind,
        action=row.action,
        source=row.source,
        path_text=path_words(row.source),
        item=row.item_id,
        before=before,
        after=after,
        before_text=_words(row.kind, before, text, starts, shown.hidden, audience),
        after_text=_words(row.kind, after, text, starts, shown.hidden, audience),
        item_source=item_source,
        source_text=source_words(item_source, shown),
        item_source_before=source_before,
        source_before_text=source_words(source_before, shown),
        caused_by=row.caused_by_id,
        not_restorable=None if refused is None else refused.message,
    )


def _words(
    kind: str, snapshot: Any, text: str, starts: list[int], hidden: bool, audience: Audience
) -> str:
    """Say a snapshot as the page does; a decision's stored summary left out when names are
    hidden (it names the annotators, who are numbered on such a page)."""
    if hidden and kind == "decision" and snapshot is not None:
        return f"none taken: a {snapshot['kind'].replace('_', ' ')} difference"
    return describe(kind, snapshot, text, starts, audience)


def _layers(session: Session, document: Document) -> list[str]:
    """Return the names of the layers that have a history on ``document``, gold last."""
    keys = session.scalars(
        select(LayerChange.layer_key).where(LayerChange.document_id == document.id).distinct()
    ).all()
    owners = [owner for key in keys if (owner := layer_owner(key)) is not None]
    names = sorted(
        session.scalars(select(User.username).where(User.id.in_(owners))).all() if owners else []
    )
    return names + ([GOLD] if GOLD in keys else [])


def change_json(change: Change) -> dict[str, Any]:
    """Return a change as the API shows it."""
    return {
        "id": change.id,
        "layer": change.layer,
        "actor": change.actor,
        "at": iso(change.at),
        "kind": change.kind,
        "action": change.action,
        "source": change.source,
        "item": change.item,
        "before": change.before,
        "after": change.after,
        "item_source": change.item_source,
        "item_source_before": change.item_source_before,
        "caused_by": change.caused_by,
        # The item's sources in words only where there is one: a gold item's.
        "summary": {
            "before": change.before_text,
            "after": change.after_text,
            "path": change.path_text,
        }
        | ({"source": change.source_text} if change.source_text else {})
        | ({"source_before": change.source_before_text} if change.source_before_text else {}),
        "restorable": change.restorable,
        "not_restorable": change.not_restorable,
    }
