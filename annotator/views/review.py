"""The disagreement review and adjudication into gold (reviewers and admins).

Pages read; forms post (with the CSRF token) to small handlers that call
:mod:`annotator.services.review.adjudication`, commit, and come back to the page.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.core import gold_changes
from annotator.core.errors import AnnotatorError, Conflict, GoldFinal, Invalid, Malformed, NotFound
from annotator.core.limits import column_integer
from annotator.core.paging import MAX_PER_PAGE, PER_PAGE, Paging
from annotator.core.paragraph_breaks import sentence_breaks
from annotator.core.quorum import MAJORITY
from annotator.core.shown_names import ShownNames
from annotator.core.wording import (
    counted,
    not_done_said,
    sentence_pair_said,
    sentence_said,
    span_words,
)
from annotator.db import get_session
from annotator.models import Document, LabelValue, Project
from annotator.services.annotation.layers import find_layer
from annotator.services.annotation.notes import note_counts, project_notes
from annotator.services.annotation.payloads import layer_payload
from annotator.services.datasets import sentence_merge, sentence_split
from annotator.services.review import adjudication, gold_status, none_taken, whole_version
from annotator.services.review.changed_after_final import changed_after_final
from annotator.services.review.curation import curation_view
from annotator.services.review.decided_differences import decided_differences, to_decide
from annotator.services.review.decision_changes import reopening, taking
from annotator.services.review.differences import (
    document_differences,
)
from annotator.services.review.final_marking import ACCEPTING, change_gold_status
from annotator.services.review.given_toward import mark_given_toward
from annotator.services.review.hidden_names import hide_names, not_done_as_shown, shown_names
from annotator.services.review.layers import assigned_count, document_layers
from annotator.services.review.queue import review_page, undecided_ranking
from annotator.views import review_said
from annotator.views.review_places import anonymous, back, reviewed_document, reviewed_project
from annotator.views.review_unanimous import Asked, accepted_items, asked_count, final_check
from annotator.views.send_back import send_back_form
from annotator.web.flashes import refused
from annotator.web.security import login_required

bp = Blueprint("review", __name__)


@bp.get("/projects/<slug>/review")
@login_required
def queue(slug: str) -> Any:
    """List the documents two or more annotated (finished first, each group most disagreement
    first, final gold last: services/review/queue.py), a page at a time
    (``?page=``, ``?per_page=``: the project page's paging; anything else is the first page)."""
    project = reviewed_project(slug)
    session = get_session()
    check = asked_count(project)
    args = request.args
    paging = Paging(
        column_integer(args.get("page")) or 1,
        min(column_integer(args.get("per_page")) or PER_PAGE, MAX_PER_PAGE),
    )
    annotators = args.get("annotators") or None
    listed = review_page(session, project, paging, shown=_shown(project), annotators=annotators)
    return render_template(
        "review/queue.html",
        unanimous_check=check,
        project=project,
        listed=listed,
        annotators=annotators,
        anonymous=anonymous(),
        notes=note_counts(session, project),
    )


@bp.get("/projects/<slug>/review/<int:document_id>")
@login_required
def document(slug: str, document_id: int) -> Any:
    """Show a document's layers side by side with every difference classified."""
    # Imported here: the measures need NumPy, which starting the app should not load.
    from annotator.services.agreement.model import model_against_gold

    project, document = reviewed_document(slug, document_id)
    session = get_session()
    check = asked_count(project, document)
    layers = document_layers(session, document)
    shown = _shown(project)
    hide_names(layers, shown)
    differences = decided_differences(
        session, document, layers, document_differences(session, document, layers)
    )
    gold = layer_payload(
        session, document, find_layer(session, document, None), annotator="gold", status=None
    )
    breaks = sentence_breaks(document.text, [(s.start, s.end) for s in document.sentences])
    sentences = [
        {
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": document.text[s.start : s.end],
            "opens": opens,
        }
        for s, opens in zip(document.sentences, breaks, strict=True)
    ]
    split_check = _split_check(session, document, shown)
    status = gold_status.document_gold_status(session, document)
    final = final_check(project, document, status)
    if final is not None:
        final.not_done = not_done_as_shown(final.not_done, shown)
    notes = [
        # Named as the page names the layers, so that hiding names hides them here too.
        note | {"annotator": shown(note["annotator"])}
        for note in project_notes(session, project, document)
    ]
    return render_template(
        "review/document.html",
        project=project,
        document=document,
        layers=layers,
        differences=differences,
        ranking=undecided_ranking(differences),
        undecided=to_decide(differences),
        sentences=sentences,
        gold=gold,
        # The gold this page builds, as it stands: a document under review is in review.
        model=model_against_gold(
            session, project, documents=[document.external_id], include_in_review=True
        ),
        status=status,
        anonymous=anonymous(),
        # A finished layer's Send back (not under hidden names, which it would tell).
        send_back=None if anonymous() else partial(send_back_form, project),
        split_check=split_check,
        assigned=assigned_count(session, document),
        notes=notes,
        unanimous_check=check,
        final_check=final,
        # What final gold would leave out, named as this page names the layers.
        final_left_out=[] if final is None else final.left_out(shown),
        changed_after_final=document.id in changed_after_final(session, [document.id]),
        older=mark_given_toward(
            session, project, document, layers, [d.difference for d in differences]
        ),
    )


def _shown(project: Project) -> ShownNames:
    """How this page names the annotators: ``?anonymous=1``, by the project's numbers."""
    return shown_names(get_session(), project.id, anonymous())


def _split_check(session: Any, document: Document, shown: ShownNames) -> dict[str, Any] | None:
    """The split the reviewer asked for that would cut through spans (``?split=I&at=N``), to
    confirm: its sentence, offset and those spans, layers named as the page names them."""
    index, at = column_integer(request.args.get("split")), column_integer(request.args.get("at"))
    if index is None or at is None:
        return None
    try:
        spans = sentence_split.spans_across_split(session, g.user, document, index, at)
    except (Invalid, NotFound):
        return None  # the sentences changed since: nothing to confirm
    if not spans:
        return None
    return {"index": index, "at": at, "spans": sentence_split.spans_as_shown(spans, shown)}


@bp.get("/projects/<slug>/review/<int:document_id>/curate")
@login_required
def curate(slug: str, document_id: int) -> Any:
    """The curation view: every annotator's lane and gold's over the text, differences to
    decide by key (``n``/``p`` to move, a digit to take that annotator's version)."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    every = request.args.get("sentences") == "all"
    check = asked_count(project, document)
    view = curation_view(session, document, names=_shown(project), every_sentence=every)
    after = request.args.get("after", "")
    return render_template(
        "review/curate.html",
        project=project,
        document=document,
        view=view,
        every_sentence=every,
        anonymous=anonymous(),
        after=column_integer(after) or 0,
        focus=column_integer(request.args.get("focus", "")) or 0,
        unanimous_check=check,
    )


@bp.post("/projects/<slug>/review/<int:document_id>/accept")
@login_required
def accept(slug: str, document_id: int) -> Any:
    """Accept one annotator's version of an item into gold."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    kind = request.form.get("kind", "")
    try:
        row_id = int(request.form.get("id", ""))
    except ValueError:
        raise Malformed("the form needs the id of the item to accept") from None
    key = request.form.get("difference")
    if key:
        return _take_instead(project, document, key, kind, row_id)
    relation = kind == "relation"
    brought = adjudication.ends_gold_lacks(session, document, row_id) if relation else []
    standing = adjudication.ends_gold_stands_for(session, document, row_id) if relation else []
    # The rest of the annotator's version of a span difference comes with it (whole_version).
    owner, along = (
        whole_version.rest_gold_lacks(session, document, row_id, _shown(project))
        if kind == "span"
        else adjudication.rest_with_ends(session, document, row_id, _shown(project))
        if relation
        else ("", [])
    )
    try:
        gold_row = adjudication.accept_item(
            session,
            g.user,
            document,
            kind,
            row_id,
            request.form.get("attribute") or None,
            shown=_shown(project),
        )
    except Conflict as refusal:  # an end's difference to decide first: said, nothing written
        return _refused("Not accepted", refusal, project, document)
    said = review_said.accepted(
        review_said.label_named(gold_row) if isinstance(gold_row, LabelValue) else f"the {kind}",
        [span_words(*end, document.text) for end in brought],
        [(_words(document, end), _words(document, gold_span)) for end, gold_span in standing],
        (owner, [span_words(*key, document.text) for key in along]),
    )
    return _done(said, project, document)


def _words(document: Document, span: Any) -> str:
    return span_words(span.label, span.start, span.end, document.text)


def _take_instead(project: Project, document: Document, key: str, kind: str, row_id: int) -> Any:
    """Take another version of a difference gold decided (``difference``: its key) in place
    of gold's: a refusal (a relabel a relation of gold does not allow, two spans of gold to
    choose from) is said, nothing written."""
    session = get_session()
    try:
        changed = taking.take_instead(
            session, g.user, document, key, kind, row_id, shown=_shown(project)
        )
    except (Conflict, Invalid) as refusal:
        return _refused("Not taken", refusal, project, document)
    return _done(gold_changes.took_instead(changed), project, document)


def _refused(
    what: str,
    refusal: AnnotatorError,
    project: Project,
    document: Document,
    anchor: str | None = None,
) -> Any:
    """Write nothing of a refused form, say why (``what``: "Not accepted"), and go back (to
    ``anchor``, else where the form was sent from)."""
    get_session().rollback()
    refused(f"{what}: {refusal.message}.")
    return back(project, document, anchor)


def _done(said: str, project: Project, document: Document) -> Any:
    """Commit what a form did, say it, and go back to the page it was sent from."""
    get_session().commit()
    flash(said)
    return back(project, document)


@bp.post("/projects/<slug>/review/<int:document_id>/none")
@login_required
def none(slug: str, document_id: int) -> Any:
    """Decide that gold holds none of a difference's versions (``difference``: its key)."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    try:
        none_taken.decide_none(session, g.user, document, request.form.get("difference", ""))
    except GoldFinal as refusal:  # the page was opened before gold went final
        return _refused("Not decided", refusal, project, document)
    return _done("Decided: gold holds none of its versions.", project, document)


@bp.post("/projects/<slug>/review/<int:document_id>/reopen")
@login_required
def reopen(slug: str, document_id: int) -> Any:
    """Make a decided difference to decide again: undo its "none taken" decision, or take
    out of gold the version it holds (saying what went with it)."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    try:
        changed = reopening.reopen_difference(
            session, g.user, document, request.form.get("difference", "")
        )
    except (Conflict, Invalid) as refusal:
        return _refused("Not reopened", refusal, project, document)
    return _done(gold_changes.reopened(changed), project, document)


@bp.post("/projects/<slug>/review/<int:document_id>/status")
@login_required
def status(slug: str, document_id: int) -> Any:
    """Set the document's gold status (open, in review, final)."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    form = request.form
    # The question's answers (review/_unanimous.html): take the unanimous items along (or
    # what most annotators agree on), or mark final as gold is (without them, the undecided
    # differences' versions left out); a form with neither is asked first, writing nothing.
    choice = form.get("unanimous") if form.get("unanimous") in ACCEPTING else None
    if choice is None and form.get("confirm") == "1":
        choice = "leave"
    change = change_gold_status(
        session, g.user, document, form.get("status", ""), choice, ask_first=True
    )
    if change.asked:
        return redirect(_final_check(project, document))
    session.commit()
    left = "".join(f" {said}." for said in change.left_out(_shown(project)))
    if change.not_done:
        change.not_done = not_done_as_shown(change.not_done, _shown(project))
        left += f" {not_done_said(change.not_done)}: a layer not done may still change."
    if change.accepted is not None:
        # Worded as the majority accept's own flash (views/review_unanimous.py).
        agreed = ""
        if choice == "majority":
            agreed = f" that {Asked(change.accepted, MAJORITY).agreed} gave alike"
        flash(f"Accepted {accepted_items(change.accepted)}{agreed}; gold is final.{left}")
    else:
        flash(f"Gold status updated.{left}")
    return back(project, document)


def _final_check(project: Project, document: Document) -> str:
    """The review page asking first what marking final leaves out: the unanimous items gold
    lacks (to take along or not), the differences still undecided."""
    args: dict[str, Any] = {"final": "check", "_anchor": "final-confirm"}
    if anonymous():
        args["anonymous"] = "1"
    return url_for("review.document", slug=project.slug, document_id=document.id, **args)


def _cuts_spans(conflict: Conflict) -> bool:
    """Tell whether a split was refused for the spans it cuts (``details.spans``), which the
    page shows to confirm, rather than for another conflict (gold final), which it says."""
    return isinstance(conflict.details, dict) and "spans" in conflict.details


@bp.post("/projects/<slug>/review/<int:document_id>/sentences/<int:index>/split")
@login_required
def split_sentence(slug: str, document_id: int, index: int) -> Any:
    """Split a sentence where the reviewer clicked (``at``, a code-point offset)."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    try:
        at = int(request.form.get("at", ""))
    except ValueError:
        raise Malformed("the form needs the offset to split at (at)") from None
    force = request.form.get("force") == "1"
    try:
        split = sentence_split.split_sentence(
            session, g.user, document, index, at, force, shown=_shown(project)
        )
    except Conflict as conflict:
        if not _cuts_spans(conflict):  # gold went final since the page, say
            return _refused("Not split", conflict, project, document)
        # Not split: the page shows the spans it would cut and asks to confirm.
        session.rollback()
        refused(f"Not split yet: the split of {sentence_said(index, 'page')} cuts through spans.")
        args: dict[str, Any] = {"split": index, "at": at, "_anchor": f"sentence-{index}"}
        if anonymous():
            args["anonymous"] = "1"
        return redirect(url_for("review.document", slug=slug, document_id=document.id, **args))
    except Invalid as invalid:  # an offset not inside the sentence: said on the page
        return _refused("Not split", invalid, project, document, f"sentence-{index}")
    across = len(split.spans_across)
    crossing = f"; {counted(across, 'span')} now {'crosses' if across == 1 else 'cross'}"
    said = f"{crossing} into {sentence_said(index + 1, 'page')}." if across else "."
    return _done(f"Split {sentence_said(index, 'page')} in two{said}", project, document)


@bp.post("/projects/<slug>/review/<int:document_id>/sentences/<int:index>/merge")
@login_required
def merge_sentences(slug: str, document_id: int, index: int) -> Any:
    """Merge a sentence with the next; ``keep`` (first/second) settles labels that differ."""
    project, document = reviewed_document(slug, document_id)
    session = get_session()
    keep = request.form.get("keep") or None
    try:
        sentence_merge.merge_sentences(
            session, g.user, document, index, keep, shown=_shown(project)
        )
    except (Conflict, Invalid) as refusal:  # labels that differ, the last sentence
        return _refused("Not merged", refusal, project, document, f"sentence-{index}")
    merged = sentence_pair_said(index, index + 1, "page")
    return _done(f"Merged {merged}.", project, document)
