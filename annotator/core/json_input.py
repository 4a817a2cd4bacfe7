"""Parsing JSON that comes in (files, project files, schemas): every failure a syntax error.

``json.loads`` fails on some text with other errors than ``JSONDecodeError``: ``ValueError``
on an integer of more than 4,300 digits (Python's limit on converting text to an integer) and
``RecursionError`` on arrays or objects nested thousands deep. Readers that caught only the
decode error answered those with a traceback (the command line) or a 500 (the API). Here
each becomes a ``JSONDecodeError`` with its line and column, which every reader already
reports.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

#: What a JSON reader says of text nested too deeply for the parser.
NESTED_TOO_DEEPLY = "nested too deeply"

_DECODER = json.JSONDecoder()


def loads(text: str) -> Any:
    """Parse ``text`` as one JSON value, as ``json.loads`` does.

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
    """Return ``exc`` as a decode error: itself, or the one for an integer too long."""
    if isinstance(exc, json.JSONDecodeError):
        return exc
    where = _long_integer(text, start)
    if where is None:  # no other ValueError is known; say it at the start
        return json.JSONDecodeError(str(exc), text, start)
    digits = sys.get_int_max_str_digits()
    return json.JSONDecodeError(f"a number of more than {digits:,} digits", text, where)


def _long_integer(text: str, start: int) -> int | None:
    """Return where the first integer too long for Python to convert starts, or None."""
    limit = sys.get_int_max_str_digits()
    for token in _TOKENS.finditer(text, start):
        digits = token.group("digits")
        if digits is not None and limit and len(digits) > limit:
            return token.start()
    return None


# Strings are matched whole so that digits inside them are skipped; a number's integer part
# is what Python converts to an int when it has no fraction or exponent.
_TOKENS = re.compile(
    r'"(?:[^"\\]|\\.)*"|-?(?P<digits>\d+)(?![\d.eE])|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?', re.S
)
