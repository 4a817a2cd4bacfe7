"""Projects and their label schemas."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, Invalid, no_such
from annotator.core.label_schema import validate_schema
from annotator.core.limits import SLUG_MAX, SLUG_PATTERN, project_name
from annotator.core.look_alike import look_alike_key
from annotator.models import Assignment, Document, Project, SchemaVersion, User

_SLUG = re.compile(SLUG_PATTERN)
# Slugs a page address would hide: /projects/new is the new-project page.
RESERVED_SLUGS = frozenset({"new"})


def create_project(session: Session, slug: str, name: str, schema: Any) -> Project:
    """Create a project after validating its label schema."""
    if not _SLUG.match(slug):
        raise Invalid(
            f"slug {slug!r} must be 1 to {SLUG_MAX} lowercase letters, digits, '-' or '_'",
            details={"field": "slug"},
        )
    if slug in RESERVED_SLUGS:
        raise Invalid(f"the slug {slug!r} is reserved; choose another", details={"field": "slug"})
    if find_project(session, slug) is not None:
        raise Conflict(f"project {slug!r} already exists")
    name = project_name(name) or slug
    refuse_name_taken(session, name)
    project = Project(slug=slug, name=name, schema=validate_schema(schema), schema_version=1)
    session.add(project)
    session.flush()
    session.add(
        SchemaVersion(project_id=project.id, version=1, schema=project.schema, change="created")
    )
    session.flush()
    return project


def refuse_name_taken(session: Session, name: str, project: Project | None = None) -> None:
    """Refuse a name another project than ``project`` has, or reads as (case, width).

    Two projects of one name are told apart only by their slugs on the projects list, and an
    annotator opens the wrong one. A project loaded from a project file keeps its name (it
    may be a copy, under another slug): only a new project and a renamed one are checked.

    :raises Conflict: naming the project that has it, ``details`` the field ``name``.
    """
    key = look_alike_key(name)
    others = select(Project.slug, Project.name)
    if project is not None:
        others = others.where(Project.id != project.id)
    for slug, other in session.execute(others):
        if look_alike_key(other) == key:
            said = "has that name" if other == name else f"is named {other!r}, which reads alike"
            raise Conflict(
                f"the project {slug!r} {said}; give this one another name",
                details={"field": "name"},
            )


def find_project(session: Session, slug: str) -> Project | None:
    """Return the project with ``slug``, or None."""
    return session.scalar(select(Project).where(Project.slug == slug))


def get_project(session: Session, slug: str) -> Project:
    """Return the project with ``slug`` or raise :class:`NotFound`."""
    project = find_project(session, slug)
    if project is None:
        raise no_such("project", slug)
    return project


def project_annotators(session: Session, project: Project) -> list[str]:
    """Return the usernames of everyone assigned a document of ``project``, in order."""
    query = (
        select(User.username)
        .join(Assignment, Assignment.user_id == User.id)
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project.id)
        .distinct()
        .order_by(User.username)
    )
    return list(session.scalars(query))
