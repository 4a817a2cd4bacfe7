"""Projects list and project page."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("projects", __name__)
