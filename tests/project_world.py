"""A project with something in every table a project file carries, and helpers to compare.

The export world (two annotators, gold, emoji, overlaps, labels, every status) plus: a
second schema version, a manager, notes, a gold status, gold decided from an annotator's
layer, a suggestions layer with a suggestion accepted into a layer, one rejected and a
suggested relation accepted, active time, a stored suggestion model, the assignment history,
and a document whose ``meta`` keys are not in sorted order.
"""

from __future__ import annotations

import gzip
import io
import json
from typing import Any

from sqlalchemy import select

from annotator.core.assist.model_bytes import frame
from annotator.models import AssistModel, Layer, Relation, Span, utcnow
from annotator.services.accounts.people import save_member
from annotator.services.accounts.project_admin import edit_project
from annotator.services.accounts.staffing import assign as assign_audited
from annotator.services.annotation.active_time import add_active_time
from annotator.services.annotation.labels import set_status
from annotator.services.annotation.notes import set_note
from annotator.services.assist.decisions import accept_relation, reject_suggestion
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import accept_suggestion
from annotator.services.datasets.documents import add_document
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.review.adjudication import accept_span
from annotator.services.review.differences import document_differences
from annotator.services.review.gold_status import set_gold_status
from annotator.services.review.layers import document_layers
from annotator.services.review.none_taken import decide_none, key_of, rows_by_id
from tests.export_world import World, build_world


def build_full_world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    """Create the project ``src`` with every kind of row a dump carries; commit."""
    world = build_world(session, make_user, make_project, make_document, assign)
    project, users = world.project, world.users
    rita, alice, bob = users["rita"], users["alice"], users["bob"]
    users["mia"] = make_user("mia", "annotator")
    edit_project(session, project, rita, guidelines="Mark every claim.\n\n*Be exact.*")
    save_member(session, rita, project, users["mia"], "manager")
    document, _ = add_document(
        session,
        project,
        "doc-meta",
        "A fourth text. It has two sentences.",
        title="Fourth ✓",
        meta={"outlet": "Daily", "author": {"z": 1, "a": [1.5, None, True]}, "b": "x"},
    )
    world.documents["meta"] = document
    assign_audited(session, rita, project, [alice, bob], 2)
    emoji = world.documents["emoji"]
    set_note(session, alice, emoji, "Unsure about the cue 😀", True)
    set_note(session, bob, emoji, "", False)
    bob_layer = session.scalar(
        select(Layer).where(Layer.document_id == emoji.id, Layer.user_id == bob.id)
    )
    bob_source = session.scalar(
        select(Span).where(Span.layer_id == bob_layer.id, Span.label == "SOURCE")
    )
    accept_span(session, rita, bob_source.id)
    predict_documents(session, project)
    suggested = session.scalars(
        select(Span)
        .join(Layer, Layer.id == Span.layer_id)
        .where(Layer.key == "suggestions", Layer.document_id == world.documents["plain"].id)
        .order_by(Span.start)
    ).first()
    plain = world.documents["plain"]
    # Accepting writes a layer, which a finished one takes only once reopened: alice's and
    # bob's layers of "plain" (done, skipped) are opened for it and closed again after.
    set_status(session, bob, plain, "in_progress")
    set_status(session, alice, plain, "in_progress")
    if suggested is not None:
        accept_suggestion(session, bob, suggested.id)
    suggestions_layer = select(Layer.id).where(
        Layer.key == "suggestions", Layer.document_id == plain.id
    )
    # Alice says no to one suggestion, takes a suggested relation, and spends time.
    others = session.scalars(
        select(Span).where(Span.layer_id.in_(suggestions_layer)).order_by(Span.start.desc())
    ).all()
    if others:
        reject_suggestion(session, alice, others[0].id)
    relation = session.scalars(
        select(Relation).where(Relation.layer_id.in_(suggestions_layer)).order_by(Relation.id)
    ).first()
    if relation is not None:
        accept_relation(session, alice, relation.id)
    set_status(session, alice, plain, "done")
    set_status(session, bob, plain, "skipped")
    add_active_time(session, alice, plain.id, None, 75, now=utcnow())
    # Rita decides that gold holds none of the versions of one difference.
    decided = [
        decide_none(session, rita, document, key_of(found[-1], rows_by_id(layers)))
        for document in world.documents.values()
        for layers in [document_layers(session, document)]
        for found in [document_differences(session, document, layers)]
        if found
    ]
    assert decided, "the world needs a difference to decide"
    # Last of gold's writes: final gold takes none (services/gold/lock.py).
    set_gold_status(session, rita, emoji, "final")
    session.add(
        AssistModel(
            project_id=project.id,
            version=1,
            kind="tagger",
            created_by_id=rita.id,
            # A model's framing around bytes that are no CRF: a load reads only the header.
            data=frame({"labels": ["CLAIM", "SOURCE"]}, bytes(range(256)) * 3),
            scores={"CLAIM": {"exact": {"f1": 0.5}, "overlap": {"f1": 0.75}}},
            documents=3,
            labels=["CLAIM", "SOURCE"],
        )
    )
    session.commit()
    return world


def build_movable_world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    """The full world (:func:`build_full_world`) and the global admin ``ada``, who may move it."""
    world = build_full_world(session, make_user, make_project, make_document, assign)
    world.users["ada"] = make_user("ada", "admin")
    return world


def load_on_the_page(
    client: Any,
    token: str,
    data: bytes,
    *,
    filename: str = "src.gz",
    follow_redirects: bool = False,
    **fields: str,
) -> Any:
    """Post a project file on the new project page's load form; return the answer.

    :param token: the page's CSRF token.
    :param fields: the form's other fields by their names without ``load-`` (``slug``,
        ``name``, ``people``).
    """
    return client.post(
        "/projects/load",
        data={"csrf_token": token, "load-file": (io.BytesIO(data), filename)}
        | {f"load-{name}": value for name, value in fields.items()},
        content_type="multipart/form-data",
        follow_redirects=follow_redirects,
    )


def jsonl_export(session: Any, project: Any, layer: str = "all") -> list[dict[str, Any]]:
    """Return the project's ``jsonl`` export with database ids replaced by their places.

    Span ids are numbered in the order they appear, per layer, and relations point at those
    numbers: database ids differ between instances, everything else must not.
    """
    export = start_export(session, project, ExportOptions(layer=layer))
    lines = b"".join(export.chunks).decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        record.pop("project")
        layers = list(record["annotations"]) + ([record["gold"]] if record["gold"] else [])
        for payload in layers:
            places = {span["id"]: i for i, span in enumerate(payload["spans"])}
            for span in payload["spans"]:
                span["id"] = places[span["id"]]
            for i, relation in enumerate(payload["relations"]):
                relation["id"] = i
                relation["from"] = places[relation["from"]]
                relation["to"] = places[relation["to"]]
    return records


def without_dump_time(data: bytes) -> bytes:
    """Return a project file with its gzip header's time (bytes 4 to 8) blanked."""
    assert data[:2] == b"\x1f\x8b"
    return data[:4] + b"\0\0\0\0" + data[8:]


def records_of(data: bytes) -> list[dict[str, Any]]:
    """Return the records of a project file."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as file:
        return [json.loads(line) for line in file]


def without_ids(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return a project file's records with their span, relation and label value ids blanked
    (in place)."""
    for record in records:
        if record["record"] == "ids":
            record["ranges"] = None
        for layer in record.get("layers", []) if record["record"] == "document" else []:
            for item in layer["spans"] + layer["relations"] + layer["labels"]:
                item["id"] = None
    return records


def file_of(records: list[dict[str, Any]]) -> bytes:
    """Return the gzip of ``records`` as JSON lines (for hand-made files)."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return gzip.compress(text.encode("utf-8"))
