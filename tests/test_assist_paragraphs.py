"""The tagger's sequences: a document cut at its paragraph breaks."""

from __future__ import annotations

from annotator.core.assist.gold import GoldDocument, LabeledSpan
from annotator.core.assist.paragraphs import paragraphs
from annotator.core.assist.tagger import predict
from annotator.core.assist.tagger_training import train
from annotator.core.segmentation import split_sentences
from annotator.core.tokens import tokenize

TEXT = "Ann said it rained. Bob agreed.\n\nCy left early.\nDee stayed."


def test_a_document_is_cut_where_a_line_break_parts_two_sentences() -> None:
    tokens = tokenize(TEXT)
    found = paragraphs(TEXT, tokens, split_sentences(TEXT))
    assert [TEXT[tokens[first].start : tokens[stop - 1].end] for first, stop in found] == [
        "Ann said it rained. Bob agreed.",  # two sentences, one paragraph: not cut
        "Cy left early.",
        "Dee stayed.",
    ]


def test_a_text_without_line_breaks_is_one_paragraph() -> None:
    text = "Ann said it rained. Bob agreed."
    tokens = tokenize(text)
    assert paragraphs(text, tokens, split_sentences(text)) == [(0, len(tokens))]


def test_no_suggested_span_runs_past_a_paragraph() -> None:
    # Learned from claims within one paragraph; asked about the same words with a
    # paragraph break inside the claim, which the tokens alone do not show.
    gold = []
    for n in range(12):
        text = f"Officials said the plan {n} would fail badly and cost a lot."
        spans = [
            LabeledSpan("SOURCE", 0, 9),
            LabeledSpan("CUE", 10, 14),
            LabeledSpan("CLAIM", 15, len(text) - 1),
        ]
        gold.append(GoldDocument(f"d{n}", text, spans))
    model = train(gold, ["SOURCE", "CUE", "CLAIM"])
    text = "Officials said the plan 99 would fail.\n\nBadly and cost a lot."
    spans = predict(model, text).spans
    brk = text.index("\n")
    assert any(s.label == "CLAIM" and s.end <= brk for s in spans)
    assert all(s.end <= brk or s.start > brk for s in spans)
