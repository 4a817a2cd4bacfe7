"""Fixing a document's sentence boundaries: split a sentence at a point, merge it with the next.

A reviewer (or an admin) corrects the splitter before or after annotation. Spans are stored
by offsets into the text, which never changes, so they stay exactly where they are; what moves
is every layer's sentence labels (annotators', gold, suggestions), which are stored by the
sentence's position (``LabelValue.sentence_index``):

- a split keeps the sentence's labels on its first part; the second part starts unlabelled,
  and every later sentence (with its labels) moves one position down;
- a split that would cut through a span of any layer (an annotator's, gold, suggestions) is
  refused with each such span named (409), unless the reviewer says to split anyway
  (``force``): the spans then keep their offsets and cross the new boundary, as a span may
  (its ``sentence`` stays the one holding its start), and the answer names them again.
  Refusing by default, because the reviewer cannot see every layer's spans from the sentence
  list, and a span across two sentences no longer fits sentence-level views (the ``sentences``
  export cuts it at the end of the sentence holding its start);
- a merge joins the two sentences' labels; where one layer has different values for the
  same field on the two sentences, the merge is refused with each conflict named (409),
  unless the reviewer says which sentence's values to keep (``keep="first"`` or ``"second"``).

Each change is recorded in the audit log with the offsets before and after. Exports, the
agreement report and the workspace read the sentences from the database, so they use the
corrected ones from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, Invalid, NotFound
from annotator.core.history import label_snapshot
from annotator.core.wording import counted
from annotator.models import (
    AuditEntry,
    Document,
    LabelValue,
    Layer,
    Project,
    Sentence,
    Span,
    User,
)
from annotator.services.accounts import audit, permissions
from annotator.services.history import acting, record_change

#: Which sentence's label values a merge keeps where they differ.
KEEP_CHOICES = ("first", "second")


@dataclass(frozen=True)
class Split:
    """A split made: the two sentences, and the spans left across the boundary between them."""

    sentences: list[dict[str, int]]
    spans_across: list[dict[str, Any]]


def split_sentence(
    session: Session,
    actor: User | None,
    document: Document,
    index: int,
    at: int,
    force: bool = False,
) -> Split:
    """Split sentence ``index`` (0-based) of ``document`` at the code-point offset ``at``.

    The first part ends before ``at`` and the second starts at ``at``, each trimmed of the
    whitespace at the cut; both must keep some text.

    :param actor: a reviewer of the project or an admin; None on the command line.
    :param force: split even where spans would then cross the new boundary.
    :return: the two new sentences, as ``{"index", "start", "end"}``, and the spans that
        cross between them (as :func:`spans_across_split` gives them).
    :raises Invalid: when ``at`` is not strictly inside the sentence's text.
    :raises Conflict: when the split cuts through spans and ``force`` is false;
        ``details.spans`` lists them. Nothing is changed.
    """
    sentence = _sentence(session, actor, document, index, "split sentences")
    first_end, second_start = _cut(document.text, sentence, at)
    across = _spans_across(session, document, first_end, second_start)
    if across and not force:
        raise Conflict(
            f"a split of sentence {index} at {at} cuts through {counted(len(across), 'span')}: "
            f"{'; '.join(_span_words(span) for span in across)}. They would keep their "
            "offsets and cross into the next sentence; split with force to do so anyway",
            {"spans": across},
        )
    before = [sentence.start, sentence.end]
    _shift_from(session, document.id, index + 1, +1)
    old_end = sentence.end
    sentence.end = first_end
    second = Sentence(document_id=document.id, index=index + 1, start=second_start, end=old_end)
    session.add(second)
    session.flush()
    parts = [_sentence_json(sentence), _sentence_json(second)]
    _record(session, actor, document, "sentence.split", index, before, parts)
    return Split(parts, across)


def spans_across_split(
    session: Session, actor: User | None, document: Document, index: int, at: int
) -> list[dict[str, Any]]:
    """Return the spans a split of sentence ``index`` at ``at`` would cut, changing nothing.

    A span is cut when it has text on both sides of the cut (the whitespace there aside). Each
    is ``{"id", "layer", "label", "start", "end", "text"}``, by layer name, then offsets.

    :raises Invalid: when ``at`` is not strictly inside the sentence's text.
    """
    sentence = _sentence(session, actor, document, index, "split sentences", lock=False)
    return _spans_across(session, document, *_cut(document.text, sentence, at))


def _cut(text: str, sentence: Sentence, at: int) -> tuple[int, int]:
    """Return where the first part of a split at ``at`` ends and the second starts."""
    first_end = len(text[: max(at, sentence.start)].rstrip())
    second_start = len(text) - len(text[min(at, sentence.end) :].lstrip())
    if not (sentence.start < first_end and second_start < sentence.end and at <= second_start):
        raise Invalid(
            f"offset {at} does not cut sentence {sentence.index} "
            f"[{sentence.start}, {sentence.end}) into two parts with text",
            {
                "field": "at",
                "sentence": sentence.index,
                "start": sentence.start,
                "end": sentence.end,
            },
        )
    return first_end, second_start


def _spans_across(
    session: Session, document: Document, first_end: int, second_start: int
) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Span.id, Span.label, Span.start, Span.end, Layer)
        .join(Layer, Layer.id == Span.layer_id)
        .where(
            Layer.document_id == document.id,
            Span.start < first_end,
            Span.end > second_start,
        )
    ).all()
    spans = [
        {
            "id": span_id,
            "layer": layer.name,
            "label": label,
            "start": start,
            "end": end,
            "text": document.text[start:end],
        }
        for span_id, label, start, end, layer in rows
    ]
    return sorted(spans, key=lambda span: (span["layer"], span["start"], span["end"], span["id"]))


def _span_words(span: dict[str, Any]) -> str:
    return f"{span['layer']}'s {span['label']} [{span['start']}, {span['end']}) {span['text']!r}"


def merge_sentences(
    session: Session, actor: User | None, document: Document, index: int, keep: str | None = None
) -> dict[str, int]:
    """Merge sentence ``index`` (0-based) with the one after it.

    :param keep: which sentence's label values win where a layer gave the two sentences
        different values for one field; None refuses such a merge.
    :return: the merged sentence, as ``{"index", "start", "end"}``.
    :raises Invalid: when ``index`` is the last sentence, or ``keep`` is neither choice.
    :raises Conflict: when labels disagree and ``keep`` is None; ``details.conflicts`` lists
        each one as ``{"layer", "field", "first", "second"}``.
    """
    if keep is not None and keep not in KEEP_CHOICES:
        raise Invalid(
            f"keep must be one of {', '.join(KEEP_CHOICES)}, not {keep!r}", {"field": "keep"}
        )
    first = _sentence(session, actor, document, index, "merge sentences")
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
                    "layer": layer.name,
                    "field": value.name,
                    "first": other.value,
                    "second": value.value,
                }
            )
        else:
            dropped.append(value if keep == "first" else other)
    if conflicts:
        raise Conflict(
            f"sentences {index} and {index + 1} have different values for the same field in "
            f"{counted(len(conflicts), 'case')}; say which sentence's values to keep "
            "(keep=first|second)",
            {"conflicts": conflicts},
        )
    before = [_sentence_json(first), _sentence_json(second)]
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
    session.flush()
    first.end = second.end
    session.delete(second)
    session.flush()
    _shift_from(session, document.id, index + 2, -1)
    merged = _sentence_json(first)
    _record(session, actor, document, "sentence.merge", index, before, [merged])
    return merged


def _record_label(
    session: Session, actor: User | None, value: LabelValue, moved_to: int | None
) -> None:
    """Record in the layer's history a label value a merge deletes (or moves to ``moved_to``)."""
    layer = session.get(Layer, value.layer_id)
    assert layer is not None  # a label value's layer is a foreign key
    before = label_snapshot(value.sentence_index, value.name, value.value)
    after = None if moved_to is None else label_snapshot(moved_to, value.name, value.value)
    action = "delete" if after is None else "update"
    with acting(session, actor, "sentence-edit"):
        record_change(session, layer, "label", action, value.id, before, after)


def last_sentence_edit(session: Session, document_id: int) -> datetime | None:
    """Return when the document's sentences were last split or merged, or None if never.

    Sentence labels are kept by position, which a split or merge changes.
    """
    target = f"document {document_id} sentence %"
    return session.scalar(
        select(func.max(AuditEntry.created_at))
        .where(AuditEntry.action.in_(("sentence.split", "sentence.merge")))
        .where(AuditEntry.target.like(target))
    )


def _sentence(
    session: Session,
    actor: User | None,
    document: Document,
    index: int,
    action: str,
    lock: bool = True,
) -> Sentence:
    if actor is not None:
        permissions.require_review(session, actor, document.project_id, action)
    if lock:
        # One sentence edit of a document at a time: the positions below are read, then moved.
        session.execute(select(Document.id).where(Document.id == document.id).with_for_update())
    sentence = session.scalar(
        select(Sentence).where(Sentence.document_id == document.id, Sentence.index == index)
    )
    if sentence is None:
        raise NotFound(f"document {document.id} has no sentence {index}")
    return sentence


def _shift_from(session: Session, document_id: int, index: int, by: int) -> None:
    """Move the sentences at positions ``index`` and after, and every layer's labels on them,
    by ``by`` positions.

    In two steps through negative positions, because both tables have a UNIQUE constraint on
    the position that a one-step ``+ 1`` could break half way through (rows are checked one
    at a time, in no promised order).
    """
    layers = select(Layer.id).where(Layer.document_id == document_id).scalar_subquery()
    for model, position, owner in (
        (Sentence, Sentence.index, Sentence.document_id == document_id),
        (LabelValue, LabelValue.sentence_index, LabelValue.layer_id.in_(layers)),
    ):
        session.execute(
            update(model)
            .where(owner, position >= index)
            .values({position: -position - 1})
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(model)
            .where(owner, position < -1)  # -1 is a document label's position, never moved
            .values({position: -position - 1 + by})
            .execution_options(synchronize_session=False)
        )
    session.expire_all()


def _sentence_json(sentence: Sentence) -> dict[str, int]:
    return {"index": sentence.index, "start": sentence.start, "end": sentence.end}


def _record(
    session: Session,
    actor: User | None,
    document: Document,
    action: str,
    index: int,
    before: Any,
    after: Any,
) -> None:
    project = session.get(Project, document.project_id)
    assert project is not None  # a document's project is a foreign key
    audit.record(
        session,
        actor,
        action,
        project_slug=project.slug,
        target=f"document {document.id} sentence {index}",
        before=before,
        after=after,
    )
