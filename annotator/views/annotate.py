"""The annotation workspace: one document, its layer, and the keyboard-first editor."""

from __future__ import annotations

import json
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from flask import Blueprint, g, render_template, request, url_for
from flask_wtf.csrf import generate_csrf

from annotator.core.errors import NotFound, no_such
from annotator.core.span_notes import MAX_NOTE
from annotator.db import get_session
from annotator.models import GOLD
from annotator.services.accounts.permissions import find_assignment, visible_project
from annotator.services.annotation.resume import last_changed_sentence
from annotator.services.annotation.send_back import sent_back_notice
from annotator.services.annotation.workspace import queue_position, workspace_mode
from annotator.services.datasets.documents import document_in_project
from annotator.services.review.history import may_read_history
from annotator.services.review.queue import review_position
from annotator.views.numbered_documents import no_document_page
from annotator.web.security import login_required

bp = Blueprint("annotate", __name__)


@cache
def _markdown() -> Any:
    # Made on first use: markdown-it's import is 15 ms of every process's start-up otherwise.
    from markdown_it import MarkdownIt

    # "js-default" turns raw HTML off, so guidelines are Markdown only: markup in them is
    # escaped, and links with unsafe schemes (javascript:, data:) are not made into links.
    return MarkdownIt("js-default")


# The document's details shown first in the header, in this order; any other meta field follows.
_HEADER_FIRST = ("outlet", "date", "url")


class MetaItem(NamedTuple):
    """One field of a document's ``meta`` as the workspace header shows it."""

    name: str
    text: str
    href: str | None  # a link only for an http(s) URL


def _web_link(value: str) -> str | None:
    """Return ``value`` if it is an absolute http(s) URL, else None."""
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def header_items(meta: dict[str, Any] | None) -> list[MetaItem]:
    """Return the document's meta fields for the header: outlet, date, url first, then the rest.

    Values that are not text (numbers, lists, objects) show as compact JSON. The template
    escapes every name and text; a field holding an http(s) URL becomes a link.
    """
    meta = meta or {}
    names = [n for n in _HEADER_FIRST if n in meta] + [n for n in meta if n not in _HEADER_FIRST]
    items = []
    for name in names:
        value = meta[name]
        if value is None or value == "":
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        href = _web_link(value) if isinstance(value, str) else None
        items.append(MetaItem(str(name), text, href))
    return items


def render_guidelines(text: str, top: int = 2) -> str:
    """Return the project's Markdown guidelines as safe HTML, a ``#`` heading an ``h{top}``.

    The guidelines sit under a page's own headings (the project's name, the dialog's
    "Guidelines"): their headings go one level below, never a second h1 of the page.
    """
    markdown = _markdown()
    tokens = markdown.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1:]) + top - 1, 6)}"
    return str(markdown.renderer.render(tokens, markdown.options, {}))


@bp.get("/projects/<slug>/documents/<int:document_id>")
@login_required
def workspace(slug: str, document_id: int) -> Any:
    """Show the workspace for one document of a project."""
    session = get_session()
    # The project first: one the caller may not see is a 404 before its documents are asked.
    project = visible_project(session, g.user, slug)
    try:
        document = document_in_project(session, project, document_id)
        mode = workspace_mode(
            session,
            g.user,
            document,
            layer=request.args.get("layer"),
            annotator=request.args.get("annotator"),
        )
    except NotFound as missing:
        if missing.message != no_such("document", document_id).message:
            raise  # another thing missing (an annotator asked for): said as it is
        # A number typed for the id, most often: said with the address that takes it. A
        # document not the caller's is answered as a missing one, words and all.
        return no_document_page(project, document_id, missing)
    # The reviewer works down the review list, so gold's Previous and Next follow it (the
    # caller's queue for a document not on the list).
    queue = review_position(session, project, g.user, document) if mode.layer == GOLD else None
    if queue is None:
        queue = queue_position(session, project, g.user, document)
    # The layer being written opens where it was last changed; one read opens at its start.
    resume = (
        last_changed_sentence(session, document, g.user.id if mode.own else None)
        if mode.writable
        else None
    )
    # A layer a reviewer sent back: said on opening, until it is marked done again.
    sent_back = (
        sent_back_notice(session, document, find_assignment(session, g.user, document))
        if mode.own and mode.writable
        else None
    )
    api = url_for("api.document", document_id=document.id)
    preload = [
        api,
        url_for("api.project", slug=project.slug),
        # url_for leaves out an argument that is None.
        url_for(
            "api.annotations",
            document_id=document.id,
            annotator=None if mode.own else mode.layer,
        ),
        url_for("api.notes", document_id=document.id),
    ]
    if mode.writable:  # suggestions are offered to whoever writes the layer shown
        # Every one, the held too, as the layer written holds them: the address the page
        # reads (static/js/suggestions.js suggestionsPath), its arguments in that order.
        preload.append(
            url_for(
                "api.document_suggestions",
                document_id=document.id,
                include_held=1,
                layer=mode.write_param,
            )
        )
    return render_template(
        "annotate/workspace.html",
        project=project,
        document=document,
        mode=mode,
        queue=queue,
        resume=resume,
        sent_back=sent_back,
        # Under the guidelines dialog's h2.
        guidelines=render_guidelines(project.schema.get("guidelines", ""), top=3),
        meta=header_items(document.meta),
        api_root=api.rsplit("/documents/", 1)[0],
        csrf_token=generate_csrf(),
        note_most=MAX_NOTE,  # the span note box's maxlength: the server's one limit
        preload=preload,
        # The layer's history (with Restore), for those who may read it: it was reachable
        # only by typing its address.
        history=url_for(
            "history.document", slug=project.slug, document_id=document.id, annotator=mode.layer
        )
        if may_read_history(session, g.user, document, mode.layer)
        else None,
        # The workspace's own parameters, by name: any other could be one of url_for's
        # (_external, _anchor) or the route's (slug), which failed or rewrote the links.
        link=lambda other: url_for(
            "annotate.workspace",
            slug=project.slug,
            document_id=other,
            # Along the review list, gold stays the layer shown (a document the reviewer is
            # assigned to would open on their own layer otherwise).
            layer=GOLD if queue.review_list else request.args.get("layer"),
            annotator=request.args.get("annotator"),
        ),
    )
