"""The export's layer choice: ``all``, ``gold``, ``majority``, ``suggestions`` or an
annotator's name. A name no user has is refused; a user who has no layer in the documents
exported is warned about, so that a name typed for another (``bob`` for ``bobby``) is not
answered by a silently empty file."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.core.formats.majority import MAJORITY
from annotator.core.wording import CountedPhrase
from annotator.models import GOLD, SUGGESTIONS, User
from annotator.services.datasets.batches import DocumentFilter, count_documents

LAYER_CHOICES = ("all", GOLD, MAJORITY, SUGGESTIONS)


def check_layer(session: Session, layer: str) -> None:
    """Refuse a layer choice that is neither a kind of layer nor a user's name.

    :raises Invalid: naming the choices, ``details.field`` ``layer``.
    """
    if layer in LAYER_CHOICES:
        return
    if session.scalar(select(User.id).where(User.username == layer)) is None:
        raise Invalid(
            f"unknown layer {layer!r}: choose all, gold, majority, suggestions "
            "or an annotator's name",
            details={"field": "layer"},
        )


def no_layer_of(name: str) -> CountedPhrase:
    """Return the warning for an annotator with no layer in the documents exported, counted
    by the documents that would have been exported with another layer choice."""
    said = f"{name} has no layer in the exported documents"
    return CountedPhrase(
        f"document selected, none with a layer of {name}: {said}",
        f"documents selected, none with a layer of {name}: {said}",
    )


def warn_absent_layer(
    session: Session, where: DocumentFilter, warnings: Counter[CountedPhrase]
) -> None:
    """Warn when the annotator chosen as the layer has no layer (nor assignment) in any of
    the documents the export names; a status filter's leaving them out is not that."""
    if where.layer in LAYER_CHOICES:
        return
    connection = session.connection()
    scope = replace(where, status=None, layer="all", unannotated=True)
    selected = count_documents(connection, scope)
    if selected and not count_documents(connection, replace(scope, layer=where.layer)):
        warnings[no_layer_of(where.layer)] += selected
