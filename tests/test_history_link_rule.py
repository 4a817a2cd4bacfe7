"""Whom the workspace links to a layer's history: those the history page would show it to
(``may_read_history``, the rule of ``document_history``), no one else."""

from __future__ import annotations

from typing import Any

from annotator.services.review.history import may_read_history

TEXT = "Officials said the border was closed."


def test_an_annotator_reads_only_their_own_layers_history_a_reviewer_any(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice = make_user("alice", "annotator")
    bob = make_user("bob", "annotator")
    carol = make_user("carol", "annotator")
    rita = make_user("rita", "reviewer")
    doc = make_document(make_project(), TEXT, "d1")
    assign(doc, alice, bob)
    assert may_read_history(session, alice, doc, "alice")
    assert not may_read_history(session, alice, doc, "bob")
    assert not may_read_history(session, alice, doc, "gold")
    assert not may_read_history(session, carol, doc, "carol")  # not assigned: not hers to see
    assert may_read_history(session, rita, doc, "bob")
    assert may_read_history(session, rita, doc, "gold")
    assert not may_read_history(session, rita, doc, "nobody")
