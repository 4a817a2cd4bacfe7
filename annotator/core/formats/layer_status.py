"""The status of a layer read from another tool's file: said by the file, or the corpus rule.

Pure. Our brat, CoNLL and doccano exports write each layer's status (brat: a ``status.json``
in each layer's folder; CoNLL: a ``# status =`` comment; doccano: a ``status`` on each line),
so that a re-import gives it back; :func:`status_problem` checks one read so. A file that says
none (a corpus from elsewhere, doccano's own lines) gets :func:`status_unsaid`: its annotations are
finished work, ``done``, but a layer holding none is work nobody began, ``new`` (marked
done, it would join the review and the agreement report as a finished layer that found
nothing, and leave its annotator's queue).
"""

from __future__ import annotations

from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.vocabulary import ASSIGNMENT_STATUSES, GOLD, GOLD_STATUSES, check_status

#: What a layer holds that makes it finished work when its file says no status.
ANNOTATION_KEYS = ("spans", "relations", "sentence_labels", "document_labels")


def status_unsaid(layer: dict[str, Any]) -> str:
    """Return the status of an annotator's layer whose file says none: ``done`` when it
    holds any annotation, ``new`` when it is empty."""
    return "done" if any(layer.get(key) for key in ANNOTATION_KEYS) else "new"


def status_problem(status: str, annotator: str | None) -> str | None:
    """Return why ``status`` cannot be the status of ``annotator``'s layer, or None.

    An annotator's layer takes an assignment status, gold (``annotator`` :data:`GOLD`) a
    gold status; the refusal is :func:`~annotator.core.vocabulary.check_status`'s wording.
    """
    allowed = GOLD_STATUSES if annotator == GOLD else ASSIGNMENT_STATUSES
    try:
        check_status(status, allowed)
    except AnnotatorError as exc:
        return exc.message
    return None
