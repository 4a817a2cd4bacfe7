"""The rules a span must follow: offsets inside the text, a label and attributes from the
schema, no overlap where the schema forbids it, and relations its label still allows.

Shared by every span write in :mod:`annotator.services.annotation`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, bindparam, or_, select
from sqlalchemy.orm import Session

from annotator.errors import Invalid
from annotator.models import Relation, Span
from annotator.services.labels import check_value

# Built once; the span write runs it on every request to a project without overlaps.
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


def check_offsets(text: str, start: Any, end: Any) -> None:
    """Raise :class:`Invalid` unless ``0 <= start < end <= len(text)``, both integers."""
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"'{name}' must be an integer, got {value!r}")
    if not 0 <= start < end <= len(text):
        raise Invalid(
            f"offsets start={start}, end={end} must satisfy 0 <= start < end <= {len(text)} "
            f"(the text is {len(text)} characters long)",
            details={"start": start, "end": end, "length": len(text)},
        )


def span_label(schema: dict[str, Any], label: Any) -> dict[str, Any]:
    """Return the schema's definition of span label ``label``, or raise :class:`Invalid`."""
    for definition in schema.get("span_labels", []):
        if definition["name"] == label:
            return definition
    names = [d["name"] for d in schema.get("span_labels", [])]
    raise Invalid(f"unknown span label {label!r}; the schema has {names}")


def check_attributes(definition: dict[str, Any], attributes: Any) -> dict[str, Any]:
    """Return the attributes the label allows, without nulls, or raise :class:`Invalid`."""
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


def check_overlap(
    session: Session,
    schema: dict[str, Any],
    layer_id: int,
    start: int,
    end: int,
    exclude: int | None,
) -> None:
    """Raise :class:`Invalid` if the schema forbids overlaps and ``[start, end)`` has one.

    :param exclude: the id of the span being moved, which may overlap its old place.
    """
    if schema.get("allow_overlap", True):
        return
    params = {"layer_id": layer_id, "start": start, "end": end, "exclude": exclude or 0}
    other = session.execute(_OVERLAPPING, params).first()
    if other is not None:
        raise Invalid(
            f"the span [{start}, {end}) overlaps span {other.id} [{other.start}, {other.end}) "
            "and this project does not allow overlapping spans"
        )


def check_relations_allow(session: Session, schema: dict[str, Any], span: Span, label: str) -> None:
    """Raise :class:`Invalid` if relabelling ``span`` as ``label`` would break a relation."""
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
