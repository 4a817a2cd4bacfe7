"""What a span write asks the database before it writes: a span of the same label and offsets,
an overlap, the relations at the span; and whether the version its writer read is still the
stored one (:func:`check_version`).

The copy's check holds the layer until the write commits (:func:`hold_layer`), so that two
identical writes at the same moment cannot both find no copy: on PostgreSQL the second
waits for the first and finds its span; SQLite's write transaction (``BEGIN IMMEDIATE``)
already runs one write at a time, and is asked nothing more. There, the API's create asks
for the copy within the query that opens its layer (:func:`copy_column`), and the check
takes that answer (:class:`CopyAhead`): one statement fewer a write.

The rules are the core's (:mod:`annotator.core.rules`): whether the schema allows overlaps,
the overlap's error, which labels a relation type allows at each end. These checks find the
rows the rules apply to, for :mod:`annotator.services.annotation.spans`.

The relations at a span are read precompiled on the transaction's connection
(:mod:`annotator.precompiled`), as the rest of the API's span change is. That read skips
the ORM's autoflush, which loses nothing: every service write flushes its rows itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Label, and_, bindparam, func, or_, select

from annotator.core.errors import Conflict, Invalid
from annotator.core.rules import duplicate_span, end_allows, overlap_error, overlaps_allowed
from annotator.db import Db
from annotator.models import Layer, Relation, Span
from annotator.precompiled import Precompiled
from annotator.services.gold.lock import writers_serialised

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


def _copies(layer_id: Any, label: Any, start: Any, end: Any) -> ColumnElement[bool]:
    """Return the condition of a layer's span of a label and offsets (the index on layer,
    start and end finds it): the span a write there would copy. One home for the lookup,
    asked alone (:data:`_IDENTICAL`) or within the query that opens a layer
    (:func:`copy_column`)."""
    return and_(
        Span.layer_id == layer_id, Span.start == start, Span.end == end, Span.label == label
    )


# Run on every span write that its layer's query did not answer (a move, a relabelling, any
# write on PostgreSQL), so compiled once.
_IDENTICAL = Precompiled(
    select(Span.id)
    .where(
        _copies(
            bindparam("layer_id", type_=Integer),
            bindparam("label"),
            bindparam("start", type_=Integer),
            bindparam("end", type_=Integer),
        ),
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


@dataclass(frozen=True, slots=True)
class CopyAhead:
    """The copy a create would make, looked for by the query that opened its layer: the
    label and offsets asked, and the id of the layer's span there (None: none)."""

    label: str
    start: int
    end: int
    found: int | None


def copy_column(layer_id: Any) -> Label[Any]:
    """Return the column, for the query that opens the layer ``layer_id``, of the id of its
    span of the label and offsets bound as ``copy_label``, ``copy_start`` and ``copy_end``
    (null when there is none, or a null label asks nothing: :func:`copy_asked`)."""
    # The first of them by id, as :data:`_IDENTICAL` orders them, by an aggregate: it binds
    # no LIMIT and OFFSET, and is one row on any database however many copies a layer holds.
    found = func.min(Span.id)
    return (
        select(found)
        .where(
            _copies(
                layer_id,
                bindparam("copy_label"),
                bindparam("copy_start", type_=Integer),
                bindparam("copy_end", type_=Integer),
            )
        )
        .scalar_subquery()
        .label("copy_id")
    )


def copy_asked(db: Db, copy: tuple[str, int, int] | None) -> dict[str, Any]:
    """Return the parameters of :func:`copy_column` for a create of ``(label, start, end)``.

    Asked only where writers run one at a time (SQLite): there "no copy" read before the
    write stands until it commits. On PostgreSQL a copy is looked for after the layer's
    hold (:func:`identical_span`), so the column asks nothing.
    """
    if copy is None or not writers_serialised(db):
        return {"copy_label": None, "copy_start": None, "copy_end": None}
    label, start, end = copy
    return {"copy_label": label, "copy_start": start, "copy_end": end}


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
    if not writers_serialised(session):
        _HOLD_LAYER.first(session, {"layer_id": layer_id})


def check_not_identical(
    session: Db,
    layer_id: int,
    label: str,
    start: int,
    end: int,
    exclude: int | None = None,
    *,
    ahead: CopyAhead | None = None,
) -> None:
    """Raise :class:`~annotator.core.errors.Conflict` naming the layer's span of ``label`` at
    ``[start, end)``: a layer holds a span once (:func:`annotator.core.rules.duplicate_span`).

    Every span write calls it (created, moved, relabelled; into gold, from a suggestion);
    a layer that holds copies from before the rule is still read as it is.

    :param ahead: what the query that opened the layer found for a create, if it asked
        (:func:`copy_asked`); used only for the very label and offsets it asked about.
    """
    if (
        ahead is not None
        and exclude is None
        and (ahead.label, ahead.start, ahead.end) == (label, start, end)
    ):
        existing = ahead.found
    else:
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
