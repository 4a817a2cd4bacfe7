"""The layer a request names: ``?layer=`` and ``?annotator=`` are two names for one thing.

Reads of a document's annotations were documented with ``?annotator=NAME|gold`` and writes
with ``?layer=gold``; a caller who used the other name was silently given their own layer.
Every endpoint that takes a layer reads it here, so that either name works everywhere.
"""

from __future__ import annotations

from flask import request

from annotator.core.errors import Malformed

NAMES = ("layer", "annotator")


def asked_layer() -> str | None:
    """Return the layer named by ``?layer=`` or ``?annotator=`` (None when neither names one).

    :raises Malformed: when both are given and name different layers.
    """
    args = request._get_current_object().args  # type: ignore[attr-defined]
    # Asked first: MultiDict.get finds a missing name by raising and dropping an exception,
    # and the span write path, which passes neither, is the hot one.
    given = {name: args.get(name) for name in NAMES if name in args}
    named = {value for value in given.values() if value}
    if len(named) > 1:
        raise Malformed(
            "?layer= and ?annotator= name the same thing; give one, or the same value in both",
            details={"fields": list(NAMES)},
        )
    return named.pop() if named else None
