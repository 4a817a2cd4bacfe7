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
    this = request._get_current_object()  # type: ignore[attr-defined]
    if not this.query_string:
        # The span write, the hot path, sends no query: parsing an empty one into Werkzeug's
        # MultiDict cost more than the rest of this function (about 25,000 instructions).
        return None
    args = this.args
    # Asked first: MultiDict.get finds a missing name by raising and dropping an exception.
    given = {name: args.get(name) for name in NAMES if name in args}
    named = {value for value in given.values() if value}
    if len(named) > 1:
        raise Malformed(
            "?layer= and ?annotator= name the same thing; give one, or the same value in both",
            details={"fields": list(NAMES)},
        )
    return named.pop() if named else None
