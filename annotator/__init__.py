"""annotator: claim, source and stance annotation for news text."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from annotator.core.version import __version__

if TYPE_CHECKING:  # Flask is imported by the factory: ``annotator --version`` never needs it
    from flask import Flask

__all__ = ["__version__", "create_app", "init_web"]


def create_app(config: type | Mapping[str, Any] | None = None, *, web: bool = True) -> Flask:
    """Create and configure an instance of the application.

    The factory has no side effects: it neither creates nor migrates the database and makes
    no network call. ``annotator db upgrade`` (or ``annotator demo``) prepares the database.

    :param config: a config class, or a mapping applied over :class:`annotator.config.Config`.
    :param web: register the pages, the API and their request hooks (:func:`init_web`). The
        command line passes False: its commands need the configuration and the database
        only, and the web faces were about half of every command's start-up CPU. A command
        that serves calls :func:`init_web` on its app first.
    """
    from annotator.config import Config
    from annotator.web.flask_app import App

    app = App(__name__, instance_relative_config=True)
    if isinstance(config, type):
        app.config.from_object(config)
    else:
        app.config.from_object(Config)
        if config is not None:
            app.config.update(config)
    if not app.config.get("DATABASE_URL"):
        db_path = os.path.join(app.instance_path, "annotator.sqlite")
        app.config["DATABASE_URL"] = f"sqlite:///{db_path}"
    app.config["MAX_CONTENT_LENGTH"] = int(app.config["MAX_UPLOAD_MB"]) * 1024 * 1024

    from annotator import cli, engine

    engine.init_app(app)
    if web:
        init_web(app)
    cli.init_app(app)
    return app


def init_web(app: Flask) -> None:
    """Register the pages and the API, with their request hooks and error handlers."""
    from annotator.api import bp as api_bp
    from annotator.views import register_views
    from annotator.web import body_limit, errors, form_text, headers, routing, security, training

    security.init_app(app)
    headers.init_app(app)
    routing.init_app(app)
    body_limit.init_app(app)
    form_text.init_app(app)
    training.init_app(app)
    errors.register_error_handlers(app)
    app.register_blueprint(api_bp)
    register_views(app)
