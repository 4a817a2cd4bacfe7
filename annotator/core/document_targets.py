"""The target of a label field on one document (pure).

A label field's ``target`` says what its values are toward ("stance toward NATO"), one string
for the whole project. A desk covering many topics in one project names instead, with
``target_from``, the key of the documents' ``meta`` (from import) that holds each document's
own target; the field's ``target``, if any, stays the fallback for a document without that
meta value. Every face that shows a field's target (the workspace through the API, the review
page, the curation view, ``adjudicate differences``, the exports) asks :func:`target_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.core.schema_renames import KINDS

#: The longest meta key a field may take its target from.
TARGET_FROM_MAX = 80


def meta_target(meta: Mapping[str, Any] | None, key: str) -> str | None:
    """Return ``meta[key]`` as a target: text or a number, said as text; None for anything
    else (missing, empty, a list or an object), so that the field's fallback is used."""
    value = (meta or {}).get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def target_of(entry: Mapping[str, Any], meta: Mapping[str, Any] | None) -> str | None:
    """Return the target of the label field ``entry`` on a document with ``meta``: its
    ``meta[target_from]`` when it has one, else the field's ``target`` (None: none)."""
    key = entry.get("target_from")
    own = meta_target(meta, key) if key else None
    return own if own is not None else (entry.get("target") or None)


def document_targets(
    schema: Mapping[str, Any], meta: Mapping[str, Any] | None
) -> dict[tuple[str, str], str | None]:
    """Return the target of every label field of ``schema`` on a document with ``meta``, by
    ``(kind, name)``, kind ``sentence`` or ``document`` (None: none)."""
    return {
        (kind, entry["name"]): target_of(entry, meta)
        for kind in ("sentence", "document")
        for entry in schema.get(KINDS[kind]) or []
    }


def targets_answer(schema: Mapping[str, Any], meta: Mapping[str, Any] | None) -> dict[str, str]:
    """Return the API's ``targets``: each field with a target on the document, a sentence
    field by its name and a document field as ``document:NAME`` (as the agreement report
    keys them, since a sentence and a document field may share a name)."""
    return {
        (name if kind == "sentence" else f"document:{name}"): target
        for (kind, name), target in document_targets(schema, meta).items()
        if target is not None
    }


def per_document_fields(schema: Mapping[str, Any], kind: str) -> list[Mapping[str, Any]]:
    """Return the label fields of ``kind`` (``sentence`` or ``document``) that take each
    document's target from its meta: those whose target a row-per-sentence or per-document
    export carries beside their values (one target for all is in its header)."""
    return [entry for entry in schema.get(KINDS[kind]) or [] if entry.get("target_from")]


def row_targets(
    schema: Mapping[str, Any], kind: str, meta: Mapping[str, Any] | None
) -> dict[str, str | None]:
    """Return, by name, the target on a document with ``meta`` of each field of ``kind`` that
    :func:`per_document_fields` names (None: none), as an export row carries them."""
    return {entry["name"]: target_of(entry, meta) for entry in per_document_fields(schema, kind)}
