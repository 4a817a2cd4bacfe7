"""Merging a sentence of a document with the next: whose labels the merged sentence keeps.

A merge joins the two sentences' labels; where one layer has different values for the same
field on the two sentences, the merge is refused with each conflict named (409), unless the
reviewer says which sentence's values to keep (``keep="first"`` or ``"second"``). Each label
value the merge deletes or moves is recorded in its layer's history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid
from annotator.core.history import label_snapshot
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import counted
from annotator.db import AppSession
from annotator.models import Document, LabelValue, Layer, Sentence
from annotator.services.datasets.sentence_edits import (
    find_sentence,
    record_edit,
    sentence_json,
    shift_from,
)
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import acting, record_change

#: Which sentence's label values a merge keeps where they differ.
KEEP_CHOICES = ("first", "second")


def merge_sentences(
    session: AppSession,
    actor: Actor | None,
    document: Document,
    index: int,
    keep: str | None = None,
    *,
    shown: ShownNames = AS_NAMED,
) -> dict[str, int]:
    """Merge sentence ``index`` (0-based) with the one after it.

    :param keep: which sentence's label values win where a layer gave the two sentences
        different values for one field; None refuses such a merge.
    :param shown: how the refusal names the layers (as the page that asked names them).
    :return: the merged sentence, as ``{"index", "start", "end"}``.
    :raises Invalid: when ``index`` is the last sentence, or ``keep`` is neither choice.
    :raises Conflict: when labels disagree and ``keep`` is None, saying each one;
        ``details.conflicts`` lists each as ``{"layer", "field", "first", "second"}``.
    """
    if keep is not None and keep not in KEEP_CHOICES:
        raise Invalid(
            f"keep must be one of {', '.join(KEEP_CHOICES)}, not {keep!r}", {"field": "keep"}
        )
    first = find_sentence(session, actor, document, index, "merge sentences")
    # Its labels move with the sentences: gold's too, which stands while final.
    require_gold_open(session, document)
    second = session.scalar(
        select(Sentence).where(Sentence.document_id == document.id, Sentence.index == index + 1)
    )
    if second is None:
        raise Invalid(
            f"sentence {index} is the document's last: there is no next sentence to merge with",
            {"field": "index", "sentence": index},
        )
    layers = select(Layer.id).where(Layer.document_id == document.id).scalar_subquery()
    values = session.scalars(
        select(LabelValue).where(
            LabelValue.layer_id.in_(layers), LabelValue.sentence_index.in_([index, index + 1])
        )
    ).all()
    by_key = {(v.layer_id, v.name, v.sentence_index): v for v in values}
    conflicts, dropped = [], []
    for value in values:
        if value.sentence_index != index + 1:
            continue
        other = by_key.get((value.layer_id, value.name, index))
        if other is None or other.value == value.value:
            continue
        if keep is None:
            layer = session.get(Layer, value.layer_id)
            assert layer is not None  # a label value's layer is a foreign key
            conflicts.append(
                {
                    "layer": shown(layer.name),
                    "field": value.name,
                    "first": other.value,
                    "second": value.value,
                }
            )
        else:
            dropped.append(value if keep == "first" else other)
    if conflicts:
        raise Conflict(_labels_differ(conflicts), {"conflicts": conflicts})
    before = [sentence_json(first), sentence_json(second)]
    for value in dropped:
        _record_label(session, actor, value, None)
        session.delete(value)
    session.flush()
    # What is left of the second sentence's labels joins the first's (a same value is kept once).
    for value in values:
        if value.sentence_index == index + 1 and value not in dropped:
            twin = by_key.get((value.layer_id, value.name, index))
            if twin is not None and twin not in dropped:
                _record_label(session, actor, value, None)
                session.delete(value)
            else:
                _record_label(session, actor, value, index)
                value.sentence_index = index
                # Moved, not given again: its given time stays (core/given_targets), written
                # as it is rather than the column's now.
                flag_modified(value, "updated_at")
    session.flush()
    first.end = second.end
    session.delete(second)
    session.flush()
    shift_from(session, document.id, index + 2, -1)
    merged = sentence_json(first)
    record_edit(session, actor, document, "sentence.merge", index, before, [merged])
    return merged


def _labels_differ(conflicts: list[dict[str, Any]]) -> str:
    """Say each field a layer gave the two sentences different values for (the API's and the
    review page's refusal alike)."""
    said = "; ".join(
        f"{c['layer']}: {c['field']} is {c['first']} on the first sentence and {c['second']} "
        "on the second"
        for c in conflicts
    )
    return (
        f"the labels differ in {counted(len(conflicts), 'case')} ({said}); say which "
        "sentence's labels to keep (keep: first or second)"
    )


def _record_label(
    session: AppSession, actor: Actor | None, value: LabelValue, moved_to: int | None
) -> None:
    """Record in the layer's history a label value a merge deletes (or moves to ``moved_to``)."""
    layer = session.get(Layer, value.layer_id)
    assert layer is not None  # a label value's layer is a foreign key
    before = label_snapshot(value.sentence_index, value.name, value.value)
    after = None if moved_to is None else label_snapshot(moved_to, value.name, value.value)
    action = "delete" if after is None else "update"
    with acting(session, actor, "sentence-edit"):
        record_change(session, layer, "label", action, value.id, before, after)
