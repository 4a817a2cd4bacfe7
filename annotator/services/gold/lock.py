"""Gold marked final takes no change until a reviewer sets it back: the one home of the rule.

A reviewer marks a document's gold ``final`` when its curation is finished; a dataset of
final gold only (the export's ``gold_status`` filter) is then what they approved. Every path
that changes gold items or decisions asks :func:`require_gold_open` before it writes: the
workspace's and the API's writes to ``?layer=gold`` (:mod:`annotator.services.annotation.access`),
accepting an annotator's item, taking another version, deciding "none of these", reopening a
difference, accepting agreed items, a restore from the history, a sentence split or merge.
Each is refused with a 409 (:class:`~annotator.core.errors.GoldFinal`) that names the document
and how to reopen it, before anything is written. Accepting the agreed items of a whole
project skips final documents instead (:mod:`annotator.services.review.unanimous`), and so
does merging the copies a database stored before a layer held a span once
(:mod:`annotator.services.annotation.copies_merge`): each counts those it leaves out.

Setting the status itself (marking final, reopening) is not a change of gold, nor are moving
data in (imports, a project file loaded) and an annotator's own layer: none of them asks.

The check holds until the write commits. Were a write to find gold open and commit after a
reviewer marked it final meanwhile, final gold would hold a change. On SQLite that cannot
happen: every write transaction begins IMMEDIATE (:mod:`annotator.engine`,
:func:`annotator.db.begin_writes`, the command line's :func:`annotator.cli.common.transaction`),
so writers run one at a time, the check and the write in one of them. On PostgreSQL
(READ COMMITTED) a gold write first takes a lock on the document's row (:func:`hold_gold`)
and reads the status in a later statement, which sees every commit before the lock; marking
final takes the same row FOR UPDATE first (:func:`hold_gold_for_status`), so each waits for
the other's commit. The lock is on the document, not on the status row, because a document
whose gold was never given a status has no such row to lock. A change of many documents'
gold (an accept of agreed items, merging copies) holds them all first, in one statement a
batch (:func:`gold_finals` with ``hold``). That hold is shared (``FOR KEY SHARE``): two such
changes both take it at once, so it orders nothing between them. What they wait for is what
each document's write takes as it goes (its gold layer's row, the layer's span hold, its gold
status row); each therefore writes its documents in order of id, never in the order a
reviewer named them nor a listing shows them, so that two cannot each hold a document the
other waits for.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session

from annotator.core.errors import GoldFinal
from annotator.core.vocabulary import FINAL
from annotator.db import AppSession, Db, orm
from annotator.models import Document, GoldStatus, Project
from annotator.precompiled import Precompiled
from annotator.request_connection import RequestConnection
from annotator.services.documents_said import document_named

_THE_DOCUMENT = Document.id == bindparam("document_id", type_=Integer)
# A gold write's hold: KEY SHARE, the weakest row lock, so that gold writes to one document
# do not wait for each other, nor for a change of the document's own columns; only marking
# final's FOR UPDATE (and deleting the document) waits for it, and it for them.
_HOLD_GOLD = Precompiled(
    select(Document.id).where(_THE_DOCUMENT).with_for_update(read=True, key_share=True)
)
_HOLD_FOR_STATUS = Precompiled(select(Document.id).where(_THE_DOCUMENT).with_for_update())
#: How many documents one statement of :func:`gold_finals` holds (and reads).
HELD_PER_STATEMENT = 500


def _session(db: Db | Session) -> Session:
    return db if isinstance(db, Session) else orm(db)


def writers_serialised(db: Db | Session) -> bool:
    """Tell whether the database runs one write transaction at a time (SQLite: each begins
    IMMEDIATE), so that a gold status read in a write's first query stands until it commits."""
    dialect = db.dialect if isinstance(db, RequestConnection) else db.get_bind().dialect
    return dialect.name == "sqlite"


def _hold(db: Db | Session, statement: Precompiled, document: Document | int) -> None:
    if writers_serialised(db):
        return
    params = {"document_id": document if isinstance(document, int) else document.id}
    if isinstance(db, AppSession | RequestConnection):
        statement.first(db, params)
    else:
        db.execute(statement.statement, params)


def hold_gold(db: Db | Session, document: Document | int) -> None:
    """Keep ``document``'s gold from being marked final until this transaction ends
    (PostgreSQL; nothing on SQLite). A gold write takes it before it reads the status."""
    _hold(db, _HOLD_GOLD, document)


def hold_gold_for_status(db: Db | Session, document: Document | int) -> None:
    """Wait for the gold writes of ``document`` under way, and keep new ones waiting until
    this transaction ends (PostgreSQL; nothing on SQLite): marking final takes it first."""
    _hold(db, _HOLD_FOR_STATUS, document)


def gold_is_final(db: Db | Session, document: Document | int) -> bool:
    """Tell whether a reviewer marked ``document``'s gold final (one indexed read): the one
    question of one document's finality, asked by the lock, the workspace, the curation view
    and marking final. ``final`` is only ever stored, so the stored row alone answers it;
    lists read it in bulk with the same :data:`~annotator.core.vocabulary.FINAL`."""
    document_id = document if isinstance(document, int) else document.id
    query = select(GoldStatus.status).where(GoldStatus.document_id == document_id)
    stored = _session(db).scalar(query)
    return stored == FINAL


def gold_finals(db: Db | Session, document_ids: Iterable[int], *, hold: bool = False) -> set[int]:
    """Return which of ``document_ids`` have gold marked final, one read a batch of
    :data:`HELD_PER_STATEMENT`.

    :param hold: for a change that writes the others' gold and leaves the final ones out
        (an accept of agreed items, merging copies): where writers run side by side, hold
        each document's gold first (:func:`hold_gold`, for many at once) so that none is
        marked final before the change commits. Where writers are serialised (SQLite) the
        read alone stands until the write commits. The change must still write its
        documents in order of id (see the module's text).
    """
    if hold and not writers_serialised(db):
        return _held_finals(_session(db), document_ids)
    session = _session(db)
    ordered = sorted(set(document_ids))
    final: set[int] = set()
    for start in range(0, len(ordered), HELD_PER_STATEMENT):
        final.update(_finals_among(session, ordered[start : start + HELD_PER_STATEMENT]))
    return final


def _held_finals(session: Session, document_ids: Iterable[int]) -> set[int]:
    """Hold the gold of each of ``document_ids`` (as :func:`hold_gold`, one statement a batch
    of :data:`HELD_PER_STATEMENT`), then return those whose gold is final. PostgreSQL only:
    on SQLite nothing is to be held, and :func:`gold_finals` reads without."""
    ordered = sorted(set(document_ids))
    final: set[int] = set()
    for start in range(0, len(ordered), HELD_PER_STATEMENT):
        batch = ordered[start : start + HELD_PER_STATEMENT]
        held = (
            select(Document.id)
            .where(Document.id.in_(batch))
            .order_by(Document.id)
            .with_for_update(read=True, key_share=True)
        )
        session.execute(held).all()
        # A later statement: under READ COMMITTED it sees every commit before the hold.
        final.update(_finals_among(session, batch))
    return final


def _finals_among(session: Session, document_ids: list[int]) -> list[int]:
    """Return which of ``document_ids`` (a batch) have gold marked final."""
    query = select(GoldStatus.document_id).where(
        GoldStatus.document_id.in_(document_ids), GoldStatus.status == FINAL
    )
    return list(session.scalars(query))


def gold_final_refusal(db: Db | Session, document: Document | int) -> GoldFinal | None:
    """Return the refusal of a change of ``document``'s gold when it is final, else None."""
    if not gold_is_final(db, document):
        return None
    session = _session(db)
    row = session.get(Document, document) if isinstance(document, int) else document
    assert row is not None  # a gold status row's document is a foreign key
    project = session.get(Project, row.project_id)
    assert project is not None
    reopen = f"PUT /api/v1/projects/{project.slug}/review/{row.id}/status"
    return GoldFinal(
        f"gold of document {document_named(session, row)} is marked final; set it back to in "
        f'review to change it ({reopen} with {{"status": "in_review"}}, or "Set back to in '
        'review" on its review page)',
        details={"document": row.id, "gold_status": FINAL, "reopen": reopen},
    )


def require_gold_open(
    db: Db | Session, document: Document | int, *, final: bool | None = None
) -> None:
    """Refuse a change of ``document``'s gold (or its id) while it is marked final.

    :param final: whether the caller's own query found it final (the API's write path reads
        the status in its one query), read after :func:`hold_gold` or where
        :func:`writers_serialised`; None: held and read here.
    :raises GoldFinal: naming the document and the request that sets it back to in review.
    """
    if final is False:
        return
    if final is None:
        hold_gold(db, document)
    refused = gold_final_refusal(db, document)
    if refused is not None:
        raise refused
