"""What a span write asks the database before it writes: a span of the same label and offsets,
an overlap, the relations at the span; and whether the version its writer read is still the
stored one (:func:`check_version`).

The copy's check holds the layer until the write commits (:func:`hold_layer`), so that two
identical writes at the same moment cannot both find no copy: on PostgreSQL the second
waits for the first and finds its span; SQLite's write transaction (``BEGIN IMMEDIATE``)
already runs one write at a time, and is asked nothing more.

The rules are the core's (:mod:`annotator.core.rules`): whether the schema allows overlaps,
the overlap's error, which labels a relation type allows at each end. These checks find the
rows the rules apply to, for :mod:`annotator.services.annotation.spans`.

The relations at a span are read precompiled on the transaction's connection
(:mod:`annotator.precompiled`), as the rest of the API's span change is. That read skips
the ORM's autoflush, which loses nothing: every service write flushes its rows itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, bindparam, or_, select

from annotator.core.errors import Conflict, Invalid
from annotator.core.rules import duplicate_span, end_allows, overlap_error, overlaps_allowed
from annotator.db import Db
from annotator.models import Layer, Relation, Span
from annotator.precompiled import Precompiled
from annotator.request_connection import RequestConnection

# Built once; the span write runs it on every request to a project without overlaps. Two
# spans overlap when each starts before the other ends (core.rules.overlap_error).
_OVERLAPPING = (
    select(Span.id, Span.start, Span.end)
    .where(
        Span.layer_id == bindparam("layer_id", type_=Integer),
        Span.start < bindparam("end", type_=Integer),
        Span.end > bindparam("start", type_=Integer),
        Span.id != bindparam("exclude", type_=Integer),
    )
    .limit(1)
)
# The span of a layer with a label and offsets (the index on layer, start and end finds it),
# which a span written there would copy: run on every span write, so compiled once.
_IDENTICAL = Precompiled(
    select(Span.id)
    .where(
        Span.layer_id == bindparam("layer_id", type_=Integer),
        Span.start == bindparam("start", type_=Integer),
        Span.end == bindparam("end", type_=Integer),
        Span.label == bindparam("label"),
        Span.id != bindparam("exclude", type_=Integer),
    )
    .order_by(Span.id)
    .limit(1)
)
# The layer's row, locked until the transaction ends. NO KEY: a span inserted elsewhere in
# the layer meanwhile (its foreign key's KEY SHARE lock on this row) is not held up by it.
_HOLD_LAYER = Precompiled(
    select(Layer.id)
    .where(Layer.id == bindparam("layer_id", type_=Integer))
    .with_for_update(key_share=True)
)
# The relations at a span with both their ends, which a new label must keep allowed: built
# and compiled once, as a relabelling through the API runs it on every request.
_AT_SPAN = bindparam("span_id", type_=Integer)
_RELATIONS_AT = Precompiled(
    select(Relation.id, Relation.type, Relation.from_span_id, Relation.to_span_id).where(
        or_(Relation.from_span_id == _AT_SPAN, Relation.to_span_id == _AT_SPAN)
    )
)


def check_version(span: Any, version: int | None) -> None:
    """Refuse a change or a delete made from a stale read: one home for both.

    :param span: the span as opened (anything with ``id`` and ``version``).
    :param version: the version its writer read; None (not sent) is no check.
    :raises Conflict: naming the version stored (also in ``details.version``), so that the
        writer can tell it from the one it sent.
    """
    if version is not None and version != span.version:
        raise Conflict(
            f"span {span.id} is stale: you sent version {version}, it is at {span.version}",
            details={"version": span.version},
        )


def identical_span(
    session: Db, layer_id: int, label: str, start: int, end: int, exclude: int | None = None
) -> int | None:
    """Return the id of the layer's span of ``label`` at ``[start, end)``, if it has one.

    On PostgreSQL the layer is held from here to the commit (:func:`hold_layer`), so that
    "none" stays true for the write that asked.

    :param exclude: the id of the span being changed, which is not a copy of itself.
    """
    hold_layer(session, layer_id)
    params = {
        "layer_id": layer_id,
        "label": label,
        "start": start,
        "end": end,
        "exclude": exclude or 0,
    }
    row = _IDENTICAL.first(session, params)
    return None if row is None else int(row[0])


def hold_layer(session: Db, layer_id: int) -> None:
    """Hold the layer's span writes until this transaction ends (PostgreSQL).

    Under READ COMMITTED two transactions can each find no copy of a span and both insert
    it; with the layer's row locked first, the second waits for the first to commit, and its
    next statement sees the first's span. SQLite needs nothing: a write transaction there
    begins IMMEDIATE, holding the database's one write lock already. A schema constraint
    would do it too, but a database that holds copies from before the rule could not take it.
    """
    # The request's connection knows its dialect; asking the session's bind costs more, and
    # the API's span write passes here on every request.
    dialect = (
        session.dialect if isinstance(session, RequestConnection) else session.get_bind().dialect
    )
    if dialect.name != "sqlite":
        _HOLD_LAYER.first(session, {"layer_id": layer_id})


def check_not_identical(
    session: Db, layer_id: int, label: str, start: int, end: int, exclude: int | None = None
) -> None:
    """Raise :class:`~annotator.core.errors.Conflict` naming the layer's span of ``label`` at
    ``[start, end)``: a layer holds a span once (:func:`annotator.core.rules.duplicate_span`).

    Every span write calls it (created, moved, relabelled; into gold, from a suggestion);
    a layer that holds copies from before the rule is still read as it is.
    """
    existing = identical_span(session, layer_id, label, start, end, exclude)
    if existing is not None:
        raise duplicate_span(existing, label, start, end)


def check_overlap(
    session: Db,
    schema: dict[str, Any],
    layer_id: int,
    start: int,
    end: int,
    exclude: int | None,
) -> None:
    """Raise :class:`Invalid` if the schema forbids overlaps and ``[start, end)`` has one.

    :param exclude: the id of the span being moved, which may overlap its old place.
    """
    if overlaps_allowed(schema):
        return
    params = {"layer_id": layer_id, "start": start, "end": end, "exclude": exclude or 0}
    other = session.execute(_OVERLAPPING, params).first()
    if other is not None:
        raise overlap_error(start, end, other.id, other.start, other.end)


def check_relations_allow(session: Db, schema: dict[str, Any], span_id: int, label: str) -> None:
    """Raise :class:`Invalid` if relabelling a span as ``label`` would break a relation."""
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    if not types:
        return  # no relation the schema knows: none to break
    for relation_id, type_name, from_id, to_id in _RELATIONS_AT.all(session, {"span_id": span_id}):
        definition = types.get(type_name)
        if definition is None:
            continue
        for end, end_id in (("from", from_id), ("to", to_id)):
            if end_id == span_id and not end_allows(definition, end, label):
                raise Invalid(
                    f"relation {relation_id} ({type_name}) needs its '{end}' span to be one "
                    f"of {definition[end]}; delete the relation before relabelling span "
                    f"{span_id} as {label!r}",
                    details={"field": "label", "relation": relation_id},
                )
