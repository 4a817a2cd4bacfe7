"""An annotator's note on the document, as a layer of the ``jsonl`` export carries it.

The export writes it on its annotator's layer (:func:`annotator.core.shapes.
document_note_fields`: ``note`` when it says something, ``unsure: true``); the import takes
it back into the document's note of that annotator. Gold has none: a document's note is an
annotator's own.
"""

from __future__ import annotations

from typing import Any

from annotator.core.shapes import DOCUMENT_NOTE_KEYS

from .spans import bad_note


def check_document_note(
    item: dict[str, Any], gold: bool, problems: list[str]
) -> tuple[str, bool] | None:
    """Return the layer's ``(note, unsure)``, or None when it gives neither (or they are
    wrong: the problem is noted)."""
    given = [key for key in DOCUMENT_NOTE_KEYS if item.get(key) not in (None, False, "")]
    if not given:
        return None
    if gold:
        problems.append(
            f"gold has no {' or '.join(map(repr, given))}: a document's note is an "
            "annotator's own, given on their layer"
        )
        return None
    note, unsure = item.get("note"), item.get("unsure", False)
    why = bad_note(note)
    if why is not None:
        problems.append(f"its note on the document {why}")
        return None
    if not isinstance(unsure, bool):
        problems.append(f"'unsure' must be true or false, not {type(unsure).__name__}")
        return None
    return note or "", unsure
