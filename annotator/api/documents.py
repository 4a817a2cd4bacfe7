"""Documents and the annotation loop: spans, relations, labels and status (CONTRACT section 4).

Writes go to the caller's own layer, or to gold with ``?layer=gold`` (reviewers and admins);
``?annotator=`` is the same parameter by another name (:mod:`annotator.api.layer_query`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.api import bp, caller, json_body, json_object
from annotator.api import fields as f
from annotator.api.layer_query import asked_layer
from annotator.api.schema_header import seen_schema_version
from annotator.core.caller import Caller
from annotator.core.errors import Malformed
from annotator.core.schema_seen import (
    Name,
    label_names_sent,
    relation_names_sent,
    span_names_sent,
)
from annotator.db import AppSession, Db, connection_first, get_db, get_session, orm
from annotator.models import Document, Layer
from annotator.services.accounts import permissions
from annotator.services.annotation import (
    access,
    idempotency,
    labels,
    relations,
    span_deletion,
    spans,
)
from annotator.services.annotation.layers import read_layer
from annotator.services.annotation.payloads import (
    document_payload,
    relation_payload,
    span_payload,
)
from annotator.services.annotation.write_target import WriteTarget, open_span, open_write_target
from annotator.services.datasets.documents import get_document
from annotator.services.datasets.removal import remove_document
from annotator.services.review.moved_ends import recount_relations_at
from annotator.web.security import request_time


def _document(session: AppSession, document_id: int) -> Document:
    return get_document(session, f.row_id(document_id, "document"))


def _writable_document(
    session: Db,
    user: Caller,
    document_id: int,
    sent: Callable[[Any], list[Name]],
    offset: int | None = None,
) -> WriteTarget:
    """Open the caller's layer for a write whose body names what ``sent`` reads from it (the
    names a page older than a schema change may no longer send)."""
    layer = asked_layer()
    seen = seen_schema_version()
    return open_write_target(
        session,
        user,
        f.row_id(document_id, "document"),
        layer,
        offset=offset,
        seen_version=seen,
        # Read only for a page that says its version: a write without the header pays nothing.
        sends=() if seen is None else sent(json_body()),
    )


def _writable_layer(
    session: AppSession, user: Caller, layer_id: int, row: tuple[str, int]
) -> Layer:
    return access.writable_layer(session, user, layer_id, asked_layer(), row)


@bp.get("/documents/<int:document_id>")
def document(document_id: int) -> Any:
    """Return a document with its text and sentences."""
    user = caller()
    session = get_session()
    doc = _document(session, document_id)
    permissions.require_document(session, user, doc)
    assignment = permissions.find_assignment(session, user, doc)
    status = assignment.status if assignment is not None else None
    return document_payload(session, doc, status)


@bp.delete("/documents/<int:document_id>")
def delete_document(document_id: int) -> Any:
    """Delete a document with its annotations (admins and the project's managers)."""
    user = caller()
    session = get_session()
    remove_document(session, _document(session, document_id), user)
    session.commit()
    return "", 204


# The endpoint keeps its name, api.annotations; the function's would hide the module's
# ``annotations`` (the __future__ import's name).
@bp.get("/documents/<int:document_id>/annotations", endpoint="annotations")
def layer_annotations(document_id: int) -> Any:
    """Return one layer of a document: the caller's own, or ``?annotator=NAME|gold``."""
    user = caller()
    session = get_session()
    doc = _document(session, document_id)
    return read_layer(session, user, doc, asked_layer())


@bp.post("/documents/<int:document_id>/spans")
@connection_first
def create_span(document_id: int) -> Any:
    """Add a span to the caller's layer (or gold)."""
    user = caller()
    session = get_db()
    # The query that opens the layer also finds the sentence of the span's start, read from
    # the body ahead of its checks; a missing document is still a 404 before a bad body's
    # 400. A ?layer= the caller may not write is refused (403) before any lookup.
    start = f.peek_integer(json_body(), "start")
    target = _writable_document(session, user, document_id, span_names_sent, offset=start)
    body = json_object()
    label = f.string(body, "label")
    start = f.integer(body, "start")
    end = f.integer(body, "end")
    attributes = f.mapping(body, "attributes", required=False)
    # Absent or null alike: no note (a create has none to keep). Checked only when there is
    # one: the field's check on every write cost one without a note about 2,500 instructions
    # (0.25 %, docs/benchmarks.md).
    note = body.get("note")
    if note is not None:
        note = f.string(body, "note")
    span = spans.insert_span(
        session,
        target,
        label,
        start,
        end,
        attributes if f.present(attributes) else None,
        decided_by=user,
        # The time the caller's token was checked at: one clock reading for the request.
        at=request_time(),
        note=note,
    )
    idempotency.record_created(session, "span", span.id)
    answer = span_payload(span, target.text, (), sentence=target.sentence, include_version=True)
    session.commit()
    return answer, 201


@bp.patch("/spans/<int:span_id>")
@connection_first
def patch_span(span_id: int) -> Any:
    """Change any of a span's label, offsets, attributes and note; ``version`` guards stale
    edits. A null ``note`` clears it."""
    user = caller()
    session = get_db()
    # The query that opens the span also finds the sentence of its new start, read from the
    # body ahead of its checks (as a span's create does).
    start = f.peek_integer(json_body(), "start")
    seen = seen_schema_version()
    span, target = open_span(
        session,
        user,
        f.row_id(span_id, "span"),
        asked_layer(),
        offset=start,
        seen_version=seen,
        sends=() if seen is None else span_names_sent(json_body()),
    )
    body = json_object()
    changes = {
        "label": f.string(body, "label", required=False),
        "start": f.integer(body, "start", required=False),
        "end": f.integer(body, "end", required=False),
        "attributes": f.mapping(body, "attributes", required=False),
        "note": f.string(body, "note", required=False, nullable=True),
    }
    changes = {name: value for name, value in changes.items() if f.present(value)}
    version = f.integer(body, "version", required=False, nullable=True)
    if not changes:
        raise Malformed("send at least one of 'label', 'start', 'end', 'attributes', 'note'")
    changed = spans.update_span(
        session,
        span,
        target=target,
        version=version if f.present(version) else None,
        decided_by=user,
        **changes,
    )
    moved = (changed.label, changed.start, changed.end) != (span.label, span.start, span.end)
    if moved and target.layer.is_gold:
        # Its relations followed it: whom their source names is asked again.
        recount_relations_at(
            orm(session),
            target.layer.document_id,
            {span.id: (span.label, span.start, span.end)},
            actor=user,
        )
    answer = span_payload(changed, target.text, (), sentence=target.sentence, include_version=True)
    session.commit()
    return answer


@bp.delete("/spans/<int:span_id>")
@connection_first
def remove_span(span_id: int) -> Any:
    """Delete a span and its relations; ``?version=N`` (the version the caller read) guards a
    stale delete as a PATCH's ``version`` does, and without it any version goes."""
    user = caller()
    session = get_db()
    span, target = open_span(session, user, f.row_id(span_id, "span"), asked_layer())
    version = f.whole_query("version")
    span_deletion.delete_span(session, span, target=target, actor=user, version=version)
    session.commit()
    return "", 204


@bp.post("/documents/<int:document_id>/relations")
def create_relation(document_id: int) -> Any:
    """Add a relation between two spans of the caller's layer (or gold)."""
    user = caller()
    session = get_session()
    target = _writable_document(session, user, document_id, relation_names_sent)
    body = json_object()
    type_ = f.string(body, "type")
    from_id = f.integer(body, "from")
    to_id = f.integer(body, "to")
    # Absent or null alike: no note; else kept as a span's (trimmed, 422 naming note if long).
    note = f.string(body, "note", required=False, nullable=True)
    relation = relations.write_relation(
        session,
        target,
        type_,
        from_id,
        to_id,
        decided_by=user,
        note=note if f.present(note) else None,
    )
    idempotency.record_created(session, "relation", relation.id)
    answer = relation_payload(relation)
    session.commit()
    return answer, 201


@bp.patch("/relations/<int:relation_id>")
def patch_relation(relation_id: int) -> Any:
    """Change a relation's note (a null ``note`` clears it): its type and ends are not
    changed, a relation is removed and added again for that."""
    user = caller()
    session = get_session()
    relation = relations.get_relation(session, f.row_id(relation_id, "relation"))
    _writable_layer(session, user, relation.layer_id, ("relation", relation_id))
    body = json_object()
    note = f.string(body, "note", required=False, nullable=True)
    if not f.present(note):
        raise Malformed("send 'note' (text, or null to clear it)")
    relations.set_relation_note(session, relation, note, actor=user)
    answer = relation_payload(relation)
    session.commit()
    return answer


@bp.delete("/relations/<int:relation_id>")
def remove_relation(relation_id: int) -> Any:
    """Delete a relation."""
    user = caller()
    session = get_session()
    relation = relations.get_relation(session, f.row_id(relation_id, "relation"))
    _writable_layer(session, user, relation.layer_id, ("relation", relation_id))
    relations.delete_relation(session, relation, actor=user)
    session.commit()
    return "", 204


@bp.put("/documents/<int:document_id>/labels")
def put_label(document_id: int) -> Any:
    """Set or clear (``value: null``) a sentence label, or a document label (``sentence: null``)."""
    user = caller()
    session = get_session()
    target = _writable_document(session, user, document_id, label_names_sent)
    body = json_object()
    sentence = f.integer(body, "sentence", nullable=True)
    name = f.string(body, "name")
    if "value" not in body:
        raise Malformed("the field 'value' is missing (send null to clear)")
    # `previous`: the value the caller expects to replace; a 409 names the one stored instead.
    previous = body.get("previous", labels.ANY_VALUE)
    answer = labels.set_label(
        session,
        target,
        sentence,
        name,
        body["value"],
        actor=user,
        decided_by=user,
        previous=previous,
    )
    session.commit()
    return answer


@bp.put("/documents/<int:document_id>/status")
def put_status(document_id: int) -> Any:
    """Set the caller's status on a document: ``in_progress``, ``done`` or ``skipped``."""
    user = caller()
    session = get_session()
    doc = _document(session, document_id)
    # A document the caller may not see is a 404 before anything of the body is read.
    permissions.require_document(session, user, doc)
    # ?annotator=someone-else is refused, never quietly taken for the caller's own.
    # Gold has its own status, set by reviewers on the review page or its API.
    access.require_own(
        user,
        asked_layer(),
        "status",
        "reviewers set gold's with PUT /api/v1/projects/<slug>/review/<document_id>/status",
    )
    body = json_object()
    status = f.string(body, "status")
    assignment = labels.set_status(session, user, doc, status)
    answer = labels.assignment_payload(assignment)
    session.commit()
    return answer
