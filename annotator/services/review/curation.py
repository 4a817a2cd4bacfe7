"""The curation view: a document's text with one lane per annotator and one for gold, and its
differences, each either still to decide or already decided into gold.

When a difference counts as decided is :mod:`annotator.services.review.decided_differences`;
deciding is adjudication (:func:`annotator.services.review.adjudication.accept_item`); this
module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.given_targets import OlderTarget
from annotator.core.paragraph_breaks import Break, breaks_among, sentence_breaks
from annotator.core.shapes import sentence_at
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Project, Sentence, Span
from annotator.services.gold.lock import gold_is_final
from annotator.services.review.decided_differences import (
    CuratedDifference,
    gold_layer,
    mark_decided,
)
from annotator.services.review.differences import document_differences
from annotator.services.review.given_toward import mark_given_toward
from annotator.services.review.hidden_names import hide_names
from annotator.services.review.lane_arcs import lane_arcs
from annotator.services.review.layers import (
    DocumentLayer,
    assigned_count,
    document_layers,
)
from annotator.services.review.none_taken import none_taken


@dataclass
class Segment:
    """A stretch of a sentence's text in one lane, with the labels of the spans covering it."""

    text: str
    labels: list[str] = field(default_factory=list)
    #: The numbers of the undecided differences that one of the covering spans is part of.
    differences: list[int] = field(default_factory=list)
    #: The ids of the covering spans: where the lane's arcs start and end.
    spans: list[int] = field(default_factory=list)
    #: The undecided differences of the covering spans whose text ends here: the page marks
    #: each such span once, after its text, however many segments (and sentences) it covers.
    ends: list[int] = field(default_factory=list)
    #: The labels drawn on the segment: those of the covering spans that start here, so that a
    #: span's label shows once, where it starts (as the workspace draws it).
    tags: list[str] = field(default_factory=list)
    #: The segment ends its sentence and a covering span runs on into the next sentence.
    continues: bool = False
    #: The segment starts its sentence and a covering span began in an earlier sentence.
    continued: bool = False


@dataclass
class LaneRow:
    """One lane's view of one sentence: its text in segments and its sentence labels (its
    relations are drawn over it as arcs, from :attr:`CurationView.arcs`)."""

    lane: str
    segments: list[Segment]
    labels: list[str]
    #: For each of ``labels``, the numbers of the undecided differences it is a version of.
    label_marks: list[list[int]] = field(default_factory=list)
    #: For each of ``labels``, the earlier target of its field it was given toward, if it was.
    label_older: list[OlderTarget | None] = field(default_factory=list)


@dataclass
class SentenceRows:
    """One sentence with a row per lane; ``undecided`` numbers the differences still open."""

    index: int
    rows: list[LaneRow]
    undecided: list[int]
    #: What opens it since the sentence shown before (core/paragraph_breaks.py): the page
    #: shows a paragraph or a line of the text starting here as a gap above it.
    opens: Break | None = None


@dataclass
class CurationView:
    """Everything the curation page shows."""

    lanes: list[str]
    differences: list[CuratedDifference]
    sentences: list[SentenceRows]
    document_labels: dict[str, list[str]]
    final: bool
    #: For each lane's ``document_labels``, the numbers of the undecided differences each is a
    #: version of (as :attr:`LaneRow.label_marks` for a sentence's).
    document_label_marks: dict[str, list[list[int]]] = field(default_factory=dict)
    #: For each lane's ``document_labels``, the earlier target each was given toward, if it
    #: was (as :attr:`LaneRow.label_older`).
    document_label_older: dict[str, list[OlderTarget | None]] = field(default_factory=dict)
    #: The lanes' relations to draw as arcs (:func:`lane_arcs`), None when there are none.
    arcs: dict[str, Any] | None = None
    #: How many annotators the document is assigned to: with fewer than two lanes of
    #: annotators there is nothing to compare, and the page says how many may yet come.
    assigned: int = 0
    #: Each annotator's lane's assignment status, by the name shown (gold has none): the
    #: page says it beside the lane's name, since an In progress lane may still change.
    statuses: dict[str, str | None] = field(default_factory=dict)

    @property
    def undecided(self) -> list[CuratedDifference]:
        """The differences still to decide, in document order."""
        return [d for d in self.differences if not d.decided]


def curation_view(
    session: Session,
    document: Document,
    *,
    names: ShownNames = AS_NAMED,
    every_sentence: bool = False,
) -> CurationView:
    """Return the curation view of ``document``.

    :param names: how to name the annotators: by name, or by the project's numbers.
    :param every_sentence: show every sentence, not only those with a difference.
    """
    layers = document_layers(session, document)
    hide_names(layers, names)
    differences = document_differences(session, document, layers)
    gold = gold_layer(session, document)
    final = gold_is_final(session, document)
    curated = mark_decided(layers, gold, differences, none_taken(session, document))
    lanes = [*layers, gold]
    project = session.get(Project, document.project_id)
    assert project is not None  # the document's, which the caller found
    older = mark_given_toward(
        session, project, document, lanes, [item.difference for item in curated]
    )
    open_spans = _open_items(curated, ("span", "attribute"))
    open_labels = _open_items(curated, ("label",))
    undecided_in: dict[int, list[int]] = {}
    for item in curated:
        if not item.decided and item.difference.sentence is not None:
            undecided_in.setdefault(item.difference.sentence, []).append(item.number)
    with_differences = {d.difference.sentence for d in curated}
    text = document.text
    # Each lane's spans and labels by sentence, once: a long document's rows then cost time
    # in proportion to what they show, not to the whole layer each.
    starts = [s.start for s in document.sentences]
    indexed = [(lane.name, *_by_sentence(lane, starts)) for lane in lanes]
    reached = _reached(with_differences, [spans for _, spans, _ in indexed], starts)
    shown = [s for s in document.sentences if every_sentence or s.index in reached]
    opens = breaks_among(
        sentence_breaks(text, [(s.start, s.end) for s in document.sentences]),
        [s.index for s in shown],
    )
    document_rows = {
        lane.name: [row for row in lane.labels if row.sentence_index == DOCUMENT_UNIT]
        for lane in lanes
    }
    return CurationView(
        lanes=[lane.name for lane in lanes],
        differences=curated,
        sentences=[
            SentenceRows(
                s.index,
                [
                    _lane_row(
                        name,
                        spans.get(s.index, []),
                        labels.get(s.index, []),
                        text,
                        s,
                        (open_spans, open_labels),
                        starts[s.index + 1] if s.index + 1 < len(starts) else len(text),
                        older,
                    )
                    for name, spans, labels in indexed
                ],
                undecided_in.get(s.index, []),
                opens[place],
            )
            for place, s in enumerate(shown)
        ],
        document_labels={
            name: [f"{row.name} = {_shown(row.value)}" for row in rows]
            for name, rows in document_rows.items()
        },
        document_label_marks={
            name: [sorted(open_labels.get(row.id, [])) for row in rows]
            for name, rows in document_rows.items()
        },
        document_label_older={
            name: [older.get(row.id) for row in rows] for name, rows in document_rows.items()
        },
        final=final,
        arcs=lane_arcs(document, lanes, {s.index for s in shown}, _relation_marks(curated)),
        assigned=assigned_count(session, document),
        statuses={layer.name: layer.status for layer in layers},
    )


def _open_items(curated: list[CuratedDifference], kinds: tuple[str, ...]) -> dict[int, list[int]]:
    """Map the id of each annotator item a version of ``kinds`` accepts (a span's for
    ``span`` and ``attribute``, a label value's for ``label``) to the undecided differences it
    is part of."""
    items: dict[int, list[int]] = {}
    for item in curated:
        if item.decided:
            continue
        for version in item.difference.versions:
            if version.accept is not None and version.accept[0] in kinds:
                items.setdefault(version.accept[1], []).append(item.number)
    return items


def _relation_marks(curated: list[CuratedDifference]) -> dict[str, dict[int, list[int]]]:
    """Map each annotator relation id to the differences it is part of, open and decided:
    its arc is marked as a span of a difference is."""
    marks: dict[str, dict[int, list[int]]] = {"open": {}, "decided": {}}
    for item in curated:
        for version in item.difference.versions:
            if version.accept is not None and version.accept[0] == "relation":
                state = "decided" if item.decided else "open"
                marks[state].setdefault(version.accept[1], []).append(item.number)
    return marks


def _reached(
    sentences: set[int | None], lanes: list[dict[int, list[Span]]], starts: list[int]
) -> set[int]:
    """Return ``sentences`` with every sentence a lane's span touching one of them covers:
    a span is shown whole, never cut at its sentence's end, nor begun in a sentence not shown
    (its label is drawn where it starts: a span agreed on, begun in a sentence without
    differences, would be an unlabelled part in the next)."""
    reached = {index for index in sentences if index is not None}
    todo = sorted(reached)
    while todo:
        index = todo.pop()
        for spans in lanes:
            for span in spans.get(index, []):
                first = sentence_at(starts, span.start)
                last = sentence_at(starts, max(span.start, span.end - 1))
                for other in range(first, last + 1):
                    if other not in reached:
                        reached.add(other)
                        todo.append(other)
    return reached


def _by_sentence(
    lane: DocumentLayer, starts: list[int]
) -> tuple[dict[int, list[Span]], dict[int, list[LabelValue]]]:
    """Return the lane's spans by each sentence they may touch, and its labels by sentence."""
    spans: dict[int, list[Span]] = {}
    for span in lane.spans:
        first = sentence_at(starts, span.start)
        last = sentence_at(starts, max(span.start, span.end - 1))
        for index in range(first, last + 1):
            spans.setdefault(index, []).append(span)
    labels: dict[int, list[LabelValue]] = {}
    for row in lane.labels:
        labels.setdefault(row.sentence_index, []).append(row)
    return spans, labels


def _lane_row(
    lane: str,
    spans: list[Span],
    labels: list[LabelValue],
    text: str,
    sentence: Sentence,
    open_items: tuple[dict[int, list[int]], dict[int, list[int]]],
    following: int,
    older: dict[int, OlderTarget],
) -> LaneRow:
    """Cut ``sentence`` at the bounds of the lane's spans inside it (``spans``: those that may
    touch it, ``labels``: the lane's labels of it; ``open_items``: the undecided differences of
    each span id and of each label value id; ``following``: where the next sentence starts, the
    text's length after the last; ``older``: the label values given toward an earlier
    target, by id)."""
    open_spans, open_labels = open_items
    start, end = sentence.start, sentence.end
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted(
        {start, end, *(max(start, s.start) for s in inside), *(min(end, s.end) for s in inside)}
    )
    segments = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in inside if s.start <= a and s.end >= b]
        # A span that runs on past the next sentence's start is marked after its last part.
        runs_on = [s for s in covering if s.end > following]
        ending = [s for s in covering if min(end, s.end) == b and s not in runs_on]
        segments.append(
            Segment(
                text[a:b],
                [s.label for s in covering],
                sorted({n for s in covering for n in open_spans.get(s.id, [])}),
                [s.id for s in covering],
                sorted({n for s in ending for n in open_spans.get(s.id, [])}),
                tags=[s.label for s in covering if s.start == a],
                continues=b == end and bool(runs_on),
                continued=a == start and any(s.start < start for s in covering),
            )
        )
    shown = [f"{row.name} = {_shown(row.value)}" for row in labels]
    marks = [sorted(open_labels.get(row.id, [])) for row in labels]
    return LaneRow(lane, segments, shown, marks, [older.get(row.id) for row in labels])


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)
