"""Importing uploaded files into a project (the project page's form and the API), audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Malformed
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.records import Upload
from annotator.db import AppSession
from annotator.models import Project
from annotator.services import audit_log
from annotator.services.accounts import permissions
from annotator.services.accounts.projects import get_project
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.import_report import ImportReport
from annotator.services.datasets.imports import import_paths
from annotator.services.history import acting


def corpus_options(
    create_users: bool,
    annotator: str | None,
    label_map: str | None,
    words: OptionWords,
    texts_only: bool = False,
    skip_same_texts: bool = False,
) -> DatasetOptions:
    """Return the options of ``annotator import --format`` as a form or request gives them:
    an empty annotator or map is none; ``words`` are how that face names them in messages."""
    return DatasetOptions(
        create_users=create_users,
        annotator=(annotator or "").strip() or None,
        label_map=(label_map or "").strip() or None,
        words=words,
        texts_only=texts_only,
        skip_same_texts=skip_same_texts,
    )


def unpacked_limit(config: Mapping[str, Any]) -> int | None:
    """Return the most bytes an uploaded zip may unpack to, from the app's ``config``: what
    the upload limit (``MAX_CONTENT_LENGTH``, set from ``ANNOTATOR_MAX_UPLOAD_MB``) lets in
    unzipped, so that a small archive cannot expand past it; None when there is no limit.

    What the faces that take corpora (the import page and the API) read of it; the request
    body's own limit is Flask's (``web/body_limit.py``, ``web/request_body.py``).
    """
    limit = config.get("MAX_CONTENT_LENGTH")
    return None if limit is None else int(limit)


def import_uploads(
    session: AppSession,
    project: Project,
    actor: Actor,
    uploads: Sequence[tuple[str, bytes]],
    options: DatasetOptions | None = None,
    format: str | None = None,
    unpacked_limit: int | None = None,
) -> ImportReport:
    """Import files ``(name, bytes)`` as ``annotator import`` does; all or nothing.

    Without ``format`` each file is read by its extension (``.txt``, ``.jsonl``,
    ``.ndjson``, ``.json``, ``.csv``, with the annotated records they may hold); with one
    (brat or conll) they are another tool's corpus: brat as a zip (which may unpack to at
    most ``unpacked_limit`` bytes, the faces' :func:`unpacked_limit`), CoNLL as files.
    ``options`` are the command's (label map, annotator, creating users); the annotators an
    import creates are ``actor``'s.

    ``project`` comes from :func:`importable_project`, which has checked that ``actor`` may
    import into it.

    :raises Forbidden: a non-admin's files hold annotators' layers.
    :raises Malformed: when no file was sent, or one has no name.
    :raises Invalid: for an unknown format or a label map that cannot be read.
    :raises ImportFailed: listing every problem as file, line and message; nothing is stored.
    """
    if not uploads:
        raise Malformed("choose one or more files to import")
    if any(not name for name, _ in uploads):
        raise Malformed("an uploaded file has no file name; its extension says its format")
    sources = [Upload(name, data, unpacked_limit) for name, data in uploads]
    options = replace(options or DatasetOptions(), actor=actor)
    with acting(session, actor, "import"):
        report = import_paths(session, project, sources, options=options, format=format)
    record_import(session, project, actor, report, [name for name, _ in uploads])
    return report


def importable_project(session: Session, actor: Actor, slug: str) -> Project:
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


def require_import(session: Session, actor: Actor, project: Project) -> None:
    """Raise :class:`Forbidden` unless ``actor`` may import documents into ``project``.

    Admins and the project's managers may; so may global reviewers, who imported through
    the API before projects had managers.
    """
    if not actor.is_reviewer:
        permissions.require_manage(session, actor, project.id, "import documents")


def record_import(
    session: Session, project: Project, actor: Actor | None, report: ImportReport, files: list[str]
) -> None:
    """Record an import in the audit log: the files read and what was stored (counted: the
    report's ``ids``, one per document, would make a corpus's entry as long as the corpus)."""
    after = {"files": files} | {
        key: value for key, value in report.as_dict().items() if key not in ("errors", "ids")
    }
    audit_log.record(
        session,
        actor,
        "documents.import",
        project_slug=project.slug,
        target=f"project {project.slug}",
        after=after,
    )
