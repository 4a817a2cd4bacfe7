"""An import that changes the status of a layer already there records it, as every status
change is recorded: a history row of the change, and a count in the import's report.

Imports are the lead's bulk tool and may write into a layer its annotator marked done or
skipped; but a skipped layer brought back ``in_progress`` with a span, say, must leave the
change in the layer's history, and the report must say how many statuses it changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core.history import status_snapshot
from annotator.models import Assignment, LayerChange
from annotator.services.datasets.imports import import_paths

TEXT = "The EU acted badly."
SPAN = {"id": 1, "label": "BIASED_WORD", "start": 13, "end": 18, "text": "badly"}


def _write(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_a_skipped_layer_brought_back_in_progress_leaves_its_status_change(
    session: Any, tmp_path: Path, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    project = make_project("demo")
    alice = make_user("alice")
    document = make_document(project, TEXT, "y1")
    assign(document, alice)
    session.execute(Assignment.__table__.update().values(status="skipped"))
    session.commit()
    layer = {"annotator": "alice", "status": "in_progress", "spans": [dict(SPAN)]}
    path = _write(tmp_path, [{"id": "y1", "text": TEXT, "annotations": [layer]}])
    report = import_paths(session, project, [path])
    session.commit()
    assert report.as_dict()["annotations"]["statuses_changed"] == 1
    assert "1 layer's status changed" in report.summary()
    rows = session.scalars(
        select(LayerChange).where(
            LayerChange.document_id == document.id, LayerChange.kind == "status"
        )
    ).all()
    assert [(r.source, json.loads(r.before), json.loads(r.after)) for r in rows] == [
        ("import", status_snapshot("skipped"), status_snapshot("in_progress"))
    ]
    assert session.scalar(select(Assignment.status)) == "in_progress"


def test_an_import_that_keeps_every_status_counts_none(
    session: Any, tmp_path: Path, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    """Spans into an empty done layer, said done: the layer changes, its status does not."""
    project = make_project("demo")
    alice = make_user("alice")
    document = make_document(project, TEXT, "y1")
    assign(document, alice)
    session.execute(Assignment.__table__.update().values(status="done"))
    session.commit()
    layer = {"annotator": "alice", "status": "done", "spans": [dict(SPAN)]}
    path = _write(tmp_path, [{"id": "y1", "text": TEXT, "annotations": [layer]}])
    report = import_paths(session, project, [path])
    session.commit()
    assert report.as_dict()["annotations"]["statuses_changed"] == 0
    assert "status" not in report.summary()
    kinds = session.scalars(
        select(LayerChange.kind).where(LayerChange.document_id == document.id)
    ).all()
    assert kinds == ["span"]
