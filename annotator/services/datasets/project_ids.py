"""Span, relation and label value ids across a dump and load: kept where free, else anew.

For :mod:`annotator.services.datasets.project_dump` (the ids a project holds, as ranges) and
:mod:`annotator.services.datasets.project_load` (whether the database has room for them).
A load keeps every id of a kind when none of them is taken in this database, the usual
case of a new database or a move between machines; when some are, the whole kind is
numbered by the database (in the file's order, so that each layer keeps its order), and
the load says how many were taken. References never hold ids in the file (relations and
changes name places), so either way they point at the right rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select, text

from annotator.core.formats.project_ids import ID_KINDS, DeclaredIds, id_ranges
from annotator.models import LAYER_ITEMS, Document, Layer, Project

#: Ranges asked about in one query, and written in one ids record.
RANGES_AT_ONCE = 200
RANGES_PER_RECORD = 10_000


def project_documents(project: Project) -> Select[int]:
    """The ids of the project's documents, to select rows of them by."""
    return select(Document.id).where(Document.project_id == project.id)


def project_layers(project: Project) -> Select[int]:
    """The ids of the layers of the project's documents, to select their items by."""
    return select(Layer.id).where(Layer.document_id.in_(project_documents(project)))


def _table(kind: str) -> Any:
    return LAYER_ITEMS[kind].__table__


def project_id_ranges(
    connection: Connection, project: Project
) -> Iterator[tuple[str, list[list[int]]]]:
    """Yield each kind with the project's ids of that kind as ranges, a record's worth at a time.

    Every kind is yielded at least once (with no ranges when the project has no such items).
    """
    layers = project_layers(project)
    for kind in ID_KINDS:
        table = _table(kind)
        query = select(table.c.id).where(table.c.layer_id.in_(layers)).order_by(table.c.id)
        ranges = id_ranges(connection.execute(query).scalars())
        part = list(islice(ranges, RANGES_PER_RECORD))
        while True:
            yield kind, part
            part = list(islice(ranges, RANGES_PER_RECORD))
            if not part:
                break


@dataclass
class IdPlan:
    """What a load does with one kind's ids: keep them (``keep``) or let the database number."""

    declared: DeclaredIds
    #: How many of the declared ids are taken in this database; None until :meth:`decide`.
    taken: int | None = None

    @property
    def decided(self) -> bool:
        """Tell whether :meth:`decide` has asked the database."""
        return self.taken is not None

    @property
    def keep(self) -> bool:
        """Tell whether the load keeps the kind's ids: none of them is taken here."""
        return self.taken == 0

    def decide(self, connection: Connection) -> None:
        """Keep the ids when none is taken here; on PostgreSQL, move the sequence past them.

        The sequence moves before the rows go in rather than after, so that a span made
        meanwhile by someone else already gets an id above the ones this load keeps.
        """
        self.taken = _taken(connection, _table(self.declared.kind), self.declared.ranges)
        if self.keep and self.declared.total and connection.dialect.name == "postgresql":
            advance_sequence(connection, self.declared.kind, self.declared.top)


def _taken(connection: Connection, table: Any, ranges: list[tuple[int, int]]) -> int:
    taken = 0
    for first in range(0, len(ranges), RANGES_AT_ONCE):
        part = ranges[first : first + RANGES_AT_ONCE]
        inside = or_(*(and_(table.c.id >= start, table.c.id < end) for start, end in part))
        taken += connection.execute(select(func.count()).where(inside)).scalar_one()
    return taken


def advance_sequence(connection: Connection, kind: str, top: int) -> None:
    """Make PostgreSQL's id sequence of ``kind`` give ids above ``top`` from now on.

    Never moves it back: another writer may hold ids above ``top`` already.
    """
    connection.execute(
        text(
            "SELECT setval(seq, GREATEST(:top, COALESCE(pg_sequence_last_value(seq), 0))) "
            "FROM (SELECT pg_get_serial_sequence(:table, 'id')::regclass AS seq) AS s"
        ),
        {"top": top, "table": _table(kind).name},
    )
