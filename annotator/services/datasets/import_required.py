"""The warning of an import that brings layers in marked done with a required field blank.

An import stores a layer with the status its file gives, without the check that refuses
marking done while a required label field is blank: an import is all or nothing of what the
file says, and a dataset made elsewhere (or before the field became required) may rightly
hold such layers. But it is not silent: the import's answer warns, a line per field ("2
layers imported as done leave required 'stance' blank"), which the command line prints, the
API carries in ``warnings`` and the upload page flashes, and the agreement page lists them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.required_fields import imported_blank_said, required_fields
from annotator.models import Project, User
from annotator.services.datasets.dataset_plan import DatasetPlan
from annotator.services.schema.required_blank import done_blank


def imported_blank_warnings(
    session: Session, project: Project, plan: DatasetPlan, ids: dict[str, int]
) -> list[str]:
    """Return a warning per required field that the annotators' layers ``plan`` stored as
    done leave blank (none when the schema requires nothing).

    :param ids: the stored documents' ids by external id.
    """
    if not any(required_fields(project.schema)):
        return []
    done = {
        (ids[external], owner)
        for external, owner, clean in plan.layers
        if owner is not None and clean.status == "done"
    }
    if not done:
        return []
    names = {owner for _, owner in done}
    users = {
        name: user_id
        for name, user_id in session.execute(
            select(User.username, User.id).where(User.username.in_(names))
        )
    }
    imported = {(document, users[owner]) for document, owner in done if owner in users}
    warnings = []
    for blank in done_blank(session, project, documents={d for d, _ in imported}):
        count = sum((layer.document_id, layer.user_id) in imported for layer in blank.layers)
        if count:
            warnings.append(imported_blank_said(count, blank.name, blank.document))
    return warnings
