"""Suggestions over HTTP (CONTRACT section 11): training, predicting, reading, accepting.

The suggestion services are imported inside each view: the tagger and its maths load
NumPy and CRFsuite, which a server's other requests never need (docs/benchmarks.md, "Small
and quick").
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from annotator.api import bp, caller, fields, json_object, optional_json_object
from annotator.api.idempotency import keyless
from annotator.api.layer_query import asked_layer
from annotator.core.errors import Malformed
from annotator.core.shapes import model_name
from annotator.db import get_session, get_sessionmaker
from annotator.services.accounts import permissions
from annotator.services.annotation import idempotency
from annotator.services.annotation.payloads import span_answer
from annotator.services.datasets.documents import get_document
from annotator.web.security import now


@bp.post("/projects/<slug>/assist/train")
@keyless
def assist_train(slug: str) -> Any:
    """Train a model on the project's gold spans; answer its version and held-out scores.

    ``{"include_in_review": true}`` learns from gold still in review too (default: gold
    marked final only).

    201 with the new model; 200 with the model another training stored while this request
    waited; 409 while another training of the project runs.
    """
    from annotator.services.assist.jobs import train_now

    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "train a suggestion model")
    include_in_review = fields.flag(optional_json_object(), "include_in_review")
    # End the read before training, so that no lock is held for the seconds it takes.
    session.commit()
    maker = get_sessionmaker(current_app)
    summary, stored = train_now(maker, project.id, user.id, include_in_review=include_in_review)
    return summary, 201 if stored else 200


@bp.get("/projects/<slug>/assist/model")
def assist_model(slug: str) -> Any:
    """Return the project's newest model (null before the first) and its training state."""
    from annotator.services.assist.label_models import label_field_models
    from annotator.services.assist.training import newest_summary
    from annotator.services.assist.training_claim import job_state

    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "see the suggestion model")
    return {
        "model": newest_summary(session, project),
        "training": job_state(session, project, now()),
        "label_fields": label_field_models(session, project),
    }


@bp.post("/projects/<slug>/assist/predict")
@keyless
def assist_predict(slug: str) -> Any:
    """Write the suggestions layer of the project's documents: ``{"documents"?: [ids]}``."""
    from annotator.services.assist.audience import predicted_audience
    from annotator.services.assist.predicting import predict_documents
    from annotator.services.datasets.document_names import named_external_ids

    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "write suggestions")
    body = optional_json_object()
    documents = body.get("documents")
    if documents is not None and (
        not isinstance(documents, list) or not all(isinstance(d, str) for d in documents)
    ):
        raise Malformed("'documents' must be a list of document ids (strings)")
    if documents:  # ids as exports name them, or # numbers; an empty list still names none
        documents = named_external_ids(session, project, documents)
    report = predict_documents(session, project, documents)
    # Nobody was asked first (the model page asks): say who will see them, and when.
    audience = predicted_audience(session, project, report, named=documents is not None)
    report["audience"] = audience.as_json()
    session.commit()
    return report


@bp.get("/documents/<int:document_id>/suggestions")
def document_suggestions(document_id: int) -> Any:
    """Return the document's suggestions layer: each span with its score and model.

    Those the caller's layer (``?layer=gold``: gold) already holds are left out and counted
    in ``held``; ``?include_held=1`` lists them too, each marked ``held``.
    """
    from annotator.services.assist.suggesting import read_suggestions

    user = caller()
    session = get_session()
    document = get_document(session, fields.row_id(document_id, "document"))
    include_held = fields.query_flag("include_held")
    return read_suggestions(session, user, document, asked_layer(), include_held)


@bp.post("/suggestions/<int:suggestion_id>/accept")
def accept(suggestion_id: int) -> Any:
    """Copy a suggested span into the caller's layer (``?layer=gold``: into gold).

    The suggested relations it completes (their other end already in the layer) are written
    with it and answered in ``relations``; one the layer refuses, in ``skipped``.
    Takes an ``Idempotency-Key``, as a span write does: the workspace retries it safely.
    """
    from annotator.services.assist.decisions import accept_span, accepted_payload

    user = caller()
    session = get_session()
    body = optional_json_object()
    attributes = fields.mapping(body, "attributes", required=False)
    accepted = accept_span(
        session,
        user,
        fields.row_id(suggestion_id, "suggestion"),
        asked_layer(),
        attributes if fields.present(attributes) else None,
    )
    span = accepted.spans[0]
    written = accepted_payload(accepted, lambda span: span_answer(session, span, span.layer_id))
    answer = span_answer(session, span, span.layer_id)
    answer["relations"], answer["skipped"] = written["relations"], written["skipped"]
    completed = {"relations": [r.id for r in accepted.relations], "skipped": answer["skipped"]}
    idempotency.record_created(session, "span", span.id, completed)
    session.commit()
    return answer, 201


@bp.post("/suggestions/<int:suggestion_id>/reject")
@keyless
def reject(suggestion_id: int) -> Any:
    """Reject a suggested span: it is no longer shown to the caller, and the report counts it."""
    from annotator.services.assist.decisions import reject_suggestion

    user = caller()
    session = get_session()
    row = reject_suggestion(session, user, fields.row_id(suggestion_id, "span"))
    answer = {
        "suggestion": suggestion_id,
        "label": row.label,
        "start": row.start,
        "end": row.end,
        "model": model_name(row.model),
        "score": row.score,
    }
    session.commit()
    return answer, 201


@bp.delete("/suggestions/<int:suggestion_id>/reject")
@keyless
def withdraw_reject(suggestion_id: int) -> Any:
    """Take back a rejection (the workspace's undo of one): the suggestion is shown again."""
    from annotator.services.assist.decisions import withdraw_rejection

    user = caller()
    session = get_session()
    withdraw_rejection(session, user, fields.row_id(suggestion_id, "span"))
    session.commit()
    return "", 204


@bp.post("/suggestions/relations/<int:relation_id>/accept")
@keyless
def accept_suggested_relation(relation_id: int) -> Any:
    """Copy a suggested relation and its two spans into the caller's layer (or gold)."""
    from annotator.services.assist.decisions import accept_relation, accepted_payload

    user = caller()
    session = get_session()
    accepted = accept_relation(session, user, fields.row_id(relation_id, "relation"), asked_layer())
    answer = accepted_payload(accepted, lambda span: span_answer(session, span, span.layer_id))
    session.commit()
    return answer, 201


@bp.post("/suggestions/labels/<int:label_id>/accept")
@keyless
def accept_suggested_label(label_id: int) -> Any:
    """Set a suggested sentence or document label in the caller's layer (or gold), with
    its ``suggested`` provenance; accepting it again writes nothing twice. An optional body
    ``{"previous": value}`` is the value the caller shows, as a label write's ``previous``:
    a 409 ``label_changed`` when the layer holds another (set in another tab since)."""
    from annotator.services.annotation.labels import ANY_VALUE
    from annotator.services.assist.suggesting import accept_label_suggestion

    user = caller()
    session = get_session()
    previous = optional_json_object().get("previous", ANY_VALUE)
    label = fields.row_id(label_id, "label")
    answer = accept_label_suggestion(session, user, label, asked_layer(), previous=previous)
    session.commit()
    return answer, 201


@bp.post("/documents/<int:document_id>/suggestions/accept")
@keyless
def accept_in_sentence(document_id: int) -> Any:
    """Accept every suggestion shown in one sentence: ``{"sentence": index}``."""
    from annotator.services.assist.decisions import accept_sentence, accepted_payload

    user = caller()
    session = get_session()
    document = get_document(session, fields.row_id(document_id, "document"))
    # A document the caller may not see is a 404 before anything of the body is read.
    permissions.require_document(session, user, document)
    sentence = fields.integer(json_object(), "sentence")
    accepted = accept_sentence(session, user, document, sentence, asked_layer())
    answer = accepted_payload(accepted, lambda span: span_answer(session, span, span.layer_id))
    session.commit()
    return answer, 201
