"""alice and bob attribute one claim to one SOURCE, from claims with different starts.

alice's CLAIM starts at "the", bob's at "talks" (the same end); both link it to the SOURCE
"Officials" with ATTRIBUTED_TO. Shared by the tests of relation ends in gold and of whose
relation gold holds.
"""

from __future__ import annotations

from typing import Any

from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review.curation import curation_view
from annotator.services.review.decided_differences import CuratedDifference
from tests.helpers import review_team

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
ALICES, BOBS, SOURCE = ("CLAIM", 15, 31), ("CLAIM", 19, 31), ("SOURCE", 0, 9)


def build_shifted_claim_world(
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    make_token: Any,
    assign: Any,
) -> dict[str, Any]:
    project = make_project("demo")
    doc = make_document(project, TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    items: dict[str, Any] = {}
    for name, claim_start in (("alice", ALICES[1]), ("bob", BOBS[1])):
        layer = open_layer(session, users[name], doc, None)
        claim = add_span(session, layer, "CLAIM", claim_start, ALICES[2])
        source = add_span(session, layer, *SOURCE)
        relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        items[name] = {"layer": layer, "claim": claim, "source": source, "relation": relation}
    session.commit()
    return {"doc": doc, "users": users, "items": items, "token": make_token(users["rita"])}


def difference_of(session: Any, doc: Any, kind: str) -> CuratedDifference:
    """The curation view's difference of ``kind``, read afresh."""
    session.expire_all()
    return next(d for d in curation_view(session, doc).differences if d.difference.kind == kind)
