"""Splits of an export that hold one text twice, under two documents' ids.

A text imported twice under two ids (a file copied as ``train.txt`` and ``eng.train``) is
two documents, each drawn into a split by its own id: the two can land in train and test,
and a model is then tested on a text it was trained on. The split export warns of it,
naming the ids, as the import warned when the second copy came in
(:mod:`annotator.services.datasets.same_texts`). Compared by the documents' content hashes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.core.wording import CountedPhrase

#: Texts named in the warning; the rest are counted.
SHOWN = 20


def texts_across_splits(
    documents: Mapping[str, Sequence[str]], hashes: Mapping[str, str]
) -> tuple[CountedPhrase, int] | None:
    """Return the warning for texts that ``documents`` (external ids by split) put in more
    than one split, and how many such texts; None when no text is in two splits.

    :param hashes: each external id's content hash.
    """
    where: dict[str, list[tuple[str, str]]] = {}
    for split, ids in documents.items():
        for external_id in ids:
            where.setdefault(hashes[external_id], []).append((external_id, split))
    spread = [places for places in where.values() if len({split for _, split in places}) > 1]
    if not spread:
        return None
    shown = "; ".join(
        " = ".join(f"{external_id!r} ({split})" for external_id, split in places)
        for places in spread[:SHOWN]
    ) + ("; ..." if len(spread) > SHOWN else "")
    phrase = CountedPhrase(
        f"text in more than one split, under different document ids: {shown}",
        f"texts in more than one split, under different document ids: {shown}",
    )
    return phrase, len(spread)
