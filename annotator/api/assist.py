"""Suggestions over HTTP (CONTRACT section 11): training, predicting, reading, accepting."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from annotator.api import bp, caller, fields, json_body
from annotator.api.idempotency import keyless
from annotator.core.errors import Malformed
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.annotation.payloads import span_answer
from annotator.services.assist.jobs import job_state, train_now
from annotator.services.assist.suggesting import (
    accept_suggestion,
    predict_documents,
    read_suggestions,
)
from annotator.services.assist.training import newest_summary
from annotator.services.datasets.documents import get_document
from annotator.web.security import now


@bp.post("/projects/<slug>/assist/train")
@keyless
def assist_train(slug: str) -> Any:
    """Train a model on the project's gold spans; answer its version and held-out scores.

    201 with the new model; 200 with the model another training stored while this request
    waited; 409 while another training of the project runs.
    """
    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "train a suggestion model")
    # End the read before training, so that no lock is held for the seconds it takes.
    session.commit()
    maker = current_app.extensions["annotator.db"]["sessionmaker"]
    summary, stored = train_now(maker, project.id, user.id)
    return summary, 201 if stored else 200


@bp.get("/projects/<slug>/assist/model")
def assist_model(slug: str) -> Any:
    """Return the project's newest model (null before the first) and its training state."""
    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "see the suggestion model")
    return {
        "model": newest_summary(session, project),
        "training": job_state(session, project, now()),
    }


@bp.post("/projects/<slug>/assist/predict")
@keyless
def assist_predict(slug: str) -> Any:
    """Write the suggestions layer of the project's documents: ``{"documents"?: [ids]}``."""
    user = caller()
    session = get_session()
    project = permissions.reviewed_project(session, user, slug, "write suggestions")
    body = json_body() if request.get_data() else {}
    if not isinstance(body, dict):
        raise Malformed("the request body must be a JSON object")
    documents = body.get("documents")
    if documents is not None and (
        not isinstance(documents, list) or not all(isinstance(d, str) for d in documents)
    ):
        raise Malformed("'documents' must be a list of document ids (strings)")
    report = predict_documents(session, project, documents)
    session.commit()
    return report


@bp.get("/documents/<int:document_id>/suggestions")
def document_suggestions(document_id: int) -> Any:
    """Return the document's suggestions layer: each span with its score and model."""
    user = caller()
    session = get_session()
    document = get_document(session, fields.row_id(document_id, "document"))
    return read_suggestions(session, user, document)


@bp.post("/suggestions/<int:suggestion_id>/accept")
@keyless
def accept(suggestion_id: int) -> Any:
    """Copy a suggested span into the caller's layer (``?layer=gold``: into gold)."""
    user = caller()
    session = get_session()
    body = json_body() if request.get_data() else {}
    if not isinstance(body, dict):
        raise Malformed("the request body must be a JSON object")
    attributes = fields.mapping(body, "attributes", required=False)
    span = accept_suggestion(
        session,
        user,
        fields.row_id(suggestion_id, "span"),
        request.args.get("layer"),
        attributes if fields.present(attributes) else None,
    )
    answer = span_answer(session, span, span.layer_id)
    session.commit()
    return answer, 201
