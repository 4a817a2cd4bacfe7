"""What changing a decided difference did to gold, as data and in words.

The one home of both: the review pages flash the sentences built here, the command line
prints them, and the API answers the fields they are built from
(:mod:`annotator.services.review.decision_changes` fills them in).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.wording import counted


@dataclass
class Changed:
    """What changing a decided difference did to gold, each item in words for the reviewer."""

    #: Gold's items changed in place, each with what it became: a span "SOURCE [0, 9)
    #: “Officials”" (as spans are named on pages), a label "sentence 2 stance = FAVOR", an
    #: attribute "claimer = REPORTED of CLAIM [15, 31) “…”".
    replaced: list[tuple[str, str]] = field(default_factory=list)
    #: Gold's items added with the version taken: the other spans of its annotator's
    #: version of a span difference (alice's second claim with her first).
    added: list[str] = field(default_factory=list)
    #: Gold's items removed: by a reopen, or the rest of gold's version of a span
    #: difference where the version taken has fewer spans (alice's second claim, bob's one
    #: taken instead of her two).
    removed: list[str] = field(default_factory=list)
    #: Gold's relations that kept pointing at a span moved onto another version.
    relations_kept: list[str] = field(default_factory=list)
    #: Gold's relations removed with a span, or replaced by the version taken.
    relations_removed: list[str] = field(default_factory=list)
    #: Gold's relations at a span a take removed, re-pointed at the one span of the version
    #: taken that replaces it, each with what it became (alice's second claim's source
    #: relation, now from bob's one claim).
    relations_repointed: list[tuple[str, str]] = field(default_factory=list)
    #: A "none taken" decision was reopened.
    none_reopened: bool = False


def took_instead(changed: Changed) -> str:
    """Say what taking another version in place of gold's did (no annotator named: the page
    may hide their names)."""
    said = ["Took that version into gold instead."]
    for before, after in changed.replaced:
        said.append(f"Gold’s {before} is now {after}.")
    if changed.added:
        said.append(f"Added with it, the rest of that version: {'; '.join(changed.added)}.")
    if changed.relations_kept:
        said.append(
            f"{_relations(changed.relations_kept)} of gold still "
            f"{'points' if len(changed.relations_kept) == 1 else 'point'} at it: "
            f"{'; '.join(changed.relations_kept)}."
        )
    if changed.removed:
        said.append(f"Removed with the version replaced: {'; '.join(changed.removed)}.")
    if changed.relations_repointed:
        moved = "; ".join(
            f"{before} is now {after}" for before, after in changed.relations_repointed
        )
        said.append(
            f"{_relations([b for b, _ in changed.relations_repointed])} at it now "
            f"{'ends' if len(changed.relations_repointed) == 1 else 'end'} at the span that "
            f"replaces it: {moved}."
        )
    if changed.relations_removed and changed.removed:
        said.append(
            f"{_relations(changed.relations_removed)} at it went with it: "
            f"{'; '.join(changed.relations_removed)} (the History restores "
            f"{'it' if len(changed.relations_removed) == 1 else 'them'})."
        )
    elif changed.relations_removed:
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
