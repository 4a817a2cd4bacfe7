"""Storing checked dataset annotations: users, assignments, layers, spans, relations, labels,
and each annotator's note on the document.

One multi-row ``INSERT`` per table for a whole import, spans with ``RETURNING`` (in input
order) so that relations can point at the new span ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.gold_source import Source, recorded_json, source_columns
from annotator.core.history import (
    label_snapshot,
    relation_snapshot,
    span_end,
    span_snapshot,
    status_snapshot,
)
from annotator.core.layer_check.result import ItemSource
from annotator.db import AppSession
from annotator.models import (
    Assignment,
    Document,
    DocumentNote,
    LabelValue,
    Layer,
    Project,
    Relation,
    Span,
    User,
    utcnow,
)
from annotator.services.accounts import people
from annotator.services.accounts.membership import add_annotators
from annotator.services.datasets.dataset_plan import BATCH, DatasetPlan
from annotator.services.datasets.documents import by_external_id, insert_returning_ids
from annotator.services.gold.writes import note_gold_write
from annotator.services.history import acting_user_id, change_row, record_changes


@dataclass(frozen=True)
class Stored:
    """What :func:`store_datasets` wrote: layers stored, and annotators' layers already there
    whose status the import changed (each change in the layer's history, as every one is)."""

    layers: int = 0
    statuses_changed: int = 0


def store_datasets(
    session: AppSession, project: Project, plan: DatasetPlan, actor: Actor | None
) -> Stored:
    """Write a checked plan; return what it stored. ``actor``: who imports (None: the
    command line), whom the audit log names for the members its assignments make."""
    for name in plan.new_users:
        # Audited like a user made on /admin/users; without a password (tokens only).
        people.add_user(session, plan.actor, name, "annotator", None)
    _store_document_notes(session, project, plan)
    if not plan.layers:
        return Stored()
    connection = session.connection()
    users = {
        u.username: u.id
        for u in session.scalars(
            select(User).where(User.username.in_({o for _, o, _ in plan.layers if o}))
        )
    }
    external = sorted({doc for doc, _, _ in plan.layers})
    doc_ids: dict[str, int] = by_external_id(session, project, external, Document.id)
    changed = _store_assignments(session, plan, users, doc_ids)
    # An assignment makes its annotator a member (CONTRACT section 10), as on the people page.
    owners = {users[owner] for _, owner, _ in plan.layers if owner}
    add_annotators(session, project, owners, actor=actor)
    note_gold_write(session, [doc_ids[doc] for doc, owner, _ in plan.layers if owner is None])
    now = utcnow()
    rows = []
    for i, (doc, owner, _) in enumerate(plan.layers):
        # An annotator's empty layer needs no row (only its assignment), as in the editor.
        if i not in plan.into and not (owner is not None and plan.layers[i][2].empty):
            user_id = None if owner is None else users[owner]
            rows.append(
                {
                    "document_id": doc_ids[doc],
                    "user_id": user_id,
                    "key": Layer.key_for(user_id),
                    "created_at": now,
                }
            )
    new_ids = iter(insert_returning_ids(connection, Layer.__table__, rows))
    layer_ids = [
        plan.into.get(i) or (None if owner and clean.empty else next(new_ids))
        for i, (_, owner, clean) in enumerate(plan.layers)
    ]
    span_rows = [
        {
            "layer_id": layer_id,
            "label": label,
            "start": start,
            "end": end,
            "attributes": attributes,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            **_provenance(clean.span_suggested.get(file_id)),
            **sourced(clean.span_sources.get(file_id)),
            "note": clean.span_notes.get(file_id),
        }
        for layer_id, (_, _, clean) in zip(layer_ids, plan.layers, strict=True)
        for file_id, label, start, end, attributes in clean.spans
    ]
    span_ids = iter(insert_returning_ids(connection, Span.__table__, span_rows))
    relation_rows, label_rows = [], []
    # Who imports: the face names them (the command line names nobody: the system).
    actor_id = acting_user_id(session) if plan.actor is None else plan.actor.id
    # A status the import changed is in the layer's history as one set on the page is (a
    # skipped layer brought back in progress, say): imports may write a closed layer, openly.
    changes: list[Mapping[str, Any]] = [
        change_row(
            doc_id,
            Layer.key_for(user_id),
            "status",
            "update",
            None,
            status_snapshot(before),
            status_snapshot(after),
            actor_id=actor_id,
            source="import",
            at=now,
        )
        for (doc_id, user_id), (before, after) in changed.items()
    ]
    for layer_id, (doc, owner, clean) in zip(layer_ids, plan.layers, strict=True):
        ids = {span[0]: next(span_ids) for span in clean.spans}
        if layer_id is not None:
            key = Layer.key_for(None if owner is None else users[owner])
            changes += _imported(doc_ids[doc], key, clean, ids, actor_id, now)
        relation_rows += [
            {
                "layer_id": layer_id,
                "type": t,
                "from_span_id": ids[a],
                "to_span_id": ids[b],
                "created_at": now,
                **_provenance(clean.relation_suggested.get(n)),
                **sourced(clean.relation_sources.get(n)),
                "note": clean.relation_notes.get(n),
            }
            for n, (t, a, b) in enumerate(clean.relations)
        ]
        label_rows += [
            {
                "layer_id": layer_id,
                "sentence_index": unit,
                "name": name,
                "value": value,
                **_provenance(clean.label_suggested.get(n)),
                **sourced(clean.label_sources.get(n)),
                "created_at": now,
                "updated_at": now,
            }
            for n, (unit, name, value) in enumerate(clean.labels)
        ]
    if relation_rows:
        connection.execute(insert(Relation.__table__), relation_rows)
    if label_rows:
        connection.execute(insert(LabelValue.__table__), label_rows)
    # The layers' history, in one executemany: every imported item as created by the import.
    record_changes(session, changes)
    return Stored(sum(layer_id is not None for layer_id in layer_ids), len(changed))


def _store_document_notes(session: Session, project: Project, plan: DatasetPlan) -> None:
    """Give each annotator the note on the document their layer in the file has.

    The check kept only the notes an annotator does not have yet (and refused one that
    differs from theirs); a row that says nothing (an emptied note box) takes the file's.
    """
    if not plan.document_notes:
        return
    named = select(User.username, User.id).where(
        User.username.in_({owner for _, owner, _ in plan.document_notes})
    )
    users: dict[str, int] = {name: user_id for name, user_id in session.execute(named)}
    doc_ids = by_external_id(
        session, project, sorted({doc for doc, _, _ in plan.document_notes}), Document.id
    )
    wanted = {(doc_ids[doc], users[owner]): note for doc, owner, note in plan.document_notes}
    rows = session.scalars(
        select(DocumentNote).where(
            DocumentNote.document_id.in_({doc for doc, _ in wanted}),
            DocumentNote.user_id.in_({user for _, user in wanted}),
        )
    )
    for row in rows:
        found = wanted.pop((row.document_id, row.user_id), None)
        if found is not None and (row.note, row.unsure) != found:
            # A new version, as a save from the page makes: a tab that read the note before
            # the import is refused (409) rather than writing over what came in.
            row.note, row.unsure, row.version = *found, row.version + 1
    session.add_all(
        DocumentNote(document_id=doc, user_id=user, note=note, unsure=unsure)
        for (doc, user), (note, unsure) in wanted.items()
    )
    session.flush()


def sourced(given: ItemSource | None) -> dict[str, Any]:
    """Return the source columns of a gold item an import stores (all None when not given:
    every row of one insert has the same columns)."""
    return source_columns(_source(given))


def _source(given: ItemSource | None) -> Source | None:
    """Return the source a file gives a gold item (None: it gives none)."""
    if given is None:
        return None
    how, of, names = given
    return Source(how, names, of)


def _provenance(suggested: tuple[float | None, str] | None) -> dict[str, Any]:
    """Return the score and model columns of an item an import stores (CONTRACT 11)."""
    score, model = suggested if suggested is not None else (None, None)
    return {"score": score, "model": model}


def _imported(
    document_id: int,
    key: str,
    clean: Any,
    ids: dict[Any, int],
    actor_id: int | None,
    at: datetime,
) -> list[dict[str, Any]]:
    """Return the change rows of a layer an import stored: each item created, a gold item
    with the source it was stored with (:func:`sourced`), as a review's rows say theirs."""

    def row(kind: str, item: int | None, after: Any, given: ItemSource | None) -> dict[str, Any]:
        return change_row(
            document_id,
            key,
            kind,
            "create",
            item,
            None,
            after,
            actor_id=actor_id,
            source="import",
            at=at,
            item_source=recorded_json(_source(given)),
        )

    ends = {file_id: span_end(label, start, end) for file_id, label, start, end, _ in clean.spans}
    return [
        *(
            row(
                "span",
                ids[file_id],
                span_snapshot(label, start, end, attributes, note=clean.span_notes.get(file_id)),
                clean.span_sources.get(file_id),
            )
            for file_id, label, start, end, attributes in clean.spans
        ),
        *(
            row(
                "relation",
                None,
                relation_snapshot(t, ends[a], ends[b], note=clean.relation_notes.get(n)),
                clean.relation_sources.get(n),
            )
            for n, (t, a, b) in enumerate(clean.relations)
        ),
        *(
            row("label", None, label_snapshot(unit, name, value), clean.label_sources.get(n))
            for n, (unit, name, value) in enumerate(clean.labels)
        ),
    ]


def _store_assignments(
    session: Session, plan: DatasetPlan, users: dict[str, int], doc_ids: dict[str, int]
) -> dict[tuple[int, int], tuple[str, str]]:
    """Store the plan's assignments; return the statuses changed of those already there,
    (document id, user id) -> (before, after)."""
    changed: dict[tuple[int, int], tuple[str, str]] = {}
    wanted = {
        (doc_ids[doc], users[owner]): clean.status
        for doc, owner, clean in plan.layers
        if owner is not None
    }
    documents = sorted({doc for doc, _ in wanted})
    for start in range(0, len(documents), BATCH):
        for assignment in session.scalars(
            select(Assignment).where(Assignment.document_id.in_(documents[start : start + BATCH]))
        ):
            key = (assignment.document_id, assignment.user_id)
            if key in wanted:
                status = wanted.pop(key)
                if status is not None and status != assignment.status:
                    changed[key] = (assignment.status, status)
                    assignment.status = status
    if wanted:
        now = utcnow()
        session.connection().execute(
            insert(Assignment.__table__),
            [
                {
                    "document_id": doc,
                    "user_id": user,
                    "status": status or "new",
                    "created_at": now,
                    "updated_at": now,
                }
                for (doc, user), status in wanted.items()
            ],
        )
    session.flush()
    return changed
