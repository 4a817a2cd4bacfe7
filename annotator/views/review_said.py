"""What the review pages say an accept did to gold: a relation names the end spans it
brought along. Taking another version instead and reopening are said by
:mod:`annotator.core.gold_changes`, which the command line and the API share."""

from __future__ import annotations


def accepted(kind: str, brought: list[str]) -> str:
    """Say an accept: a relation names the end spans it brought into gold with it (they
    decide their own differences too, which the reviewer can change)."""
    if not brought:
        return f"Accepted the {kind} into gold."
    return (
        f"Accepted the {kind} into gold; it brought its "
        f"{'end' if len(brought) == 1 else 'ends'} into gold too: {'; '.join(brought)}."
    )
