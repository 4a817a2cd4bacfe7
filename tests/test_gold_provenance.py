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


def test_the_label_service_records_who_decided_a_gold_value_as_the_span_service_does(
    client: Any,
    session: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """``set_label(decided_by=)`` records the decider in gold (as ``add_span`` does): no face
    records it after the write; an annotator's layer records nothing."""
    from annotator.core.gold_source import FROM_SUGGESTION
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import ensure_layer

    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    rita, alice = world.users["rita"], world.users["alice"]
    gold = ensure_layer(session, world.doc, None)
    set_label(session, gold, None, "genre", "NEWS", actor=rita, decided_by=rita)
    set_label(session, gold, 0, "stance", "FAVOR", decided_by=rita, source=FROM_SUGGESTION)
    own = ensure_layer(session, world.doc, alice.id)
    set_label(session, own, None, "genre", "NEWS", actor=alice, decided_by=alice)
    session.commit()
    rows = session.scalars(select(LabelValue).order_by(LabelValue.id)).all()
    assert [(r.name, r.decided_by_id, r.source_layer, r.source_how) for r in rows] == [
        ("genre", rita.id, "gold", "written"),
        ("stance", rita.id, "suggestions", FROM_SUGGESTION.how),
        ("genre", None, None, None),
    ]
