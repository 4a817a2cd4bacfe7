"""The names a label schema may not give: the keys the agreement report keeps for itself.

The report (CONTRACT section 6), its CSV, the suggestion rates and a schema change's renames
key an entry by its name beside keys of their own: ``_all``, the span scores over every label,
and ``document:genre`` (``sentence:stance``), a label field under its kind. A span label
called ``_all``, or a sentence field called ``document:genre`` beside a document field
``genre``, would share a key with another entry, and one of the two would silently replace the
other's figures. Refused by name when a schema is validated (:mod:`annotator.core.label_schema`)
rather than keyed otherwise: the keys are public.
"""

from __future__ import annotations

from annotator.core.vocabulary import ALL_LABELS, DOCUMENT_PREFIX, SENTENCE_PREFIX

#: The entries whose names the report keys (span labels, and label fields under their kind).
KEYED_KINDS = frozenset({"span_labels", "sentence_labels", "document_labels"})


def reserved_name_reason(kind: str, name: str) -> str | None:
    """Say why an entry of ``kind`` may not be called ``name`` (None: it may)."""
    if kind not in KEYED_KINDS:
        return None
    if kind == "span_labels" and name == ALL_LABELS:
        return (
            f"'name' {ALL_LABELS!r} is reserved: the agreement report's entry over every span "
            "label has that key"
        )
    for prefix in (DOCUMENT_PREFIX, SENTENCE_PREFIX):
        if name.startswith(prefix):
            return (
                f"'name' may not start with {prefix!r}: the agreement report and renames key "
                f"label fields so ({prefix}NAME)"
            )
    return None
