"""The annotation rules: spans, relations, labels and status, shared by API, CLI and pages.

Every write goes to one layer. The caller finds it with :func:`open_layer` (checking who may
write what), then calls a write here, then commits. Every write to an annotator's layer moves
that annotator's assignment from ``new`` to ``in_progress`` (CONTRACT section 9).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from annotator.errors import Conflict, Forbidden, Invalid, NotFound
from annotator.models import (
    GOLD,
    Document,
    Layer,
    Relation,
    Span,
    User,
)
from annotator.permissions import find_assignment
from annotator.services.labels import check_value
from annotator.services.layers import (
    WriteTarget,
    ensure_layer,
    mark_started,
    resolve_write_target,
    write_target,
)
from annotator.services.provenance import gold_decision

_UNSET: Any = object()


def open_layer(session: Session, user: User, document: Document, layer: str | None) -> Layer:
    """Return the layer ``user`` writes on ``document``: their own, or gold (``layer="gold"``).

    :raises Forbidden: when the caller may not write that layer.
    """
    owner_id, _assignment = resolve_write_target(session, user, document, layer)
    return ensure_layer(session, document, owner_id)


def require_writable(session: Session, user: User, layer: Layer, asked: str | None) -> None:
    """Raise :class:`Forbidden` unless ``user`` may write ``layer`` (found through a row id).

    :param asked: the ``?layer=`` the caller gave; ``gold`` must then match the row's layer.
    """
    if asked == GOLD and not layer.is_gold:
        raise Forbidden("that row is not in the gold layer")
    if layer.is_gold:
        if not user.is_reviewer:
            raise Forbidden("only reviewers and admins may write the gold layer")
        return
    if layer.user_id != user.id:
        raise Forbidden("that row is in another annotator's layer")
    document = session.get(Document, layer.document_id)
    if document is None or find_assignment(session, user, document) is None:
        raise Forbidden(f"document {layer.document_id} is not assigned to you")


# -- spans ------------------------------------------------------------------------------


def add_span(
    session: Session,
    layer: Layer | WriteTarget,
    label: str,
    start: int,
    end: int,
    attributes: dict[str, Any] | None = None,
    *,
    decided_by: User | None = None,
) -> Span:
    """Add a span to ``layer`` after checking offsets, label, attributes and overlap.

    :param layer: a layer, or a :class:`WriteTarget` that already holds the text and schema.
    :raises Invalid: offsets outside the text, an unknown label or attribute, a value not in
        the schema, or an overlap when the schema has ``allow_overlap: false``.
    """
    target = write_target(session, layer)
    _check_offsets(target.text, start, end)
    definition = _span_label(target.schema, label)
    clean = _check_attributes(definition, attributes or {})
    _check_overlap(session, target.schema, target.layer, start, end, exclude=None)
    span = Span(
        layer_id=target.layer.id, label=label, start=start, end=end, attributes=clean, version=1,
        **gold_decision(target.layer, decided_by),
    )
    session.add(span)
    mark_started(session, target.layer, target.assignment)
    session.flush()
    return span


def update_span(
    session: Session,
    span: Span,
    *,
    label: str = _UNSET,
    start: int = _UNSET,
    end: int = _UNSET,
    attributes: dict[str, Any] = _UNSET,
    version: int | None = None,
    decided_by: User | None = None,
) -> Span:
    """Change any of a span's label, offsets and attributes, and bump its version.

    A label change must keep the span's attributes valid (send new ``attributes`` along) and
    its relations allowed; a change that would break a relation is refused, never cascaded.

    :raises Conflict: when ``version`` is given and is not the stored one (a stale editor).
    :raises Invalid: as :func:`add_span`, or naming the relation a label change would break.
    """
    if version is not None and version != span.version:
        raise Conflict(
            f"span {span.id} is stale: you sent version {version}, it is at {span.version}",
            details={"version": span.version},
        )
    layer = session.get(Layer, span.layer_id)
    assert layer is not None
    target = write_target(session, layer)
    schema = target.schema
    new_label = span.label if label is _UNSET else label
    new_start = span.start if start is _UNSET else start
    new_end = span.end if end is _UNSET else end
    _check_offsets(target.text, new_start, new_end)
    definition = _span_label(schema, new_label)
    new_attributes = (span.attributes or {}) if attributes is _UNSET else attributes
    clean = _check_attributes(definition, new_attributes)
    if (new_start, new_end) != (span.start, span.end):
        _check_overlap(session, schema, layer, new_start, new_end, exclude=span.id)
    if new_label != span.label:
        _check_relations_allow(session, schema, span, new_label)
    span.label, span.start, span.end, span.attributes = new_label, new_start, new_end, clean
    span.version = span.version + 1
    for column, value in gold_decision(layer, decided_by).items():
        setattr(span, column, value)
    mark_started(session, layer)
    session.flush()
    return span


def delete_span(session: Session, span: Span) -> None:
    """Delete a span and every relation that starts or ends at it."""
    layer = session.get(Layer, span.layer_id)
    # Explicitly, so that it holds even where the database does not enforce ON DELETE CASCADE.
    session.execute(
        delete(Relation).where(
            or_(Relation.from_span_id == span.id, Relation.to_span_id == span.id)
        )
    )
    session.delete(span)
    if layer is not None:
        mark_started(session, layer)
    session.flush()


def get_span(session: Session, span_id: int) -> Span:
    """Return the span with ``span_id`` or raise :class:`NotFound`."""
    span = session.get(Span, span_id)
    if span is None:
        raise NotFound(f"no span {span_id}")
    return span


def _check_offsets(text: str, start: Any, end: Any) -> None:
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"'{name}' must be an integer, got {value!r}")
    if not 0 <= start < end <= len(text):
        raise Invalid(
            f"offsets start={start}, end={end} must satisfy 0 <= start < end <= {len(text)} "
            f"(the text is {len(text)} characters long)",
            details={"start": start, "end": end, "length": len(text)},
        )


def _span_label(schema: dict[str, Any], label: Any) -> dict[str, Any]:
    for definition in schema.get("span_labels", []):
        if definition["name"] == label:
            return definition
    names = [d["name"] for d in schema.get("span_labels", [])]
    raise Invalid(f"unknown span label {label!r}; the schema has {names}")


def _check_attributes(definition: dict[str, Any], attributes: Any) -> dict[str, Any]:
    if not isinstance(attributes, dict):
        raise Invalid("'attributes' must be an object")
    fields = {field["name"]: field for field in definition.get("attributes", [])}
    clean: dict[str, Any] = {}
    for name, value in attributes.items():
        field = fields.get(name)
        if field is None:
            raise Invalid(
                f"span label {definition['name']!r} has no attribute {name!r}; "
                f"it has {sorted(fields)}"
            )
        if value is None:
            continue  # null leaves the attribute unset
        clean[name] = check_value(field, value, f"attribute {name!r}")
    return clean


def _check_overlap(
    session: Session,
    schema: dict[str, Any],
    layer: Layer,
    start: int,
    end: int,
    exclude: int | None,
) -> None:
    if schema.get("allow_overlap", True):
        return
    query = select(Span).where(Span.layer_id == layer.id, Span.start < end, Span.end > start)
    if exclude is not None:
        query = query.where(Span.id != exclude)
    other = session.scalars(query.limit(1)).first()
    if other is not None:
        raise Invalid(
            f"the span [{start}, {end}) overlaps span {other.id} [{other.start}, {other.end}) "
            "and this project does not allow overlapping spans"
        )


def _check_relations_allow(
    session: Session, schema: dict[str, Any], span: Span, label: str
) -> None:
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    relations = session.scalars(
        select(Relation).where(
            or_(Relation.from_span_id == span.id, Relation.to_span_id == span.id)
        )
    )
    for relation in relations:
        definition = types.get(relation.type)
        if definition is None:
            continue
        for end, span_id in (("from", relation.from_span_id), ("to", relation.to_span_id)):
            if span_id == span.id and label not in definition[end]:
                raise Invalid(
                    f"relation {relation.id} ({relation.type}) needs its '{end}' span to be one "
                    f"of {definition[end]}; delete the relation before relabelling span "
                    f"{span.id} as {label!r}",
                    details={"relation": relation.id},
                )


# -- relations --------------------------------------------------------------------------


def add_relation(
    session: Session,
    layer: Layer | WriteTarget,
    type: str,
    from_id: int,
    to_id: int,
    *,
    decided_by: User | None = None,
) -> Relation:
    """Add a relation of ``type`` between two spans of ``layer``.

    :raises Invalid: an unknown type, a span not in this layer, or labels the type forbids.
    :raises Conflict: an exact duplicate, or one more than the type's ``max_per_source``.
    """
    target = write_target(session, layer)
    schema, layer_id = target.schema, target.layer.id
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    definition = types.get(type)
    if definition is None:
        raise Invalid(f"unknown relation type {type!r}; the schema has {sorted(types)}")
    if from_id == to_id:
        raise Invalid("a relation needs two different spans ('from' equals 'to')")
    ends = {}
    for end, span_id in (("from", from_id), ("to", to_id)):
        span = session.get(Span, span_id)
        if span is None or span.layer_id != layer_id:
            raise Invalid(f"'{end}': span {span_id} is not in this layer of the document")
        if span.label not in definition[end]:
            raise Invalid(
                f"relation type {type!r} cannot go {end} a {span.label!r} span "
                f"(span {span_id}); allowed: {definition[end]}"
            )
        ends[end] = span
    same_type = select(Relation).where(
        Relation.layer_id == layer_id, Relation.type == type, Relation.from_span_id == from_id
    )
    if session.scalars(same_type.where(Relation.to_span_id == to_id).limit(1)).first():
        raise Conflict(f"a {type} relation from span {from_id} to span {to_id} already exists")
    limit = definition.get("max_per_source")
    if limit is not None:
        count = session.scalar(select(func.count()).select_from(same_type.subquery()))
        if count is not None and count >= limit:
            raise Conflict(
                f"span {from_id} already has {count} {type} relation(s); "
                f"the schema allows at most {limit}"
            )
    relation = Relation(
        layer_id=layer_id, type=type, from_span_id=from_id, to_span_id=to_id,
        **gold_decision(target.layer, decided_by),
    )
    session.add(relation)
    mark_started(session, target.layer, target.assignment)
    session.flush()
    return relation


def get_relation(session: Session, relation_id: int) -> Relation:
    """Return the relation with ``relation_id`` or raise :class:`NotFound`."""
    relation = session.get(Relation, relation_id)
    if relation is None:
        raise NotFound(f"no relation {relation_id}")
    return relation


def delete_relation(session: Session, relation: Relation) -> None:
    """Delete a relation."""
    layer = session.get(Layer, relation.layer_id)
    session.delete(relation)
    if layer is not None:
        mark_started(session, layer)
    session.flush()
