"""Giving documents to annotators: K distinct annotators per document, balanced loads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.models import Assignment, Document, Project, User
from annotator.services.accounts.membership import add_annotators


@dataclass
class AssignmentReport:
    """What an assignment run did: new assignments and each annotator's load afterwards."""

    created: int = 0
    documents: int = 0
    loads: dict[str, int] = field(default_factory=dict)


def assign_documents(
    session: Session, project: Project, annotators: list[User], per_document: int
) -> AssignmentReport:
    """Give every document of ``project`` exactly ``per_document`` of ``annotators``.

    Existing assignments are kept and count towards the ``per_document``; new ones go to the
    least-loaded annotators not yet on the document (ties by the order given), which keeps
    the loads of annotators starting equal within one of each other. Every annotator given
    becomes a member of the project (as annotator, unless already a member).
    """
    names = [user.username for user in annotators]
    if len(set(names)) != len(names):
        raise Invalid("an annotator is named twice")
    if not 1 <= per_document <= len(annotators):
        raise Invalid(
            f"--per-document must be between 1 and the number of annotators ({len(annotators)}),"
            f" got {per_document}"
        )
    by_id = {user.id: user for user in annotators}
    existing: dict[int, set[int]] = {}
    load: Counter[int] = Counter({user.id: 0 for user in annotators})
    rows = session.execute(
        select(Assignment.document_id, Assignment.user_id)
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project.id, Assignment.user_id.in_(by_id))
    )
    for document_id, user_id in rows:
        existing.setdefault(document_id, set()).add(user_id)
        load[user_id] += 1

    order = {user.id: i for i, user in enumerate(annotators)}
    report = AssignmentReport()
    document_ids = session.scalars(
        select(Document.id).where(Document.project_id == project.id).order_by(Document.id)
    )
    new_rows = []
    for document_id in document_ids:
        report.documents += 1
        have = existing.get(document_id, set())
        missing = per_document - len(have)
        if missing <= 0:
            continue
        candidates = sorted(
            (uid for uid in by_id if uid not in have), key=lambda uid: (load[uid], order[uid])
        )
        for user_id in candidates[:missing]:
            new_rows.append(Assignment(document_id=document_id, user_id=user_id))
            load[user_id] += 1
    session.add_all(new_rows)
    add_annotators(session, project, by_id)  # an assignment makes its annotator a member
    session.flush()
    report.created = len(new_rows)
    report.loads = {by_id[uid].username: count for uid, count in load.items()}
    return report
