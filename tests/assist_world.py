"""A project with a small templated gold set ("X said Y."), for the suggestion tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from annotator.models import Assignment, GoldStatus
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span

NAMES = ["Maria Lopez", "John Smith", "The minister", "Officials", "Anna Berg", "The mayor"]
VERBS = ["said", "claimed", "stated", "argued", "warned"]
CLAIMS = [
    "the plan would fail",
    "taxes will rise next year",
    "the bridge is unsafe",
    "prices fell in May",
    "the talks had collapsed",
    "the army left the city",
    "schools will reopen soon",
]


@dataclass
class AssistWorld:
    project: Any
    gold: list[Any]
    unseen: Any
    reviewer: Any
    annotator: Any


def attribution_text(
    sentences: list[tuple[str, str, str]],
) -> tuple[str, list[tuple[str, int, int]]]:
    """Return a text of "NAME VERB CLAIM." sentences and its SOURCE, CUE and CLAIM spans."""
    text, spans = "", []
    for name, verb, claim in sentences:
        if text:
            text += " "
        for label, part, tail in (("SOURCE", name, " "), ("CUE", verb, " "), ("CLAIM", claim, ".")):
            spans.append((label, len(text), len(text) + len(part)))
            text += part + tail
    return text, spans


def build_assist_world(
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    gold_documents: int = 6,
    final: int | None = None,
) -> AssistWorld:
    """Build the world; the first ``final`` gold documents (default: all) are marked final,
    the gold a training learns from by default; the others stay in review."""
    project = make_project("assist")
    combos = itertools.cycle(itertools.product(NAMES, VERBS, CLAIMS))
    gold = []
    for n in range(gold_documents):
        text, spans = attribution_text([next(combos) for _ in range(9)])
        document = make_document(project, text, f"gold-{n}")
        layer = ensure_layer(session, document, None)
        for label, start, end in spans:
            add_span(
                session,
                layer,
                label,
                start,
                end,
                {"claimer": "REPORTED"} if label == "CLAIM" else None,
            )
        session.commit()
        gold.append(document)
    mark_gold(session, gold[:final], "final")
    text, _ = attribution_text([("Peter Brown", "said", "the port will close in June")])
    unseen = make_document(project, text, "unseen")
    reviewer = make_user("rita", "reviewer")
    annotator = make_user("alice", "annotator")
    assign(unseen, annotator)
    return AssistWorld(project, gold, unseen, reviewer, annotator)


def mark_gold(session: Any, documents: list[Any], status: str = "final") -> None:
    """Mark the gold of ``documents`` with ``status`` (as a reviewer's "mark final" stores it)."""
    for document in documents:
        row = session.get(GoldStatus, document.id)
        if row is None:
            session.add(GoldStatus(document_id=document.id, status=status))
        else:
            row.status = status
    session.commit()


def build_half_reviewed(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> Any:
    """Two documents alice and bob annotated alike; on the first, a reviewer accepted only
    the unanimous items into gold (still in review); the second's gold is final."""
    project = make_project("half")
    alice, bob = make_user("alice"), make_user("bob")
    make_user("rita", "reviewer")
    documents = []
    for n in range(2):
        text, spans = attribution_text([("Maria Lopez", "said", "the plan would fail")] * 2)
        document = make_document(project, text, f"doc-{n}")
        assign(document, alice, bob)
        for user in (alice, bob):
            layer = ensure_layer(session, document, user.id)
            for label, start, end in spans:
                add_span(session, layer, label, start, end, None)
        gold = ensure_layer(session, document, None)
        # The first: only the first sentence's items were decided (the rest wait).
        for label, start, end in spans[:3] if n == 0 else spans:
            add_span(session, gold, label, start, end, None)
        session.commit()
        documents.append(document)
    for row in session.query(Assignment).filter(
        Assignment.document_id.in_([d.id for d in documents])
    ):
        row.status = "done"  # both finished: the agreement page's default counts them
    mark_gold(session, documents[1:], "final")
    return project, documents
