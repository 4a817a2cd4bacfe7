"""One source per cue: the sources no cue of their sentence attaches to are dropped."""

from __future__ import annotations

from annotator.core.assist.attachment import attach_sources
from annotator.core.assist.roles import role_mapping
from annotator.core.assist.suggestions import SuggestedSpan
from annotator.core.segmentation import split_sentences


def span(text: str, label: str, words: str, after: int = 0) -> SuggestedSpan:
    """Return the span of ``words`` in ``text`` (its first occurrence from ``after``)."""
    start = text.index(words, after)
    return SuggestedSpan(label, start, start + len(words), 0.8)


def covered(text: str, spans: list[SuggestedSpan]) -> list[tuple[str, str]]:
    return [(s.label, text[s.start : s.end]) for s in spans]


def test_the_source_nearest_the_cue_is_kept_and_a_second_mention_dropped() -> None:
    text = "The mayor said on Monday that the governor's plan would fail."
    spans = [
        span(text, "SOURCE", "The mayor"),
        span(text, "CUE", "said"),
        span(text, "SOURCE", "the governor's"),
        span(text, "CLAIM", "the governor's plan would fail"),
    ]
    kept = attach_sources(spans, split_sentences(text))
    assert covered(text, kept) == [
        ("SOURCE", "The mayor"),
        ("CUE", "said"),
        ("CLAIM", "the governor's plan would fail"),
    ]


def test_a_source_after_its_cue_is_chosen_when_it_is_the_nearer() -> None:
    text = "“The plant will close,” said Ms. Reyes, who runs the union for Mr. Hill."
    spans = [
        span(text, "CLAIM", "The plant will close,"),
        span(text, "CUE", "said"),
        span(text, "SOURCE", "Ms. Reyes"),
        span(text, "SOURCE", "Mr. Hill"),
    ]
    kept = attach_sources(spans, split_sentences(text))
    assert covered(text, kept) == [
        ("CLAIM", "The plant will close,"),
        ("CUE", "said"),
        ("SOURCE", "Ms. Reyes"),
    ]


def test_each_cue_keeps_its_own_source() -> None:
    text = "The mayor said the plan would fail, and the governor agreed."
    spans = [
        span(text, "SOURCE", "The mayor"),
        span(text, "CUE", "said"),
        span(text, "SOURCE", "the governor"),
        span(text, "CUE", "agreed"),
    ]
    assert attach_sources(spans, split_sentences(text)) == spans


def test_sources_are_judged_by_the_cues_of_their_own_sentence() -> None:
    # The second sentence has no cue the tagger found: its source stays, as the cue may
    # have been missed. The first sentence's cue keeps only its nearest source.
    text = "Officials said the talks broke down. Mr. Hill, the union's lawyer, in a letter."
    spans = [
        span(text, "SOURCE", "Officials"),
        span(text, "CUE", "said"),
        span(text, "SOURCE", "the talks"),
        span(text, "SOURCE", "Mr. Hill"),
        span(text, "SOURCE", "the union's lawyer"),
    ]
    kept = attach_sources(spans, split_sentences(text))
    assert covered(text, kept) == [
        ("SOURCE", "Officials"),
        ("CUE", "said"),
        ("SOURCE", "Mr. Hill"),
        ("SOURCE", "the union's lawyer"),
    ]


def test_labels_follow_the_roles_and_nothing_changes_without_a_cue_role() -> None:
    text = "The mayor said on Monday that the governor's plan would fail."
    spans = [
        span(text, "Speaker", "The mayor"),
        span(text, "Trigger", "said"),
        span(text, "Speaker", "the governor's"),
    ]
    sentences = split_sentences(text)
    named = role_mapping({"Speaker": "SOURCE", "Trigger": "CUE"})
    assert covered(text, attach_sources(spans, sentences, named)) == [
        ("Speaker", "The mayor"),
        ("Trigger", "said"),
    ]
    # Under the default roles these labels play no role: the spans come back as they were.
    assert attach_sources(spans, sentences) == spans
    assert attach_sources(spans, sentences, role_mapping({"Speaker": "SOURCE"})) == spans
