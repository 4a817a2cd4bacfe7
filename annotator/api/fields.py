"""Reading typed fields out of a JSON body, with a 400 naming the field when one is wrong.

Types are checked here (a bool is not an integer, 3.5 is not an integer, an integer must fit
the database's 32-bit columns); whether a well-typed value makes sense is the services' job (422).
An integer is what JSON Schema calls one (the OpenAPI document promises it): a number without a
fraction, so that ``3.0`` is 3.
"""

from __future__ import annotations

from typing import Any

from flask import request

from annotator.core.errors import Invalid, Malformed, echoed, no_such
from annotator.core.limits import INT_MAX, INT_MIN, column_integer
from annotator.core.paging import count_refusal
from annotator.core.text import unstorable_reason

_MISSING: Any = object()


def _get(body: dict[str, Any], name: str, required: bool) -> Any:
    if name in body:
        return body[name]
    if required:
        raise Malformed(f"the field {name!r} is missing", details={"field": name})
    return _MISSING


def _wrong(name: str, expected: str, value: Any) -> Malformed:
    got = "null" if value is None else type(value).__name__
    return Malformed(f"the field {name!r} must be {expected}, got {got}", details={"field": name})


def integer(
    body: dict[str, Any], name: str, *, required: bool = True, nullable: bool = False
) -> Any:
    """Return an integer field (None when nullable and null; ``_MISSING`` when absent)."""
    value = _get(body, name, required)
    if value is _MISSING or (value is None and nullable):
        return value
    whole = _whole(value)
    if whole is None:
        raise _wrong(name, "an integer", value)
    value = whole
    if not INT_MIN <= value <= INT_MAX:
        raise Malformed(
            f"the field {name!r} is out of range ({INT_MIN} to {INT_MAX})", details={"field": name}
        )
    return value


def optional_integer(body: dict[str, Any], name: str, *, nullable: bool = True) -> int | None:
    """Return an optional integer field; absent and null alike are None (the caller's default).

    :param nullable: False where the description says integer and no null: null is refused.
    """
    value = integer(body, name, required=False, nullable=nullable)
    return None if value is _MISSING else value


def peek_integer(body: Any, name: str) -> int | None:
    """Return an integer field of a body not yet checked, or None for anything else.

    For a lookup that can use the value early; :func:`integer` still checks it in turn.
    """
    value = _whole(body.get(name)) if isinstance(body, dict) else None
    if value is None or not INT_MIN <= value <= INT_MAX:
        return None
    return value


def _whole(value: Any) -> int | None:
    """Return ``value`` as an int if JSON Schema calls it an integer (3 or 3.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def string(
    body: dict[str, Any], name: str, *, required: bool = True, nullable: bool = False
) -> Any:
    """Return a string field (``_MISSING`` when absent and optional; None when nullable and
    null).

    A string no database stores as text (a NUL, or a lone surrogate from a JSON "\\ud800"
    escape) is refused here for every field, as a value (422: it is a string all the same):
    stored, it answered 500 (SQLite cannot encode a surrogate; PostgreSQL refuses NUL).
    """
    value = _get(body, name, required)
    if value is None and nullable:
        return value
    if value is not _MISSING and not isinstance(value, str):
        raise _wrong(name, "a string or null" if nullable else "a string", value)
    reason = unstorable_reason(value) if isinstance(value, str) else None
    if reason is not None:
        raise Invalid(f"the field {name!r} {reason}", details={"field": name})
    return value


def string_list(
    body: dict[str, Any], name: str, described: str, *, nonempty: bool = False
) -> list[str] | None:
    """Return a list-of-strings field (None when absent or null), each string one a database
    stores as text, as :func:`string` refuses for a single one.

    :param described: what the list is, for the refusal ("a list of user names").
    """
    value = body.get(name)
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) for v in value)
        or (nonempty and not value)
    ):
        raise Malformed(f"the field {name!r} must be {described}", details={"field": name})
    for item in value:
        reason = unstorable_reason(item)
        if reason is not None:
            message = f"the field {name!r} holds a value that {reason}"
            raise Invalid(message, details={"field": name})
    return value


def flag(body: dict[str, Any], name: str, *, default: bool = False) -> bool:
    """Return an optional true/false field, ``default`` when absent."""
    value = _get(body, name, False)
    if value is _MISSING:
        return default
    if not isinstance(value, bool):
        raise _wrong(name, "true or false", value)
    return value


def mapping(body: dict[str, Any], name: str, *, required: bool = True) -> Any:
    """Return an object field (``_MISSING`` when absent and optional; null counts as absent)."""
    value = _get(body, name, required)
    if value is None and not required:
        return _MISSING
    if value is not _MISSING and not isinstance(value, dict):
        raise _wrong(name, "an object", value)
    return value


def present(value: Any) -> bool:
    """Tell whether an optional field was given."""
    return value is not _MISSING


def whole_query(name: str, most: int = INT_MAX) -> int | None:
    """Return a query parameter that counts from 1 (``page``), None when absent or empty.

    :param most: the largest value it takes, which the refusal names (a page of eleven
        digits is a whole number from 1: the limit is what it breaks).
    :raises Malformed: anything but digits, or a number outside 1 to ``most``.
    """
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    value = column_integer(raw)
    if not value or value > most:
        raise count_refusal(name, most)
    return value


#: How a yes-or-no query parameter may be given; absent or empty is no.
_QUERY_YES, _QUERY_NO = ("1", "true"), ("0", "false", "")


def query_flag(name: str) -> bool:
    """Return a yes-or-no query parameter (``?include_held=1``): false when absent.

    :raises Malformed: a value other than ``1``/``true`` or ``0``/``false``, naming the
        parameter.
    """
    raw = request.args.get(name)
    value = "" if raw is None else raw.strip().lower()
    if value not in _QUERY_YES + _QUERY_NO:
        raise Malformed(
            f"the query parameter {name!r} must be 1 or 0 (true or false), not {echoed(raw)}",
            details={"field": name},
        )
    return value in _QUERY_YES


def row_id(value: int, kind: str) -> int:
    """Return a URL id, or raise :class:`NotFound` for one no row can have."""
    if not 0 < value <= INT_MAX:
        raise no_such(kind, value)
    return value
