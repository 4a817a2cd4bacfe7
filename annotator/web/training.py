"""Training in the background of a worker process, so that no request waits for it.

Two things hand a project to this module: a request that wrote gold (noted by the services,
:mod:`annotator.services.gold_writes`) in a project whose ``train_every`` is set, and a
reviewer's "Train now" button. Either returns at once; one daemon thread per process then
runs :func:`annotator.services.assist.jobs.run_training`, whose claim on the project's job
row lets one worker of any process train a project at a time, and whose second look after
claiming makes workers asked together store one new version between them.

A worker that stops mid-training (a restart, a crash) loses the job with it: its claim
expires, and the next gold written asks again, since what is due is counted from the
database, not remembered here.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, g
from sqlalchemy import select

from annotator.db import sqlite_begin_mode
from annotator.models import Document, Project
from annotator.services.assist.jobs import run_training
from annotator.services.gold_writes import take_gold_writes


@dataclass(frozen=True)
class _Job:
    app: Flask
    project_id: int
    actor_id: int | None
    asked_at: datetime | None  # a reviewer's request; None: after new gold


class _Trainer:
    """The process's queue of projects to train and the one thread that trains them."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.pending: dict[tuple[int, int], _Job] = {}
        self.running = 0
        self.thread: threading.Thread | None = None

    def submit(self, job: _Job) -> None:
        key = (id(job.app), job.project_id)
        with self.condition:
            # A project waits once; a reviewer's request outranks an automatic one.
            if key not in self.pending or job.asked_at is not None:
                self.pending[key] = job
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._loop, name="annotator-training", daemon=True
                )
                self.thread.start()
            self.condition.notify()

    def _loop(self) -> None:
        while True:
            with self.condition:
                while not self.pending:
                    self.condition.wait()
                key = next(iter(self.pending))
                job = self.pending.pop(key)
                self.running += 1
            try:
                _train(job)
            finally:
                with self.condition:
                    self.running -= 1
                    self.condition.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self.condition:
            return self.condition.wait_for(
                lambda: not self.pending and not self.running, timeout=timeout
            )


_TRAINER = _Trainer()


def _new_trainer_in_child() -> None:
    # A forked worker inherits neither the thread nor a usable lock: it starts its own.
    global _TRAINER
    _TRAINER = _Trainer()


os.register_at_fork(after_in_child=_new_trainer_in_child)


def _train(job: _Job) -> None:
    with job.app.app_context():
        maker = job.app.extensions["annotator.db"]["sessionmaker"]
        try:
            outcome = run_training(
                maker, job.project_id, actor_id=job.actor_id, asked_at=job.asked_at
            )
        except Exception:  # the job row records it; the thread lives on for the next one
            job.app.logger.exception("training project %s failed", job.project_id)
            return
        if outcome.stored is not None:
            job.app.logger.info(
                "project %s: model version %s trained on %s documents",
                job.project_id,
                outcome.stored["version"],
                outcome.stored["documents"],
            )


def train_later(project_id: int, *, actor_id: int | None, asked_at: datetime) -> None:
    """Queue a training a reviewer asked for at ``asked_at``; return at once."""
    _TRAINER.submit(_Job(current_app._get_current_object(), project_id, actor_id, asked_at))  # type: ignore[attr-defined]


def wait_idle(timeout: float = 60.0) -> bool:
    """Wait until this process trains nothing and has nothing queued; tell whether it did.

    For an orderly shutdown, and for tests that look at what a training stored.
    """
    return _TRAINER.wait_idle(timeout)


def _after_gold(response: Response) -> Response:
    """After a successful request that wrote gold, queue its projects that train by themselves."""
    session = g.get("db_session")
    if session is None or response.status_code >= 400:
        return response
    documents = take_gold_writes(session)
    if not documents:
        return response
    mode = sqlite_begin_mode.set("DEFERRED")  # a read after the request's commit
    try:
        projects = session.execute(
            select(Project.id, Project.schema).where(
                Project.id.in_(
                    select(Document.project_id).where(Document.id.in_(sorted(documents)[:1000]))
                )
            )
        ).all()
        session.rollback()
    finally:
        sqlite_begin_mode.reset(mode)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for project_id, schema in projects:
        if int(schema.get("train_every") or 0) > 0:
            _TRAINER.submit(_Job(app, project_id, None, None))
    return response


def init_app(app: Flask) -> None:
    """Queue automatic trainings after the requests that write gold."""
    app.after_request(_after_gold)
