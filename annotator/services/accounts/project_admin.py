"""Administering projects: create, edit (name, guidelines, K, schema, renames) and delete.

One service behind the pages (``/projects/new``, ``/projects/<slug>/settings``) and the API
(``POST``/``PATCH``/``DELETE /api/v1/projects``). Guidelines and ``annotators_per_document``
live in the label schema (CONTRACT section 2), so changing them stores a new schema version
too. Every change is written to the audit log; who may make it is the caller's check
(:mod:`annotator.services.accounts.permissions`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.default_schema import default_schema
from annotator.core.errors import Conflict, Invalid
from annotator.core.label_schema import NEW_PROJECT_SUGGESTIONS
from annotator.core.limits import project_name
from annotator.core.schema_diff import apply_renames
from annotator.core.schema_renames import Renames
from annotator.models import Document, Project
from annotator.services import audit_log
from annotator.services.accounts.projects import create_project, refuse_name_taken
from annotator.services.schema.changes import change_schema
from annotator.services.schema.saving import log_update, logged_settings
from annotator.services.write_holds import hold_schema


def add_project(
    session: Session,
    actor: Actor | None,
    slug: str,
    name: str,
    *,
    schema: Any = None,
    guidelines: str | None = None,
    annotators_per_document: int | None = None,
    license: str | None = None,
    suggestions: str | None = None,
) -> Project:
    """Create a project; no ``schema`` gives it the default one (claims, sources, stance).

    ``guidelines``, ``annotators_per_document``, ``license`` and ``suggestions`` (when
    annotators see suggestions), when given, replace the schema's own. A schema that does
    not say when annotators see suggestions gets :data:`NEW_PROJECT_SUGGESTIONS`.

    :raises Invalid: a bad or reserved slug, or a schema that breaks the rules (SchemaError).
    :raises Conflict: the slug is taken.
    """
    raw = _with_settings(
        default_schema() if schema is None else schema,
        guidelines,
        annotators_per_document,
        license,
    )
    if isinstance(raw, dict):
        raw = {"suggestions": NEW_PROJECT_SUGGESTIONS, **raw}
        if suggestions is not None:
            raw["suggestions"] = suggestions
    project = create_project(session, slug, name, raw)
    audit_log.record(
        session,
        actor,
        "project.create",
        project_slug=project.slug,
        target=f"project {project.slug}",
        after=logged_settings(project),
    )
    return project


def edit_project(
    session: Session,
    project: Project,
    actor: Actor | None,
    *,
    name: str | None = None,
    guidelines: str | None = None,
    annotators_per_document: int | None = None,
    schema: Any = None,
    renames: Renames | None = None,
    license: str | None = None,
    confirm_meaning: bool = False,
    schema_version: int | None = None,
) -> Project:
    """Change any of a project's name, guidelines, K, licence and label schema; None leaves
    one as is (an empty ``license`` removes it).

    ``schema`` is the whole new schema (one that leaves out ``suggestions`` keeps the
    project's); without it, ``renames`` are applied to the current one
    (:func:`annotator.core.schema_diff.apply_renames`). ``guidelines`` and
    ``annotators_per_document`` then replace the new schema's. A changed schema becomes the
    next :class:`SchemaVersion` (see :func:`change_schema` for renames and refusals).

    The project is held and read again first (:func:`~annotator.services.write_holds.hold_schema`):
    a change made meanwhile by another request is the one this change follows, and the
    writes under way in the project commit before it counts what it would remove.

    :param schema_version: the schema version the caller read, if it says; a change made
        since then refuses this one (409, stale) rather than undo it unseen.
    :raises SchemaError: the new schema breaks the rules.
    :raises Invalid: an empty name, or renames that do not fit.
    :raises Conflict: the change would remove a label, field or value still in use, or
        change the target or description of a field with values without ``confirm_meaning``;
        or ``schema_version`` is not the stored one.
    """
    hold_schema(session, project)
    refuse_stale_schema(project, schema_version)
    renames = renames or Renames()
    before = logged_settings(project)
    if isinstance(schema, dict) and "suggestions" not in schema:
        # A whole schema that does not say when annotators see suggestions keeps the
        # project's choice: left out, it read as "on" and undid a blind first pass unseen.
        kept = (project.schema or {}).get("suggestions")
        if kept is not None:
            schema = {**schema, "suggestions": kept}
    if name is not None:
        if not name.strip():
            raise Invalid("the name must not be empty", details={"field": "name"})
        refuse_name_taken(session, project_name(name), project)
        project.name = project_name(name)
    if (
        schema is not None
        or renames
        or guidelines is not None
        or annotators_per_document is not None
        or license is not None
    ):
        raw = _with_settings(
            schema if schema is not None else apply_renames(project.schema, renames),
            guidelines,
            annotators_per_document,
            license,
        )
        change_schema(session, project, actor, raw, renames, confirm_meaning=confirm_meaning)
    log_update(session, project, actor, before, renames)
    session.flush()
    return project


def refuse_stale_schema(project: Project, schema_version: int | None) -> None:
    """Refuse a change of ``project`` made from its schema version ``schema_version`` once
    another change has stored a later one (None: the caller did not say; no check).

    :raises Conflict: naming both versions (the stored one also in ``details.schema_version``).
    """
    if schema_version is None or schema_version == project.schema_version:
        return
    raise Conflict(
        f"the schema of project {project.slug!r} is stale: you sent schema_version "
        f"{schema_version}, it is at {project.schema_version}; read the project again and "
        "make your change to that version",
        details={"field": "schema_version", "schema_version": project.schema_version},
    )


def remove_project(session: Session, project: Project, actor: Actor | None) -> None:
    """Delete a project with its documents, annotations, members and schema versions."""
    documents = session.scalar(
        select(func.count()).select_from(Document).where(Document.project_id == project.id)
    )
    audit_log.record(
        session,
        actor,
        "project.delete",
        project_slug=project.slug,
        target=f"project {project.slug}",
        before=logged_settings(project) | {"documents": documents},
    )
    # The database's ON DELETE CASCADE removes what hangs off the project, in bulk.
    session.delete(project)
    session.flush()


def _with_settings(
    raw: Any,
    guidelines: str | None,
    annotators_per_document: int | None,
    license: str | None = None,
) -> Any:
    """Return a schema with the guidelines, K and licence given (None keeps the schema's own).

    They live inside the schema (CONTRACT section 2); anything but a JSON object is returned
    as it is, for the schema's validation to refuse by name.
    """
    if not isinstance(raw, dict):
        return raw
    raw = dict(raw)
    if guidelines is not None:
        raw["guidelines"] = guidelines
    if annotators_per_document is not None:
        raw["annotators_per_document"] = annotators_per_document
    if license is not None:
        raw["license"] = license
    return raw


def project_payload(project: Project) -> dict[str, Any]:
    """Return the API form of a project as its administrators see it."""
    return {**logged_settings(project), "schema": project.schema}
