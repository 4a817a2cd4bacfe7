"""Saving a project's label schema: its next version stored and the change logged.

Every edit of a schema ends here, whether it comes whole (the settings page and the API,
through :func:`annotator.services.accounts.project_admin.edit_project`) or one entry, field
or value at a time (:mod:`.entries`, :mod:`.field_settings`, :mod:`.field_values`), so that
the schema's rules, the refusal to remove what is still used or to tighten a rule annotations
break, a rename carried through every layer (:func:`~.changes.change_schema`), the schema's
versions and the audit log's ``project.update`` entry are one and the same for all of them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.project_settings import settings_summary
from annotator.core.schema_diff import apply_renames
from annotator.core.schema_renames import Renames
from annotator.models import Project
from annotator.services import audit_log
from annotator.services.schema.changes import change_schema, version_change


def save_schema(
    session: Session,
    project: Project,
    actor: Actor | None,
    *,
    schema: Any = None,
    renames: Renames | None = None,
    confirm_meaning: bool = False,
) -> None:
    """Store ``schema``, the whole new schema (None: the current one with ``renames``
    applied), as the next version of ``project``'s, carrying ``renames`` through its data,
    and log the change.

    The caller holds the project (:func:`~annotator.services.write_holds.hold_schema`) before
    it reads the schema it changes, so that no other change slips in between.

    :raises SchemaError: the new schema breaks the rules.
    :raises Invalid: renames that do not fit.
    :raises Conflict: the change would remove a label, field or value still in use, or
        change the target or description of a field with values without ``confirm_meaning``.
    """
    renames = renames or Renames()
    before = logged_settings(project)
    if schema is None:
        schema = apply_renames(project.schema, renames)
    change_schema(session, project, actor, schema, renames, confirm_meaning=confirm_meaning)
    log_update(session, project, actor, before, renames)
    session.flush()


def log_update(
    session: Session,
    project: Project,
    actor: Actor | None,
    before: dict[str, Any],
    renames: Renames,
) -> None:
    """Log ``project.update`` with what changed of the project's :func:`logged_settings`
    since ``before``: a new schema version with the change in words, and the renames (nothing
    changed: no entry)."""
    after = logged_settings(project)
    changed = {key for key in after if after[key] != before[key]}
    if changed:
        audit_log.record(
            session,
            actor,
            "project.update",
            project_slug=project.slug,
            target=f"project {project.slug}",
            before={key: before[key] for key in sorted(changed)},
            after={key: after[key] for key in sorted(changed)}
            | ({"change": version_change(session, project)} if "schema_version" in changed else {})
            | ({"renames": renames.as_json()} if renames else {}),
        )


def logged_settings(project: Project) -> dict[str, Any]:
    """What the audit log keeps of a project's settings."""
    return {
        "slug": project.slug,
        "name": project.name,
        "schema_version": project.schema_version,
        **settings_summary(project.schema),
    }
