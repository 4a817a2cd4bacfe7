"""The layer history says the source of gold items written by an import and by ``annotator
db copies --merge``, as it does for a reviewer's decisions.

An import stores each gold item's ``source`` (how it was decided, over how many, by whom) on
the item, and its history row said none; the merge changed only an item's note, and its row
said the item was written by a reviewer. Each now records the source the item holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core.history import decode
from annotator.models import GOLD, Layer, LayerChange, Span
from annotator.services.datasets.imports import import_paths
from annotator.services.gold.state import unreviewed_imported_gold

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
MAJORITY = {"how": "majority", "of": 3, "annotators": ["alice", "bob"]}
CHOSEN = {"how": "chosen", "of": None, "annotators": ["carol"]}
WRITTEN = {"how": "written", "of": None, "annotators": []}


def _span(n: int, label: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {"id": n, "label": label, "start": start, "end": end, **extra}


def _gold_changes(session: Any) -> list[LayerChange]:
    session.expire_all()
    return list(
        session.scalars(
            select(LayerChange).where(LayerChange.layer_key == GOLD).order_by(LayerChange.id)
        )
    )


def test_an_imports_gold_history_records_the_source_each_item_stores(
    session: Any, make_project: Any, tmp_path: Path
) -> None:
    project = make_project("demo")
    record = {
        "id": "d1",
        "text": TEXT,
        "gold": {
            "spans": [
                _span(1, "CLAIM", 15, 31, attributes={"claimer": "REPORTED"}, source=MAJORITY),
                _span(2, "SOURCE", 0, 9, source=WRITTEN),
                _span(3, "SOURCE", 34, 40),  # no source: the item holds none
            ],
            "relations": [{"id": 1, "type": "ATTRIBUTED_TO", "from": 1, "to": 2, "source": CHOSEN}],
            "sentence_labels": [
                {"sentence": 0, "name": "stance", "value": "NONE", "source": CHOSEN}
            ],
        },
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_paths(session, project, [path])
    session.commit()
    said = {
        (change.kind, (decode(change.after) or {}).get("label") or change.kind): (
            change.source,
            decode(change.item_source),
        )
        for change in _gold_changes(session)
        if change.kind in ("span", "relation", "label")
    }
    assert said[("span", "CLAIM")] == ("import", MAJORITY)
    assert said[("relation", "relation")] == ("import", CHOSEN)
    assert said[("label", "label")] == ("import", CHOSEN)
    sources = sorted(
        json.dumps(decode(c.item_source), sort_keys=True)
        for c in _gold_changes(session)
        if c.kind == "span" and (decode(c.after) or {}).get("label") == "SOURCE"
    )
    assert sources == sorted(json.dumps(s, sort_keys=True) for s in (WRITTEN, None))


def test_an_annotators_imported_items_have_no_item_source(
    session: Any, make_project: Any, make_user: Any, tmp_path: Path
) -> None:
    project = make_project("demo")
    make_user("alice")
    record = {
        "id": "d1",
        "text": TEXT,
        "annotations": [{"annotator": "alice", "spans": [_span(1, "SOURCE", 0, 9)]}],
    }
    path = tmp_path / "alice.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_paths(session, project, [path])
    session.commit()
    session.expire_all()
    rows = session.scalars(select(LayerChange).where(LayerChange.kind == "span")).all()
    assert [row.item_source for row in rows] == [None]


def test_a_merge_of_gold_copies_records_the_source_the_kept_span_holds(
    session: Any, runner: Any, make_project: Any, make_document: Any
) -> None:
    project = make_project("demo")
    doc = make_document(project, TEXT, "d1")
    gold = Layer(document_id=doc.id, user_id=None, key=GOLD)
    session.add(gold)
    session.flush()
    kept = Span(
        layer_id=gold.id,
        label="SOURCE",
        start=0,
        end=9,
        source_how="majority",
        source_of=3,
        source_layer="alice,bob",
        note="the officials",
    )
    session.add(kept)
    session.flush()
    # A copy stored before a layer held a span once, with its own note: the merge joins them.
    session.add(Span(layer_id=gold.id, label="SOURCE", start=0, end=9, note="which ones?"))
    session.commit()
    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 0, result.output
    changes = [c for c in _gold_changes(session) if c.kind == "span"]
    update = next(c for c in changes if c.action == "update")
    assert update.item_id == kept.id
    assert decode(update.item_source) == MAJORITY
    removed = next(c for c in changes if c.action == "delete")
    assert removed.item_source is None  # a removal has no source after it
    # Written by the merge, not by a reviewer (the item's source says who decided it).
    assert {c.source for c in changes} == {"merge"}


def test_a_merge_of_imported_gold_leaves_it_unreviewed(
    session: Any, runner: Any, make_project: Any, tmp_path: Path
) -> None:
    """Imported gold no reviewer has touched is left out of "Against gold"; a copies merge
    wrote its history as a reviewer's, which took it for reviewed. It is the merge's now,
    and no reviewer's hand."""
    project = make_project("demo")
    record = {"id": "d1", "text": TEXT, "gold": {"spans": [_span(1, "SOURCE", 0, 9)]}}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    import_paths(session, project, [path])
    session.commit()
    gold = session.scalar(select(Layer).where(Layer.key == GOLD))
    assert unreviewed_imported_gold(session, project) == {gold.document_id}
    # A copy stored before a layer held a span once: the merge removes it.
    session.add(Span(layer_id=gold.id, label="SOURCE", start=0, end=9, note="again"))
    session.commit()
    result = runner.invoke(args=["db", "copies", "--merge", "--yes"])
    assert result.exit_code == 0, result.output
    assert {c.source for c in _gold_changes(session)} == {"import", "merge"}
    assert unreviewed_imported_gold(session, project) == {gold.document_id}
