"""An imported gold item's ``source``: how it was decided and who gave exactly it, as the
exports write it (:func:`annotator.core.gold_source.source_json`), so that a dataset
exported and imported again keeps where its gold came from."""

from __future__ import annotations

from typing import Any, Literal

from annotator.core.gold_source import source_object_problem

from .result import CleanLayer, ItemSource


def source_of(
    item: dict[str, Any], layer: CleanLayer, where: str, problems: list[str]
) -> ItemSource | None | Literal[False]:
    """Return an item's ``source`` as ``(how, of, annotators)``, None when it has none (or it
    is null), or False when it is malformed or not on a gold item (the problem noted)."""
    value = item.get("source")
    if value is None:
        return None
    if not layer.gold:
        reason = "only a gold item has a 'source' (where gold got it)"
    else:
        problem = source_object_problem(value)
        if problem is None:
            return (value["how"], value["of"], tuple(value["annotators"]))
        reason = f"'source' {problem}"
    problems.append(f"{where}: {reason}")
    return False
