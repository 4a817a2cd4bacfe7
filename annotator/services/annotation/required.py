"""The required label fields a layer leaves blank: read from the database, refused at "done".

The rule and its words are the pure :mod:`annotator.core.required_fields`; this module reads
one layer's values and its document's sentence count for it.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.required_fields import (
    MissingField,
    missing_required,
    missing_said,
    required_fields,
)
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Project, Sentence
from annotator.services.annotation.layers import find_layer


def layer_gaps(session: Session, document: Document, user_id: int | None) -> list[MissingField]:
    """Return the required fields the layer of ``user_id`` (gold when None) on ``document``
    has no value for (none when the schema requires none)."""
    project = session.get(Project, document.project_id)
    assert project is not None  # a document belongs to a project
    schema = project.schema
    if not any(required_fields(schema)):
        return []
    count = session.scalar(
        select(func.count()).select_from(Sentence).where(Sentence.document_id == document.id)
    )
    layer = find_layer(session, document, user_id)
    given: list[tuple[int | None, str]] = []
    if layer is not None:
        rows = session.execute(
            select(LabelValue.sentence_index, LabelValue.name).where(
                LabelValue.layer_id == layer.id
            )
        )
        given = [(None if unit == DOCUMENT_UNIT else unit, name) for unit, name in rows]
    return missing_required(schema, count or 0, given)


def refuse_missing(session: Session, document: Document, user_id: int) -> None:
    """Refuse to mark the layer of ``user_id`` on ``document`` done while it leaves a required
    field blank.

    :raises Invalid: naming the first field and its sentences by number in the message, with
        ``details``: ``field`` (the first field's name), ``sentences`` (its sentence indexes,
        from 0; empty for a document field) and ``missing`` (every field's, as
        :meth:`~annotator.core.required_fields.MissingField.as_dict`).
    """
    missing = layer_gaps(session, document, user_id)
    if not missing:
        return
    first = missing[0]
    # One blank (a document field, or a field on one sentence) is "it", not "each".
    one = len(missing) == 1 and len(first.sentences) <= 1
    give = (
        "give it a value (its NONE value, if it has one, where nothing applies)"
        if one
        else "give each a value (a field's NONE value, if it has one, where nothing applies)"
    )
    raise Invalid(
        f"cannot mark done: {missing_said(missing)}; {give}",
        details={
            "field": first.name,
            "kind": "document" if first.document else "sentence",
            "sentences": list(first.sentences),
            "missing": [gap.as_dict() for gap in missing],
            "reason": "required_missing",
        },
    )
