"""The plain data every suggester returns: scored spans and the relations between them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SuggestedSpan:
    """A suggested span ``[start, end)`` in code points, with a score from 0 to 1."""

    label: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class SuggestedRelation:
    """A suggested relation between two spans, by their index in the suggestion's spans."""

    type: str
    from_index: int
    to_index: int


@dataclass(frozen=True)
class Suggestions:
    """The spans suggested for one document and the relations between them."""

    spans: list[SuggestedSpan] = field(default_factory=list)
    relations: list[SuggestedRelation] = field(default_factory=list)
