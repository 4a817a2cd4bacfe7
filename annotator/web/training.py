"""Training and suggesting in the background of a worker process, so that no request waits.

Two things hand a project to this module for training: a request that wrote gold (noted by
the services, :mod:`annotator.services.gold.writes`) in a project whose ``train_every`` is
set, and a reviewer's "Train now" button. A reviewer's "Suggest now" button hands it one
for suggesting: the suggestions layer of every document, written as ``annotator assist
predict`` writes it, a batch of documents per transaction. Each returns at once; one
daemon thread per process does the work. A training runs
:func:`annotator.services.assist.jobs.run_training`, whose claim on the project's job row
lets one worker of any process train a project at a time, and whose second look after
claiming makes workers asked together store one new version between them. A model trained
here then suggests for the documents waiting in annotators' queues, so that the uncertainty
queue follows the newest model.

A worker that stops mid-training (a restart, a crash) loses the job with it: its claim
expires, and the next gold written asks again, since what is due is counted from the
database, not remembered here.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app

from annotator.db import get_sessionmaker, request_db
from annotator.engine import sqlite_begin_mode
from annotator.services.gold.writes import take_gold_writes

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Job:
    app: Flask
    project_id: int
    actor_id: int | None
    asked_at: datetime | None  # a reviewer's request; None: after new gold
    kind: str = "train"  # or "suggest"
    include_in_review: bool = False  # learn from gold still in review too (asked for)


class _Trainer:
    """The process's queue of projects to train and the one thread that trains them."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.pending: dict[tuple[int, int, str], _Job] = {}
        # Documents whose gold was written, by app: their projects are looked up here, off
        # the requests (a span write keeps its three statements).
        self.gold: dict[int, tuple[Flask, set[int]]] = {}
        self.running = 0
        self.thread: threading.Thread | None = None

    def submit(self, job: _Job) -> None:
        key = (id(job.app), job.project_id, job.kind)
        with self.condition:
            # A project waits once; a reviewer's request outranks an automatic one.
            if key not in self.pending or job.asked_at is not None:
                self.pending[key] = job
            self._wake()

    def gold_written(self, app: Flask, documents: set[int]) -> None:
        with self.condition:
            self.gold.setdefault(id(app), (app, set()))[1].update(documents)
            self._wake()

    def _wake(self) -> None:
        if self.thread is None or not self.thread.is_alive():
            self.thread = threading.Thread(
                target=self._loop, name="annotator-training", daemon=True
            )
            self.thread.start()
        self.condition.notify()

    def _loop(self) -> None:
        while True:
            with self.condition:
                while not self.pending and not self.gold:
                    self.condition.wait()
                gold, self.gold = list(self.gold.values()), {}
                job = None
                if not gold:
                    job = self.pending.pop(next(iter(self.pending)))
                self.running += 1
            try:
                for app, documents in gold:
                    for project_id in _training_projects(app, documents):
                        self.submit(_Job(app, project_id, None, None))
                if job is not None and job.kind == "suggest":
                    _suggest(job)
                elif job is not None:
                    _train(job)
            except Exception:  # logged; the thread lives on for the next job
                logger.exception("background training or suggesting failed")
            finally:
                with self.condition:
                    self.running -= 1
                    self.condition.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        with self.condition:
            return self.condition.wait_for(
                lambda: not self.pending and not self.gold and not self.running,
                timeout=timeout,
            )


def _training_projects(app: Flask, documents: set[int]) -> list[int]:
    """Return the projects of ``documents`` that train by themselves
    (:func:`~annotator.services.assist.jobs.training_projects`), read in a session of its own."""
    from annotator.services.assist.jobs import training_projects

    mode = sqlite_begin_mode.set("DEFERRED")  # a read: never wait for writers
    try:
        with get_sessionmaker(app)() as session:
            return training_projects(session, documents)
    finally:
        sqlite_begin_mode.reset(mode)


_TRAINER = _Trainer()


def _new_trainer_in_child() -> None:
    # A forked worker inherits neither the thread nor a usable lock: it starts its own.
    global _TRAINER
    _TRAINER = _Trainer()


os.register_at_fork(after_in_child=_new_trainer_in_child)


def _train(job: _Job) -> None:
    # Imported on the trainer's thread: the tagger's libraries are not the app's to load.
    from annotator.services.assist.isolated import train_in_child
    from annotator.services.assist.jobs import run_training

    with job.app.app_context():
        maker = get_sessionmaker(job.app)
        # An exception is recorded on the job row, then logged by the loop.
        # The model is trained in a child process: this worker's requests go on meanwhile.
        outcome = run_training(
            maker,
            job.project_id,
            actor_id=job.actor_id,
            asked_at=job.asked_at,
            suggest=True,
            include_in_review=job.include_in_review,
            trainer=train_in_child,
        )
        if outcome.stored is not None:
            job.app.logger.info(
                "project %s: model version %s trained on %s documents",
                job.project_id,
                outcome.stored["version"],
                outcome.stored["documents"],
            )


def _suggest(job: _Job) -> None:
    from annotator.services.assist.batch_suggestions import suggest_for_all

    with job.app.app_context():
        maker = get_sessionmaker(job.app)
        done = suggest_for_all(maker, job.project_id)
        job.app.logger.info("project %s: suggested for %s documents", job.project_id, done)


def suggest_later(project_id: int) -> None:
    """Queue writing the suggestions of every document of the project; return at once.

    Asked twice before it runs, the project is suggested for once.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _TRAINER.submit(_Job(app, project_id, None, None, kind="suggest"))


def train_later(
    project_id: int, *, actor_id: int | None, asked_at: datetime, include_in_review: bool = False
) -> None:
    """Queue a training a reviewer asked for at ``asked_at``; return at once.

    :param include_in_review: learn from gold still in review too, not only from final gold.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    _TRAINER.submit(_Job(app, project_id, actor_id, asked_at, include_in_review=include_in_review))


def wait_idle(timeout: float = 60.0) -> bool:
    """Wait until this process trains and suggests nothing, nothing queued; tell whether it did.

    For an orderly shutdown, and for tests that look at what a training stored.
    """
    return _TRAINER.wait_idle(timeout)


def _after_gold(response: Response) -> Response:
    """After a successful request that wrote gold, hand its documents to the trainer."""
    opened = request_db()
    if opened is not None and response.status_code < 400:
        documents = take_gold_writes(opened)
        if documents:
            _TRAINER.gold_written(current_app._get_current_object(), documents)  # type: ignore[attr-defined]
    return response


def init_app(app: Flask) -> None:
    """Queue automatic trainings after the requests that write gold."""
    app.after_request(_after_gold)
