"""What the curation view's lanes need to draw their relations as arcs (static/js/arcs.js).

Each lane gets the relations with an end in a shown sentence and the spans at their ends;
each annotator relation that is a version of a difference gets that difference's number, as
undecided or decided, so that its arc is marked as the spans of a difference are. Offsets are
in code points, as the API gives them: the page converts them in its one place (offsets.js).

Rows are lists rather than objects, which keeps a long document's page small: sentences
``[start, end]``, spans ``[id, start, end]``, relations ``[id, type, from span, to span]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.core.shapes import sentence_at
from annotator.models import Document

if TYPE_CHECKING:
    from annotator.services.review.layers import DocumentLayer


def lane_arcs(
    document: Document,
    lanes: list[DocumentLayer],
    shown: set[int],
    marks: dict[str, dict[int, list[int]]],
) -> dict[str, Any] | None:
    """Return the arcs to draw in the lanes of the ``shown`` sentences, or None if there are
    none (the page then needs neither the text nor the drawing).

    :param marks: ``{"open": ..., "decided": ...}``, each mapping an annotator relation's id to
        the numbers of the (undecided or decided) differences it is a version of.
    """
    sentences = document.sentences
    starts = [s.start for s in sentences]
    drawn: dict[str, dict[str, list[list[Any]]]] = {}
    for lane in lanes:
        spans = {s.id: s for s in lane.spans}
        relations = [
            r
            for r in lane.relations
            if r.from_span_id in spans
            and r.to_span_id in spans
            and {
                sentence_at(starts, spans[r.from_span_id].start),
                sentence_at(starts, spans[r.to_span_id].start),
            }
            & shown
        ]
        if not relations:
            continue
        ends = sorted({r.from_span_id for r in relations} | {r.to_span_id for r in relations})
        drawn[lane.name] = {
            "spans": [[i, spans[i].start, spans[i].end] for i in ends],
            "relations": [[r.id, r.type, r.from_span_id, r.to_span_id] for r in relations],
        }
    if not drawn:
        return None
    return {
        "text": document.text,
        "sentences": [[s.start, s.end] for s in sentences],
        "lanes": drawn,
        **marks,
    }
