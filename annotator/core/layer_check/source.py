"""An imported gold item's ``source``: how it was decided and who gave exactly it, as the
exports write it (:func:`annotator.core.gold_source.source_json`), so that a dataset
exported and imported again keeps where its gold came from."""

from __future__ import annotations

from typing import Any, Literal

from annotator.core.gold_source import HOWS

from .result import CleanLayer, ItemSource


def source_of(
    item: dict[str, Any], layer: CleanLayer, where: str, problems: list[str]
) -> ItemSource | None | Literal[False]:
    """Return an item's ``source`` as ``(how, of, annotators)``, None when it has none (or it
    is null), or False when it is malformed or not on a gold item (the problem noted)."""
    value = item.get("source")
    if value is None:
        return None
    reason = None
    if not layer.gold:
        reason = "only a gold item has a 'source' (where gold got it)"
    elif not isinstance(value, dict) or set(value) != {"how", "of", "annotators"}:
        reason = '\'source\' must be an object, {"how", "of", "annotators"}'
    else:
        how, of, names = value["how"], value["of"], value["annotators"]
        if how is not None and how not in HOWS:
            reason = f"'source' how must be one of {', '.join(HOWS)} or null, not {how!r}"
        elif of is not None and (isinstance(of, bool) or not isinstance(of, int) or of < 1):
            reason = f"'source' of must be a number of annotators or null, not {of!r}"
        elif not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
            reason = "'source' annotators must be a list of names"
        else:
            return (how, of, tuple(names))
    problems.append(f"{where}: {reason}")
    return False
