"""The API's interactive documentation, ``/api/v1/docs``: Swagger UI over our OpenAPI document.

The Swagger UI files come from the ``flask-swagger-ui`` package and are served by us (no CDN);
the page loads them and our own start-up script, so the strict Content-Security-Policy of
every page holds here too (the package's own page starts Swagger UI from an inline script).
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, render_template, send_from_directory

from annotator.web.security import login_required

bp = Blueprint("api_docs", __name__)

#: The files the page loads; nothing else of the package is served.
ASSETS = frozenset({"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"})


@cache
def swagger_ui_dir() -> Path:
    """Return the folder of Swagger UI's files in the flask-swagger-ui package.

    Found without importing the package, whose module imports Flask blueprints of its own
    that we never use: only its files are served.
    """
    spec = find_spec("flask_swagger_ui")
    if spec is None or spec.origin is None:
        raise RuntimeError("flask-swagger-ui is not installed")
    return Path(spec.origin).resolve().parent / "dist"


@bp.get("/api/v1/docs")
@login_required
def docs() -> Any:
    """Show the API's operations, with "Try it out" as the logged-in user (or a token)."""
    return render_template("api_docs.html")


@bp.get("/api/v1/docs/assets/<name>")
def asset(name: str) -> Any:
    """Serve one of Swagger UI's files, cached for a day (they change only on upgrades)."""
    if name not in ASSETS:
        abort(404)
    return send_from_directory(swagger_ui_dir(), name, max_age=86400)
