"""Accepting every unanimous (or majority) item into gold, asked first: the pages show the
count (``?unanimous=check``, with ``&quorum=majority`` for what most annotators agree on;
review/_unanimous.html) and the forms post ``confirm=1`` (and the ``quorum``) here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, g, redirect, request, url_for

from annotator.core.errors import GoldFinal, Invalid
from annotator.core.quorum import UNANIMOUS
from annotator.core.unanimous_scope import (
    UnanimousScope,
    filtered_out_said,
    form_values,
    read_scope,
)
from annotator.core.wording import (
    counted,
    not_finished_by_said,
    unfinished_named_said,
    unfinished_said,
)
from annotator.db import get_session
from annotator.models import Document, Project
from annotator.services.datasets.documents import document_in_project
from annotator.services.review import final_marking
from annotator.services.review.final_marking import FinalCheck
from annotator.services.review.hidden_names import shown_names, unfinished_as_shown
from annotator.services.review.unanimous import (
    Accepted,
    accept_unanimous,
    accept_unanimous_in,
    preview_unanimous,
    preview_unanimous_in,
)
from annotator.views.review_places import anonymous, back, reviewed_project
from annotator.web.flashes import refused
from annotator.web.security import login_required

bp = Blueprint("review_unanimous", __name__)

#: The page's way to take the unfinished documents too, as its messages point at it.
INCLUDE_THEM = "asking again with \u201cInclude them\u201d"


@dataclass
class Asked:
    """What accepting would write (``count``), counted with ``quorum``: the question's; for
    the project's accept, of the documents the review list shows (``annotators``, its
    filter), those someone has not finished taken too when ``include_unfinished``, and of
    them the ``documents`` named (as typed again), if any: those the filter left out said
    in ``filtered_out``, those left out unfinished in ``unfinished_named`` ("#2: not
    finished by alice, bob", names as the page shows them)."""

    count: Accepted
    quorum: str
    annotators: str | None = None
    include_unfinished: bool = False
    documents: str | None = None
    unfinished_named: list[str] = field(default_factory=list)
    filtered_out: str | None = None

    @property
    def agreed(self) -> str:
        """Say who gave the items alike: "every annotator" or "most annotators"."""
        return "every annotator" if self.quorum == UNANIMOUS else "most annotators"

    @property
    def scope_args(self) -> dict[str, str]:
        """The documents asked for as the review list's arguments: its filter and the names
        typed, both kept (the accept takes the named documents the filter shows)."""
        args = {"annotators": self.annotators} if self.annotators else {}
        return args | ({"documents": self.documents} if self.documents else {})


def asked_count(project: Project, document: Document | None = None) -> Asked | None:
    """What accepting would write, when the page is to ask (``?unanimous=check``); else None.

    The count of one document, or (``document`` None) of the project's documents the
    project's accept takes for the scope the query asks
    (:mod:`annotator.core.unanimous_scope`: the list's ``?annotators=`` filter,
    ``?documents=`` named, ``?include_unfinished=1``), with the quorum ``?quorum=`` names
    (unanimous when not given). A name typed wrong is said, and nothing is asked.
    """
    if request.args.get("unanimous") != "check":
        return None
    if document is not None:
        quorum = request.args.get("quorum") or UNANIMOUS
        return Asked(preview_unanimous(get_session(), g.user, document, quorum=quorum), quorum)
    scope = read_scope(form_values(request.args))
    try:
        count = preview_unanimous_in(get_session(), g.user, project, scope)
    except Invalid as refusal:
        refused(f"Not counted: {refusal.message}.")
        return None
    return Asked(
        count,
        scope.quorum,
        scope.annotators,
        scope.include_unfinished,
        ", ".join(scope.documents) if scope.documents else None,
        [not_finished_by_said(*left) for left in _unfinished_shown(project, count)],
        _filtered_out(scope, count),
    )


def _filtered_out(scope: UnanimousScope, result: Accepted) -> str | None:
    """Say which named documents the list's filter left out, if it left out any: the page
    takes both, and says so rather than dropping either."""
    if not result.filtered_out or scope.annotators is None:
        return None
    named = [(left.number, left.external_id) for left in result.filtered_out]
    return filtered_out_said(scope.annotators, named)


def _unfinished_shown(project: Project, result: Accepted) -> list[tuple[int, list[str]]]:
    """Each named document ``result`` left out unfinished, by number, with who has not
    finished it named as the page names annotators (``?anonymous=1``: by number)."""
    shown = shown_names(get_session(), project.id, anonymous())
    return unfinished_as_shown(result.unfinished_named, shown)


def final_check(project: Project, document: Document, status: str) -> FinalCheck | None:
    """What marking gold final would leave out (the unanimous items it lacks, the differences
    still undecided), when the page is to ask first (``?final=check``, and the document not
    final yet); else None."""
    if request.args.get("final") != "check" or status == "final":
        return None
    return final_marking.final_check(get_session(), g.user, document)


def _ask(project: Project, document: Document | None = None) -> Any:
    """Go back to the page that asks first, writing nothing: a post that does not confirm (an
    old page's form, a script) must not write many items into gold at once."""
    args: dict[str, Any] = {"unanimous": "check", "_anchor": "unanimous-confirm"}
    if _quorum() != UNANIMOUS:
        args["quorum"] = _quorum()
    if anonymous():
        args["anonymous"] = "1"
    if document is None:
        args.update(_list_args())
        return redirect(url_for("review.queue", slug=project.slug, **args))
    page = "review.curate" if request.values.get("back") == "curate" else "review.document"
    return redirect(url_for(page, slug=project.slug, document_id=document.id, **args))


def accepted_items(result: Accepted) -> str:
    """Say what an accept wrote (or would write): "1 span, 0 relations and 2 labels"."""
    return (
        f"{counted(result.spans, 'span')}, {counted(result.relations, 'relation')} "
        f"and {counted(result.labels, 'label')}"
    )


def _list_args() -> dict[str, str]:
    """The project's accept's scope as the review list's arguments, to go back to it."""
    scope = read_scope(form_values(request.values))
    args = {"annotators": scope.annotators} if scope.annotators else {}
    args |= {"documents": ", ".join(scope.documents)} if scope.documents else {}
    return args | ({"include_unfinished": "1"} if scope.include_unfinished else {})


def _quorum() -> str:
    """The quorum the form posts (``unanimous`` when it posts none)."""
    return request.values.get("quorum") or UNANIMOUS


@bp.post("/projects/<slug>/review/<int:document_id>/unanimous")
@login_required
def unanimous(slug: str, document_id: int) -> Any:
    """Accept every item all (or most, ``quorum=majority``) of the document's annotators
    agree on (``confirm=1``)."""
    project = reviewed_project(slug)
    document = document_in_project(get_session(), project, document_id)
    if request.form.get("confirm") != "1":
        return _ask(project, document)
    session = get_session()
    quorum = _quorum()
    try:
        result = accept_unanimous(session, g.user, document, quorum=quorum)
    except GoldFinal as refusal:  # the page was opened before gold went final
        session.rollback()
        refused(f"Not accepted: {refusal.message}.")
        return back(project, document)
    session.commit()
    flash(f"Accepted {accepted_items(result)} that {Asked(result, quorum).agreed} gave alike.")
    return back(project, document)


@bp.post("/projects/<slug>/review/unanimous")
@login_required
def unanimous_project(slug: str) -> Any:
    """Accept every unanimous (or majority) item of every document not yet final
    (``confirm=1``)."""
    project = reviewed_project(slug)
    if request.form.get("confirm") != "1":
        return _ask(project)
    session = get_session()
    scope = read_scope(form_values(request.form))
    try:
        result = accept_unanimous_in(session, g.user, project, scope)
    except Invalid as refusal:  # a name typed wrong: said, and nothing accepted
        session.rollback()
        refused(f"Not accepted: {refusal.message}.")
        return back(project, filtered=scope.annotators)
    session.commit()
    final = (
        f" Left out {counted(result.skipped_final, 'document')} whose gold is marked final "
        "(set back to in review to change it)."
        if result.skipped_final
        else ""
    )
    filtered = _filtered_out(scope, result)
    unfinished = (
        f" {unfinished_said(result.skipped_unfinished)}." if result.skipped_unfinished else ""
    )
    if result.unfinished_named:  # named back: the reviewer asked for these documents
        said = unfinished_named_said(_unfinished_shown(project, result), INCLUDE_THEM)
        unfinished = f" {said}."
    flash(
        f"Accepted {accepted_items(result)} that {Asked(result, scope.quorum).agreed} gave "
        f"alike in {counted(result.documents, 'document')}.{final}"
        f"{f' {filtered}.' if filtered else ''}{unfinished}"
    )
    # Back to the list as it was filtered (without the question's include_unfinished).
    return back(project, filtered=scope.annotators)
