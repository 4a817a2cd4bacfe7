"""JSON text by encoders built once: the history's snapshots, JSON columns, the API's answers.

``json.dumps`` with any option makes a ``JSONEncoder`` per call, and every ``encode`` builds
its C encoder again before the first character: about 8,000 instructions a call, more than
encoding a span's snapshot itself (docs/benchmarks.md, "Span writes, round 9"), and a span
write encodes three values. :func:`encoder` builds the C encoder once and keeps it.

The text is ``JSONEncoder.encode``'s to the character: each encoder is compared with it on
sample values when built, and is that method itself wherever the C encoder is missing or
writes differently. Kept C encoders do not look for circular references (a value that holds
itself raises ``RecursionError``, not ``ValueError``); nothing here encodes such a value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json import encoder as _stdlib
from typing import Any

#: Values each kept encoder must write as ``JSONEncoder.encode`` does.
_SAMPLES: tuple[Any, ...] = (
    {},
    {"label": "CLAIM", "start": 0, "end": 3, "attributes": {"b": [1, 2.5, None], "a": True}},
    {"text": 'ünïcode ✓ "quoted" \\ \n\t', "emoji": "🦜", "n": -(2**70), "f": 1e-7},
    [{"z": 1, "a": {"y": [], "b": False}}, "x", 3, 0.1],
    "just text",
    None,
)


class _Kept:
    """A C encoder built once. Its ``encode`` is a bound method, not a closure: psycopg warns
    of a closure given as a JSON dumps function (it keeps one adapter per function)."""

    __slots__ = ("_made",)

    def __init__(self, made: Callable[[Any, int], Any]) -> None:
        self._made = made

    def encode(self, value: Any) -> str:
        """Return the JSON text of ``value``."""
        if type(value) is dict and not value:
            # Whatever the options: a span's attributes, mostly none, are a JSON column of
            # every span write, and the C encoder's start costs about 2,500 instructions.
            return "{}"
        return "".join(self._made(value, 0))


def _refuse(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def encoder(
    *,
    ensure_ascii: bool = True,
    sort_keys: bool = False,
    separators: tuple[str, str] = (", ", ": "),
    default: Callable[[Any], Any] | None = None,
) -> Callable[[Any], str]:
    """Return a function giving ``JSONEncoder(<these options>).encode(value)`` for a value.

    The defaults are ``json.dumps``'s.
    """
    item_separator, key_separator = separators
    plain = json.JSONEncoder(
        ensure_ascii=ensure_ascii,
        sort_keys=sort_keys,
        separators=separators,
        default=default or _refuse,
    ).encode
    make = getattr(_stdlib, "c_make_encoder", None)
    if make is None:
        return plain
    # The arguments JSONEncoder.iterencode gives it, with no markers (no circular check).
    strings = _stdlib.encode_basestring_ascii if ensure_ascii else _stdlib.encode_basestring
    try:
        made = make(
            None,
            default or _refuse,
            strings,
            None,
            key_separator,
            item_separator,
            sort_keys,
            False,
            True,
        )
    except TypeError:  # a C encoder that takes other arguments
        return plain

    encode = _Kept(made).encode
    try:
        alike = all(encode(sample) == plain(sample) for sample in _SAMPLES)
    except (TypeError, ValueError):
        alike = False
    return encode if alike else plain
