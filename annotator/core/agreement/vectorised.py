"""The array implementations under one name, for callers that work on NumPy arrays.

Each measure has one implementation, on arrays; the list functions in :mod:`.spans` and
:mod:`.unitizing` convert their input and call these:

-   span matching: :mod:`.matching`;
-   unitizing alpha: :func:`~.unitizing.unitizing_alpha_arrays`; merging overlapping units
    and a corpus as one continuum: :mod:`.continuum`.
"""

from __future__ import annotations

from .continuum import corpus_unitizing_alpha, merge_units
from .matching import SpanArrays, match, match_exact, match_overlap
from .unitizing import unitizing_alpha_arrays

__all__ = [
    "SpanArrays",
    "corpus_unitizing_alpha",
    "match",
    "match_exact",
    "match_overlap",
    "merge_units",
    "unitizing_alpha_arrays",
]
