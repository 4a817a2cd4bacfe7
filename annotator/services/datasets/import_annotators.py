"""The annotators an import of annotated records names: known users, users it may create
(``create_users``), and members the project removed, whose new layers are refused."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.formats.readers import Problem, Record
from annotator.core.look_alike import look_alike_key
from annotator.core.wording import counted
from annotator.models import Project, ProjectMember, User
from annotator.services.accounts.assignment import removed_members, removed_words
from annotator.services.accounts.users import case_variants, username_problem
from annotator.services.datasets.dataset_plan import BATCH, DatasetPlan
from annotator.services.datasets.import_options import DatasetOptions


def refuse_removed(
    session: Session,
    project: Project,
    names: dict[str, Record],
    plan: DatasetPlan,
    problems: list[Problem],
) -> None:
    """Refuse a new layer of a member the project removed: storing it would make them a
    member again, unseen (an assignment makes its annotator one), as ``assign`` refuses to.
    Their finished layers coming back as they are (a re-import) store nothing and pass."""
    owners = sorted({owner for _, owner, _ in plan.layers if owner is not None})
    members = set(
        session.scalars(
            select(User.username)
            .join(ProjectMember, ProjectMember.user_id == User.id)
            .where(ProjectMember.project_id == project.id, User.username.in_(owners))
        )
    )
    removed = sorted(removed_members(session, project, [o for o in owners if o not in members]))
    if removed:
        first = min((names[n] for n in removed), key=lambda r: (r.file, r.line or 0))
        problems.append(_at(first, f"{removed_words(project, removed)}, then import again"))


def check_names(
    session: Session,
    names: dict[str, Record],
    options: DatasetOptions,
    plan: DatasetPlan,
    problems: list[Problem],
) -> None:
    """Refuse the annotators ``names`` (each with the first record naming it) who are no
    user, in one problem, unless ``options.create_users``: then note them in ``plan`` to
    create, or refuse those who cannot be made."""
    wanted = sorted(names)
    known: set[str] = set()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        known.update(session.scalars(select(User.username).where(User.username.in_(chunk))))
    unknown = [name for name in wanted if name not in known]
    if not unknown:
        return
    if options.create_users:
        found = _unmakeable(session, unknown, names)
        problems += found
        if not found:
            plan.new_users, plan.actor = unknown, options.actor
        return
    first = min((names[n] for n in unknown), key=lambda r: (r.file, r.line or 0))
    words = options.words
    # A face that cannot create users (the project page's plain upload) says only the way
    # it has.
    otherwise = (
        f" or {words.create_users}" if words.create_users is not None else ", then import again"
    )
    problems.append(
        _at(
            first,
            f"{counted(len(unknown), 'unknown annotator')}: {', '.join(unknown)}; create them "
            f"first ({words.make_users}){otherwise}",
        )
    )


def _unmakeable(session: Session, unknown: list[str], names: dict[str, Record]) -> list[Problem]:
    """Return a problem for each annotator the import is to create who cannot be made: a name
    no user may have, or one that reads as an existing user's or another new one's (case,
    width). Said before anything is stored, at the first record naming them; creating them
    refused the whole import with a bare conflict that named no line."""
    problems = []
    for name in unknown:
        why = username_problem(name)
        if why is not None:
            problems.append(_at(names[name], f"annotator {name!r} cannot be created: {why}"))
    variants = case_variants(session, unknown)
    alike: dict[str, list[str]] = {}
    for name in unknown:
        alike.setdefault(look_alike_key(name), []).append(name)
    for name in unknown:
        existing = variants.get(name)
        if existing is None:
            first = alike[look_alike_key(name)][0]
            if first == name:
                continue
            existing, whose = first, "the new annotator"
        else:
            whose = "the existing user"
        problems.append(
            _at(
                names[name],
                f"annotator {name!r} differs from {whose} {existing!r} only in case or "
                f"character width: write {existing!r} if it is that user, or another name",
            )
        )
    return problems


def _at(record: Record, message: str) -> Problem:
    return Problem(record.file, record.line, message)
