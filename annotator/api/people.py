"""Project members, assignments and the audit log over HTTP (CONTRACT section 10).

Members and assignments are for admins and the project's managers; the audit log for admins,
and for a project's managers the entries of their project. To anyone else a project's people
do not exist (403, whether or not the project does). The rules and the audit entries are in
:mod:`annotator.services.accounts.people` and :mod:`annotator.services.accounts.staffing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, request

from annotator.api import bp, caller, fields, json_object
from annotator.api.idempotency import keyless
from annotator.api.paging import asked_page, asked_paging, paged
from annotator.core.errors import Malformed
from annotator.core.vocabulary import PROJECT_ROLES
from annotator.db import get_session
from annotator.services.accounts import audit, membership, people, permissions, staffing
from annotator.services.accounts.assign_choice import final_gold_words, final_left_out_words
from annotator.services.accounts.assignment import per_document_of
from annotator.services.accounts.people_filter import people_filter
from annotator.services.accounts.user_look_alikes import member_to_be
from annotator.services.accounts.users import get_user
from annotator.services.datasets.document_names import named_document_ids

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from annotator.models import Project


@bp.get("/projects/<slug>/members")
def members(slug: str) -> Any:
    """List a project's members with their project roles: all, or ``?page=`` (by name);
    ``?q=`` keeps the names holding it (case aside), ``?role=`` one project role."""
    session = get_session()
    project = permissions.managed_project(session, caller(), slug, "see a project's members")
    filters = people_filter(request.args.get("q"), request.args.get("role"), PROJECT_ROLES)
    page = membership.members_page(session, project, asked_paging(), filters)
    return paged("members", [people.member_json(m) for m in page.rows], page.total, page.paging)


@bp.put("/projects/<slug>/members/<username>")
def put_member(slug: str, username: str) -> Any:
    """Make a user a member of the project in a role, or change their role."""
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "change a project's members")
    role = fields.string(json_object(), "role")
    member = people.save_member(
        session, user, project, member_to_be(session, user, project, username), role
    )
    session.commit()
    return people.member_json(member)


@bp.delete("/projects/<slug>/members/<username>")
def delete_member(slug: str, username: str) -> Any:
    """Remove a member from the project (refused while they hold documents of it)."""
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "change a project's members")
    people.drop_member(session, user, project, member_to_be(session, user, project, username))
    session.commit()
    return Response(status=204)


@bp.post("/projects/<slug>/assignments")
@keyless  # the answer is counts, not a row; a retry keeps every assignment and adds none
def assign(slug: str) -> Any:
    """Give every document (or those ``documents`` and ``only`` choose) K of the annotators
    named, the rules of ``annotator assign``."""
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "assign documents")
    body = json_object()
    described = "a non-empty list of user names"
    names = fields.string_list(body, "annotators", described, nonempty=True)
    if names is None:
        message = f"the field 'annotators' must be {described}"
        raise Malformed(message, details={"field": "annotators"})
    per_document = fields.optional_integer(body, "per_document")
    if per_document is None:
        per_document = per_document_of(project)
    only = fields.string(body, "only", required=False, nullable=True)
    annotators = [get_user(session, name) for name in names]
    report = staffing.assign(
        session,
        user,
        project,
        annotators,
        per_document,
        document_ids=_chosen(session, project, body),
        only=only if fields.present(only) else None,
    )
    session.commit()
    return {
        "assigned": report.created,
        "documents": report.documents,
        "loads": report.loads,
        "joined": report.joined,
        **_final_gold_said(report.final_gold, report.final_left_out),
        "final_left_out": report.final_left_out,
    }


def _final_gold_said(final_gold: list[str], left_out: list[str] | None = None) -> dict[str, Any]:
    """The answer's ``final_gold`` (documents given although their gold is final) and its
    ``warnings`` saying so, as an assign and a reassign both answer them; an assign's
    documents left out for their final gold are said too."""
    warnings = [final_gold_words(final_gold), final_left_out_words(left_out or [])]
    return {"final_gold": final_gold, "warnings": [w for w in warnings if w]}


def _chosen(session: Session, project: Project, body: dict[str, Any]) -> list[int] | None:
    """The documents ``body`` names (``documents``: ids as exports name them, or # numbers),
    or None for every document; an unknown one is refused by name
    (:func:`named_document_ids`)."""
    names = fields.string_list(body, "documents", "a list of document ids (strings)")
    return None if names is None else named_document_ids(session, project, names)


@bp.post("/projects/<slug>/assignments/remove")
@keyless  # the answer names what was removed; a retry finds nothing more to remove
def unassign(slug: str) -> Any:
    """Take documents back from an annotator, the rules of ``annotator unassign``: by default
    their open ones; ``documents`` names some, all of them theirs unless ``only_assigned``."""
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "assign documents")
    body = json_object()
    annotator = get_user(session, fields.string(body, "annotator"))
    report = staffing.take_back(
        session,
        user,
        project,
        annotator,
        _chosen(session, project, body),
        force=fields.flag(body, "force"),
        only_assigned=fields.flag(body, "only_assigned"),
    )
    session.commit()
    return {
        "removed": report.removed,
        "kept": report.kept,
        "dropped": report.dropped,
        "skipped": report.skipped,
    }


@bp.post("/projects/<slug>/assignments/reassign")
@keyless  # the answer names what moved; a retry finds those documents the new annotator's
def reassign(slug: str) -> Any:
    """Move documents from one annotator to another, the rules of ``annotator reassign`` and
    the Assignments page: by default the first's open ones; one holding their work stays
    theirs unless ``force`` (which deletes that work), one the second has already is refused.
    Documents named (``documents``) move all or none: one that cannot refuses the move (422,
    by field ``documents``, each named with why)."""
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "assign documents")
    body = json_object()
    from_user = get_user(session, fields.string(body, "from_user"), field="from_user")
    to_user = get_user(session, fields.string(body, "to_user"), field="to_user")
    report = staffing.move_documents(
        session,
        user,
        project,
        from_user,
        to_user,
        _chosen(session, project, body),
        force=fields.flag(body, "force"),
    )
    session.commit()
    return {
        "moved": report.moved,
        "refused": report.refused,
        "kept": report.kept,
        "dropped": report.dropped,
        "joined": report.joined,
        **_final_gold_said(report.final_gold),
    }


@bp.get("/audit")
def audit_log() -> Any:
    """Return one page of the audit log, newest first (``?project=&page=&per_page=``)."""
    user = caller()
    session = get_session()
    slug = request.args.get("project") or None
    paging = asked_page()
    entries, total = audit.entries_read_by(
        session, user, slug, page=paging.page, per_page=paging.per_page
    )
    return paged("entries", [audit.entry_json(entry) for entry in entries], total, paging)
