"""Projects and their label schemas."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, Invalid, no_such
from annotator.core.label_schema import validate_schema
from annotator.core.limits import project_name
from annotator.models import Assignment, Document, Project, SchemaVersion, User

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Slugs a page address would hide: /projects/new is the new-project page.
RESERVED_SLUGS = frozenset({"new"})


def create_project(session: Session, slug: str, name: str, schema: Any) -> Project:
    """Create a project after validating its label schema."""
    if not _SLUG.match(slug):
        raise Invalid(
            f"slug {slug!r} must be 1 to 64 lowercase letters, digits, '-' or '_'",
            details={"field": "slug"},
        )
    if slug in RESERVED_SLUGS:
        raise Invalid(f"the slug {slug!r} is reserved; choose another", details={"field": "slug"})
    if find_project(session, slug) is not None:
        raise Conflict(f"project {slug!r} already exists")
    project = Project(
        slug=slug, name=project_name(name) or slug, schema=validate_schema(schema), schema_version=1
    )
    session.add(project)
    session.flush()
    session.add(
        SchemaVersion(project_id=project.id, version=1, schema=project.schema, change="created")
    )
    session.flush()
    return project


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
