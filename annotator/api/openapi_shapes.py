"""The building blocks of the OpenAPI description: a reference, an object schema and an
integer schema, and the shapes that several resources and operations share (a label value,
a gold item's source, a value given toward an earlier target, a document's targets)."""

from __future__ import annotations

from typing import Any

JSON = "application/json"


def ref(name: str) -> dict[str, str]:
    """Return a reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: list[str], **properties: Any) -> dict[str, Any]:
    """Return an object schema."""
    return {"type": "object", "required": required, "properties": properties}


def integer(description: str = "", minimum: int | None = None) -> dict[str, Any]:
    """Return an integer schema."""
    schema: dict[str, Any] = {"type": "integer"}
    if description:
        schema["description"] = description
    if minimum is not None:
        schema["minimum"] = minimum
    return schema


STR = {"type": "string"}
NULLABLE_STR = {"type": ["string", "null"]}
LABEL_VALUE = {
    "description": "A value of the field, a list of distinct values for a `multiple` field, "
    "or null (to clear, in a request).",
    "oneOf": [{"type": "string"}, {"type": "array", "items": STR}, {"type": "null"}],
}

#: Where a gold item came from (annotator/core/gold_source.py): in the exports' gold items
#: and on the gold changes of a layer's history.
GOLD_SOURCE = obj(
    ["how", "of", "annotators"],
    how={
        "type": ["string", "null"],
        "enum": ["unanimous", "majority", "chosen", "written", None],
        "description": "Accepted because all the annotators (`unanimous`) or more than half "
        "(`majority`) gave it alike; a reviewer took an annotator's version (`chosen`); or a "
        "reviewer wrote it in gold by hand (`written`). A relation whose end span moved names "
        "those whose own relation now ends there too, and becomes `chosen` (`written` when "
        "nobody gave it) if they are others. Null: decided before this was kept.",
    },
    of={
        "type": ["integer", "null"],
        "description": "For a quorum: over how many annotators it was counted; else null.",
    },
    annotators={
        "type": "array",
        "items": STR,
        "description": "Those whose own item is exactly the gold one (a span's label, "
        "offsets and attributes; a relation's type and ends; a label's value, a set as a "
        "set), sorted; empty for one written by hand or that nobody gave exactly; "
        '`["suggestions"]` for a suggestion accepted into gold.',
    },
)

#: A label value given toward a target its field has since changed (services.annotation.
#: older_targets): told by when it was written, only in a layer the API reads.
GIVEN_TOWARD = obj(
    ["target", "version", "words", "changed"],
    target=NULLABLE_STR | {"description": "The field's target then (null: none)."},
    version=integer("The schema version the value was given under."),
    words=STR
    | {
        "description": "In words: given when the target was 'A' (or the description was "
        "'D', or both)."
    },
    changed={
        "type": "array",
        "items": {"type": "string", "enum": ["target", "description"]},
        "description": "Which of the field's wordings changed since the value was given.",
    },
    description=NULLABLE_STR
    | {"description": "The field's description then (null: none), when it changed."},
    target_from=STR
    | {
        "description": "The document meta key the field took each document's target from "
        "then (`target` the fallback); only when it had one."
    },
) | {
    "description": "Only on a value given before its field's target or description changed "
    "(told by the time it was last given against the schema versions' times, its field "
    "followed through renames; a rename is no giving)."
}

#: What each label field's values are toward on one document (core.document_targets).
TARGETS = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "Each label field's target on this document: a sentence field by its name, "
    "a document field as `document:NAME`; a field with `target_from` has the document's own "
    "(its meta value), else its `target`. Fields without a target are left out.",
}
