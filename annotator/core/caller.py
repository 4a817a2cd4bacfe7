"""Who made a request: the user's id, name and global role, as read with the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from annotator.core.vocabulary import REVIEWER_ROLES


@dataclass(frozen=True, slots=True)
class Caller:
    """The signed-in user of a request, as pages, templates and services read it.

    Not the ORM's ``User``: a request reads three of its columns, and a detached ``User``
    made of them cost about 17,000 instructions of a span write in SQLAlchemy's instance
    state (docs/benchmarks.md, "Span writes, round 12"). Immutable: a change to the user is
    made on a ``User`` loaded in a session (``session.get(User, caller.id)``).
    """

    id: int
    username: str
    role: str

    @property
    def is_reviewer(self) -> bool:
        """Tell whether the user may read every layer and write gold."""
        return self.role in REVIEWER_ROLES


class Actor(Protocol):
    """The user a service acts for, as it reads them: a request's :class:`Caller`, or a ``User``
    loaded by the command line. What a service changes of a user is done on a ``User`` it
    loads itself."""

    @property
    def id(self) -> int: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def is_reviewer(self) -> bool: ...
