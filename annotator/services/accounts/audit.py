"""The log of administrative changes: who changed what, when, from what to what, as the audit
page and the API read it (an entry is written by :mod:`annotator.services.audit_log`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.formats.project_file import HISTORY_ACTIONS
from annotator.core.paging import PER_PAGE, Paging
from annotator.core.times import iso
from annotator.core.wording import document_said
from annotator.models import AuditEntry
from annotator.services import audit_log
from annotator.services.accounts import permissions
from annotator.services.documents_said import numbers_and_external_ids
from annotator.services.paged_rows import page_of

#: The actions whose target names a document by its row id (:func:`document_target`).
BY_ROW_ID = ("document.delete", "sentence.split", "sentence.merge")
_DOCUMENT_TARGET = re.compile(r"document (\d+)((?: .*)?)", re.DOTALL)


def document_target(document_id: int, sentence: int | None = None) -> str:
    """Return the stored target of a change of a document (a deletion) or of one of its
    sentences (a split, a merge): ``document 12``, ``document 12 sentence 3``.

    By row id, which never changes nor comes back (the table is AUTOINCREMENT), so that
    entries stored years apart name the same document alike and are found by it
    (:func:`~annotator.services.datasets.sentence_edits.last_sentence_edit`). A page says
    its number instead (:func:`targets_said`).
    """
    target = f"document {document_id}"
    return target if sentence is None else f"{target} sentence {sentence}"


def targets_said(session: Session, entries: Sequence[AuditEntry]) -> dict[int, str]:
    """Return each entry's target as a page says it (entry id -> words): a document stored
    by row id (:data:`BY_ROW_ID`) named as every message names it
    (``document #3 (b1) sentence 1``, :mod:`annotator.services.documents_said`), a row id
    being no number a user sees.

    A deleted document is named by what its deletion's entry kept of it (its number, when
    it kept one). One that entry keeps no number of (an entry older than numbers) is said by
    its row id as such, ``document (row id 12)``: never a bare number among the ``#N``.
    """
    by_id: dict[int, tuple[int, str]] = {}
    for entry in entries:
        matched = _DOCUMENT_TARGET.fullmatch(entry.target or "")
        if entry.action in BY_ROW_ID and matched:
            by_id[entry.id] = (int(matched[1]), matched[2])
    named = _documents_said(session, {document_id for document_id, _ in by_id.values()})
    said = {entry.id: entry.target for entry in entries}
    for entry_id, (document_id, rest) in by_id.items():
        name = named.get(document_id, f"(row id {document_id})")
        said[entry_id] = f"document {name}{rest}"
    return said


def carried_by_loads(session: Session, entries: Sequence[AuditEntry]) -> dict[int, AuditEntry]:
    """Return the entries that a loaded project file brought with it (entry id -> the
    ``project.load`` entry that wrote them).

    A project file carries its project's membership and assignment history (the
    ``history`` records, :data:`~annotator.core.formats.project_file.HISTORY_ACTIONS`), which
    the load stores under the new slug with the original's times and actors, so that
    dumping the copy gives the same file. Kept, they would read as changes made in the copy,
    some before it existed; a page marks them instead. Such an entry is stored after its load's
    entry (a greater id) but dated before it: a change made in the copy is dated after.
    """
    history = [e for e in entries if e.project_slug and e.action.startswith(HISTORY_ACTIONS)]
    if not history:
        return {}
    loads = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "project.load",
            AuditEntry.project_slug.in_({e.project_slug for e in history}),
        )
        .order_by(AuditEntry.id)
    ).all()
    carried: dict[int, AuditEntry] = {}
    for entry in history:
        # The latest load of that slug before the entry was stored (a slug loaded again
        # after a deletion has loads of its own).
        load = None
        for candidate in loads:
            if candidate.project_slug == entry.project_slug and candidate.id < entry.id:
                load = candidate
        if load is not None and entry.created_at < load.created_at:
            carried[entry.id] = load
    return carried


def _documents_said(session: Session, document_ids: set[int]) -> dict[int, str]:
    """Name the documents of ``document_ids`` (a page's few) as messages do: those still
    stored from their rows, the deleted from their deletion's entry where it kept a number."""
    if not document_ids:
        return {}
    stored = numbers_and_external_ids(session, document_ids)
    named = {doc_id: document_said(*number_and_name) for doc_id, number_and_name in stored.items()}
    gone = {document_target(document_id): document_id for document_id in document_ids - set(named)}
    if gone:
        deletions = select(AuditEntry.target, AuditEntry.before).where(
            AuditEntry.action == "document.delete", AuditEntry.target.in_(gone)
        )
        for target, before in session.execute(deletions):
            if isinstance(before, dict) and isinstance(before.get("number"), int):
                name = str(before.get("external_id") or "")
                named[gone[target]] = document_said(before["number"], name)
    return named


def member_set(
    session: Session,
    actor: Actor | None,
    project_slug: str,
    username: str,
    before_role: str | None,
    role: str,
) -> AuditEntry:
    """Log ``member.set``: ``username`` made a member of the project in ``role`` (``before_role``
    None) or moved to it from ``before_role``, however that came (the People page, an
    assignment, an import)."""
    before = None if before_role is None else {"role": before_role}
    return audit_log.record(
        session,
        actor,
        "member.set",
        project_slug=project_slug,
        target=username,
        before=before,
        after={"role": role},
    )


def list_entries(
    session: Session,
    *,
    project_slug: str | None = None,
    since: datetime | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> tuple[list[AuditEntry], int]:
    """Return one page of entries, newest first, and how many there are in all.

    :param since: only entries made at or after this time (a project's creation, say).
    """
    query = select(AuditEntry)
    if project_slug is not None:
        query = query.where(AuditEntry.project_slug == project_slug)
    if since is not None:
        query = query.where(AuditEntry.created_at >= since)
    newest_first = query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    shown = page_of(session, newest_first, Paging(max(page, 1), per_page), scalars=True)
    return shown.rows, shown.total


def entries_read_by(
    session: Session,
    reader: Actor,
    project_slug: str | None,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> tuple[list[AuditEntry], int]:
    """Return one page of the log as ``reader`` may read it (:func:`list_entries`'s answer).

    A global admin reads the whole log, or one slug's (``project_slug``), a deleted
    project's too: the log outlives the projects it speaks of. A project's manager reads
    that project's only, and only since it was made: not the history of an earlier, deleted
    project that had the same slug.

    :raises Forbidden: the whole log asked for by one who is no admin, or a project's by one
        who does not administer it (the 404 of a missing project when they cannot see it).
    """
    since = None
    if project_slug is None:
        permissions.require_admin(reader, "read the whole audit log")
    elif reader.role != "admin":
        project = permissions.managed_project(
            session, reader, project_slug, "read a project's audit log"
        )
        since = project.created_at
    return list_entries(
        session, project_slug=project_slug, since=since, page=page, per_page=per_page
    )


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """Return the API form of one entry."""
    return {
        "id": entry.id,
        "at": iso(entry.created_at),
        "actor": entry.actor,
        "action": entry.action,
        "project": entry.project_slug,
        "target": entry.target,
        "before": entry.before,
        "after": entry.after,
    }
