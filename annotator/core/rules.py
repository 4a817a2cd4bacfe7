"""The rules every span, relation and label value follows, for live writes and imports alike.

Pure: each check takes plain data (the document's text, the project's label schema, the
values given) and raises :class:`~annotator.core.errors.Invalid` naming what is wrong, in
words and, for a script, in ``details``: the ``field`` of the request at fault (``label``,
``value``, ``sentence``, ``type``, ``from``...) and the choices the schema ``allowed``. The
annotation services call them for every write through the pages, the API and the CLI; the
import's layer check (:mod:`annotator.core.layer_check`) calls the same functions and adds
where in the file the problem is. What needs the database (is there an overlapping span
stored, or one of the same label and offsets; how many relations leave a span) is counted by
the caller and judged here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.errors import Conflict, Invalid, clipped, echoed
from annotator.core.label_schema import entry_names
from annotator.core.wording import counted, listed


def is_integer(value: Any) -> bool:
    """Tell whether ``value`` is an int and not a bool (JSON ``true`` is no offset)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_offsets(text: str, start: Any, end: Any) -> None:
    """Raise :class:`Invalid` unless ``0 <= start < end <= len(text)``, both integers."""
    # Most writes pass: two plain ints in order (a bool's type is bool), in one expression
    # rather than the loop that names the offset a refusal is about.
    if type(start) is int and type(end) is int and 0 <= start < end <= len(text):
        return
    for name, value in (("start", start), ("end", end)):
        if not is_integer(value):
            raise Invalid(f"'{name}' must be an integer, got {echoed(value)}")
    if not 0 <= start < end <= len(text):
        raise Invalid(
            f"offsets start={start}, end={end} must satisfy 0 <= start < end <= {len(text)} "
            f"(the text is {counted(len(text), 'character')} long)",
            details={"start": start, "end": end, "length": len(text)},
        )


def span_label(schema: dict[str, Any], label: Any) -> dict[str, Any]:
    """Return the schema's definition of span label ``label``, or raise :class:`Invalid`."""
    for definition in schema.get("span_labels", []):
        if definition["name"] == label:
            return definition
    names = entry_names(schema, "span_labels")
    raise Invalid(
        f"unknown span label {echoed(label)}; the schema has {listed(names)}",
        details={"field": "label", "allowed": names},
    )


def check_value(
    field: dict[str, Any],
    value: Any,
    what: str,
    *,
    lists_ok: bool = False,
    named: dict[str, Any] | None = None,
) -> Any:
    """Return ``value`` if the schema field allows it (a list for ``multiple``), else raise.

    :param what: how the message names the value (``"label 'stance'"``).
    :param lists_ok: take a one-item list for a single-valued field (Label Studio sends
        every choice as a list).
    :param named: how the error's ``details`` name the value (default: the ``value`` field).
    """
    if lists_ok and not field.get("multiple") and isinstance(value, list) and len(value) == 1:
        value = value[0]
    allowed = field["values"]
    details = (named or {"field": "value"}) | {"allowed": list(allowed)}
    choices = listed(allowed, "or")
    if field.get("multiple"):
        if not isinstance(value, list) or not value:
            raise Invalid(f"{what} takes a non-empty list of values from {choices}", details)
        for item in value:
            if not isinstance(item, str) or item not in allowed:
                raise Invalid(f"{what}: {echoed(item)} is not one of {choices}", details)
        if len(set(value)) != len(value):
            raise Invalid(f"{what}: a value appears twice in {echoed(value)}", details)
        # A set has no order: kept in the schema's, so that ["B", "A"] sent by the API or an
        # import is stored, compared (the majority's quorum) and exported as ["A", "B"] is.
        return sorted(value, key=list(allowed).index)
    if not isinstance(value, str) or value not in allowed:
        raise Invalid(f"{what}: {echoed(value)} is not one of {choices}", details)
    return value


def check_sentence(sentence: Any, count: int, document: Any = None) -> None:
    """Raise :class:`Invalid` unless ``sentence`` is the index of one of ``count`` sentences.

    :param document: how the refusal names the document (``#12 (Title)``), or a function
        that says it, called only to refuse: the caller's lookup of its number and title is
        then paid on the way to the refusal, not by every label written.
    """
    if not is_integer(sentence):
        raise Invalid(
            f"'sentence' must be a sentence index or null, got {echoed(sentence)}",
            details={"field": "sentence"},
        )
    if not 0 <= sentence < count:
        named = document() if callable(document) else document
        which = "the document" if named is None else f"document {named}"
        raise Invalid(
            f"{which} has no sentence {sentence} (it has {count}: 0 to {count - 1})",
            details={"field": "sentence", "sentences": count},
        )


def label_field(schema: dict[str, Any], name: Any, *, document: bool) -> dict[str, Any]:
    """Return the schema's document (or sentence) label field ``name``, or raise."""
    kind = "document" if document else "sentence"
    fields = {field["name"]: field for field in schema.get(f"{kind}_labels", [])}
    field = fields.get(name) if isinstance(name, str) else None
    if field is None:
        raise Invalid(
            f"unknown {kind} label {echoed(name)}; the schema has {listed(sorted(fields))}",
            details={"field": "name", "allowed": sorted(fields)},
        )
    return field


def check_attributes(
    definition: dict[str, Any], attributes: Any, *, lists_ok: bool = False
) -> dict[str, Any]:
    """Return the attributes the label allows, without nulls, or raise :class:`Invalid`."""
    if not isinstance(attributes, dict):
        raise Invalid("'attributes' must be an object", details={"field": "attributes"})
    if not attributes:  # most spans have none: no field to look up
        return {}
    fields = {field["name"]: field for field in definition.get("attributes", [])}
    clean: dict[str, Any] = {}
    for name, value in attributes.items():
        field = fields.get(name)
        if field is None:
            raise Invalid(
                f"span label {echoed(definition['name'])} has no attribute {echoed(name)}; "
                f"it has {listed(sorted(fields))}",
                details={
                    "field": "attributes",
                    "attribute": clipped(name),
                    "allowed": sorted(fields),
                },
            )
        if value is None:
            continue  # null leaves the attribute unset
        named = {"field": "attributes", "attribute": name}
        clean[name] = check_value(
            field, value, f"attribute {echoed(name)}", lists_ok=lists_ok, named=named
        )
    return clean


def duplicate_span(existing: Any, label: str, start: int, end: int) -> Conflict:
    """Return the error for a span of ``label`` at ``[start, end)`` where span ``existing``
    has that label and those offsets already.

    A layer holds a span once: a copy would hide a difference from the review (or show two
    with one key), count twice in agreement and exports, and leave the unanimous accept to
    pick one copy's attributes by the order they were made. ``details.span`` names the span
    there, for a client to select it rather than make it (the workspace does).
    """
    return Conflict(
        f"the layer already has a {echoed(label)} span at [{start}, {end}): span {existing}",
        details={"span": existing},
    )


def repeated_spans(
    spans: Iterable[tuple[Any, str, int, int]],
) -> Iterator[tuple[Any, Conflict]]:
    """Yield each span of ``(id, label, start, end)`` that repeats an earlier one's label and
    offsets, with its :func:`duplicate_span` error naming the earlier one."""
    first: dict[tuple[str, int, int], Any] = {}
    for span_id, label, start, end in spans:
        key = (label, start, end)
        if key in first:
            yield span_id, duplicate_span(first[key], label, start, end)
        else:
            first[key] = span_id


def overlap_error(start: int, end: int, other: Any, other_start: int, other_end: int) -> Invalid:
    """Return the error for a span ``[start, end)`` that overlaps span ``other``.

    Two spans overlap when ``start < other_end and end > other_start`` (half-open ranges);
    whether that is allowed is the schema's ``allow_overlap`` (:func:`overlaps_allowed`).
    """
    return Invalid(
        f"the span [{start}, {end}) overlaps span {other} [{other_start}, {other_end}) "
        "and this project does not allow overlapping spans"
    )


def overlaps_allowed(schema: dict[str, Any]) -> bool:
    """Tell whether the schema lets spans of one layer overlap (the default)."""
    return bool(schema.get("allow_overlap", True))


def relation_type(schema: dict[str, Any], name: Any) -> dict[str, Any]:
    """Return the schema's definition of relation type ``name``, or raise :class:`Invalid`."""
    types = {t["name"]: t for t in schema.get("relation_types", [])}
    definition = types.get(name) if isinstance(name, str) else None
    if definition is None:
        raise Invalid(
            f"unknown relation type {echoed(name)}; the schema has {listed(sorted(types))}",
            details={"field": "type", "allowed": sorted(types)},
        )
    return definition


def check_relation_ends(definition: dict[str, Any], ends: dict[str, tuple[Any, str]]) -> None:
    """Raise :class:`Invalid` unless a relation joins two spans whose labels its type allows.

    :param ends: ``{"from": (span id, label), "to": (span id, label)}``.
    """
    if ends["from"][0] == ends["to"][0]:
        raise Invalid(
            "a relation needs two different spans ('from' equals 'to')",
            details={"field": "to", "span": ends["to"][0]},
        )
    for end in ("from", "to"):
        span_id, label = ends[end]
        check_relation_end(definition, end, span_id, label)


def end_allows(definition: dict[str, Any], end: str, label: str) -> bool:
    """Tell whether a relation type lets a ``label`` span stand at its ``end`` (from, to)."""
    return label in definition[end]


def check_relation_end(definition: dict[str, Any], end: str, span_id: Any, label: str) -> None:
    """Raise :class:`Invalid` unless a ``label`` span may stand at ``end`` of the relation."""
    if not end_allows(definition, end, label):
        raise Invalid(
            f"relation type {echoed(definition['name'])} cannot go {end} a {echoed(label)} span "
            f"(span {span_id}); allowed: {definition[end]}",
            details={"field": end, "span": span_id, "label": label, "allowed": definition[end]},
        )


def duplicate_relation(name: str, source: Any, target: Any) -> Conflict:
    """Return the error for a second relation of type ``name`` between the same two spans."""
    return Conflict(
        f"a relation of type {echoed(name)} from span {source} to span {target} already exists",
        details={"from": source, "to": target},
    )


def exceeds_max_per_source(limit: int | None, count: int) -> bool:
    """Tell whether ``count`` relations of one type leaving one span are more than ``limit``
    (the type's ``max_per_source``; None: no limit) allows."""
    return limit is not None and count > limit


def check_max_per_source(definition: dict[str, Any], source: Any, existing: int) -> None:
    """Raise :class:`Conflict` if span ``source`` has its type's ``max_per_source`` already.

    :param existing: how many relations of this type already leave ``source``.
    """
    limit = definition.get("max_per_source")
    if exceeds_max_per_source(limit, existing + 1):
        raise Conflict(
            f"span {source} already has {counted(existing, definition['name'] + ' relation')}; "
            f"the schema allows at most {limit}",
            details={"field": "from", "span": source, "max_per_source": limit},
        )
