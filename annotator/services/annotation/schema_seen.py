"""Refusing a write that sends a name renamed or removed since the schema version its page read.

The rule and its words are the pure :mod:`annotator.core.schema_seen`; this module reads the
versions since the one the page saw. A write from a page that is up to date (the usual
case) or that says no version costs nothing: the version now comes with the write target's
own query.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from sqlalchemy import select

from annotator.core.errors import SchemaChanged
from annotator.core.schema_seen import (
    Name,
    names_lost,
    now_called,
    schema_changed_message,
    span_renames,
    stale_owned,
    stale_sent,
)
from annotator.db import Db, orm
from annotator.models import SchemaVersion


def require_schema_seen(
    db: Db,
    project_id: int,
    seen: int | None,
    version: int,
    schema: dict[str, Any],
    sends: Sequence[Name] = (),
    span_label: str | None = None,
) -> None:
    """Refuse a write from a page built with schema version ``seen`` when it sends a name
    that a later version renamed or removed.

    A write that sends only names still standing (a value of a field whose other value was
    renamed, a span moved, another label) writes on: what it says means what it meant when
    the page opened.

    :param version: the project's schema version now; ``schema`` its schema.
    :param sends: the names the write sends (:func:`~annotator.core.schema_seen.span_names_sent`
        and its siblings).
    :param span_label: the stored label of the span the write changes, whose attributes
        and values are those it sends without a label (checked under each name the label
        had since ``seen``: :func:`~annotator.core.schema_seen.stale_owned`).
    :raises SchemaChanged: naming what became of each stale name the write sends
        (``details``: ``seen``, ``schema_version``, ``lost``).
    """
    if seen is None or seen >= version or not sends:
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
        lost: list[Name] = []
        changes = [row.change for row in rows]
    else:
        # Each step's losses, not only the first version's against now: a name renamed and
        # later added again means something else than it did on the page.
        steps = [row.schema for row in rows] + [schema]
        changes = [row.change for row in rows[1:]]
        # Each step's words say its label renames: a label renamed keeps its attributes.
        said = [*changes, ""]
        lost_since = [
            name
            for (old, new), words in zip(pairwise(steps), said, strict=True)
            for name in names_lost(old, new, span_renames(words))
        ]
        lost = (
            stale_sent(sends, lost_since, changes)
            if span_label is None
            else stale_owned(sends, span_label, lost_since, changes)
        )
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
