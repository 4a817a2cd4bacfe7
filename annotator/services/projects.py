"""Projects and their label schemas."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.errors import Conflict, Invalid, NotFound
from annotator.label_schema import validate_schema
from annotator.models import Project

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def create_project(session: Session, slug: str, name: str, schema: Any) -> Project:
    """Create a project after validating its label schema."""
    if not _SLUG.match(slug):
        raise Invalid(f"slug {slug!r} must be 1 to 64 lowercase letters, digits, '-' or '_'")
    if find_project(session, slug) is not None:
        raise Conflict(f"project {slug!r} already exists")
    project = Project(slug=slug, name=name.strip() or slug, schema=validate_schema(schema))
    session.add(project)
    session.flush()
    return project


def find_project(session: Session, slug: str) -> Project | None:
    """Return the project with ``slug``, or None."""
    return session.scalar(select(Project).where(Project.slug == slug))


def get_project(session: Session, slug: str) -> Project:
    """Return the project with ``slug`` or raise :class:`NotFound`."""
    project = find_project(session, slug)
    if project is None:
        raise NotFound(f"no project {slug!r}")
    return project


def list_projects(session: Session) -> list[Project]:
    """Return every project, by slug."""
    return list(session.scalars(select(Project).order_by(Project.slug)))
