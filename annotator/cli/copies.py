"""The lines ``annotator db copies --merge`` prints: each layer's merge, then each project's."""

from __future__ import annotations

from collections.abc import Iterator

from annotator.core.wording import counted
from annotator.services.annotation.copies_merge import LayerMerge


def merge_lines(merges: list[LayerMerge], *, summary: bool = False) -> Iterator[str]:
    """Yield what each layer's merge does (sets merged, relations, sets left for a person),
    and with ``summary`` a line per project of what was removed in how many layers."""
    totals: dict[str, list[int]] = {}
    for merge in merges:
        where, plan = merge.where(), merge.plan
        if merge.final:
            yield from _left_final(merge)
            continue
        for copies in plan.merged:
            kept, removed = copies.span_ids[0], copies.span_ids[1:]
            ids = ", ".join(map(str, removed))
            joined = "; notes joined" if kept in plan.span_notes else ""
            noun = "span" if len(removed) == 1 else "spans"
            yield f"{where}: {copies.said()}: kept span {kept}, removed {noun} {ids}{joined}"
        for relation, copied in plan.removed_relations.items():
            why = (
                "it joined two copies of a span"
                if copied is None
                else f"a copy of relation {copied}"
            )
            yield f"{where}: relation {relation} removed: {why}"
        if plan.moved:
            yield f"{where}: {counted(len(plan.moved), 'relation')} moved onto the spans kept"
        for left in plan.undecided:
            yield (
                f"{where}: {left.copies.said()}, {left.copies.ids_said()}: left for a person's "
                f"decision: {left.reason}"
            )
        if not plan.changes_nothing():
            total = totals.setdefault(merge.project, [0, 0, 0])
            total[0] += len(plan.removed_spans)
            total[1] += len(plan.removed_relations)
            total[2] += 1
    if summary:
        for project, (spans, relations, layers) in totals.items():
            yield (
                f"project {project}: {counted(spans, 'span')} and "
                f"{counted(relations, 'relation')} removed in {counted(layers, 'layer')}"
            )


def _left_final(merge: LayerMerge) -> Iterator[str]:
    """Yield each set of copies of a final gold layer, which the merge leaves as it is."""
    where, plan = f"{merge.where()}: its gold is marked final", merge.plan
    for copies in [*plan.merged, *(left.copies for left in plan.undecided)]:
        yield f"{where}: {copies.said()}, {copies.ids_said()}: left as it is"
    for relation, copied in plan.removed_relations.items():
        if copied is not None:
            yield f"{where}: relation {relation}, a copy of relation {copied}: left as it is"


def left_final_line(merges: list[LayerMerge]) -> str | None:
    """Say how many documents' final gold the merge leaves out (as the project's accept of
    agreed items says its ``skipped_final``), or None when it leaves none."""
    final = sum(merge.final for merge in merges)  # a document has one gold layer
    if not final:
        return None
    return (
        f"Left out {counted(final, 'document')} whose gold is marked final: its copies stay "
        "until a reviewer sets it back to in review (then merge again)"
    )
