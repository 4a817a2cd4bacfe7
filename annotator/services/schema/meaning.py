"""A change of what annotations mean, asked about while annotations exist.

A label field's ``target`` ("stance toward X"), the ``target_from`` meta key its documents'
own targets come from, and ``description`` say what its values mean; a
span label's ``description`` what its spans mark, a span attribute's what its values say
(:data:`annotator.core.entry_changes.MEANING`). Changing one after annotation began leaves
every annotation made so far meaning something else than the schema now says. So
:func:`~annotator.services.schema.changes.change_schema` asks first, as it refuses
removing what is still used: :func:`refuse_unconfirmed` counts the values given, the spans of
the label or the spans carrying the attribute (every layer but the suggestions, which are
candidates) and raises :class:`MeaningUnconfirmed` (409) with the counts, until the caller
confirms. Confirmed, the annotations stay as they are.

No value records the schema version it was given under; the schema versions keep each
version's target and description and when it was saved, and each document's history when each
value was given. The question says so, and that a label value given toward a target or a
description since changed is marked where it is read (:mod:`annotator.core.given_targets`).
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
from annotator.models import Document, LabelValue, Layer, Project, Span
from annotator.services.schema.breaks import Tally, tally_columns
from annotator.services.schema.json_columns import holds_key


class MeaningUnconfirmed(Conflict):
    """A change of a used entry's target or description, not confirmed (``confirm_meaning``)."""

    code = "meaning_changed"


@dataclass(frozen=True)
class Given(Tally):
    """The annotations made under an entry's old target or description: a label field's
    values, a span label's spans, or the spans that carry a span attribute."""

    #: The change in words ("stance: target changed from 'A' to 'B'").
    change: str = ""
    #: The entry as the history names it ("stance", "document:genre", "CLAIM.claimer").
    field: str = ""
    #: The kind of entry: "sentence", "document", "span" or "attribute".
    kind: str = ""

    def __str__(self) -> str:
        return f"{self.change}; {self.what}"


def given_values(session: Session, project: Project, diff: SchemaDiff) -> list[Given]:
    """Return, for each entry whose meaning ``diff`` changes, the annotations made before."""
    given = []
    for change in meaning_changes(diff.changed):
        rows, documents, gold = _count(session, project, change)
        spans = change.kind in ("span", "attribute")
        if rows:
            what = (
                f"{counted(rows, 'span' if spans else 'value')} in "
                f"{counted(documents, 'document')} (gold: {gold}) "
                f"{'was' if rows == 1 else 'were'} {_made(change)}"
            )
            given.append(
                Given(
                    what,
                    rows,
                    documents,
                    gold,
                    "spans" if spans else "label values",
                    str(change),
                    change.entry_words(),
                    change.kind,
                )
            )
    return given


def _made(change: EntryChange) -> str:
    """Say how the annotations were made under the old meaning ("given toward 'A'")."""
    before = said(change.before)
    if change.setting == "target":
        return f"given toward {before}"
    if change.setting == "target_from":
        # Each document's own target came from its meta, or the field had one for all.
        if change.before:
            return f"given toward each document's meta {before}"
        return "given toward the field's one target"
    if change.kind == "span":
        return f"labelled {change.entry_words()} under the description {before}"
    if change.kind == "attribute":
        return f"given {change.entry_words()} under the description {before}"
    return f"given under the description {before}"


def _count(session: Session, project: Project, change: EntryChange) -> tuple[int, int, int]:
    """Count the annotations of the entry ``change`` concerns, under its current name."""
    if change.kind in ("span", "attribute"):
        label, _, attribute = change.old.partition(".")
        table: Any = Span
        condition = Span.label == label
        if attribute:
            dialect = session.connection().dialect.name
            condition = condition & holds_key(dialect, Span.attributes, attribute)
    else:
        table = LabelValue
        condition = (LabelValue.name == change.old) & (
            LabelValue.sentence_index == DOCUMENT_UNIT
            if change.kind == "document"
            else LabelValue.sentence_index != DOCUMENT_UNIT
        )
    query = (
        select(*tally_columns())
        .select_from(table)
        .join(Layer, Layer.id == table.layer_id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, Layer.key != SUGGESTIONS, condition)
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
    """Say what becomes of the annotations made before a confirmed change, honestly."""
    return (
        "the annotations stay as they are. No value records the schema version it was given "
        f"under: schema version {version} keeps the old meaning and when it was saved, and "
        "each document's history says when each value was given. The workspace and the "
        "review page mark a label value given toward a target or description since changed."
    )


def _data(given: Given) -> dict[str, Any]:
    return {
        "field": given.field,
        "kind": given.kind,
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
