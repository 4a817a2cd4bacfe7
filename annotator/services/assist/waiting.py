"""The documents waiting in a queue that nobody has begun: what a training suggests for
(:mod:`annotator.services.assist.batch_suggestions`) and whose annotators the model page
counts (:mod:`annotator.services.assist.audience`). Light, so that the page loads no model.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists
from sqlalchemy.orm import aliased

from annotator.models import Assignment, Document


def waiting_conditions() -> tuple[Any, ...]:
    """Return what makes a :class:`Document` one waiting in a queue that nobody has begun.

    A document with an assignment ``new`` and none ``in_progress``: its order in a queue
    matters still, and no annotator is looking at its suggestions now.
    """
    # Aliased: a query that joins the assignments itself (who will see the suggestions,
    # services.assist.audience) would otherwise have its own rows correlated in here.
    other = aliased(Assignment)
    waiting = exists().where(other.document_id == Document.id, other.status == "new")
    begun = exists().where(other.document_id == Document.id, other.status == "in_progress")
    return waiting, ~begun
