"""The app a benchmark measures, built the one way every benchmark builds it.

A benchmark's database gets its tables from the migrations, as ``annotator db upgrade`` makes
them in production, so that what is measured runs on the schema users have (indexes,
triggers and all), never on one made by ``create_all``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

    from annotator.models import Project

#: The demo's label schema, which the benchmarks annotate with (its stance target kept).
SEED_SCHEMA_FILE = Path(__file__).resolve().parent.parent / "seeds" / "schema.json"


def app_on(url: str, **settings: object) -> Flask:
    """Return the app on the database at ``url``, whose tables must already exist.

    ``TESTING`` only makes an error inside a request raise in the benchmark instead of
    becoming a 500 answer, so that a broken run stops instead of timing error pages.

    :param settings: further configuration values (such as ``CLOCK``), over the defaults.
    """
    from annotator import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "TESTING": True, **settings})


def migrated_app(url: str, **settings: object) -> Flask:
    """Return the app on the database at ``url``, upgraded to the newest migration first.

    Upgrading a database that is already at the newest revision does nothing, so a kept
    database can be handed in again.
    """
    from annotator import db

    app = app_on(url, **settings)
    db.upgrade(app)
    return app


def seed_schema() -> dict[str, Any]:
    """Return a fresh copy of the seeds' label schema, as the demo project has it."""
    schema: dict[str, Any] = json.loads(SEED_SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema


def bench_project(session: Session, slug: str = "bench", name: str = "Benchmark") -> Project:
    """Create the project a benchmark fills, on the seeds' label schema."""
    from annotator.services.accounts.projects import create_project

    return create_project(session, slug, name, seed_schema())
