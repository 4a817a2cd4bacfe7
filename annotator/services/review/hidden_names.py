"""The one numbering of a project's hidden names: "Annotator N" in the order people arrived.

Numbered by name, a team that knows its members' usernames would read who "Annotator 1" is
off the alphabet. Each annotator is numbered by when they first had a place in the project
instead: the earliest of their membership as an annotator, an assignment and a layer of one
of its documents (ties: the older account first). A reviewer or manager who annotates
nothing takes no number (the history names a reviewer's changes by name). Those rows are
written as people join and are given work, and are never renamed, so a number stays with its
person from page to page and day to day; it moves only when someone who came earlier is
taken off every row.
"""

from __future__ import annotations

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import Session

from annotator.core.shown_names import AS_NAMED, ShownNames, numbered
from annotator.services.review.accept_scope import UnfinishedDocument
from annotator.services.review.layers import DocumentLayer
from annotator.tables import (
    assignment_table,
    document_table,
    layer_table,
    project_member_table,
    user_table,
)


def arrival_order(session: Session, project_id: int) -> list[str]:
    """Return the usernames of everyone who annotates in project ``project_id`` (a membership
    as an annotator, an assignment or a layer there), first comer first."""
    member, assignment, layer, document = (
        project_member_table.c,
        assignment_table.c,
        layer_table.c,
        document_table.c,
    )
    arrivals = union_all(
        select(member.user_id, member.created_at).where(
            member.project_id == project_id, member.role == "annotator"
        ),
        select(assignment.user_id, assignment.created_at)
        .join_from(assignment_table, document_table, assignment.document_id == document.id)
        .where(document.project_id == project_id),
        select(layer.user_id, layer.created_at)
        .join_from(layer_table, document_table, layer.document_id == document.id)
        .where(document.project_id == project_id, layer.user_id.is_not(None)),
    ).subquery()
    first = (
        select(arrivals.c.user_id, func.min(arrivals.c.created_at).label("at"))
        .group_by(arrivals.c.user_id)
        .subquery()
    )
    if session.autoflush:  # a Core statement, which the session does not flush before
        session.flush()
    query = (
        select(user_table.c.username)
        .join_from(first, user_table, first.c.user_id == user_table.c.id)
        .order_by(first.c.at, user_table.c.id)
    )
    return list(session.scalars(query))


def shown_names(session: Session, project_id: int, hidden: bool) -> ShownNames:
    """Return how the pages and answers of project ``project_id`` name its annotators: by
    name, or (``hidden``) each under its number in :func:`arrival_order`."""
    if not hidden:
        return AS_NAMED
    return ShownNames(numbered(arrival_order(session, project_id)))


def hide_names(layers: list[DocumentLayer], shown: ShownNames) -> None:
    """Name ``layers`` as ``shown`` names them, in the order of those names (by number when
    hidden: in the real names' order the list would tell how they sort)."""
    layers.sort(key=lambda layer: shown.rank(layer.name))
    for layer in layers:
        layer.name = shown(layer.name)


def not_done_as_shown(not_done: list[tuple[str, str]], shown: ShownNames) -> list[tuple[str, str]]:
    """Name the annotators not done (name, status) as ``shown`` names their layers, in that
    order (by number when hidden: the real names' order would tell how they sort)."""
    return [
        (shown(name), status) for name, status in sorted(not_done, key=lambda n: shown.rank(n[0]))
    ]


def unfinished_as_shown(
    unfinished: list[UnfinishedDocument], shown: ShownNames
) -> list[tuple[int, list[str]]]:
    """Return (number, who has not finished it) of each named document an accept left out
    unfinished, naming the annotators as ``shown`` names them, in that order (as
    :func:`not_done_as_shown`)."""
    return [
        (left.number, [shown(name) for name in sorted(left.not_finished_by, key=shown.rank)])
        for left in unfinished
    ]
