"""The ``people`` blueprint, and the project its pages (and the take-off pages) are about."""

from __future__ import annotations

from flask import Blueprint, g

from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions

bp = Blueprint("people", __name__, url_prefix="/projects/<slug>")


def managed(slug: str) -> Project:
    """Return the project ``slug`` names if the user may manage its people.

    :raises NotFound: no such project, or one the user may not see.
    :raises Forbidden: the user sees the project but may not manage it.
    """
    return permissions.managed_project(get_session(), g.user, slug, "manage a project's people")
