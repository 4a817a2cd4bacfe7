"""Label values given toward an older target or description of their field, found for the
workspace and the review page to mark.

How it is told, and what it cannot tell, is :mod:`annotator.core.given_targets`': by the
time each value was last written against the times of the project's schema versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, case, literal, select
from sqlalchemy.orm import Session

from annotator.core.given_targets import OlderTarget, TargetTimes
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import LabelValue, SchemaVersion


def target_times(session: Session, project_id: int) -> TargetTimes:
    """Return the targets and descriptions of the project's label fields over its schema
    versions (their changes in words say what each renamed)."""
    v = SchemaVersion
    versions = session.execute(
        select(v.version, v.created_at, v.schema, v.change).where(v.project_id == project_id)
    )
    return TargetTimes(tuple(row) for row in versions)


def version_at(written_at: ColumnElement[Any], times: TargetTimes) -> ColumnElement[int]:
    """Return, in SQL, the index in ``times.times`` of the version a value written at
    ``written_at`` was given under (-1: before the first), for
    :meth:`~annotator.core.given_targets.TargetTimes.older_target_at`: the rule of
    :meth:`~annotator.core.given_targets.TargetTimes.older_target`, told by the database for a
    query that reads or counts many values."""
    moments = times.times
    if not moments:
        return literal(-1)
    whens = [(written_at < moment, at - 1) for at, moment in enumerate(moments)]
    return case(*whens, else_=len(moments) - 1)


def with_older_targets(rows: Iterable[Any], times: TargetTimes) -> Iterator[tuple[Any, ...]]:
    """Give rows whose second and third columns are a label value's unit and name, and whose
    last is :func:`version_at`'s index, with that last column the value's
    :class:`OlderTarget` (None: given toward today's target)."""
    changed = times.changed_fields()
    for row in rows:
        *head, at = row
        field = _field_of(head[1], head[2])
        older = times.older_target_at(field, at) if field in changed else None
        yield (*head, older)


def older_targets_of(
    session: Session, project_id: int, rows: Iterable[LabelValue]
) -> dict[int, OlderTarget]:
    """Return, by row id, the label values among ``rows`` given toward an older target."""
    rows = list(rows)
    if not rows:
        return {}
    times = target_times(session, project_id)
    if not times.changed:
        return {}
    found = {}
    for row in rows:
        older = times.older_target(_field_of(row.sentence_index, row.name), row.updated_at)
        if older is not None:
            found[row.id] = older
    return found


def mark_older_targets(
    session: Session, project_id: int, layer_id: int | None, payload: dict[str, Any]
) -> None:
    """Add ``given_toward`` (the target then, its version, in words) to each label of the
    layer ``payload`` (the API's shape) given toward an older target."""
    if layer_id is None or not (payload["sentence_labels"] or payload["document_labels"]):
        return
    times = target_times(session, project_id)
    if not times.changed:
        return
    written = session.execute(
        select(LabelValue.sentence_index, LabelValue.name, LabelValue.updated_at).where(
            LabelValue.layer_id == layer_id
        )
    )
    older = {}
    for unit, name, at in written:
        found = times.older_target(_field_of(unit, name), at)
        if found is not None:
            older[(unit, name)] = found
    if not older:
        return
    for item in payload["sentence_labels"]:
        _mark(item, older.get((item["sentence"], item["name"])))
    for item in payload["document_labels"]:
        _mark(item, older.get((DOCUMENT_UNIT, item["name"])))


def _field_of(unit: int, name: str) -> tuple[str, str]:
    return ("document" if unit == DOCUMENT_UNIT else "sentence", name)


def _mark(item: dict[str, Any], older: OlderTarget | None) -> None:
    if older is not None:
        item["given_toward"] = older.data()
