"""The app a benchmark measures, built the one way every benchmark builds it.

A benchmark's database gets its tables from the migrations, as ``annotator db upgrade`` makes
them in production, so that what is measured runs on the schema users have (indexes,
triggers and all), never on one made by ``create_all``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


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
