"""When a difference counts as decided: the one home of the rule.

A difference (:mod:`annotator.services.review.differences`) is decided when the gold layer
holds one of its versions: the same span (label and bounds), the same attribute value on that
span, the same relation between gold's spans for its ends (the same spans, or those standing for
them, :mod:`annotator.services.review.gold_ends`), or the same label value. Whose versions gold
holds (``taken``) is whose item is exactly gold's, as its provenance names them
(:mod:`annotator.core.gold_source`), and of a span difference whose version gold holds as a
whole (:func:`annotator.services.review.gold_ends.whose_version_held`: alice's two claims
taken hold bob's one claim that is her first, but not his version): a relation held only
between the spans standing for its ends is none of its annotator's exactly (``followed``),
though it decides the difference. A span difference gold holds spans of from different
versions (two gold claims where alice and bob marked one) is decided by none of them.
A difference also counts as decided when the reviewer decided that gold holds none of its
versions (:mod:`annotator.services.review.none_taken`). Marking gold final decides nothing: a
difference left undecided when gold went final stays undecided (its versions are out of gold,
and the review page asked before marking final, :mod:`annotator.services.review.final_marking`),
so that a final document's count says what nobody decided. The curation view
(:mod:`annotator.services.review.curation`), the review page and the review list (how many
each document has left, :func:`to_decide_counts`) all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import GOLD, Document, Layer, Span
from annotator.services.annotation.layers import find_layer
from annotator.services.review.difference import Difference
from annotator.services.review.differences import layer_differences
from annotator.services.review.gold_ends import (
    SpanKey,
    gold_span_for,
    span_key,
    split_in_gold,
    standing_in,
    whose_version_held,
)
from annotator.services.review.layers import (
    DocumentLayer,
    DocumentPeople,
    layers_of,
    load_layer,
    load_rows,
)
from annotator.services.review.none_taken import (
    NoneTaken,
    Rows,
    key_of,
    none_taken,
    none_taken_of,
    rows_by_id,
)

GOLD_LANE = "gold"


@dataclass
class CuratedDifference:
    """A difference with its number (from 1, stable while the annotators' layers stand) and
    which annotators' versions gold holds."""

    number: int
    difference: Difference
    taken: list[str]
    decided: bool
    #: The difference's key (:func:`annotator.services.review.none_taken.key_of`).
    key: str = ""
    #: The decision that gold holds none of its versions, if one was made.
    none_taken: NoneTaken | None = None
    #: Gold holds spans of it from different versions (``taken`` names whose): no version
    #: decides it until one is reopened or the gold layer keeps one
    #: (:func:`annotator.services.review.gold_ends.split_in_gold`).
    split: bool = False
    #: With no version exactly in gold (``taken`` empty): the annotators whose relation gold
    #: holds between gold's spans for its ends (spans standing for theirs), which decides it.
    followed: list[str] = field(default_factory=list)


def decided_differences(
    session: Session,
    document: Document,
    layers: list[DocumentLayer],
    differences: list[Difference],
) -> list[CuratedDifference]:
    """Return ``differences`` (of ``layers``) numbered, each with whose versions gold holds;
    the review page uses it to stop offering what was already decided."""
    return mark_decided(
        layers, gold_layer(session, document), differences, none_taken(session, document)
    )


def mark_decided(
    layers: list[DocumentLayer],
    gold: DocumentLayer,
    differences: list[Difference],
    decisions: dict[str, NoneTaken],
) -> list[CuratedDifference]:
    """Number ``differences`` from 1 and say of each whose versions gold holds and whether
    it is decided (a version in gold, or a "none taken" decision in ``decisions``)."""
    rows = rows_by_id(layers)
    held = _GoldSpans(gold, rows, differences)
    curated = []
    for number, difference in enumerate(differences, start=1):
        taken = _taken(gold, rows, difference, held)
        followed = [] if taken else _taken(gold, rows, difference, held, follow=True)
        key = key_of(difference, rows)
        none = _none_taken(taken or followed, key, decisions)
        split = bool(taken) and split_in_gold(difference, rows, held.keys)
        if taken and not split:
            taken = whose_version_held(difference, rows, held.keys, taken)
        decided = _decided(taken or followed, none, split)
        curated.append(
            CuratedDifference(number, difference, taken, decided, key, none, split, followed)
        )
    return curated


def count_to_decide(
    layers: list[DocumentLayer],
    gold: DocumentLayer,
    differences: list[Difference],
    decisions: dict[str, NoneTaken],
) -> int:
    """Return ``to_decide(mark_decided(...))`` of the same arguments, by the same rules,
    without numbering the differences or keying those that no decision can match: what a
    list of thousands of documents counts with."""
    rows = rows_by_id(layers)
    held = _GoldSpans(gold, rows, differences)
    left = 0
    for difference in differences:
        taken = _taken(gold, rows, difference, held) or _taken(
            gold, rows, difference, held, follow=True
        )
        # A difference's key (a digest of its contents) is only looked up in ``decisions``.
        key = key_of(difference, rows) if decisions and not taken else ""
        split = bool(taken) and split_in_gold(difference, rows, held.keys)
        left += not _decided(taken, _none_taken(taken, key, decisions), split)
    return left


class _GoldSpans:
    """Gold's spans by label and bounds, and the spans standing for the annotators' spans it
    lacks (:func:`annotator.services.review.gold_ends.standing_in`, worked out once a document
    and only when a relation version asks: most documents' relations are held as they are)."""

    def __init__(self, gold: DocumentLayer, rows: Rows, differences: list[Difference]) -> None:
        self.keys = {span_key(span) for span in gold.spans}
        self._rows, self._differences = rows, differences
        self._stand: dict[int, SpanKey | None] | None = None

    def gold_span_for(self, span: Span) -> SpanKey | None:
        if span_key(span) in self.keys:
            return span_key(span)
        if self._stand is None:
            self._stand = standing_in(self._differences, self._rows, self.keys)
        return gold_span_for(span, self.keys, self._stand)


def _taken(
    gold: DocumentLayer,
    rows: Rows,
    difference: Difference,
    held: _GoldSpans,
    *,
    follow: bool = False,
) -> list[str]:
    """Return the annotators whose versions of ``difference`` gold holds exactly, each once
    (an annotator may have several versions in one difference: two spans over one claim).

    :param follow: a relation version is held between gold's spans for its ends (its own,
        or those standing for them) rather than exactly between its own ends.
    """
    if not (gold.spans or gold.labels):  # nothing in gold (a relation needs its spans)
        return []
    if follow and not difference.kind.startswith("relation"):
        return []
    return list(
        dict.fromkeys(
            version.annotator
            for version in difference.versions
            if version.accept is not None
            and _in_gold(gold, rows, version.accept, held, follow=follow)
        )
    )


def _none_taken(taken: list[str], key: str, decisions: dict[str, NoneTaken]) -> NoneTaken | None:
    """Return the "none taken" decision that stands for the difference ``key``, if any."""
    # Once a version is taken, gold holds it: that wins over an earlier "none taken".
    return None if taken else decisions.get(key)


def _decided(taken: list[str], none: NoneTaken | None, split: bool = False) -> bool:
    """Tell whether a difference is decided: the rule itself. Gold's status plays no part: a
    difference nobody decided before gold went final is still undecided; nor does one gold
    holds spans of from different versions (``split``) count as decided by them."""
    return (bool(taken) and not split) or none is not None


def to_decide(curated: list[CuratedDifference]) -> int:
    """Return how many of ``curated`` are still to decide: the review page's "N to decide"."""
    return sum(1 for item in curated if not item.decided)


def document_to_decide(session: Session, document: Document) -> int:
    """Return how many differences ``document`` has still to decide: its review page's "N to
    decide", counted as the review list counts it (no words written)."""
    return to_decide_counts(session, [document.id])[document.id]


def to_decide_counts(
    session: Session, document_ids: list[int], *, people: dict[int, DocumentPeople] | None = None
) -> dict[int, int]:
    """Return how many differences each of ``document_ids`` has still to decide, as its review
    page counts them (:func:`decided_differences`, :func:`to_decide`), final or not.

    The review list shows it on each row: a boundary shift of two characters leaves the span
    F1 with overlap matching at 1, and the row's disagreement at 0.00, while a difference is
    left to decide. The rows each document needs are read for all of them at once (a few
    queries a chunk of documents, not a few per document); the rules are the review page's,
    document by document, counting only (:func:`count_to_decide`, and the differences
    without their words: no document text is read).

    :param people: :func:`~annotator.services.review.layers.people_of` these documents, when
        the caller has read them (the review list, for its rows): not read again.
    """
    counts: dict[int, int] = {}
    for start in range(0, len(document_ids), _CHUNK):
        counts.update(_to_decide_chunk(session, document_ids[start : start + _CHUNK], people))
    return counts


#: Documents read at once: short enough for one ``IN`` of every database.
_CHUNK = 500


def _to_decide_chunk(
    session: Session, document_ids: list[int], people: dict[int, DocumentPeople] | None
) -> dict[int, int]:
    # Plain rows: counting only compares them, and a whole list reads thousands of documents.
    layers = layers_of(session, document_ids, plain=True, people=people)
    golds = _gold_layers_of(session, document_ids)
    decisions = none_taken_of(session, document_ids)
    counts = dict.fromkeys(document_ids, 0)
    no_gold = DocumentLayer(GOLD_LANE)
    for document_id in document_ids:
        lanes = layers.get(document_id, [])
        counts[document_id] = count_to_decide(
            lanes,
            golds.get(document_id, no_gold),
            layer_differences(lanes, None, []),
            decisions.get(document_id, {}),
        )
    return counts


def _gold_layers_of(session: Session, document_ids: list[int]) -> dict[int, DocumentLayer]:
    """Return the gold layer (as :func:`gold_layer` loads it) of each document that has one."""
    query = select(Layer.id, Layer.document_id).where(
        Layer.document_id.in_(document_ids), Layer.key == GOLD
    )
    by_layer = {
        layer_id: (document_id, DocumentLayer(GOLD_LANE))
        for layer_id, document_id in session.execute(query)
    }
    load_rows(session, {layer_id: lane for layer_id, (_, lane) in by_layer.items()}, plain=True)
    return {document_id: lane for document_id, lane in by_layer.values()}


def gold_layer(session: Session, document: Document) -> DocumentLayer:
    """Return the document's gold layer loaded as a lane (empty when there is none yet)."""
    layer = find_layer(session, document, None)
    return load_layer(session, GOLD_LANE, None if layer is None else layer.id)


def _in_gold(
    gold: DocumentLayer,
    rows: Rows,
    accept: tuple[str, int, str],
    held: _GoldSpans,
    *,
    follow: bool = False,
) -> bool:
    """Tell whether gold holds the item ``accept`` names: exactly (a relation between its own
    ends, as its provenance compares it), or, with ``follow``, a relation between gold's spans
    for its ends (what accepting it would write)."""
    kind, row_id, attribute = accept
    row = rows.get((kind, row_id))
    if row is None:
        return False
    if kind in ("span", "attribute"):
        for span in gold.spans:
            if span_key(span) != span_key(row):
                continue
            if kind == "span":
                return True
            mine, theirs = (row.attributes or {}), (span.attributes or {})
            return mine.get(attribute) == theirs.get(attribute)
        return False
    if kind == "relation":
        start, end = rows.get(("span", row.from_span_id)), rows.get(("span", row.to_span_id))
        if start is None or end is None:
            return False
        # Exactly between its ends, or (``follow``) between those standing for them.
        if follow:
            wanted = (row.type, held.gold_span_for(start), held.gold_span_for(end))
        else:
            wanted = (row.type, span_key(start), span_key(end))
        if None in wanted:
            return False
        gold_spans = {s.id: s for s in gold.spans}
        return any(
            (r.type, span_key(gold_spans[r.from_span_id]), span_key(gold_spans[r.to_span_id]))
            == wanted
            for r in gold.relations
            if r.from_span_id in gold_spans and r.to_span_id in gold_spans
        )
    return any(
        (v.sentence_index, v.name, v.value) == (row.sentence_index, row.name, row.value)
        for v in gold.labels
    )
