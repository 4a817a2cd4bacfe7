"""A difference's identity: the same difference gets the same key in any database.

Pure. A reviewer's decision that gold holds none of a difference's versions
(:mod:`annotator.services.review.none_taken`) is kept under this key, so it must not
depend on database ids (a project moved by dump and load gets new ones) nor on how the
page names the annotators (the review can be anonymous). The key is built from the
difference's kind and the sorted contents of its versions' items: a span by label, bounds
and attributes, a relation by type and its ends' labels and bounds, a label value by unit,
name and value. When an annotator changes one of those items the key changes too, and the
difference is a new one, still to decide.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

#: Hex digits of the digest kept: one document has at most a few thousand differences.
KEY_LENGTH = 20


def difference_key(kind: str, items: Iterable[Any]) -> str:
    """Return the key of a difference of ``kind`` whose versions hold ``items``.

    :param items: one JSON-able value per version (duplicates count: two annotators who
        gave the same item are not one).
    """
    canonical = json.dumps(
        [kind, sorted(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items)],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:KEY_LENGTH]


def is_difference_key(text: str) -> bool:
    """Tell whether ``text`` looks like a key :func:`difference_key` returns."""
    return len(text) == KEY_LENGTH and all(c in "0123456789abcdef" for c in text)
