"""Review and adjudication over HTTP: the same actions as the review pages, for scripts.

Reviewers and admins only. The rules are in
:mod:`annotator.services.review.adjudication`, :mod:`annotator.services.review.unanimous`
and :mod:`annotator.services.review.gold_status`, shared with the pages; this module
parses, calls one service and commits.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import request

from annotator.api import bp, caller, fields, json_object, optional_json_object
from annotator.api.idempotency import keyless
from annotator.api.paging import asked_paging, paged
from annotator.core.caller import Caller
from annotator.core.quorum import UNANIMOUS
from annotator.core.shown_names import ShownNames
from annotator.core.times import iso
from annotator.core.unanimous_scope import UnanimousScope, filtered_out_said, read_scope
from annotator.core.wording import span_words, unfinished_named_said
from annotator.db import get_session
from annotator.models import Document, Project, Span
from annotator.services.accounts import permissions
from annotator.services.datasets import sentence_merge, sentence_split
from annotator.services.datasets.documents import document_in_project
from annotator.services.review import adjudication, gold_status, none_taken
from annotator.services.review.decided_differences import decided_differences
from annotator.services.review.differences import (
    document_differences,
)
from annotator.services.review.final_marking import change_gold_status
from annotator.services.review.given_toward import mark_given_toward
from annotator.services.review.hidden_names import (
    hide_names,
    not_done_as_shown,
    shown_names,
    unfinished_as_shown,
)
from annotator.services.review.layers import document_layers
from annotator.services.review.queue import ANONYMOUS, QueueItem, review_page
from annotator.services.review.unanimous import Accepted, accept_unanimous, accept_unanimous_in


def reviewed(slug: str) -> tuple[Caller, Project]:
    """Return the caller and the project ``slug`` they review (404 when they may not see it,
    403 for its annotators)."""
    user = caller()
    # An annotator learns nothing, not even which projects exist.
    return user, permissions.reviewed_project(get_session(), user, slug, "review disagreements")


def answer_names(project: Project) -> ShownNames:
    """How this answer names the annotators: ``?anonymous=1`` by the project's numbers."""
    return shown_names(get_session(), project.id, request.args.get("anonymous") in ANONYMOUS)


@bp.get("/projects/<slug>/review")
def review_documents(slug: str) -> Any:
    """List the documents two or more annotated (finished ones first, then most disagreement
    first), with gold status:
    all, or ``?page=``; ``?anonymous=1`` keys each row's statuses "Annotator 1", "Annotator
    2"... as every page and answer of the project numbers them (``waiting_for`` too, an
    assignee whose layer is not compared included); ``?annotators=finished`` (or
    ``waiting``) keeps the documents every assignee has finished (or someone has not)."""
    _, project = reviewed(slug)
    session = get_session()
    paging = asked_paging()
    annotators = request.args.get("annotators") or None
    page = review_page(session, project, paging, shown=answer_names(project), annotators=annotators)
    documents = [_queue_row(item) for item in page.rows]
    return {"project": project.slug} | paged("documents", documents, page.total, page.paging)


def _queue_row(item: QueueItem) -> dict[str, Any]:
    """Return a review list row as the API gives it: every field, and ``disagreement``.

    The fields as they are (``vars``), not ``dataclasses.asdict``: its deep copy of every
    value, field by field, was 60 to 80 ms of a 4,000-document list (docs/benchmarks.md,
    reviewlist35); nothing here is changed after, only written out as JSON.
    """
    row = dict(vars(item))
    row["waiting_for"] = [dict(vars(who)) for who in item.waiting_for]
    row["disagreement"] = item.disagreement
    return row


@bp.get("/projects/<slug>/review/<int:document_id>")
def review_document(slug: str, document_id: int) -> Any:
    """Return every classified difference between a document's layers.

    Each version says what accepting it takes: ``accept`` is the body to POST to ``accept``.
    ``?anonymous=1`` names the annotators "Annotator 1", "Annotator 2"... instead.
    """
    _, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    layers = document_layers(session, document)
    hide_names(layers, answer_names(project))
    differences = decided_differences(
        session, document, layers, document_differences(session, document, layers)
    )
    mark_given_toward(session, project, document, layers, [item.difference for item in differences])
    return {
        "document": document.id,
        "external_id": document.external_id,
        "gold_status": gold_status.document_gold_status(session, document),
        "layers": [layer.name for layer in layers],
        # Each layer's assignment status, by the name given: an In progress layer may
        # still change.
        "statuses": {layer.name: layer.status for layer in layers},
        "differences": [
            {
                "kind": d.kind,
                "sentence": d.sentence,
                "summary": d.summary,
                # Gold holds one of its versions (whose exactly: ``taken``, as the export's
                # ``source.annotators`` names them; a relation only between gold's spans for
                # its ends: ``followed``), or a reviewer decided it holds none
                # (``none_taken``); marking final decides nothing.
                "decided": item.decided,
                "taken": item.taken,
                "followed": item.followed,
                "split": item.split,
                "key": item.key,
                "none_taken": None if item.none_taken is None else _none(item.none_taken),
                "versions": [
                    {
                        "annotator": v.annotator,
                        "text": v.text,
                        "accept": None
                        if v.accept is None
                        else {"kind": v.accept[0], "id": v.accept[1]}
                        | ({"attribute": v.accept[2]} if v.accept[2] else {}),
                        "note": v.note,
                    }
                    # A label value given toward an earlier target of its field.
                    | ({} if v.given_toward is None else {"given_toward": v.given_toward.data()})
                    for v in d.versions
                ],
            }
            # A label field's difference: the field's target now, beside its name.
            | ({} if d.target is None else {"target": d.target})
            for item in differences
            for d in [item.difference]
        ],
    }


@bp.post("/projects/<slug>/review/<int:document_id>/accept")
@keyless
def review_accept(slug: str, document_id: int) -> Any:
    """Accept one annotator's item into gold: ``{"kind", "id", "attribute"?}``."""
    user, project = reviewed(slug)
    document = document_in_project(get_session(), project, document_id)
    body = json_object()
    kind = fields.string(body, "kind")
    item_id = fields.integer(body, "id")
    attribute = fields.string(body, "attribute", required=False)
    session = get_session()
    # Read before accepting: the ends gold's spans stand for, said in the answer.
    standing = (
        adjudication.ends_gold_stands_for(session, document, item_id) if kind == "relation" else []
    )
    row = adjudication.accept_item(
        session,
        user,
        document,
        kind,
        item_id,
        attribute if fields.present(attribute) else None,
        shown=answer_names(project),
    )
    session.commit()
    said: dict[str, Any] = {"kind": kind, "gold_id": row.id}
    if standing:
        said["ends_at"] = [
            {"end": _span_said(document, end), "gold": _span_said(document, gold)}
            for end, gold in standing
        ]
    return said


def _span_said(document: Document, span: Span) -> str:
    return span_words(span.label, span.start, span.end, document.text)


def _none(decision: none_taken.NoneTaken) -> dict[str, Any]:
    return {"decided_by": decision.decided_by, "decided_at": iso(decision.decided_at)}


@bp.post("/projects/<slug>/review/<int:document_id>/none")
@keyless
def review_none(slug: str, document_id: int) -> Any:
    """Decide that gold holds none of a difference's versions: ``{"difference": KEY}``."""
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    key = fields.string(json_object(), "difference")
    decision = none_taken.decide_none(session, user, document, key)
    session.commit()
    return {"document": document.id, "difference": decision.difference} | _none(decision)


@bp.delete("/projects/<slug>/review/<int:document_id>/none/<key>")
def review_reopen(slug: str, document_id: int, key: str) -> Any:
    """Undo a "none taken" decision: the difference is to decide again."""
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    none_taken.reopen(session, user, document, key)
    session.commit()
    return "", 204


@bp.post("/projects/<slug>/review/<int:document_id>/unanimous")
@keyless
def review_unanimous(slug: str, document_id: int) -> Any:
    """Accept into gold every item all (or, ``{"quorum": "majority"}``, more than half) of
    the document's annotators gave alike."""
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    result = accept_unanimous(session, user, document, quorum=_quorum())
    session.commit()
    return _accepted(project, result)


@bp.post("/projects/<slug>/review/unanimous")
@keyless
def review_unanimous_project(slug: str) -> Any:
    """Accept every unanimous (or majority) item of every document not yet final that
    everyone assigned has finished (``{"include_unfinished": true}``: the others too; and
    ``annotators``: only those the review list's filter shows; ``documents``: only these,
    named as on the project page; both: the named ones the filter shows), those named and
    left out (by the filter, or unfinished) named in the answer."""
    user, project = reviewed(slug)
    session = get_session()
    scope = read_scope(optional_json_object())
    result = accept_unanimous_in(session, user, project, scope)
    session.commit()
    return _accepted(project, result, scope)


def _accepted(
    project: Project, result: Accepted, scope: UnanimousScope | None = None
) -> dict[str, Any]:
    """Answer what an accept wrote and left out, naming the annotators of the named
    documents left out unfinished as the answer names them (``?anonymous=1``), with
    warnings that say which named documents were left out (by ``scope``'s filter, or
    unfinished) and what takes the unfinished ones."""
    said = unfinished_as_shown(result.unfinished_named, answer_names(project))
    warnings = []
    if result.filtered_out and scope is not None and scope.annotators is not None:
        named = [(left.number, left.external_id) for left in result.filtered_out]
        warnings.append(filtered_out_said(scope.annotators, named))
    if said:
        warnings.append(unfinished_named_said(said, "include_unfinished"))
    return asdict(result) | {
        "unfinished_named": [
            asdict(left) | {"not_finished_by": names}
            for left, (_, names) in zip(result.unfinished_named, said, strict=True)
        ],
        "warnings": warnings,
    }


def _quorum() -> str:
    """The body's ``quorum`` (optional, as the body is): ``unanimous`` when not given."""
    quorum = fields.string(optional_json_object(), "quorum", required=False)
    return quorum if fields.present(quorum) else UNANIMOUS


@bp.put("/projects/<slug>/review/<int:document_id>/status")
def review_status(slug: str, document_id: int) -> Any:
    """Set a document's gold status: ``{"status": "open" | "in_review" | "final",
    "unanimous"?: "accept" | "majority" | "leave"}``.

    Marking final answers ``unanimous_lacking``: how many items every annotator gave alike
    gold still lacks (``"unanimous": "accept"`` takes them in first, ``"majority"`` what most
    annotators gave alike, them among it, and ``unanimous_accepted`` says what it took), and
    ``to_decide``: how many differences are still undecided, whose versions final gold leaves
    out; and ``not_done``: the annotators assigned the document who have not marked it done
    or skipped (``[{"annotator", "status"}]``), whose layers may still change;
    ``never_taken``: on a document one annotator annotated, what gold lacks of that layer
    (``{"annotator", "spans", "relations", "labels"}``, null when nothing); all are null for
    another status. ``warnings`` says what final gold leaves out, naming the document, as the
    page and the command line say it (empty for another status).
    """
    user, project = reviewed(slug)
    document = document_in_project(get_session(), project, document_id)
    body = json_object()
    status = fields.string(body, "status")
    unanimous = fields.string(body, "unanimous", required=False)
    session = get_session()
    change = change_gold_status(
        session, user, document, status, unanimous if fields.present(unanimous) else None
    )
    session.commit()
    accepted = change.accepted
    shown = answer_names(project)
    not_done = None if change.not_done is None else not_done_as_shown(change.not_done, shown)
    return {
        "document": document.id,
        "gold_status": change.status,
        "unanimous_lacking": None if change.lacking is None else change.lacking.total,
        "to_decide": change.undecided,
        "never_taken": None
        if change.never_taken is None
        else {"annotator": shown(change.never_taken.annotator)}
        | {n: getattr(change.never_taken, n) for n in ("spans", "relations", "labels")},
        "required_missing": None if change.gaps is None else [gap.as_dict() for gap in change.gaps],
        # What final gold leaves out, in the page's and the command line's words.
        "warnings": [f"{said}." for said in change.left_out(shown)],
        "not_done": None
        if not_done is None
        else [{"annotator": name, "status": status} for name, status in not_done],
        "unanimous_accepted": None
        if accepted is None
        else {"spans": accepted.spans, "relations": accepted.relations, "labels": accepted.labels},
    }


@bp.post("/projects/<slug>/review/<int:document_id>/sentences/<int:index>/split")
@keyless
def review_split_sentence(slug: str, document_id: int, index: int) -> Any:
    """Split sentence ``index`` (0-based) at the code-point offset ``{"at": N}``.

    A split through spans answers 409 naming them, unless ``"force": true``.
    """
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    body = json_object()
    at = fields.integer(body, "at")
    force = fields.flag(body, "force")
    split = sentence_split.split_sentence(
        session, user, document, index, at, force, shown=answer_names(project)
    )
    session.commit()
    return {
        "document": document.id,
        "sentences": split.sentences,
        "spans_across": split.spans_across,
    }


@bp.post("/projects/<slug>/review/<int:document_id>/sentences/<int:index>/merge")
@keyless
def review_merge_sentences(slug: str, document_id: int, index: int) -> Any:
    """Merge sentence ``index`` with the next; ``{"keep": "first"|"second"}`` settles labels."""
    user, project = reviewed(slug)
    session = get_session()
    document = document_in_project(session, project, document_id)
    # The body is optional: an empty one merges when no labels disagree.
    body = json_object() if request.get_data() else {}
    keep = fields.string(body, "keep", required=False)
    merged = sentence_merge.merge_sentences(
        session,
        user,
        document,
        index,
        keep if fields.present(keep) else None,
        shown=answer_names(project),
    )
    session.commit()
    return {"document": document.id, "sentences": [merged]}
