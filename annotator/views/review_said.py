"""What the review pages say a decision did to gold: accepting a relation with the end spans
it brought along, taking another version of a decided difference instead, reopening one."""

from __future__ import annotations

from annotator.core.wording import counted
from annotator.services.review.decision_changes import Changed


def accepted(kind: str, brought: list[str]) -> str:
    """Say an accept: a relation names the end spans it brought into gold with it (they
    decide their own differences too, which the reviewer can change)."""
    if not brought:
        return f"Accepted the {kind} into gold."
    return (
        f"Accepted the {kind} into gold; it brought its "
        f"{'end' if len(brought) == 1 else 'ends'} into gold too: {'; '.join(brought)}."
    )


def took_instead(changed: Changed) -> str:
    """Say what taking another version in place of gold's did (no annotator named: the page
    may hide their names)."""
    said = ["Took that version into gold instead."]
    for before, after in changed.replaced:
        said.append(f"Gold’s {before} is now {after}.")
    if changed.relations_kept:
        said.append(
            f"{_relations(changed.relations_kept)} of gold still "
            f"{'points' if len(changed.relations_kept) == 1 else 'point'} at it: "
            f"{'; '.join(changed.relations_kept)}."
        )
    if changed.relations_removed:
        said.append(f"Replaced: {'; '.join(changed.relations_removed)}.")
    return " ".join(said)


def reopened(changed: Changed) -> str:
    """Say what reopening a difference took out of gold."""
    if changed.none_reopened or not changed.removed:
        return "Reopened the difference."
    said = [f"Reopened the difference: removed from gold {'; '.join(changed.removed)}."]
    if changed.relations_removed:
        said.append(
            f"{_relations(changed.relations_removed)} at it went with it: "
            f"{'; '.join(changed.relations_removed)} (the History restores "
            f"{'it' if len(changed.relations_removed) == 1 else 'them'})."
        )
    return " ".join(said)


def _relations(items: list[str]) -> str:
    count = counted(len(items), "relation")
    return count[0].upper() + count[1:]
