"""Where the SQLite database lies: warned about at start when it is inside the Python
environment the server runs from.

Installed from a wheel without ``ANNOTATOR_DATABASE_URL``, the default database is the Flask
instance folder's, ``<venv>/var/annotator-instance/annotator.sqlite``: rebuilding or removing
the virtualenv, as upgrades often do, deletes every annotation with it. The server still
starts (a demo or a trial may want just that), but says so first, naming the file and the fix.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)


def database_inside(url: str, prefix: str) -> Path | None:
    """Return the SQLite file of ``url`` when it lies inside the folder ``prefix`` (None: it
    does not, it is in memory, or the database is not SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    path = Path(os.path.realpath(database))
    folder = Path(os.path.realpath(prefix))
    return path if path.is_relative_to(folder) else None


def warn_database_in_environment(app: Flask) -> None:
    """Log a warning when the server's SQLite database lies inside its Python environment
    (``sys.prefix``), where rebuilding the environment would delete it."""
    _ = app.logger  # the "annotator" loggers get Flask's handler, as log_schema_mismatch's do
    path = database_inside(app.config["DATABASE_URL"], sys.prefix)
    if path is not None:
        log.warning(
            "the database %s lies inside the Python environment %s: rebuilding or removing "
            "that environment deletes it; set ANNOTATOR_DATABASE_URL to a file outside it "
            "(README, Production)",
            path,
            sys.prefix,
        )
