"""The targets beside a document's label differences, and the marks of their versions given
toward an earlier target: for the review page, the curation view, the review API and
``annotator adjudicate differences`` alike.

Which target a value was given toward is :mod:`annotator.core.given_targets`' rule, read for
the layers by :mod:`annotator.services.schema.older_targets`.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from annotator.core.document_targets import document_targets
from annotator.core.given_targets import OlderTarget
from annotator.models import Document, Project
from annotator.services.review.difference import Difference
from annotator.services.review.layers import DocumentLayer
from annotator.services.schema.older_targets import older_targets_of

#: The kinds of a label field's difference, with the kind of field each is of.
LABEL_KINDS = {"sentence_label": "sentence", "document_label": "document"}


def mark_given_toward(
    session: Session,
    project: Project,
    document: Document,
    layers: Iterable[DocumentLayer],
    differences: Iterable[Difference],
) -> dict[int, OlderTarget]:
    """Give each label field's difference its field's target now on ``document`` (its own,
    from its meta, for a field with ``target_from``), and each of its versions
    given toward an earlier target its :class:`OlderTarget`; return those of every label
    value of ``layers`` (read with their times), by row id, for the layers' own lists."""
    older = older_targets_of(session, project.id, (row for layer in layers for row in layer.labels))
    targets = document_targets(project.schema, document.meta)
    for difference in differences:
        kind = LABEL_KINDS.get(difference.kind)
        if kind is None or difference.field is None:
            continue
        difference.target = targets.get((kind, difference.field))
        for version in difference.versions:
            if version.accept is not None and version.accept[0] == "label":
                version.given_toward = older.get(version.accept[1])
    return older
