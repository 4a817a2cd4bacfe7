"""Ids split into lists short enough for one ``IN (...)`` each, for queries built per list.

Below every package that reads rows by many ids (the accounts' held work, the schema's final
gold and required fields), so that none of them imports another for it.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Ids per ``IN (...)`` list: well below every database's limit on bound parameters.
BATCH = 500


def chunks(ids: list[int]) -> Iterator[list[int]]:
    """Split ``ids`` into lists of at most :data:`BATCH`."""
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]
