"""Creating, changing and deleting projects (CONTRACT section 10).

``POST /projects`` and ``DELETE /projects/<slug>`` are for admins; ``PATCH /projects/<slug>``
for admins and the project's managers. The rules (schema versions, renames, refused removals,
the audit log) are in :mod:`annotator.services.accounts.project_admin`.
"""

from __future__ import annotations

from typing import Any

from annotator.api import bp, caller, fields, json_object
from annotator.api.idempotency import keyless
from annotator.api.projects import project_answer, project_location
from annotator.core.errors import Malformed
from annotator.core.schema_renames import parse_renames
from annotator.core.vocabulary import EDITABLE_SETTINGS
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.accounts.project_admin import (
    add_project,
    edit_project,
    remove_project,
)
from annotator.services.schema.required_blank import newly_required_blank


def _schema(body: dict[str, Any]) -> Any:
    schema = fields.mapping(body, "schema", required=False)
    return schema if fields.present(schema) else None


def _optional(value: Any) -> Any:
    return value if fields.present(value) else None


@bp.post("/projects")
@keyless  # a retry answers 409 (the project exists), which says what happened
def create_project() -> Any:
    """Create a project (admins); without a schema it gets the default one."""
    user = caller()
    permissions.require_admin(user, "create projects")
    body = json_object()
    slug = fields.string(body, "slug")
    name = fields.string(body, "name")
    session = get_session()
    project = add_project(
        session,
        user,
        slug,
        name,
        schema=_schema(body),
        guidelines=_optional(fields.string(body, "guidelines", required=False)),
        annotators_per_document=_optional(
            fields.integer(body, "annotators_per_document", required=False, nullable=True)
        ),
        license=_optional(fields.string(body, "license", required=False)),
    )
    session.commit()
    return project_answer(session, user, project), 201, project_location(project.slug)


@bp.patch("/projects/<slug>")
@keyless  # the answer is the project as it is; a repeated rename is refused, saying why
def update_project(slug: str) -> Any:
    """Change a project's name, guidelines, K, licence or schema (renaming what it renames).

    The answer is the project, with ``required_left_blank``: per field the change made
    required, the layers already marked done that leave it blank.
    """
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "change a project's settings")
    body = json_object()
    if not any(key in body for key in EDITABLE_SETTINGS):
        raise Malformed(f"give at least one of {', '.join(map(repr, EDITABLE_SETTINGS))}")
    edit_project(
        session,
        project,
        user,
        name=_optional(fields.string(body, "name", required=False)),
        guidelines=_optional(fields.string(body, "guidelines", required=False)),
        annotators_per_document=_optional(
            fields.integer(body, "annotators_per_document", required=False, nullable=True)
        ),
        schema=_schema(body),
        renames=parse_renames(body.get("renames")),
        license=_optional(fields.string(body, "license", required=False)),
        confirm_meaning=fields.flag(body, "confirm_meaning"),
        # The version the change was made from, if the caller says: 409 once another is stored.
        schema_version=fields.optional_integer(body, "schema_version", nullable=False),
    )
    # Fields made required that layers already marked done leave blank (they stay done).
    blank = [found.as_dict() for found in newly_required_blank(session)]
    session.commit()
    return project_answer(session, user, project) | {"required_left_blank": blank}


@bp.delete("/projects/<slug>")
def delete_project(slug: str) -> Any:
    """Delete a project with everything in it (admins)."""
    user = caller()
    session = get_session()
    project = permissions.administered_project(session, user, slug, "delete projects")
    remove_project(session, project, user)
    session.commit()
    return "", 204
