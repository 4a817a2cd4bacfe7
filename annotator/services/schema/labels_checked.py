"""Whether a project's labels count as checked: the first of its new-project steps.

The step asks a lead to look at the labels before anyone starts, since a label once used can
be renamed but not dropped. Nothing records a look that changed nothing, so the step counts
as done once the labels were saved since the project was made, or once anyone marked with
them (after which checking them first is moot). A model's suggestions are not a use: they
come from the labels, not from a person who read them.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from annotator.core.vocabulary import SUGGESTIONS
from annotator.models import Document, LabelValue, Layer, Project, Span

#: The schema version a project is made with (services/accounts/projects.create_project).
FIRST_SCHEMA_VERSION = 1


def labels_checked(session: Session, project: Project) -> bool:
    """Tell whether ``project``'s labels were saved since it was made, or are in use."""
    if project.schema_version > FIRST_SCHEMA_VERSION:
        return True
    layers = (
        select(Layer.id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, Layer.key != SUGGESTIONS)
    )
    marked = exists().where(Span.layer_id.in_(layers))
    labelled = exists().where(LabelValue.layer_id.in_(layers))
    return bool(session.scalar(select(marked | labelled)))
