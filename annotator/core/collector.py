"""Python's cyclic garbage collector paused over a bulk read.

Reading tens of thousands of rows makes hundreds of thousands of small objects (rows, tuples,
the differences between layers), and every 700 allocations the collector looks through the
young ones; as the heap grows it looks through all of it again and again. None of those
objects form cycles: they are freed by their reference counts as the read goes on, so the
collector's passes find nothing. Paused, the review list's whole count over 4,000 documents
took 15 to 25 % less CPU (docs/benchmarks.md, "The collector paused").
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector inside the block; collection resumes after it.

    The switch is the process's: another thread's request runs without it meanwhile too,
    which only delays its collection. Nested or overlapping blocks leave it on at the end,
    as the first one found it.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
