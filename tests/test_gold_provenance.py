"""Gold written directly (``?layer=gold``) records the reviewer who decided it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from annotator.models import LabelValue, Relation, Span
from tests.api_world import build_world


def test_direct_gold_edits_record_the_reviewer_and_annotator_edits_record_nothing(
    client: Any,
    session: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    rita = world.users["rita"]
    claim = world.span("rita", "CLAIM", 15, 31, query="?layer=gold")
    source = world.span("rita", "SOURCE", 0, 9, query="?layer=gold")
    own = world.span("alice", "CLAIM", 15, 31)
    doc = world.doc.id
    relation = world.call(
        "rita",
        "POST",
        f"/documents/{doc}/relations?layer=gold",
        {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]},
    )
    assert relation.status_code == 201
    label = world.call(
        "rita",
        "PUT",
        f"/documents/{doc}/labels?layer=gold",
        {"sentence": None, "name": "genre", "value": "NEWS"},
    )
    assert label.status_code == 200
    patched = world.call("ada", "PATCH", f"/spans/{source['id']}?layer=gold", {"end": 8})
    assert patched.status_code == 200

    def provenance(model: Any, row_id: int) -> tuple[Any, Any]:
        row = session.get(model, row_id)
        return row.decided_by_id, row.source_layer

    assert provenance(Span, claim["id"]) == (rita.id, "gold")
    assert provenance(Span, source["id"]) == (world.users["ada"].id, "gold")  # last to decide
    assert provenance(Relation, relation.get_json()["id"]) == (rita.id, "gold")
    genre = session.scalar(select(LabelValue).where(LabelValue.name == "genre"))
    assert (genre.decided_by_id, genre.source_layer) == (rita.id, "gold")
    assert provenance(Span, own["id"]) == (None, None)
