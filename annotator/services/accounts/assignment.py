"""Giving documents to annotators (K distinct annotators per document, balanced loads), and
taking them back: removing an annotator from documents, or moving documents to another."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.project_settings import annotators_per_document
from annotator.core.team_rotation import TeamRotation
from annotator.models import (
    Assignment,
    Document,
    Project,
    ProjectMember,
    User,
)
from annotator.services.accounts.assign_choice import (
    check_only,
    chosen_documents,
    final_gold_among,
    final_gold_of,
)
from annotator.services.accounts.held_work import remove_work, with_work, work_counts
from annotator.services.accounts.membership import add_annotators
from annotator.services.accounts.named_holdings import (
    assigned_among,
    not_all_movable,
    not_all_unassignable,
    selected_documents,
)
from annotator.services.write_holds import held_members

#: K, the annotators each document gets, when neither the request nor the project says.
DEFAULT_PER_DOCUMENT = 2


def per_document_of(project: Project) -> int:
    """Return the project's K: its schema's ``annotators_per_document``, else the default.

    The one place the default lives: ``annotator assign``, the Assignments page and
    ``POST /projects/<slug>/assignments`` all ask here when they are not told a number.
    """
    return annotators_per_document(project.schema) or DEFAULT_PER_DOCUMENT


@dataclass
class AssignmentReport:
    """What an assignment run did: new assignments and each annotator's load afterwards."""

    created: int = 0
    # The documents the run covered (every document, or those chosen).
    documents: int = 0
    loads: dict[str, int] = field(default_factory=dict)
    # Those given who were not members and joined the project as its annotators, by name.
    joined: list[str] = field(default_factory=list)
    # External ids of documents given annotators although their gold is final.
    final_gold: list[str] = field(default_factory=list)
    # External ids of documents left out because their gold is final (a run over them all).
    final_left_out: list[str] = field(default_factory=list)
    # Ids of the documents given new annotators, in the run's order: the page names them.
    given: list[int] = field(default_factory=list)


def assign_documents(
    session: Session,
    project: Project,
    annotators: list[User],
    per_document: int,
    *,
    document_ids: list[int] | None = None,
    only: str | None = None,
    actor: Actor | None = None,
) -> AssignmentReport:
    """Give every document of ``project`` exactly ``per_document`` of ``annotators``.

    Existing assignments are kept and count towards the ``per_document``; new ones go to the
    least-loaded annotators not yet on the document, which keeps the loads of annotators
    starting equal within one of each other; of those tied on load, to those who have shared
    the fewest documents of the project with the document's team so far, so that pairs
    rotate (:class:`~annotator.core.team_rotation.TeamRotation`; then the order given).
    Every annotator given becomes a member of the project (as annotator, unless already a
    member), logged as ``actor``'s (None: the command line), and named in the report's
    ``joined``.

    ``document_ids`` and ``only`` choose the documents
    (:func:`~annotator.services.accounts.assign_choice.chosen_documents`); a document chosen
    as ``understaffed`` counts every annotator it has towards ``per_document``, those not
    given too, so that it is topped up to K rather than given K more.
    """
    names = [user.username for user in annotators]
    if len(set(names)) != len(names):
        raise Invalid("an annotator is named twice", {"field": "annotators"})
    _refuse_disabled([user for user in annotators if not user.active], "annotators")
    _refuse_non_annotators(session, project, annotators, "annotators")
    check_only(only)
    if not 1 <= per_document <= len(annotators):
        # Said in words, not as the CLI's --per-document: the page and the API say it too.
        raise Invalid(
            f"Annotators per document must be from 1 to {len(annotators)}, the number of"
            f" annotators given, not {per_document}",
            {"field": "per_document"},
        )
    by_id = {user.id: user for user in annotators}
    existing: dict[int, set[int]] = {}
    rows = session.execute(
        select(Assignment.document_id, Assignment.user_id)
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project.id, Assignment.user_id.in_(by_id))
    )
    for document_id, user_id in rows:
        existing.setdefault(document_id, set()).add(user_id)
    # Loads and the documents each pair shares, the project's so far and this run's.
    rotation = TeamRotation(list(by_id))
    for team in existing.values():
        rotation.count(team)

    report = AssignmentReport()
    chosen = chosen_documents(session, project, per_document, document_ids, only)
    if document_ids is None:
        # A document whose gold is final has its answer: a top-up over the project gave one
        # to an annotator again (training then leaves it out). Named, it is given all the same.
        final = final_gold_of(session, list(chosen))
        report.final_left_out = list(final.values())
        chosen = {doc_id: n for doc_id, n in chosen.items() if doc_id not in final}
    new_rows = []
    for document_id, everyone in chosen.items():
        report.documents += 1
        have = existing.get(document_id, set())
        missing = per_document - (everyone if only == "understaffed" else len(have))
        for user_id in rotation.choose(have, missing):
            new_rows.append(Assignment(document_id=document_id, user_id=user_id))
    session.add_all(new_rows)
    # An assignment makes its annotator a member.
    report.joined = add_annotators(session, project, by_id, actor=actor)
    session.flush()
    report.created = len(new_rows)
    report.given = list(dict.fromkeys(row.document_id for row in new_rows))
    report.final_gold = final_gold_among(session, [row.document_id for row in new_rows])
    report.loads = {by_id[uid].username: count for uid, count in rotation.loads().items()}
    return report


def _refuse_disabled(disabled: list[User], field_name: str) -> None:
    """Refuse ``disabled`` users: their documents would count as assigned, unannotated."""
    if disabled:
        names = ", ".join(user.username for user in disabled)
        raise Invalid(
            f"{names} {'is' if len(disabled) == 1 else 'are'} disabled: nobody can sign in to"
            " annotate what they are given; enable them on the users page, or choose others",
            {"field": field_name},
        )


def may_be_assigned(session: Session, project: Project, roles: Mapping[str, str]) -> list[str]:
    """Return the users of ``roles`` (username -> role) who may be given documents of ``project``.

    A project's annotators are its members in the annotator role; a user whose own role is
    annotator and who is not a member yet may be given documents too, which makes them one
    (CONTRACT section 10). Its reviewers and managers, and admins and reviewers who are not
    members, may not: they read the others' layers, so theirs would not be annotated blind.
    """
    in_project = dict(
        session.execute(
            select(User.username, ProjectMember.role)
            .join(ProjectMember, ProjectMember.user_id == User.id)
            .where(ProjectMember.project_id == project.id, User.username.in_(list(roles)))
        ).all()
    )
    removed = removed_members(session, project, [n for n in roles if n not in in_project])
    return assignable(roles, in_project | dict.fromkeys(removed, REMOVED))


#: The project "role" :func:`assignable` reads for a removed member: none it may be given.
REMOVED = "removed"


def removed_members(session: Session, project: Project, names: list[str]) -> set[str]:
    """Return those of ``names``, none of them a member of ``project``, who hold documents of it.

    An assignment makes its annotator a member, and a member leaves only once their documents
    are all done or skipped, which stay theirs: so a non-member who holds documents of the
    project was removed from it. They may not be given documents again until a lead adds them
    back: an ``assign`` run with last month's list must not undo a removal unseen.
    """
    if not names:
        return set()
    return set(
        session.scalars(
            select(User.username)
            .join(Assignment, Assignment.user_id == User.id)
            .join(Document, Document.id == Assignment.document_id)
            .where(Document.project_id == project.id, User.username.in_(names))
            .distinct()
        )
    )


def removed_words(project: Project, names: list[str]) -> str:
    """Say that ``names`` were removed from ``project`` and how a lead takes them back: the
    one wording of every refusal to give them documents or layers again."""
    one = len(names) == 1
    back = "them back as its annotator" if one else "them back as its annotators"
    return (
        f"{', '.join(names)} {'was' if one else 'were'} removed from {project.name} (their"
        f" finished documents stay); add {back} on its People page first"
    )


def assignable(roles: Mapping[str, str], member_roles: Mapping[str, str]) -> list[str]:
    """Return the users of ``roles`` who may be assigned, given the project roles of those of
    them who are members (``member_roles``, username -> project role): the rule of
    :func:`may_be_assigned`, for a caller that has read the members already."""
    return [name for name, role in roles.items() if member_roles.get(name, role) == "annotator"]


def _refuse_non_annotators(
    session: Session, project: Project, users: list[User], field_name: str
) -> None:
    """Refuse the ``users`` who may not be given documents (:func:`may_be_assigned`).

    Their memberships are held first, until the assignment commits
    (:func:`~annotator.services.write_holds.held_members`): a removal under way commits
    before they are read, and one that comes later waits for the assignment.
    """
    held_members(session, project, [user.id for user in users])
    allowed = may_be_assigned(session, project, {user.username: user.role for user in users})
    refused = [user.username for user in users if user.username not in allowed]
    removed = removed_members(session, project, refused)
    if removed:
        gone = [user.username for user in users if user.username in removed]
        raise Invalid(
            f"{removed_words(project, gone)}, or choose others",
            {"field": field_name, "removed": sorted(removed)},
        )
    if refused:
        one = len(refused) == 1
        raise Invalid(
            f"{', '.join(refused)} {'is not an annotator' if one else 'are not annotators'} of"
            f" {project.name}: documents go to its annotators, and to users whose role is"
            " annotator (who become its annotators); make"
            f" {'them its annotator' if one else 'them its annotators'} first, or choose others",
            {"field": field_name},
        )


@dataclass
class UnassignReport:
    """What removing an annotator from documents did, by the documents' external ids."""

    removed: list[str] = field(default_factory=list)
    # Left assigned because the annotator's layer or note holds work (``force`` drops them).
    kept: list[str] = field(default_factory=list)
    # Removed with ``force`` although they held work, which went with them.
    dropped: list[str] = field(default_factory=list)
    # What the work dropped held, in counts (:func:`work_counts`): the audit keeps them.
    deleted: dict[str, int] = field(default_factory=dict)
    # Named but not assigned to the annotator, passed over with ``only_assigned``.
    skipped: list[str] = field(default_factory=list)


@dataclass
class ReassignReport:
    """What moving documents from one annotator to another did, by external ids."""

    moved: list[str] = field(default_factory=list)
    # The new annotator has these already: a document never has one annotator twice.
    refused: list[str] = field(default_factory=list)
    # Left with the old annotator because their layer or note holds work.
    kept: list[str] = field(default_factory=list)
    # Moved with ``force`` although the old annotator's layer or note held work, deleted.
    dropped: list[str] = field(default_factory=list)
    deleted: dict[str, int] = field(default_factory=dict)
    # The new annotator's name when the move made them a member of the project.
    joined: list[str] = field(default_factory=list)
    # External ids of documents moved although their gold is final (as assigning warns).
    final_gold: list[str] = field(default_factory=list)


def unassign(
    session: Session,
    project: Project,
    user: User,
    document_ids: list[int] | None = None,
    force: bool = False,
    only_assigned: bool = False,
    *,
    all_or_nothing: bool = False,
) -> UnassignReport:
    """Remove ``user`` from documents of ``project``: by default all of their open ones.

    Open means not ``done``; ``document_ids`` names documents whatever their status. A
    document whose layer of ``user`` holds annotations (or whose note of theirs says
    something) stays assigned unless ``force``, which deletes that work with the assignment.
    A document named that is not ``user``'s refuses the run, unless ``only_assigned``, which
    passes over it (the report's ``skipped``). With ``all_or_nothing`` (documents a person
    named) one kept for its work refuses the whole run too, before anything is written: who
    named a document expects it taken back, not passed over.

    :raises NotFound: an id that is no document of ``project``.
    :raises Invalid: a document named that is not assigned to ``user`` (without
        ``only_assigned``), or with ``all_or_nothing`` one kept; its ``details`` name them
        (``not_assigned``, ``kept``) and count the named ones that are theirs (``assigned``),
        for a face that offers to go on with those.
    """
    selected, not_theirs = selected_documents(session, project, user, document_ids, True)
    worked = with_work(session, user, list(selected))
    report = UnassignReport(skipped=list(not_theirs.values()) if only_assigned else [])
    removed: list[int] = []
    kept: dict[int, str] = {}
    for document_id, external_id in selected.items():
        if document_id in worked and not force:
            report.kept.append(external_id)
            kept[document_id] = external_id
            continue
        (report.dropped if document_id in worked else report.removed).append(external_id)
        removed.append(document_id)
    refused = {} if only_assigned else not_theirs
    if refused or (all_or_nothing and kept):
        raise not_all_unassignable(
            session, user, refused, kept if all_or_nothing else {}, len(selected)
        )
    report.deleted = work_counts(session, user, [i for i in removed if i in worked])
    remove_work(session, user, removed)
    return report


def reassign(
    session: Session,
    project: Project,
    from_user: User,
    to_user: User,
    document_ids: list[int] | None = None,
    force: bool = False,
    *,
    actor: Actor | None = None,
    all_or_nothing: bool = False,
) -> ReassignReport:
    """Move documents of ``project`` from ``from_user`` to ``to_user``: by default the open ones.

    The new assignment starts as ``new``. A document ``to_user`` already has is refused, and
    one whose layer or note of ``from_user`` holds work stays theirs unless ``force``, which
    deletes that work (``to_user`` starts afresh); all are reported. With ``all_or_nothing``
    (documents a person named) one such document refuses the whole move, before anything
    is written: who named a document expects it moved, not passed over.

    :raises NotFound: an id that is no document of ``project``.
    :raises Invalid: the same user twice, a document named not assigned to ``from_user``,
        or with ``all_or_nothing`` one refused or kept (``details``: ``refused``, ``kept``).
    """
    if from_user.id == to_user.id:
        raise Invalid(
            f"{from_user.username} cannot take over their own documents", {"field": "to_user"}
        )
    _refuse_disabled([] if to_user.active else [to_user], "to_user")
    _refuse_non_annotators(session, project, [to_user], "to_user")
    selected, _ = selected_documents(session, project, from_user, document_ids)
    worked = with_work(session, from_user, list(selected))
    theirs = assigned_among(session, to_user, list(selected))
    report = ReassignReport()
    moved: list[int] = []
    refused: dict[int, str] = {}
    kept: dict[int, str] = {}
    for document_id, external_id in selected.items():
        if document_id in theirs:
            report.refused.append(external_id)
            refused[document_id] = external_id
        elif document_id in worked and not force:
            report.kept.append(external_id)
            kept[document_id] = external_id
        else:
            report.moved.append(external_id)
            moved.append(document_id)
            if document_id in worked:
                report.dropped.append(external_id)
    if all_or_nothing and (refused or kept):
        raise not_all_movable(session, refused, kept, from_user, to_user)
    report.deleted = work_counts(session, from_user, [i for i in moved if i in worked])
    remove_work(session, from_user, moved)
    session.add_all(Assignment(document_id=doc_id, user_id=to_user.id) for doc_id in moved)
    if moved:  # an assignment makes a member
        report.joined = add_annotators(session, project, [to_user.id], actor=actor)
    session.flush()
    report.final_gold = final_gold_among(session, moved)
    return report
