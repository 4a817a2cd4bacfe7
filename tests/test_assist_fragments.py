"""Joining the tagger's fragments of one long span, and which labels are long."""

from __future__ import annotations

import dataclasses
import json

import pytest

from annotator.core.assist.fragments import join_fragments, long_labels
from annotator.core.assist.gold import GoldDocument, LabeledSpan
from annotator.core.assist.suggestions import SuggestedSpan
from annotator.core.assist.tagger import predict
from annotator.core.assist.tagger_model import TaggerModel
from annotator.core.assist.tagger_training import train
from annotator.core.tokens import tokenize


def span(text: str, label: str, words: str, score: float = 0.5, after: int = 0) -> SuggestedSpan:
    """Return the span of ``words`` in ``text`` (its first occurrence from ``after``)."""
    start = text.index(words, after)
    return SuggestedSpan(label, start, start + len(words), score)


def covered(text: str, spans: list[SuggestedSpan]) -> list[tuple[str, str]]:
    return [(s.label, text[s.start : s.end]) for s in spans]


def test_a_claim_broken_by_a_few_words_is_joined() -> None:
    text = "Reports say that the team avoided taking her to the hospital on Sunday."
    spans = [
        span(text, "SOURCE", "Reports"),
        span(text, "CUE", "say"),
        span(text, "CLAIM", "that the team", 0.9),
        span(text, "CUE", "avoided taking"),
        span(text, "CLAIM", "her to the hospital on Sunday", 0.6),
    ]
    joined = join_fragments(text, spans, {"CLAIM"})
    assert covered(text, joined) == [
        ("SOURCE", "Reports"),
        ("CUE", "say"),
        ("CLAIM", "that the team avoided taking her to the hospital on Sunday"),
        ("CUE", "avoided taking"),  # other labels are kept as they were
    ]
    # The score weighs each fragment by its length (13 and 29 characters).
    assert joined[2].score == pytest.approx((0.9 * 13 + 0.6 * 29) / 42)


def test_quotations_either_side_of_their_cue_stay_two_claims() -> None:
    text = "“The plant will close,” she said, “and nobody will stop it.”"
    spans = [
        span(text, "CLAIM", "The plant will close,"),
        span(text, "SOURCE", "she"),
        span(text, "CUE", "said"),
        span(text, "CLAIM", "and nobody will stop it."),
    ]
    assert join_fragments(text, spans, {"CLAIM"}) == spans


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        # The first fragment ends in punctuation: it ended where it should have.
        ("Taxes must rise; he says spending must fall.", "Taxes must rise;", "spending must fall"),
        # A conjunction in the gap starts a clause of its own.
        (
            "He warned that the army is ready and says the border stays open.",
            "that the army is ready",
            "the border stays open",
        ),
        # A line break between them.
        ("The deal is dead\nsaid the minister about the talks", "The deal is dead", "the talks"),
    ],
)
def test_fragments_apart_by_a_clause_break_are_not_joined(
    text: str, first: str, second: str
) -> None:
    spans = [span(text, "CLAIM", first), span(text, "CLAIM", second)]
    assert join_fragments(text, spans, {"CLAIM"}) == spans


def test_only_the_given_labels_are_joined() -> None:
    text = "The mayor of the city said so."
    spans = [span(text, "SOURCE", "The mayor"), span(text, "SOURCE", "the city")]
    assert join_fragments(text, spans, {"CLAIM"}) == spans
    assert covered(text, join_fragments(text, spans, {"SOURCE"})) == [
        ("SOURCE", "The mayor of the city")
    ]


def test_long_labels_are_those_with_long_gold_spans() -> None:
    text = "The minister said that prices will fall next year and taxes will rise."
    spans = [
        LabeledSpan("SOURCE", 0, 12),  # 2 tokens
        LabeledSpan("CUE", 13, 17),  # 1 token
        LabeledSpan("CLAIM", 18, len(text) - 1),  # 11 tokens
    ]
    found = long_labels([(tokenize(text), spans)], ["SOURCE", "CUE", "CLAIM", "OTHER"])
    assert found == {"CLAIM"}


def test_a_trained_model_joins_its_long_labels_and_keeps_them_in_its_bytes() -> None:
    claims = [
        "the bridge over the river will be safe for many years to come",
        "prices of bread and milk will fall sharply in the next year",
    ]
    documents = [
        GoldDocument(f"d{k}", f"Officials said that {claim}.", [])
        for k, claim in enumerate(claims * 4)
    ]
    documents = [
        dataclasses.replace(
            d,
            spans=[
                LabeledSpan("SOURCE", 0, 9),
                LabeledSpan("CUE", 10, 14),
                LabeledSpan("CLAIM", 15, len(d.text) - 1),
            ],
        )
        for d in documents
    ]
    model = train(documents, ["SOURCE", "CUE", "CLAIM"])
    assert model.joined == {"CLAIM"}
    copy = TaggerModel.from_bytes(model.to_bytes())
    assert copy.joined == {"CLAIM"}
    text = "Critics said that the army will be ready for many years to come."
    assert predict(copy, text).spans == predict(model, text).spans


def test_a_model_stored_before_the_joining_loads_and_joins_nothing() -> None:
    text = "Officials said that the bridge over the river will be safe for many years."
    document = GoldDocument(
        "d", text, [LabeledSpan("SOURCE", 0, 9), LabeledSpan("CLAIM", 15, len(text) - 1)]
    )
    data = train([document], ["SOURCE", "CLAIM"]).to_bytes()
    magic = b"annotator-assist-tagger\n"
    size = int.from_bytes(data[len(magic) : len(magic) + 8], "big")
    header = json.loads(data[len(magic) + 8 : len(magic) + 8 + size])
    del header["joined"]
    encoded = json.dumps(header).encode()
    old = magic + len(encoded).to_bytes(8, "big") + encoded + data[len(magic) + 8 + size :]
    assert TaggerModel.from_bytes(old).joined == frozenset()
