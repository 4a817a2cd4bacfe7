"""Where a change of a layer's history was made: the sentence the workspace opens at."""

from __future__ import annotations

from annotator.core.history import (
    label_snapshot,
    relation_snapshot,
    sentence_changed,
    span_end,
    span_snapshot,
    status_snapshot,
)
from annotator.core.shapes import sentence_at
from annotator.core.vocabulary import DOCUMENT_UNIT

STARTS = [0, 40, 80]


def sentence_of(offset: int) -> int:
    return sentence_at(STARTS, offset)


def test_a_span_and_a_relation_are_where_their_start_is() -> None:
    assert sentence_changed("span", span_snapshot("CLAIM", 45, 60, {}), sentence_of) == 1
    relation = relation_snapshot(
        "ATTRIBUTED_TO", span_end("CLAIM", 85, 90), span_end("SOURCE", 0, 5)
    )
    assert sentence_changed("relation", relation, sentence_of) == 2


def test_a_label_is_its_sentence() -> None:
    assert sentence_changed("label", label_snapshot(1, "stance", "NONE"), sentence_of) == 1


def test_changes_of_no_place_have_none() -> None:
    assert (
        sentence_changed("label", label_snapshot(DOCUMENT_UNIT, "genre", "NEWS"), sentence_of)
        is None
    )
    assert sentence_changed("status", status_snapshot("done"), sentence_of) is None
    assert sentence_changed("span", None, sentence_of) is None
