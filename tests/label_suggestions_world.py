"""A stance project with gold sentence labels whose words say the value, for label suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import ensure_layer
from tests.assist_world import mark_gold

SCHEMA = {
    "name": "Stance",
    "span_labels": [{"name": "CLAIM", "key": "c"}],
    "sentence_labels": [
        {"name": "stance", "values": ["FAVOR", "AGAINST", "NONE"], "keys": ["f", "a", "n"]},
        {"name": "bias", "values": ["BIASED", "NON_BIASED"]},
        {"name": "topics", "values": ["WAR", "TRADE"], "multiple": True},
    ],
    "document_labels": [{"name": "genre", "values": ["NEWS", "OPINION"]}],
}
SUBJECTS = ["The minister", "A spokesman", "Local papers", "Observers", "The committee"]
# The words that say the value recur across sentences, as a stance team's gold would have
# them: each held-out sentence shares its verb and adjective with sentences learned from.
FAVOR_WORDS = [("praise", "great"), ("welcome", "excellent"), ("support", "wonderful")]
AGAINST_WORDS = [("condemn", "disastrous"), ("reject", "shameful"), ("oppose", "terrible")]
OBJECTS = ["treaty", "deal", "reform", "plan", "agreement"]


def sentences(words: list[tuple[str, str]], count: int, offset: int = 0) -> list[str]:
    """Return ``count`` sentences saying the value of ``words``, varied by ``offset``."""
    return [
        f"{SUBJECTS[(n + offset) % 5]} {words[n % 3][0]} the {words[(n + 1) % 3][1]} "
        f"{OBJECTS[(n + offset) % 5]}."
        for n in range(count)
    ]


FAVOR = sentences(FAVOR_WORDS, 6)
AGAINST = sentences(AGAINST_WORDS, 6)


@dataclass
class LabelWorld:
    project: Any
    gold: list[Any]
    unseen: Any


def stance_text(pairs: list[tuple[str, str]]) -> str:
    """Join ``(stance, sentence)`` pairs into one text, a sentence each."""
    return " ".join(sentence for _, sentence in pairs)


def build_label_world(
    session: Any, make_project: Any, make_document: Any, documents: int = 6
) -> LabelWorld:
    """Six gold documents of six sentences each (36 gold stance labels), no span at all,
    and an unseen document whose first sentence is for and second against."""
    project = make_project("stance", SCHEMA)
    gold = []
    for n in range(documents):
        favor = iter(sentences(FAVOR_WORDS, 3, n))
        against = iter(sentences(AGAINST_WORDS, 3, n + 2))
        pairs = [
            ("FAVOR", next(favor)) if (n + k) % 2 else ("AGAINST", next(against)) for k in range(6)
        ]
        document = make_document(project, stance_text(pairs), f"gold-{n}")
        assert len(document.sentences) == 6
        layer = ensure_layer(session, document, None)
        for index, (stance, _) in enumerate(pairs):
            set_label(session, layer, index, "stance", stance)
        session.commit()
        gold.append(document)
    mark_gold(session, gold, "final")  # reviewed: what a training learns from by default
    unseen = make_document(
        project,
        "Farmers praise the great pact and support it. "
        "Unions condemn the shameful pact and reject it.",
        "unseen",
    )
    return LabelWorld(project, gold, unseen)


def suggest_stance(runner: Any) -> None:
    """Train the stance classifier on the world's gold and suggest stance on the unseen
    document, through the command line: the real path, as an admin runs it."""
    trained = runner.invoke(args=["assist", "train", "stance"])
    assert trained.exit_code == 0, trained.output
    predicted = runner.invoke(args=["assist", "predict", "stance", "--documents", "unseen"])
    assert predicted.exit_code == 0, predicted.output
