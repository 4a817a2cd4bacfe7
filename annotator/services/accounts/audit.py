"""The log of administrative changes: who changed what, when, from what to what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.paging import PER_PAGE, Paging
from annotator.core.times import iso
from annotator.models import AuditEntry
from annotator.services.paged_rows import page_of

#: The actor's name for a change made on the command line, where nobody is logged in.
COMMAND_LINE = "(command line)"


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    project_slug: str | None = None,
    target: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Store one administrative change in the caller's transaction (so both land, or neither).

    :param action: a dotted verb, such as ``project.create`` or ``user.update``.
    :param before: what changed, as it was (JSON-serialisable; None for a creation).
    :param after: what changed, as it is now (None for a deletion).
    """
    entry = AuditEntry(
        actor_id=None if actor is None else actor.id,
        actor=COMMAND_LINE if actor is None else actor.username,
        action=action,
        project_slug=project_slug,
        target=target,
        before=before,
        after=after,
    )
    session.add(entry)
    session.flush()
    return entry


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
    return record(
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
