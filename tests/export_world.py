"""A small annotated project for the export and dataset import tests.

Two annotators and a gold layer on three documents, with emoji (outside the Basic
Multilingual Plane), overlapping spans, attributes, relations, sentence and document labels,
and every status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from tests.helpers import review_team

#: What an export of the world's gold says of it: the emoji document's gold is in review.
GOLD_NOT_FINAL = (
    "1 of 3 documents written has gold that is not final (1 In review): it may still change; "
    "the gold status filter final keeps only the gold a reviewer marked final"
)

TEXTS = {
    "emoji": "Officials 😀 said the plan will cut costs by 10%.\n"
    "Critics 🎉 denied it at once.\n\nThe ministry did not comment.",
    "plain": "The minister said exports rose sharply. Analysts were not convinced.",
    "untouched": "Nobody annotated this one yet.",
}


@dataclass
class World:
    project: Any
    documents: dict[str, Any]
    users: dict[str, Any]


def span_at(text: str, phrase: str, occurrence: int = 0) -> tuple[int, int]:
    """Return the code point offsets of ``phrase`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def build_world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    """Create the project, users and annotations; commit."""
    project = make_project("src")
    documents = {
        key: make_document(project, text, external_id=f"doc-{key}") for key, text in TEXTS.items()
    }
    users = review_team(make_user, assign, *documents.values())

    emoji = documents["emoji"]
    text = TEXTS["emoji"]
    alice = open_layer(session, users["alice"], emoji, None)
    claim = add_span(
        session,
        alice,
        "CLAIM",
        *span_at(text, "the plan will cut costs by 10%"),
        {"claimer": "REPORTED"},
    )
    source = add_span(session, alice, "SOURCE", *span_at(text, "Officials 😀"))
    cue = add_span(session, alice, "CUE", *span_at(text, "said"))
    # Overlapping the claim: allowed by the seed schema.
    add_span(session, alice, "BIASED_WORD", *span_at(text, "cut costs"), {"type": "LEXICAL"})
    add_relation(session, alice, "ATTRIBUTED_TO", claim.id, source.id)
    add_relation(session, alice, "CUED_BY", claim.id, cue.id)
    set_label(session, alice, 0, "stance", "AGAINST")
    set_label(session, alice, 1, "bias", "BIASED")
    set_label(session, alice, None, "genre", "NEWS")
    set_status(session, users["alice"], emoji, "done")

    bob = open_layer(session, users["bob"], emoji, None)
    add_span(
        session,
        bob,
        "CLAIM",
        *span_at(text, "the plan will cut costs by 10%"),
        {"claimer": "REPORTED"},
    )
    add_span(session, bob, "SOURCE", *span_at(text, "Critics 🎉"))
    set_label(session, bob, 0, "stance", "AGAINST")
    set_label(session, bob, None, "genre", "OPINION")
    set_status(session, users["bob"], emoji, "in_progress")

    gold = open_layer(session, users["rita"], emoji, "gold")
    g_claim = add_span(
        session,
        gold,
        "CLAIM",
        *span_at(text, "the plan will cut costs by 10%"),
        {"claimer": "REPORTED"},
    )
    g_source = add_span(session, gold, "SOURCE", *span_at(text, "Officials 😀"))
    add_relation(session, gold, "ATTRIBUTED_TO", g_claim.id, g_source.id)
    set_label(session, gold, 0, "stance", "AGAINST")
    set_label(session, gold, None, "genre", "NEWS")

    plain = documents["plain"]
    ptext = TEXTS["plain"]
    alice_plain = open_layer(session, users["alice"], plain, None)
    add_span(session, alice_plain, "SOURCE", *span_at(ptext, "The minister"))
    # Crosses the sentence boundary: starts in sentence 0 and ends in sentence 1.
    add_span(session, alice_plain, "CLAIM", *span_at(ptext, "rose sharply. Analysts"))
    set_status(session, users["alice"], plain, "done")
    set_status(session, users["bob"], plain, "skipped")
    session.commit()
    return World(project, documents, users)
