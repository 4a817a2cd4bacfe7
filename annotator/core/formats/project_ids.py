"""The span, relation and label value ids of a project file: declared up front, then claimed.

A project file gives every span and relation its id (version 4 on) and every label value its
id (version 5 on), and declares all of a
kind's ids in ``ids`` records before the first document, as ordered, disjoint ``[start,
end)`` ranges. A load can then ask the database once whether any of them is taken, before
it stores a single row, and keep every id or number the kind anew (one rule for the whole
kind, so that ids keep their order inside each layer either way). The documents' ids are
then claimed against the declaration: each must be declared and claimed once, and every
declared id claimed by the end, so that what the load checked is exactly what it stores.
Memory is one bit per claimed id's block of ids: a block of :data:`_BLOCK` bits is made when
an id in it is first claimed, so that what a file declares costs nothing until its documents
hold it (a bit per declared id, made up front, was 128 GB for a line declaring 2**40 ids).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from annotator.core.formats.project_file import ProjectFileError
from annotator.core.limits import INT_MAX
from annotator.core.wording import counted

#: Ids a block of claimed marks covers (4 KB).
_BLOCK = 8 * 4096

#: The kinds of items that carry ids, as ``ids`` records and changes name them, and the list
#: of a layer that holds them.
ITEM_PARTS = {"span": "spans", "relation": "relations", "label": "labels"}
ID_KINDS = tuple(ITEM_PARTS)
#: The format version whose items of a kind first carried their ids.
_IDS_SINCE = {"span": 4, "relation": 4, "label": 5}


def empty_by_kind() -> dict[str, dict[Any, Any]]:
    """Return an empty mapping for each kind of item with ids (one place lists the kinds)."""
    return {kind: {} for kind in ID_KINDS}


@cache
def id_kinds(version: int) -> tuple[str, ...]:
    """Return the kinds whose items carry ids in a file of format ``version``."""
    return tuple(kind for kind in ID_KINDS if _IDS_SINCE[kind] <= version)


def id_ranges(ids: Iterable[int]) -> Iterator[list[int]]:
    """Yield ascending ids as ``[start, end)`` ranges of consecutive ids, as they come."""
    current: list[int] | None = None
    for item in ids:
        if current is not None and current[1] == item:
            current[1] = item + 1
            continue
        if current is not None:
            yield current
        current = [item, item + 1]
    if current is not None:
        yield current


class DeclaredIds:
    """The ids of one kind that a file declares, and which of them its documents claimed."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ranges: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._before: list[int] = []  # how many ids the earlier ranges hold
        self.total = 0
        self.claimed = 0
        self._seen: dict[int, bytearray] = {}  # block number -> a bit per id in it

    @property
    def top(self) -> int:
        """Return the largest declared id (0 when none is)."""
        return self.ranges[-1][1] - 1 if self.ranges else 0

    def declare(self, ranges: list[list[int]], line: int) -> None:
        """Add an ``ids`` record's ranges, which must follow the ones before in order."""
        for i, (start, end) in enumerate(ranges):
            if not (1 <= start < end) or start < (self.ranges[-1][1] if self.ranges else 1):
                raise ProjectFileError(
                    line,
                    f"ranges[{i}]",
                    f"[{start}, {end}] is not a range of {self.kind} ids after the ones before",
                )
            if end - 1 > INT_MAX:
                raise ProjectFileError(
                    line,
                    f"ranges[{i}]",
                    f"[{start}, {end}] goes past {INT_MAX}, the largest id a column holds",
                )
            self._starts.append(start)
            self._before.append(self.total)
            self.ranges.append((start, end))
            self.total += end - start

    def claim(self, item: int | None, line: int, field: str) -> None:
        """Record that a document holds the id ``item``: declared, and not claimed before."""
        if item is None:
            raise ProjectFileError(line, field, f"a {self.kind} needs its id in this version")
        at = bisect_right(self._starts, item) - 1
        if at < 0 or item >= self.ranges[at][1]:
            raise ProjectFileError(
                line, field, f"{self.kind} id {item} is not among the file's ids records"
            )
        place = self._before[at] + item - self._starts[at]
        block, place = divmod(place, _BLOCK)
        seen = self._seen.get(block)
        if seen is None:
            seen = self._seen[block] = bytearray(_BLOCK // 8)
        byte, bit = divmod(place, 8)
        if seen[byte] >> bit & 1:
            raise ProjectFileError(line, field, f"a second {self.kind} with id {item}")
        seen[byte] |= 1 << bit
        self.claimed += 1

    def check_all_claimed(self, line: int) -> None:
        """Refuse a file whose ids records declare ids that no document holds."""
        if self.claimed != self.total:
            raise ProjectFileError(
                line,
                None,
                f"the ids records declare {counted(self.total, self.kind + ' id')}, "
                f"the documents hold {counted(self.claimed, self.kind)}",
            )
