"""A label write that says what it expects to replace: refused when the layer holds another.

Two tabs on one sentence: tab A set FAVOR, then tab B (still showing no value) pressed AGAINST
and overwrote it without a word, and B's Ctrl+Z then cleared the stance. A write that sends
``previous`` (the value the page shows) is refused with 409 when the stored value differs,
naming the value now stored, as a stale span write is. Without ``previous`` nothing is checked.
"""

from __future__ import annotations

from typing import Any

from annotator.core.errors import Conflict
from annotator.core.wording import sentence_said


def same_value(stored: Any, previous: Any) -> bool:
    """Whether ``previous`` is the stored value; a field that takes many compares its values
    in any order, and an empty list is no value."""
    if isinstance(stored, list) or isinstance(previous, list):
        return sorted(map(str, stored or [])) == sorted(map(str, previous or []))
    return bool(stored == previous)


def value_said(value: Any) -> str:
    """Say a stored value: "FAVOR", "FAVOR, AGAINST", or "no value"."""
    if value is None or value == []:
        return "no value"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def check_previous(stored: Any, previous: Any, sentence: int | None, name: str) -> None:
    """Refuse a write whose ``previous`` is not the value stored.

    :raises Conflict: naming the field, its sentence (by its index from 0, as the request's
        ``sentence``, ``details.sentence`` and every other API message give it; the
        workspace says it numbered from 1 in its own words, ``static/js/api.js``
        ``pageMessage``) and the value now stored, with ``details``: ``reason``
        ``label_changed``, ``sentence``, ``name`` and ``value`` (the stored value).
    """
    if same_value(stored, previous):
        return
    where = "the document" if sentence is None else sentence_said(sentence, "api")
    raise Conflict(
        f"{name!r} on {where} was changed elsewhere (another tab, or a reviewer): "
        f"it is now {value_said(stored)}",
        details={"reason": "label_changed", "sentence": sentence, "name": name, "value": stored},
    )
