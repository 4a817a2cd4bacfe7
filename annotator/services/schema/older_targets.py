"""Label values given toward an older target or description of their field, found for the
workspace and the review page to mark.

How it is told, and what it cannot tell, is :mod:`annotator.core.given_targets`': by the
time each value was last written against the times of the project's schema versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import ColumnElement, bindparam, case, func, literal, select
from sqlalchemy.orm import Session

from annotator.core.given_targets import OlderTarget, TargetTimes
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import LabelValue, SchemaVersion

#: Where a database connection keeps the targets it read (:func:`target_times`).
_KEPT = "annotator.older_targets"
#: How many projects' targets a connection keeps; one more starts its list anew.
KEPT_PROJECTS = 32


# Built once: its four aggregates cost more to build than to run.
_MARK = select(
    func.count(),
    func.max(SchemaVersion.id),
    func.max(SchemaVersion.created_at),
    func.max(SchemaVersion.version),
).where(SchemaVersion.project_id == bindparam("project_id"))


def target_times(session: Session, project_id: int) -> TargetTimes:
    """Return the targets and descriptions of the project's label fields over its schema
    versions (their changes in words say what each renamed).

    Read whole, every version's schema is parsed, which a project whose schema was saved 100
    times paid on every read of a layer (docs/benchmarks.md, "Older targets kept"). So what
    was read is kept by the database connection (SQLAlchemy's ``Connection.info`` lives as
    long as the driver's connection, which reads one database: no other database's project
    of the same id can be taken for it, and one thread at a time uses it), under what the
    versions' count, newest id and newest time were. Versions are only ever added (a new
    project's load replaces its first one in the same transaction; a project's delete takes
    them all) and ids are never given twice (``annotator.tables._table_with_id``), so a
    version added changes the newest id, and one added in a transaction then rolled back
    (whose id SQLite gives again) differs by its time.
    """
    v = SchemaVersion
    count, newest_id, newest_at, newest = session.execute(_MARK, {"project_id": project_id}).one()
    if count < 2:
        # Nothing is older than the only version: its fields need not be read.
        return TargetTimes([] if count == 0 else [(newest, newest_at, {}, "")])
    mark = (count, newest_id, newest_at)
    connection = session.connection()  # the transaction's: the one that read the mark
    kept: dict[int, tuple[Any, TargetTimes]] = connection.info.get(_KEPT, {})
    found = kept.get(project_id)
    if found is not None and found[0] == mark:
        return found[1]
    versions = connection.execute(
        select(v.version, v.created_at, v.schema, v.change).where(v.project_id == project_id)
    )
    times = TargetTimes(tuple(row) for row in versions)
    # A new dict in the old one's place, never one changed in place.
    if len(kept) >= KEPT_PROJECTS and project_id not in kept:
        kept = {}
    connection.info[_KEPT] = {**kept, project_id: (mark, times)}
    return times


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
