"""Storing a batch of a project file's checked ``document`` records, with all they hold.

For :mod:`annotator.services.datasets.project_load`: one multi-row ``INSERT`` per table and
batch, documents, layers, spans and relations with ``RETURNING`` (in input order), so that
sentences, layers, relations, labels and changes can point at the stored ids. Spans,
relations and label values keep the file's ids when the load says so, else the database
numbers them. Rows go in the file's order, so that a dump of the loaded project lists
everything in the same order again. Times arrive as ``datetime`` objects
(:func:`annotator.core.formats.project_file.check` read them).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import insert

from annotator.core.formats.project_ids import empty_by_kind
from annotator.core.text import content_hash
from annotator.db import AppSession
from annotator.models import (
    DOCUMENT_UNIT,
    GOLD,
    SUGGESTIONS,
    Assignment,
    Document,
    DocumentNote,
    DocumentSearch,
    GoldDecision,
    GoldStatus,
    LabelValue,
    Layer,
    Project,
    Relation,
    Span,
    SuggestionRejection,
)
from annotator.services.datasets.document_numbers import next_numbers
from annotator.services.datasets.documents import (
    insert_returning_ids,
    insert_sentences,
    search_row,
)
from annotator.services.datasets.project_history import change_rows
from annotator.services.history import record_changes


def store_documents(
    session: AppSession,
    project: Project,
    records: list[dict[str, Any]],
    users: dict[str, int],
    kept: Collection[str] = (),
) -> None:
    """Insert a batch of checked document records with everything they hold.

    :param users: the file's user names matched to users here; a name missing is one a load
        that makes no users left out: what refers to it by a nullable column refers to no one
        (the records hold no row that needs such a user).
    :param kept: the kinds of items (``span``, ``relation``, ``label``) stored under the
        file's ids.
    """
    connection = session.connection()

    def by(name: str | None) -> int | None:
        # A name the load left out (it makes no users) decided or changed it: no one.
        return None if name is None else users.get(name)

    # A file of version 10 on carries each document's number (checked by the load: given,
    # unique, within the project's counter, which the load has set); an older one none, and
    # its documents are numbered as any import's.
    given = [r["number"] for r in records]
    numbers = given if None not in given else next_numbers(connection, project.id, len(records))
    doc_ids = insert_returning_ids(
        connection,
        Document.__table__,
        [
            {
                "project_id": project.id,
                "external_id": r["id"],
                "number": number,
                "title": r["title"],
                "meta": r["meta"],
                "text": r["text"],
                "content_hash": content_hash(r["text"]),
                "segmenter_version": r["segmenter_version"],
                "created_at": r["created_at"],
            }
            for r, number in zip(records, numbers, strict=True)
        ],
    )
    pairs = list(zip(doc_ids, records, strict=True))
    # What the document list's search compares, written with each document as every
    # other way of adding documents does (services/datasets/documents.py).
    _insert(
        connection,
        DocumentSearch,
        [search_row(doc_id, project.id, r["title"], r["id"], r["meta"]) for doc_id, r in pairs],
    )
    sentences = [
        {"document_id": doc_id, "index": i, "start": start, "end": end}
        for doc_id, r in pairs
        for i, (start, end) in enumerate(r["sentences"])
    ]
    if sentences:
        insert_sentences(connection, sentences)
    _insert(
        connection,
        GoldStatus,
        [
            {
                "document_id": doc_id,
                "status": r["gold_status"]["status"],
                "updated_by_id": by(r["gold_status"]["updated_by"]),
                "updated_at": r["gold_status"]["updated_at"],
            }
            for doc_id, r in pairs
            if r["gold_status"] is not None
        ],
    )
    _insert(
        connection,
        Assignment,
        [
            {
                "document_id": doc_id,
                "user_id": users[a["user"]],
                "status": a["status"],
                "created_at": a["created_at"],
                "updated_at": a["updated_at"],
                "first_done_at": a["first_done_at"],
            }
            for doc_id, r in pairs
            for a in r["assignments"]
        ],
    )
    _insert(
        connection,
        DocumentNote,
        [
            {
                "document_id": doc_id,
                "user_id": users[n["user"]],
                "note": n["note"],
                "unsure": n["unsure"],
                "updated_at": n["updated_at"],
            }
            for doc_id, r in pairs
            for n in r["notes"]
        ],
    )
    _insert(
        connection,
        GoldDecision,
        [
            {
                "document_id": doc_id,
                "difference": x["difference"],
                "kind": x["kind"],
                "summary": x["summary"],
                "decided_by_id": by(x["decided_by"]),
                "decided_at": x["decided_at"],
            }
            for doc_id, r in pairs
            for x in r["decisions"]
        ],
    )
    item_ids = _store_layers(connection, pairs, users, kept)
    # The layers' history, in one executemany, pointing at the stored items.
    no_items: dict[str, dict[str, list[int]]] = empty_by_kind()
    record_changes(
        session,
        [
            row
            for doc_id, r in pairs
            for row in change_rows(doc_id, r, users, item_ids.get(doc_id, no_items))
        ],
    )
    _insert(
        connection,
        SuggestionRejection,
        [
            {
                "document_id": doc_id,
                "user_id": users[x["user"]],
                "label": x["label"],
                "start": x["start"],
                "end": x["end"],
                "model": x["model"],
                "score": x["score"],
                "created_at": x["created_at"],
            }
            for doc_id, r in pairs
            for x in r["rejections"]
        ],
    )


def _store_layers(
    connection: Any,
    pairs: list[tuple[int, dict[str, Any]]],
    users: dict[str, int],
    kept: Collection[str],
) -> dict[int, dict[str, dict[str, list[int]]]]:
    """Store the documents' layers; return the stored span, relation and label value ids of
    each layer, by document, kind and layer name."""

    def by(name: str | None) -> int | None:
        # A name the load left out (it makes no users) decided or changed it: no one.
        return None if name is None else users.get(name)

    layer_rows, layers, owners = [], [], []
    for doc_id, r in pairs:
        for layer in r["layers"]:
            owners.append((doc_id, layer["name"]))
            name = layer["name"]
            user_id = None if name in (GOLD, SUGGESTIONS) else users[name]
            layer_rows.append(
                {
                    "document_id": doc_id,
                    "user_id": user_id,
                    "key": name if user_id is None else Layer.key_for(user_id),
                    "created_at": layer["created_at"],
                    "active_seconds": layer["seconds"],
                }
            )
            layers.append(layer)
    if not layer_rows:
        return {}
    layer_ids = insert_returning_ids(connection, Layer.__table__, layer_rows)
    span_rows = [
        {
            **({"id": s["id"]} if "span" in kept else {}),
            "layer_id": layer_id,
            "label": s["label"],
            "start": s["start"],
            "end": s["end"],
            "attributes": s["attributes"],
            "version": s["version"],
            "decided_by_id": by(s["decided_by"]),
            "source_layer": s["source_layer"],
            "source_how": s["source_how"],
            "source_of": s["source_of"],
            "score": s["score"],
            "model": s["model"],
            "note": s["note"],
            "created_at": s["created_at"],
            "updated_at": s["updated_at"],
        }
        for layer_id, layer in zip(layer_ids, layers, strict=True)
        for s in layer["spans"]
    ]
    span_ids = iter(insert_returning_ids(connection, Span.__table__, span_rows))
    relation_rows: list[dict[str, Any]] = []
    label_rows: list[dict[str, Any]] = []
    stored: dict[int, dict[str, dict[str, list[int]]]] = {}
    for layer_id, layer, (doc_id, name) in zip(layer_ids, layers, owners, strict=True):
        ids = [next(span_ids) for _ in layer["spans"]]
        stored.setdefault(doc_id, empty_by_kind())["span"][name] = ids
        relation_rows += [
            {
                **({"id": rel["id"]} if "relation" in kept else {}),
                "layer_id": layer_id,
                "type": rel["type"],
                "from_span_id": ids[rel["from"]],
                "to_span_id": ids[rel["to"]],
                "score": rel["score"],
                "model": rel["model"],
                "note": rel["note"],
                "decided_by_id": by(rel["decided_by"]),
                "source_layer": rel["source_layer"],
                "source_how": rel["source_how"],
                "source_of": rel["source_of"],
                "created_at": rel["created_at"],
            }
            for rel in layer["relations"]
        ]
        label_rows += [
            {
                **({"id": lab["id"]} if "label" in kept else {}),
                "layer_id": layer_id,
                "sentence_index": DOCUMENT_UNIT if lab["sentence"] is None else lab["sentence"],
                "name": lab["name"],
                "value": lab["value"],
                "score": lab["score"],
                "model": lab["model"],
                "decided_by_id": by(lab["decided_by"]),
                "source_layer": lab["source_layer"],
                "source_how": lab["source_how"],
                "source_of": lab["source_of"],
                "created_at": lab["created_at"],
                "updated_at": lab["updated_at"],
            }
            for lab in layer["labels"]
        ]
    relation_ids = iter(insert_returning_ids(connection, Relation.__table__, relation_rows))
    label_ids = iter(insert_returning_ids(connection, LabelValue.__table__, label_rows))
    for layer, (doc_id, name) in zip(layers, owners, strict=True):
        stored[doc_id]["relation"][name] = [next(relation_ids) for _ in layer["relations"]]
        stored[doc_id]["label"][name] = [next(label_ids) for _ in layer["labels"]]
    return stored


def _insert(connection: Any, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(model.__table__), rows)
