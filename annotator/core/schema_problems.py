"""Gather every problem of a schema, so that one refusal says them all.

Each check of :func:`~annotator.core.label_schema.validate_schema` runs inside
:meth:`Found.each`; the refusals found are then raised as one (:func:`all_at_once`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from annotator.core.errors import SchemaError
from annotator.core.schema_place import TOP, Place
from annotator.core.schema_values import entry_list
from annotator.core.wording import counted


class Found:
    """The problems found so far in a schema: each check runs in :meth:`each`, so that one
    problem does not hide the next."""

    def __init__(self) -> None:
        self.errors: list[SchemaError] = []

    @contextmanager
    def each(self) -> Iterator[None]:
        """Run a check, keeping its refusal and going on."""
        try:
            yield
        except SchemaError as exc:
            self.errors.append(exc)

    def list(self, entry: dict[str, Any], key: str, where: Place = TOP) -> list[Any]:
        """Return the list ``key`` of ``entry`` (empty when it is not one, noting that)."""
        try:
            return entry_list(entry, key, where)
        except SchemaError as exc:
            if all(e.message != exc.message for e in self.errors):
                self.errors.append(exc)
            return []

    def raise_any(self) -> None:
        """Raise the problems found, all at once (:func:`all_at_once`), if any."""
        if self.errors:
            raise all_at_once(self.errors)


def all_at_once(errors: list[SchemaError]) -> SchemaError:
    """Return the refusal of a schema with every one of ``errors``: the first's message and
    details (so that a caller reading one place finds it where it was), the others said
    after it in the message and listed in ``details["more"]``, each with its message."""
    first = errors[0]
    if len(errors) == 1:
        return first
    rest = errors[1:]
    more = [
        (e.details if isinstance(e.details, dict) else {}) | {"message": e.message} for e in rest
    ]
    details = (first.details if isinstance(first.details, dict) else {}) | {"more": more}
    said = "; ".join(e.message for e in rest)
    message = f"{first.message}; and {counted(len(rest), 'more problem')}: {said}"
    error = SchemaError(message, details, first.reason)
    error.problems = list(errors)
    return error
