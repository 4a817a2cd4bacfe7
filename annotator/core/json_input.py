"""Parsing JSON that comes in (files, project files, schemas): every failure a syntax error.

``json.loads`` fails on some text with other errors than ``JSONDecodeError``: ``ValueError``
on an integer of more than 4,300 digits (Python's limit on converting text to an integer) and
``RecursionError`` on arrays or objects nested thousands deep. Readers that caught only the
decode error answered those with a traceback (the command line) or a 500 (the API). Here
each becomes a ``JSONDecodeError`` with its line and column, which every reader already
reports.

``json.loads`` also takes more than JSON: ``NaN``, ``Infinity`` and ``-Infinity``, and reads a
number beyond a float's range (``1e309``) as infinity. No JSON writer can write those values
back: a document's ``meta`` holding one was refused by PostgreSQL (a 500 from the import),
and on SQLite made ``annotator projects dump`` fail and the ``jsonl`` export write a line no
JSON reader takes. Here they are syntax errors too, as RFC 8259 has them.
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import Any

#: What a JSON reader says of text nested too deeply for the parser.
NESTED_TOO_DEEPLY = "nested too deeply"


class _NotJSON(ValueError):
    """A literal the decoder met that JSON does not have (raised by its hooks)."""

    def __init__(self, literal: str, problem: str) -> None:
        super().__init__(problem)
        self.literal, self.problem = literal, problem


def _no_constant(literal: str) -> Any:
    raise _NotJSON(literal, f"{literal} is not a number JSON has")


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NotJSON(literal, f"{_shortened(literal)} is beyond the range of a number")
    return value


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite)


def loads(text: str) -> Any:
    """Parse ``text`` as one JSON value, as ``json.loads`` does, refusing what JSON lacks.

    :raises json.JSONDecodeError: for any text that does not parse, with its position.
    """
    try:
        return _DECODER.decode(text)
    except ValueError as exc:
        raise _syntax_error(exc, text, 0) from None
    except RecursionError:
        raise json.JSONDecodeError(NESTED_TOO_DEEPLY, text, 0) from None


def raw_decode(text: str, start: int = 0) -> tuple[Any, int]:
    """Parse the JSON value at ``start`` of ``text``; return it and where it ends.

    :raises json.JSONDecodeError: for any text that does not parse, with its position.
    """
    try:
        return _DECODER.raw_decode(text, start)
    except ValueError as exc:
        raise _syntax_error(exc, text, start) from None
    except RecursionError:
        raise json.JSONDecodeError(NESTED_TOO_DEEPLY, text, start) from None


def _syntax_error(exc: ValueError, text: str, start: int) -> json.JSONDecodeError:
    """Return ``exc`` as a decode error placed where its value starts in ``text``."""
    if isinstance(exc, json.JSONDecodeError):
        return exc
    if isinstance(exc, _NotJSON):
        return json.JSONDecodeError(exc.problem, text, _place(text, start, exc.literal))
    digits = sys.get_int_max_str_digits()
    where = _place(text, start, None)
    return json.JSONDecodeError(f"a number of more than {digits:,} digits", text, where)


def _place(text: str, start: int, literal: str | None) -> int:
    """Return where ``literal`` (None: the first integer too long to convert) first stands
    as a value, not inside a string, from ``start``; ``start`` if it is not found."""
    limit = sys.get_int_max_str_digits()
    for token in _TOKENS.finditer(text, start):
        digits = token.group("digits")
        if literal is None:
            if digits is not None and limit and len(digits) > limit:
                return token.start()
        elif token.group() == literal:
            return token.start()
    return start


def _shortened(literal: str) -> str:
    return literal if len(literal) <= 20 else f"{literal[:8]}...{literal[-8:]}"


# Strings are matched whole, so that what is inside them is skipped; a number without a
# fraction or exponent is an integer, whose digits Python converts with a limit.
_TOKENS = re.compile(
    r'"(?:[^"\\]|\\.)*"|-?(?P<digits>\d+)(?![\d.eE])|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?'
    r"|-?Infinity|NaN",
    re.S,
)
