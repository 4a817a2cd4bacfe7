"""A change of what a label field's values mean, asked about while values exist.

A label field's ``target`` ("stance toward X") and ``description`` say what its values mean.
Changing one after annotation began leaves every value given so far meaning something else
than the schema now says, with nothing in the workspace to tell. So
:func:`~annotator.services.accounts.schema_changes.change_schema` asks first, as it refuses
removing what is still used: :func:`refuse_unconfirmed` counts the values given (every layer
but the suggestions, which are candidates) and raises :class:`MeaningUnconfirmed` (409) with
the counts, until the caller confirms. Confirmed, the values stay as they are.

No value records the schema version it was given under; the schema versions keep each
version's target and when it was saved, and each document's history when each value was given.
The question says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.entry_changes import EntryChange, meaning_changes, said
from annotator.core.errors import Conflict
from annotator.core.schema_diff import SchemaDiff
from annotator.core.vocabulary import DOCUMENT_UNIT, SUGGESTIONS
from annotator.core.wording import counted
from annotator.models import Document, LabelValue, Layer, Project
from annotator.services.accounts.schema_breaks import Tally, tally_columns


class MeaningUnconfirmed(Conflict):
    """A change of a used field's target or description, not confirmed (``confirm_meaning``)."""

    code = "meaning_changed"


@dataclass(frozen=True)
class Given(Tally):
    """The values given under a field's old target or description."""

    #: The change in words ("stance: target changed from 'A' to 'B'").
    change: str = ""
    #: The field as the history names it ("stance", "document:genre").
    field: str = ""

    def __str__(self) -> str:
        return f"{self.change}; {self.what}"


def given_values(session: Session, project: Project, diff: SchemaDiff) -> list[Given]:
    """Return, for each field whose meaning ``diff`` changes, the values given before."""
    given = []
    for change in meaning_changes(diff.changed):
        rows, documents, gold = _count(session, project, change)
        if rows:
            toward = (
                f"toward {said(change.before)}"
                if change.setting == "target"
                else f"under the description {said(change.before)}"
            )
            what = (
                f"{counted(rows, 'value')} in {counted(documents, 'document')} (gold: {gold}) "
                f"{'was' if rows == 1 else 'were'} given {toward}"
            )
            given.append(
                Given(
                    what, rows, documents, gold, "label values", str(change), change.entry_words()
                )
            )
    return given


def _count(session: Session, project: Project, change: EntryChange) -> tuple[int, int, int]:
    unit = (
        LabelValue.sentence_index == DOCUMENT_UNIT
        if change.kind == "document"
        else LabelValue.sentence_index != DOCUMENT_UNIT
    )
    query = (
        select(*tally_columns())
        .select_from(LabelValue)
        .join(Layer, Layer.id == LabelValue.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(
            Document.project_id == project.id,
            Layer.key != SUGGESTIONS,
            LabelValue.name == change.old,
            unit,
        )
    )
    rows, documents, gold = session.execute(query).one()
    return int(rows), int(documents), int(gold)


def refuse_unconfirmed(given: list[Given], project: Project) -> None:
    """Raise :class:`MeaningUnconfirmed` naming ``given``, the values the change concerns.

    :param project: the project before the change (its version keeps the old meaning).
    """
    if not given:
        return
    raise MeaningUnconfirmed(
        "; ".join(map(str, given))
        + ". Confirm to save the change: "
        + kept_words(project.schema_version),
        details={"given": [_data(g) for g in given], "confirm": "confirm_meaning"},
    )


def kept_words(version: int) -> str:
    """Say what becomes of the values given before a confirmed change, honestly."""
    return (
        "the values stay as they are. No value records the schema version it was given "
        f"under: schema version {version} keeps the old meaning and when it was saved, and "
        "each document's history says when each value was given."
    )


def _data(given: Given) -> dict[str, Any]:
    return {
        "field": given.field,
        "change": given.change,
        "values": given.rows,
        "documents": given.documents,
        "gold": given.gold,
    }


def confirmed_words(given: list[Given], version: int) -> str:
    """Say, for the version history, what a confirmed change kept (empty: nothing given)."""
    if not given:
        return ""
    kept = ", ".join(f"{g.rows} of {g.field}" for g in given)
    return f"confirmed: kept the values given under version {version} ({kept})"
