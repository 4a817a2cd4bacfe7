"""The keys the annotation workspace keeps for itself, which no schema may give to a label.

One home for the list: the schema's check refuses them (:mod:`annotator.core.label_schema`),
and the labels page names a stored schema's key that became the workspace's after the
schema was saved (``g`` did, when it went to the document's labels). Such a schema still
loads: its label keeps the key in the workspace (``static/js/keys.js`` asks the schema's keys
first), the key help says so, and the next save of the schema asks for another key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.core.errors import echoed

#: Each key the workspace keeps -> what it does there, as a refusal says it.
WORKSPACE_KEYS: dict[str, str] = {
    "j": "the next sentence",
    "k": "the previous sentence",
    "l": "linking the selected span",
    "g": "going to the document's labels",
    "?": "the key help",
    **{digit: "attribute and field values" for digit in "0123456789"},
    ".": "the next suggestion",
    ",": "the previous suggestion",
}


def reserved_reason(key: str) -> str | None:
    """Why ``key`` may not be a label's (in either case: Shift+J is no free key either), or
    None for a free key."""
    use = WORKSPACE_KEYS.get(key.lower())
    return None if use is None else f"key {echoed(key)} is reserved by the workspace ({use})"


def reserved_keys_held(schema: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The keys a stored schema gives that the workspace now keeps, in the schema's order:
    ``{"key", "use", "kind", "name", "value"}`` (``use``: what the workspace does with it;
    ``value``: the sentence label value whose key it is, None for a span label's own key).
    Empty for every schema saved since the key was kept."""
    held = []
    for label in schema.get("span_labels") or []:
        key = label.get("key")
        if key and reserved_reason(key):
            held.append(_held(key, "span_labels", label["name"], None))
    for field in schema.get("sentence_labels") or []:
        for value, key in zip(field.get("values") or [], field.get("keys") or [], strict=False):
            if key and reserved_reason(key):
                held.append(_held(key, "sentence_labels", field["name"], value))
    return held


def _held(key: str, kind: str, name: str, value: str | None) -> dict[str, Any]:
    use = WORKSPACE_KEYS[key.lower()]
    return {"key": key, "use": use, "kind": kind, "name": name, "value": value}
