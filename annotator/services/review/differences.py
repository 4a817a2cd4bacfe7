"""The disagreement review: which documents and sentences disagree most, and how.

Every difference between the annotators' layers of a document is classified:

-   ``only_some``: a span (or overlapping group of spans) some annotators marked, others not;
-   ``boundary``: the annotators marked overlapping spans with different bounds (the shift of
    the start and of the end is given in characters);
-   ``label``: the same stretch marked with different labels;
-   ``attribute``: the same span, label and bounds, with different attribute values;
-   ``relation_only_some``: a relation some annotators drew and others not;
-   ``relation_target``: the same span linked to a different span (a claim attributed to a
    different source);
-   ``sentence_label`` / ``document_label``: values that differ, or are missing for some.

Spans are grouped across layers by overlap (a shared character links two spans of different
annotators), never joining two things one annotator meant apart
(:mod:`annotator.services.review.span_clusters`); a
group is in agreement when every annotator has one span there, all equal.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from annotator.core.wording import NO_VALUE, value_words
from annotator.models import DOCUMENT_UNIT, Document, LabelValue
from annotator.services.annotation.payloads import sentence_starts
from annotator.services.review.difference import Difference, Version
from annotator.services.review.layers import DocumentLayer, document_layers
from annotator.services.review.relation_differences import relation_differences
from annotator.services.review.span_clusters import cluster_spans
from annotator.services.review.span_differences import span_differences


def document_differences(
    session: Session, document: Document, layers: list[DocumentLayer] | None = None
) -> list[Difference]:
    """Return every difference between the annotators' layers of ``document``, classified."""
    layers = document_layers(session, document) if layers is None else layers
    return layer_differences(layers, document.text, sentence_starts(document))


def layer_differences(
    layers: list[DocumentLayer], text: str | None, starts: list[int]
) -> list[Difference]:
    """Return every difference between ``layers`` (one document's), classified.

    :param text: the document's text, which the summaries and the versions quote; None to
        count the differences only (the review list's "to decide"): the same differences,
        found by the same rules, with empty wording, no text read and every ``sentence`` as
        ``starts`` places it (give ``[]``: 0). Writing the words is half the pass.
    """
    if len(layers) < 2:
        return []
    names = [layer.name for layer in layers]
    found: list[Difference] = []
    cluster_of: dict[int, int] = {}
    for number, group in enumerate(cluster_spans(layers)):
        for spans in group.values():
            for span in spans:
                cluster_of[span.id] = number
        found += span_differences(group, names, text, starts)
    found += relation_differences(layers, cluster_of, text, starts)
    found += _label_differences(layers)
    return found


def _label_differences(layers: list[DocumentLayer]) -> list[Difference]:
    values: dict[tuple[int, str], dict[str, LabelValue]] = defaultdict(dict)
    for layer in layers:
        for row in layer.labels:
            values[(row.sentence_index, row.name)][layer.name] = row
    result = []
    for (unit, name), given in sorted(values.items()):
        if len(given) == len(layers) and len({repr(r.value) for r in given.values()}) == 1:
            continue
        document = unit == DOCUMENT_UNIT
        result.append(
            Difference(
                "document_label" if document else "sentence_label",
                None if document else unit,
                f"{name}: "
                + ", ".join(
                    f"{layer.name}={value_words(given[layer.name].value)}"
                    if layer.name in given
                    else f"{layer.name}={NO_VALUE}"
                    for layer in layers
                ),
                [
                    Version(
                        layer.name, f"{name} = {value_words(cell.value)}", ("label", cell.id, "")
                    )
                    for layer in layers
                    if (cell := given.get(layer.name)) is not None
                ],
                field=name,
            )
        )
    return result
