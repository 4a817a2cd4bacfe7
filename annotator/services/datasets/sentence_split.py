"""Splitting a sentence of a document at a point: the split's rules and its preview.

A split keeps the sentence's labels on its first part; the second part starts unlabelled, and
every later sentence (with its labels) moves one position down
(:func:`~annotator.services.datasets.sentence_edits.shift_from`).

A split that would cut through a span of any layer (an annotator's, gold, suggestions) is
refused with each such span named (409), unless the reviewer says to split anyway (``force``):
the spans then keep their offsets and cross the new boundary, as a span may (its ``sentence``
stays the one holding its start), and the answer names them again. Refusing by default,
because the reviewer cannot see every layer's spans from the sentence list, and a span across
two sentences no longer fits sentence-level views (the ``sentences`` export cuts it at the end
of the sentence holding its start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Conflict, Invalid
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.wording import counted, offsets
from annotator.models import Document, Layer, Sentence, Span, User
from annotator.services.datasets.sentence_edits import (
    find_sentence,
    record_edit,
    sentence_json,
    shift_from,
)
from annotator.services.gold.lock import require_gold_open


@dataclass(frozen=True)
class Split:
    """A split made: the two sentences, and the spans left across the boundary between them."""

    sentences: list[dict[str, int]]
    spans_across: list[dict[str, Any]]


def split_sentence(
    session: Session,
    actor: Actor | None,
    document: Document,
    index: int,
    at: int,
    force: bool = False,
    *,
    shown: ShownNames = AS_NAMED,
) -> Split:
    """Split sentence ``index`` (0-based) of ``document`` at the code-point offset ``at``.

    The first part ends before ``at`` and the second starts at ``at``, each trimmed of the
    whitespace at the cut; both must keep some text.

    :param actor: a reviewer of the project or an admin; None on the command line.
    :param force: split even where spans would then cross the new boundary.
    :param shown: how the refusal and the answer name the spans' layers (as the page or
        the API call that asked names them: ``?anonymous=1`` by number).
    :return: the two new sentences, as ``{"index", "start", "end"}``, and the spans that
        cross between them (as :func:`spans_across_split` gives them).
    :raises Invalid: when ``at`` is not strictly inside the sentence's text.
    :raises Conflict: when the split cuts through spans and ``force`` is false;
        ``details.spans`` lists them. Nothing is changed.
    """
    sentence = find_sentence(session, actor, document, index, "split sentences")
    # Its labels move with the sentences: gold's too, which stands while final.
    require_gold_open(session, document)
    first_end, second_start = _cut(document.text, sentence, at)
    across = spans_as_shown(_spans_across(session, document, first_end, second_start), shown)
    if across and not force:
        raise Conflict(
            f"a split of sentence {index} at {at} cuts through {counted(len(across), 'span')}: "
            f"{'; '.join(_span_words(span) for span in across)}. They would keep their "
            "offsets and cross into the next sentence; split with force to do so anyway",
            {"spans": across},
        )
    before = [sentence.start, sentence.end]
    shift_from(session, document.id, index + 1, +1)
    old_end = sentence.end
    sentence.end = first_end
    second = Sentence(document_id=document.id, index=index + 1, start=second_start, end=old_end)
    session.add(second)
    session.flush()
    parts = [sentence_json(sentence), sentence_json(second)]
    record_edit(session, actor, document, "sentence.split", index, before, parts)
    return Split(parts, across)


def spans_across_split(
    session: Session, actor: User | None, document: Document, index: int, at: int
) -> list[dict[str, Any]]:
    """Return the spans a split of sentence ``index`` at ``at`` would cut, changing nothing.

    A span is cut when it has text on both sides of the cut (the whitespace there aside). Each
    is ``{"id", "layer", "label", "start", "end", "text"}``, by layer name, then offsets.

    :raises Invalid: when ``at`` is not strictly inside the sentence's text.
    """
    sentence = find_sentence(session, actor, document, index, "split sentences", lock=False)
    return _spans_across(session, document, *_cut(document.text, sentence, at))


def _cut(text: str, sentence: Sentence, at: int) -> tuple[int, int]:
    """Return where the first part of a split at ``at`` ends and the second starts."""
    first_end = len(text[: max(at, sentence.start)].rstrip())
    second_start = len(text) - len(text[min(at, sentence.end) :].lstrip())
    if not (sentence.start < first_end and second_start < sentence.end and at <= second_start):
        raise Invalid(
            f"offset {at} does not cut sentence {sentence.index} "
            f"{offsets(sentence.start, sentence.end)} into two parts with text",
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


def spans_as_shown(spans: list[dict[str, Any]], shown: ShownNames) -> list[dict[str, Any]]:
    """Name the layers of ``spans`` (as :func:`spans_across_split` gives them) as ``shown``
    names them, ordered again by those names: in the real names' order, where gold fell
    among "Annotator N" would tell how the hidden names sort against it."""
    spans.sort(key=lambda span: (shown.rank(span["layer"]), span["start"], span["end"]))
    for span in spans:
        span["layer"] = shown(span["layer"])
    return spans


def _span_words(span: dict[str, Any]) -> str:
    place = offsets(span["start"], span["end"])
    return f"{span['layer']}'s {span['label']} {place} {span['text']!r}"
