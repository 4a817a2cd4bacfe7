"""Who of the annotators given gets a document: the least loaded, and among those tied on load,
those who have shared the fewest documents with each other, so that pairs rotate.

Least loaded first with ties by the order given made fixed teams: six annotators with three a
document went to {a, b, c} or {d, e, f}, and 9 of the 15 pairs never shared a document, so
their agreement could never be measured. Counting how often each pair has worked together,
and choosing among the tied by it, changes nothing in the loads (the same load levels are
taken, only who among those tied at the last one differs) and brings every pair together
soon. The choice is greedy, one document after another, one annotator after another, and
deterministic: the same history and order give the same teams.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Generic, TypeVar

Person = TypeVar("Person", bound=Hashable)


class TeamRotation(Generic[Person]):
    """The loads and the pairs' documents together of some annotators, and each next team."""

    def __init__(self, people: Sequence[Person]) -> None:
        """Start from nobody having any document; ``people`` in the order ties fall back to."""
        self._index = {person: i for i, person in enumerate(people)}
        self._people = list(people)
        self._loads = [0] * len(people)
        # Documents shared, by pair of positions (a square: read both ways without sorting).
        self._together = [[0] * len(people) for _ in people]

    def count(self, team: Iterable[Person]) -> None:
        """Count a document already held by ``team`` (those not given are left out)."""
        held = [self._index[p] for p in team if p in self._index]
        for i in held:
            self._loads[i] += 1
        self._pair_up([], held)

    def load(self, person: Person) -> int:
        """Return how many documents ``person`` holds, counted and chosen."""
        return self._loads[self._index[person]]

    def loads(self) -> dict[Person, int]:
        """Return each person's load, in the order given."""
        return dict(zip(self._people, self._loads, strict=True))

    def choose(self, have: Iterable[Person], missing: int) -> list[Person]:
        """Choose ``missing`` more people for a document held by ``have``, and count them.

        The least loaded of those not on it are taken; of those tied at the last load level
        taken, one at a time, whoever has shared the fewest documents with the team so far
        (those it has and those chosen), then whoever has shared the most with the others
        still tied (the hardest to place later: without it, the last two of a round were
        left to pair up again), then the order given.
        """
        held = [self._index[p] for p in have if p in self._index]
        loads = self._loads
        free = sorted((i for i in range(len(loads)) if i not in held), key=lambda i: (loads[i], i))
        missing = min(missing, len(free))
        if missing <= 0:
            return []
        level = loads[free[missing - 1]]
        chosen = [i for i in free if loads[i] < level]
        tied = [i for i in free if loads[i] == level]
        while len(chosen) < missing and len(tied) > missing - len(chosen):
            best = self._least_together(tied, held + chosen)
            chosen.append(best)
            tied.remove(best)
        chosen += tied[: missing - len(chosen)]
        for i in chosen:
            loads[i] += 1
        self._pair_up(held, chosen)
        return [self._people[i] for i in chosen]

    def _least_together(self, tied: list[int], team: list[int]) -> int:
        """Return whoever of ``tied`` has shared the fewest documents with ``team``."""
        together = self._together

        def rank(i: int) -> tuple[int, int, int]:
            row = together[i]
            return (sum(row[j] for j in team), -sum(row[j] for j in tied), i)

        return min(tied, key=rank)

    def _pair_up(self, held: list[int], chosen: list[int]) -> None:
        """Count one document more shared by each of ``chosen`` with the others and ``held``."""
        together = self._together
        for n, i in enumerate(chosen):
            for j in held + chosen[:n]:
                together[i][j] += 1
                together[j][i] += 1
