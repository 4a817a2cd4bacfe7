"""The claim on a project's training: one training at a time, across every worker and process.

A training claims the project's :class:`~annotator.models.AssistJob` row first: one
``UPDATE ... WHERE claimed_by IS NULL OR expires_at < now``, which the database runs one at
a time for a row (PostgreSQL locks it and checks the condition again after waiting; SQLite
holds its write lock), so two workers that ask together get one claim between them. A worker
killed mid-training leaves its claim behind; it expires after :data:`CLAIM_TTL`, when the
next training takes it over. The same row records how the last training ended
(:func:`job_state`). What runs under the claim is :mod:`annotator.services.assist.jobs`.
"""

from __future__ import annotations

import os
import socket
import threading
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, exists, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.core.project_settings import train_every
from annotator.core.times import as_utc, iso
from annotator.models import AssistJob, Project

#: How long a claim holds without being cleared: well above the minute that training on
#: 800 documents takes, so that only a worker that died lets it run out.
CLAIM_TTL = timedelta(minutes=15)


def worker_name() -> str:
    """Return who claims: this host, process and thread (a dead process's claim expires)."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:128]


def _ensure_job_row(session: Session, project_id: int) -> None:
    """Make the project's one training row if it has none. Another worker or request may
    make it first (the unique project id refuses the second); the UPDATE that follows is
    what decides and writes, so losing that race is fine."""
    if session.scalar(select(exists().where(AssistJob.project_id == project_id))):
        return
    try:
        with session.begin_nested():
            session.add(AssistJob(project_id=project_id))
            session.flush()
    except IntegrityError:
        pass


def claim(session: Session, project_id: int, owner: str, now: datetime) -> bool:
    """Claim the project's training for ``owner``; tell whether the claim was won.

    The caller commits at once, so that other workers see the claim.
    """
    _ensure_job_row(session, project_id)
    # An UPDATE without RETURNING: a cursor's result, with its rowcount and no rows.
    won = cast(
        "CursorResult[()]",
        session.execute(
            update(AssistJob)
            .where(
                AssistJob.project_id == project_id,
                or_(AssistJob.claimed_by.is_(None), AssistJob.expires_at < now),
            )
            .values(claimed_by=owner, claimed_at=now, expires_at=now + CLAIM_TTL)
            .execution_options(synchronize_session=False)
        ),
    )
    return bool(won.rowcount)


def release(
    session: Session,
    project_id: int,
    owner: str,
    now: datetime,
    *,
    version: int | None = None,
    error: str | None = None,
    learned: int | None = None,
) -> None:
    """Clear ``owner``'s claim (a claim lost to expiry: nothing) and record how it ended.

    A training that found nothing due clears its claim and leaves the record of the last
    one that stored a model or failed. ``learned``, with the ``version`` stored: how many
    documents to learn from that training read, kept until the next model is stored (a
    failure between keeps it), for ``train_every``.
    """
    values: dict[str, Any] = {"claimed_by": None, "claimed_at": None, "expires_at": None}
    if version is not None or error is not None:
        values.update(finished_at=now, last_version=version, last_error=error)
    if version is not None and learned is not None:
        values.update(learned_documents=learned)
    session.execute(
        update(AssistJob)
        .where(AssistJob.project_id == project_id, AssistJob.claimed_by == owner)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def record_refusal(session: Session, project_id: int, message: str, now: datetime) -> None:
    """Record a training refused before it ran (the model page's "Train now", which refuses
    at once rather than queue a training bound to fail) as a failed training is recorded:
    its time and its words, which the page then shows, as the API's ``training`` does.

    A claim held meanwhile is left alone: its training records its own end.
    """
    _ensure_job_row(session, project_id)
    session.execute(
        update(AssistJob)
        .where(AssistJob.project_id == project_id)
        .values(finished_at=now, last_version=None, last_error=message)
        .execution_options(synchronize_session=False)
    )


def job_state(session: Session, project: Project, now: datetime) -> dict[str, Any]:
    """Return whether a training of the project runs now, and how the last one ended."""
    job = session.get(AssistJob, project.id)
    running = job is not None and job.claimed_by is not None
    if running and job is not None and job.expires_at is not None:
        running = as_utc(job.expires_at) >= now
    return {
        "running": running,
        "started_at": iso(job.claimed_at) if running and job is not None else None,
        "finished_at": None if job is None else iso(job.finished_at),
        "last_version": None if job is None else job.last_version,
        "last_error": None if job is None else job.last_error,
        "train_every": train_every(project.schema),
    }
