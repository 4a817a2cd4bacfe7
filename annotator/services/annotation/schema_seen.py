"""Refusing a write from a page built with a schema version whose names changed since.

The rule and its words are the pure :mod:`annotator.core.schema_seen`; this module reads the
versions since the one the page saw. A write from a page that is up to date (the usual
case) or that says no version costs nothing: the version now comes with the write target's
own query.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.core.errors import SchemaChanged
from annotator.core.schema_seen import names_lost, now_called, schema_changed_message
from annotator.db import Db, orm
from annotator.models import SchemaVersion


def require_schema_seen(
    db: Db, project_id: int, seen: int | None, version: int, schema: dict[str, Any]
) -> None:
    """Refuse a write from a page built with schema version ``seen`` when a later version
    renamed or removed a name it had.

    :param version: the project's schema version now; ``schema`` its schema.
    :raises SchemaChanged: naming what became of each name (``details``: ``seen``,
        ``schema_version``, ``lost``).
    """
    if seen is None or seen >= version:
        return
    rows = (
        orm(db)
        .execute(
            select(SchemaVersion.version, SchemaVersion.schema, SchemaVersion.change)
            .where(SchemaVersion.project_id == project_id, SchemaVersion.version >= seen)
            .order_by(SchemaVersion.version)
        )
        .all()
    )
    if not rows or rows[0].version != seen:
        # A version the project never had (a client's guess, or a project loaded anew):
        # nothing to compare with, so the page cannot be trusted to name what is there.
        lost = []
        changes = [row.change for row in rows]
    else:
        lost = names_lost(rows[0].schema, schema)
        changes = [row.change for row in rows[1:]]
        if not lost:
            return
    message = (
        schema_changed_message(lost, changes)
        if lost
        else f"the project's labels changed since version {seen}: reload to go on"
    )
    raise SchemaChanged(
        message,
        details={
            "seen": seen,
            "schema_version": version,
            "lost": [
                {"kind": kind, "owner": owner, "name": name, "now": now_called(lost_one, changes)}
                for lost_one in lost
                for kind, owner, name in (lost_one,)
            ],
        },
    )
