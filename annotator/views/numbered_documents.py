"""A document's address by its number in its project: ``/projects/<slug>/documents/number/<N>``.

The project page calls a document ``#2``, while the workspace's address takes the row id
(``/projects/<slug>/documents/<id>``, kept as it is: links and bookmarks use it). Typing the
number where the id goes opened another document or none, so the number has an address of
its own, which sends to the workspace, and a row id that names no document of the project
is answered with that address.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for

from annotator.core.errors import NotFound
from annotator.core.limits import INT_MAX
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts.permissions import visible_project
from annotator.services.datasets.numbered_documents import (
    has_number,
    numbered_document,
    open_numbers,
)
from annotator.web.security import login_required

bp = Blueprint("numbered_documents", __name__)

#: The workspace's own query arguments, carried along (any other is dropped).
WORKSPACE_ARGUMENTS = ("layer", "annotator")


# ``<number>``, not ``<int:number>``: Flask's int converter answered "abc" with its generic
# 404 text, and the project's 404 names the address the caller typed.
@bp.get("/projects/<slug>/documents/number/<number>")
@login_required
def by_number(slug: str, number: str) -> Any:
    """Send to the workspace of the project's document ``#number``; a number the caller
    cannot open is answered with the numbers they can."""
    session = get_session()
    project = visible_project(session, g.user, slug)
    try:
        document = _numbered(project, number)
    except NotFound as missing:
        opened = open_numbers(session, g.user, project).said()
        raise NotFound(f"{missing.message}; {opened}") from None
    kept: dict[str, Any] = {
        name: request.args[name] for name in WORKSPACE_ARGUMENTS if name in request.args
    }
    return redirect(
        url_for("annotate.workspace", slug=project.slug, document_id=document.id, **kept)
    )


def _numbered(project: Project, number: str) -> Any:
    """The project's document ``#number`` the caller may see, or the 404 saying why not."""
    if not (number.isascii() and number.isdigit()):
        raise NotFound(
            f"no document #{number} in project {project.slug!r}: a document's number is "
            "digits (#1, #2, as the # column of the project page shows them)"
        )
    # 0 and a number past any row's are asked of no database: no document has them.
    if not 1 <= int(number) <= INT_MAX:
        raise NotFound(f"no document #{number} in project {project.slug!r}")
    return numbered_document(get_session(), g.user, project, int(number))


def no_document_page(project: Project, document_id: int, missing: NotFound) -> Any:
    """Answer a workspace address whose id names no document of ``project`` the caller may
    see: its 404, saying that the address takes an id and which address takes the number,
    offered as a link when the caller can open that number, else the numbers they can.

    The words depend on the id, the project and the numbers the caller can open, never on
    whether a row of that id exists: a hidden document is answered as a missing one
    (tests/test_hidden_routes), and another's number as one never given.
    """
    session = get_session()
    said = (
        f"{missing.message} in this project: this address takes a document's id, not its "
        f"number (the # column of the project page). "
    )
    if not (document_id <= INT_MAX and has_number(session, g.user, project, document_id)):
        return _open_numbers_page(project, said)
    # "number 7", not "#7": a reader of the id in "#7" could not tell it from "&#39;".
    said += f"{_address(project, document_id)} opens its document number {document_id}."
    return _number_page(project, said, document_id)


def _open_numbers_page(project: Project, said: str) -> Any:
    """The row-id 404 of a number the caller cannot open, with the numbers they can: none
    said plainly, one offered as its link, several with the address each is at."""
    opened = open_numbers(get_session(), g.user, project)
    words = opened.said()
    said += f"{words[0].upper()}{words[1:]}"
    if opened.count == 1:
        only = opened.runs[0][0]
        return _number_page(project, f"{said}: {_address(project, only)} opens it.", only)
    if opened.count > 1:
        said += f", each at {_address(project, 'N')}"
    way = (f"The documents of {project.name}", url_for("projects.project", slug=project.slug))
    return render_template("error.html", status=404, message=f"{said}.", way=way), 404


def _address(project: Project, number: int | str) -> str:
    """The address of ``project``'s document ``number`` (``N``: of any), as a 404 says it."""
    return f"/projects/{project.slug}/documents/number/{number}"


def _number_page(project: Project, said: str, number: int) -> Any:
    """The row-id 404 saying ``said``, its way on the link to the document ``number``."""
    way = (
        f"Open document number {number} of {project.name}",
        url_for("numbered_documents.by_number", slug=project.slug, number=number),
    )
    return render_template("error.html", status=404, message=said, way=way), 404
