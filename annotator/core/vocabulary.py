"""The fixed words of the data model: roles, assignment statuses, the gold layer's name.

Pure, so that the core's rules and the ORM models (which import these) say them once.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.errors import AnnotatorError, Malformed

ROLES = ("admin", "reviewer", "annotator")
#: Roles that may read every layer and write gold.
REVIEWER_ROLES = ("admin", "reviewer")
#: A user's role in one project (a global admin needs none; a global reviewer reviews all).
PROJECT_ROLES = ("annotator", "reviewer", "manager")
#: Project roles that may review that project: read every layer, write gold, export.
PROJECT_REVIEWER_ROLES = ("reviewer", "manager")
ASSIGNMENT_STATUSES = ("new", "in_progress", "done", "skipped")
#: How every page says an assignment's status (the project page, the workspace, the export
#: form): one wording, so that "new" in one place is not "Not started" in another.
ASSIGNMENT_STATUS_NAMES = {
    "new": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "skipped": "Skipped",
}
#: The statuses whose layers agreement and review count: work begun and not skipped.
COUNTED_STATUSES = ("in_progress", "done")
#: The statuses of an assignment still to work on.
OPEN_STATUSES = ("new", "in_progress")
#: What the review list can be narrowed to by its assignees (``?annotators=``): the
#: documents every assignee has finished (done or skipped), or those still waiting for
#: someone (an assignment in an open status).
ANNOTATOR_FILTERS = ("finished", "waiting")
#: The others: finished (done or skipped). Such a layer takes no write until its annotator
#: reopens it, and its annotator may leave the project with it kept.
CLOSED_STATUSES = tuple(s for s in ASSIGNMENT_STATUSES if s not in OPEN_STATUSES)
GOLD = "gold"
#: The gold status a reviewer marks when curation is finished: gold then takes no change
#: (services/gold/lock.py). Only ever stored: a document without a stored status is open or
#: in review (services/gold/state.py).
FINAL = "final"
#: How far a document's gold layer has come.
GOLD_STATUSES = ("open", "in_review", FINAL)
#: How every page says gold's status.
GOLD_STATUS_NAMES = {"open": "Open", "in_review": "In review", "final": "Final"}
#: The layer that holds a model's (or the rules') suggestions for a document: never gold,
#: never an annotator's, counted by no agreement or review.
SUGGESTIONS = "suggestions"
#: The model name that suggestions made by the attribution rules carry (``Span.model``;
#: a trained model's is its version).
RULES = "rules"
#: The key of an agreement report's entry over every label together: span scores that
#: ignore labels (boundaries only), a model's scores against gold, suggestion rates.
ALL_LABELS = "_all"
#: How the agreement report, its CSV, renames and the suggestion rates key a label field by
#: its kind: ``document:genre`` beside the sentence field ``stance`` (``sentence:stance``
#: where both kinds are listed together). No schema name may start with one, so that no key
#: is two entries' (:mod:`annotator.core.report_keys`).
DOCUMENT_PREFIX = "document:"
SENTENCE_PREFIX = "sentence:"
#: What an agreement interval's resamples drew (its ``resampled`` in the report): the
#: documents, each with all its units, or the units one by one (docs/agreement.md).
RESAMPLED_UNITS = "units"
RESAMPLED_DOCUMENTS = "documents"
#: Why a Cohen's kappa is undefined (the report's ``kappa_undefined`` against gold): no unit
#: where both gave a value, or both gave one and the same value everywhere (``p_e = 1``) ...
KAPPA_NO_COMMON_UNIT = "no unit with both values"
KAPPA_ONE_VALUE_ONLY = "one value only"
#: ... and how the pages say it, beside the "–" that stands for it.
KAPPA_UNDEFINED_SAID = {
    KAPPA_NO_COMMON_UNIT: "no unit with both values: kappa is undefined",
    KAPPA_ONE_VALUE_ONLY: "one value only: kappa is undefined",
}
#: What the agreement page's note adds to a reason, where a reader may take "–" for worse
#: than a number: an annotator matching gold on one value only has none.
KAPPA_UNDEFINED_WHY = {
    KAPPA_ONE_VALUE_ONLY: "the annotator and gold gave one and the same value throughout, "
    "which chance alone would match, so kappa says nothing there, however well they match",
}
# A label value of the whole document is stored with this sentence index, so that one
# UNIQUE (layer, sentence, name) constraint covers both kinds on every database (NULLs are
# never equal in a UNIQUE constraint, so a NULL index would allow duplicates).
DOCUMENT_UNIT = -1


def check_status(
    status: str,
    allowed: Sequence[str] = ASSIGNMENT_STATUSES,
    *,
    refusal: type[AnnotatorError] = Malformed,
    field: str = "status",
) -> str:
    """Return ``status`` if it is one of ``allowed``: the one refusal of an unknown status.

    Every face that takes an assignment status refuses one outside its list in these words,
    naming the field and the choices. A list's filter (``?status=`` of the document list,
    ``--status`` of the command line) refuses it as malformed, 400: the request names a
    choice its parameter does not have (CONTRACT section 4). A write's body
    (``PUT /documents/<id>/status``) passes ``refusal=Invalid``: a body's value outside its
    list is a 422 throughout, as a role or a gold status is. So does the export, whose
    every choice it cannot take (an unknown format or layer too) is a 422 naming its field.
    ``field`` names another filter of statuses (the export's ``gold_status``, with
    ``allowed`` :data:`GOLD_STATUSES`).

    :raises AnnotatorError: ``refusal``, when ``status`` is not one of ``allowed``.
    """
    if status not in allowed:
        raise refusal(
            f"{field} must be one of {', '.join(allowed)}, got {status!r}",
            details={"field": field, "allowed": list(allowed)},
        )
    return status


def label_name(label: str) -> str:
    """Return how a page names an agreement report's label key: :data:`ALL_LABELS` in words.

    The CSV download and the API keep the key itself (CONTRACT).
    """
    return "All labels" if label == ALL_LABELS else label


#: What ``PATCH /projects/<slug>`` changes, one at least (``confirm_meaning`` alone is none):
#: the API's check and its document's body.
EDITABLE_SETTINGS = (
    "name",
    "guidelines",
    "annotators_per_document",
    "license",
    "schema",
    "renames",
)
