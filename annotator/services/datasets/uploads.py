"""Importing uploaded files into a project (the project page's form and the API), audited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from annotator.core.errors import Forbidden, ImportFailed, Malformed
from annotator.core.formats.readers import read_upload
from annotator.core.formats.records import Item
from annotator.models import Project, User
from annotator.services.accounts import audit, permissions
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.imports import ImportReport, import_items
from annotator.services.history import acting


def import_uploads(
    session: Session, project: Project, actor: User, uploads: Sequence[tuple[str, bytes]]
) -> ImportReport:
    """Import files ``(name, bytes)``, each read by its extension; all or nothing.

    Reads the formats ``annotator import`` reads from a file (``.txt``, ``.jsonl``,
    ``.ndjson``, ``.json``, ``.csv``, with the annotated records they may hold).

    ``project`` comes from :func:`importable_project`, which has checked that ``actor`` may
    import into it.

    :raises Forbidden: a non-admin's files hold annotators' layers.
    :raises Malformed: when no file was sent, or one has no name.
    :raises ImportFailed: listing every problem as file, line and message; nothing is stored.
    """
    if not uploads:
        raise Malformed("choose one or more files to import")
    if any(not name for name, _ in uploads):
        raise Malformed("an uploaded file has no file name; its extension says its format")
    items = [item for name, data in uploads for item in read_upload(name, data)]
    require_layer_import(actor, items)
    with acting(session, actor, "import"):
        report = import_items(session, project, items)
    if report.documents == 0:
        raise ImportFailed("nothing to import: the files hold no documents", details=[])
    record_import(session, project, actor, report, [name for name, _ in uploads])
    return report


def require_layer_import(actor: User, items: Iterable[Item]) -> None:
    """Raise :class:`Forbidden` if a non-admin's import holds annotators' layers.

    Such a layer is stored as that annotator's work (an assignment with its status), which
    agreement and review then count as theirs: only an admin may put work in someone's name.
    Documents and gold may come from anyone who may import.
    """
    if actor.role == "admin":
        return
    for item in items:
        annotated = getattr(item, "annotated", None)
        if annotated and annotated.get("annotations"):
            raise Forbidden(
                f"only admins may import annotators' layers (record {item.id!r} has"
                " 'annotations'); import the documents and gold alone, or ask an admin"
            )


def importable_project(session: Session, actor: User, slug: str) -> Project:
    """Return the project called ``slug`` if ``actor`` may import into it, else raise.

    Those who may not are told so (403) whether or not the project exists, so that they
    cannot learn which projects do.
    """
    if actor.is_reviewer:
        project = get_project(session, slug)
    else:
        project = permissions.managed_project(session, actor, slug, "import documents")
    require_import(session, actor, project)
    return project


def require_import(session: Session, actor: User, project: Project) -> None:
    """Raise :class:`Forbidden` unless ``actor`` may import documents into ``project``.

    Admins and the project's managers may; so may global reviewers, who imported through
    the API before projects had managers.
    """
    if not actor.is_reviewer:
        permissions.require_manage(session, actor, project.id, "import documents")


def record_import(
    session: Session, project: Project, actor: User | None, report: ImportReport, files: list[str]
) -> None:
    """Record an import in the audit log: the files read and what was stored."""
    after = {"files": files} | {
        key: value for key, value in report.as_dict().items() if key not in ("errors",)
    }
    audit.record(
        session,
        actor,
        "documents.import",
        project_slug=project.slug,
        target=f"project {project.slug}",
        after=after,
    )
