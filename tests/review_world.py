"""Two annotators who disagree on one document, and a reviewer: the review tests' world.

alice and bob annotate ``d1`` of the project ``demo``; rita reviews. They mark the same claim
with different starts (alice's has an attribute) and give the first sentence different
stances: a span and a label difference to review. Nothing is committed: the caller adds
what its tests need and commits.
"""

from __future__ import annotations

from typing import Any

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


def build_disagreement(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> dict[str, Any]:
    """Return the ``project``, ``doc``, ``users``, the annotators' ``layers`` and ``claims``."""
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    layers = {n: open_layer(session, users[n], doc, None) for n in ("alice", "bob")}
    claims = {
        "alice": add_span(session, layers["alice"], "CLAIM", 15, 31, {"claimer": "REPORTED"}),
        "bob": add_span(session, layers["bob"], "CLAIM", 19, 31),
    }
    set_label(session, layers["alice"], 0, "stance", "AGAINST")
    set_label(session, layers["bob"], 0, "stance", "NONE")
    return {"project": project, "doc": doc, "users": users, "layers": layers, "claims": claims}
