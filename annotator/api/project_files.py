"""Moving a project: ``GET /projects/<slug>/dump`` and ``POST /project-files`` (CONTRACT 12).

The dump is the file of ``annotator projects dump``, streamed (admins and the project's
managers); a load takes that file as the request body (or as a multipart ``file``) and
recreates the project, all or nothing (admins). The rules are in
:mod:`annotator.services.datasets.project_dump` and ``project_load``.
"""

from __future__ import annotations

from typing import IO, Any

from flask import request

from annotator.api import bp, caller
from annotator.api.idempotency import keyless
from annotator.api.projects import project_location
from annotator.core.errors import Malformed
from annotator.db import get_session
from annotator.services.accounts import permissions
from annotator.services.accounts.project_admin import project_payload
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from annotator.web.downloads import download_project


@bp.get("/projects/<slug>/dump")
def dump_project_file(slug: str) -> Any:
    """Stream the whole project as one file (admins and the project's managers)."""
    user = caller()
    session = get_session()
    project = permissions.managed_project(session, user, slug, "dump a project")
    return download_project(dump_project(session, project))


# Not under /projects/: a fixed name there is also a possible project slug, whose methods
# an OPTIONS or 405 answer would then list as well.
@bp.post("/project-files")
@keyless  # a retry answers 409 (the project exists), which says what happened
def load_project_file() -> Any:
    """Recreate a project from a project file (admins); ``?slug=NEW`` and ``?name=NEW`` give
    it another slug and name, ``?people=members|none`` leaves out the assignments (and the
    members; ``none`` makes no users either)."""
    user = caller()
    permissions.require_admin(user, "load projects")
    session = get_session()
    args = request.args
    report = load_project(
        session,
        _body_stream(),
        user,
        args.get("slug") or None,
        args.get("name") or None,
        args.get("people") or "all",
    )
    session.commit()
    return (
        {
            "project": project_payload(report.project),
            "documents": report.documents,
            "created_users": report.created_users,
            "left_out_users": report.left_out_users,
            "renumbered": [{"kind": r.kind, "taken": r.taken} for r in report.renumbered],
            "people": report.people,
            "warnings": report.warnings(),
        },
        201,
        project_location(report.project.slug),
    )


def _body_stream() -> IO[bytes]:
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise Malformed("send the project file as the body, or as a multipart 'file'")
        return upload.stream
    return request.stream
