"""The layers a project already has on the documents of an import, and how an imported
layer compares with one: the same annotations (nothing to store), or different (refused: an
import never merges into or overwrites someone's work)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.layer_check import CleanLayer
from annotator.models import Document, Project
from annotator.services.datasets.batches import LoadedDocument, load_layers
from annotator.services.datasets.dataset_plan import BATCH


def stored_documents(
    session: Session, project: Project, ids: list[str]
) -> dict[str, LoadedDocument]:
    """Return the project's documents with external ``ids``, each with its layers loaded."""
    found: dict[str, LoadedDocument] = {}
    connection = session.connection()
    d = Document.__table__.c
    for start in range(0, len(ids), BATCH):
        rows = connection.execute(
            select(d.id, d.external_id, d.title, d.meta, d.text).where(
                d.project_id == project.id, d.external_id.in_(ids[start : start + BATCH])
            )
        ).all()
        documents = {
            r.id: LoadedDocument(r.id, r.external_id, r.title, r.meta, r.text, []) for r in rows
        }
        load_layers(connection, documents)
        found.update((doc.external_id, doc) for doc in documents.values())
    return found


def existing_layer(document: LoadedDocument, owner: str | None) -> dict[str, Any]:
    """Return the stored layer of ``owner`` (None: gold) on ``document``."""
    return document.gold if owner is None else document.layers[owner][1]  # type: ignore[return-value]


#: What a layer without its annotator's note on the document has: ``(note, unsure)``.
NO_NOTE = ("", False)


def note_of(payload: dict[str, Any]) -> tuple[str, bool]:
    """Return a loaded layer's note on the document as a clean layer holds it."""
    return payload.get("note", ""), payload.get("unsure", False)


def canonical(payload: dict[str, Any], owner: str | None) -> Any:
    """Return a stored layer as what it holds, ids aside, to compare with an imported one."""
    spans = {
        s["id"]: (s["label"], s["start"], s["end"], _json(s["attributes"]))
        for s in payload["spans"]
    }
    return (
        None if owner is None else payload["status"],
        sorted(spans.values()),
        sorted((r["type"], spans[r["from"]], spans[r["to"]]) for r in payload["relations"]),
        sorted(
            (-1 if x.get("sentence") is None else x["sentence"], x["name"], _json(x["value"]))
            for x in payload["sentence_labels"] + payload["document_labels"]
        ),
    )


def canonical_clean(layer: CleanLayer, owner: str | None) -> Any:
    """Return an imported (checked) layer as :func:`canonical` returns a stored one."""
    spans = {s[0]: (s[1], s[2], s[3], _json(s[4])) for s in layer.spans}
    return (
        None if owner is None else (layer.status or "new"),
        sorted(spans.values()),
        sorted((t, spans[a], spans[b]) for t, a, b in layer.relations),
        sorted((unit, name, _json(value)) for unit, name, value in layer.labels),
    )


def labels_unheld(current: Any, imported: Any, annotated: dict[str, Any]) -> str:
    """Say, of a stored layer and an imported one that differ, when they differ only in the
    sentence and document labels that the file's format has no room for (our brat export
    imported again): else ''."""
    unheld_by = annotated.get("no_room_for_labels")
    if unheld_by is None or current[:3] != imported[:3] or imported[3]:
        return ""
    return (
        f": it differs only in its sentence and document labels, which {unheld_by} has no "
        "room for (the files hold none)"
    )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
