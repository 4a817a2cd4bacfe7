"""Managing a project's documents from its page: uploading files, another tool's corpus
(brat, CoNLL) on a page of its own, deleting a document.

Admins and the project's managers only; the rules are the services' (imports through
:mod:`annotator.services.datasets.uploads`, which the API and the command line use too,
and deletion through :mod:`annotator.services.datasets.removal`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from annotator.core.errors import Forbidden, ImportFailed, Invalid, Malformed
from annotator.core.formats.label_map import MAP_SYNTAX
from annotator.core.formats.records import skipped_said
from annotator.core.label_schema import entry_names
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.datasets.documents import document_in_project
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.import_refusal import iter_problems
from annotator.services.datasets.import_report import ImportReport
from annotator.services.datasets.removal import annotation_counts, remove_document
from annotator.services.datasets.uploads import (
    corpus_options,
    import_uploads,
    importable_project,
    unpacked_limit,
)
from annotator.services.documents_said import document_named
from annotator.views.projects import project_page
from annotator.web.forms import DeleteDocumentForm, UploadForm
from annotator.web.project_forms import (
    BY_EXTENSION,
    CORPUS_FORMATS,
    CORPUS_PAGE,
    PAGE_WORDS,
    UPLOAD_WORDS,
    CorpusImportForm,
)
from annotator.web.security import login_required

bp = Blueprint("documents", __name__)

# Problems of a failed upload shown in the page; the rest are counted.
SHOWN_PROBLEMS = 200
# A refused import's page comes back with every field as typed but the files: a browser
# never refills a file input, so the page says so beside it.
FILES_AGAIN = (
    "Nothing was imported, and a browser cannot keep chosen files: choose the files again "
    "(the other fields are as you left them)."
)


@bp.post("/projects/<slug>/upload")
@login_required
def upload(slug: str) -> Any:
    """Import the uploaded files, all or nothing; on a problem show each one in the page."""
    session = get_session()
    project = importable_project(session, g.user, slug)
    form = UploadForm()
    if not form.validate_on_submit():
        # Only the CSRF token can fail: the files are the import's to judge.
        expired = "Nothing was imported: the form expired; reload the page and try again."
        return project_page(slug, [expired], 400)
    try:
        options = DatasetOptions(
            words=UPLOAD_WORDS,
            reading=form.reading(),
            skip_same_texts=form.skip_same_texts.data,
        )
        limit = unpacked_limit(current_app.config)  # a zip of documents, as a corpus's
        report = import_uploads(session, project, g.user, _uploaded_files(), options, None, limit)
    except (Malformed, Invalid) as exc:  # ImportFailed is an Invalid
        session.rollback()
        return project_page(slug, _linked(_problems(exc), project), 422, form)
    session.commit()
    flash(report.summary())
    for skipped in report.skipped:  # an empty file, left out while the rest went in
        flash(f"Skipped {skipped_said(skipped)}")
    for warning in report.warnings:  # stored all the same: said beside what came in
        flash(f"Warning: {warning}", "warning")
    back = url_for("projects.project", slug=slug)
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        # The page's script (static/js/upload.js) goes there itself: a redirect would be
        # followed inside the request, and the flashed summary shown to nobody.
        return {"location": back}
    return redirect(back, 303)


@bp.get("/projects/<slug>/import")
@login_required
def corpus_form(slug: str) -> Any:
    """Show the form that imports another tool's corpus (brat, CoNLL, doccano, Label Studio)."""
    project = importable_project(get_session(), g.user, slug)
    return _corpus_page(project, CorpusImportForm(formdata=None))


@bp.post("/projects/<slug>/import")
@login_required
def import_corpus(slug: str) -> Any:
    """Import a brat zip, CoNLL files or doccano and Label Studio records with a label map, all
    or nothing, as ``annotator import [--format]``.

    The page answers with what came in, or with every problem (file and line) and nothing
    stored.
    """
    session = get_session()
    project = importable_project(session, g.user, slug)
    form = CorpusImportForm()
    if not form.validate_on_submit():
        return _corpus_page(project, form, status=422)
    options = corpus_options(
        form.create_users.data,
        form.annotator.data,
        form.label_map.data,
        PAGE_WORDS,
        texts_only=form.texts_only.data,
        skip_same_texts=form.skip_same_texts.data,
    )
    limit = unpacked_limit(current_app.config)
    format = None if form.format.data == BY_EXTENSION else form.format.data
    try:
        options.reading = form.reading()
        report = import_uploads(session, project, g.user, _uploaded_files(), options, format, limit)
    except (Malformed, Invalid) as exc:  # ImportFailed is an Invalid
        session.rollback()
        return _corpus_page(project, form, problems=_problems(exc), status=422)
    except Forbidden as exc:  # a manager's corpus with annotators' layers: admins only
        session.rollback()
        return _corpus_page(project, form, problems=_problems(exc), status=403)
    session.commit()
    return _corpus_page(project, form, report=report)


def _corpus_page(
    project: Project,
    form: CorpusImportForm,
    problems: list[str] | None = None,
    report: ImportReport | None = None,
    status: int = 200,
) -> Any:
    return render_template(
        "projects/import_corpus.html",
        project=project,
        form=form,
        heading=CORPUS_PAGE,
        by_extension=CORPUS_FORMATS[BY_EXTENSION][0],
        map_syntax=MAP_SYNTAX,
        span_labels=entry_names(project.schema, "span_labels"),
        relation_types=entry_names(project.schema, "relation_types"),
        problems=problems,
        report=report,
        files_note=FILES_AGAIN if status >= 400 else None,
    ), status


def _uploaded_files() -> list[tuple[str, bytes]]:
    """Return the ``files`` of the form as ``(name, bytes)``; an empty file input sends none."""
    uploads = [(upload.filename or "", upload.read()) for upload in request.files.getlist("files")]
    return [(name, data) for name, data in uploads if name or data]


def _problems(exc: ImportFailed | Malformed | Invalid | Forbidden) -> list[str]:
    """Return the page's headline, which says that nothing was imported, and each problem."""
    details = exc.details if isinstance(exc.details, list) else []
    if not details:  # a refusal of the request itself (no files chosen, say): said whole
        return [f"Nothing was imported: {exc.message}."]
    total = getattr(exc, "problem_count", len(details))
    headline = f"Nothing was imported: {counted(total, 'problem')} in the files, listed below."
    lines = [headline] + list(iter_problems(details[:SHOWN_PROBLEMS]))
    if total > SHOWN_PROBLEMS:
        lines.append(f"... and {total - SHOWN_PROBLEMS} more")
    return lines


def _linked(lines: list[str], project: Project) -> list[str]:
    """Make the corpus page each problem names (a brat zip or a .ann dropped on the project
    page's form) a link to it, and the delete page of a document whose id an import would
    take (``PAGE_WORDS.delete_document``): the way on one click away, in the problem itself."""
    quoted = f"'{CORPUS_PAGE}'"
    url = url_for("documents.corpus_form", slug=project.slug)
    linked: list[str] = []
    for line in lines:
        before, found, after = line.partition(quoted)
        if found:
            line = Markup('{}<a href="{}">{}</a>{}').format(before, url, CORPUS_PAGE, after)
        else:
            line = _delete_pages_linked(line, project)
        linked.append(line)
    return linked


def _delete_pages_linked(line: str, project: Project) -> str:
    """Make each delete page ``line`` names a link to it."""
    pattern = re.compile(rf"/projects/{re.escape(project.slug)}/documents/(\d+)/delete")
    parts: list[str] = []
    at = 0
    for found in pattern.finditer(line):
        url = url_for("documents.confirm_delete", slug=project.slug, document_id=found[1])
        parts += [escape(line[at : found.start()]), Markup('<a href="{}">{}</a>').format(url, url)]
        at = found.end()
    if not parts:
        return line
    return Markup("").join([*parts, escape(line[at:])])


@bp.get("/projects/<slug>/documents/<int:document_id>/delete")
@login_required
def confirm_delete(slug: str, document_id: int) -> Any:
    """Ask before deleting a document, saying what goes with it."""
    session = get_session()
    project = permissions.managed_project(session, g.user, slug, "delete documents")
    document = document_in_project(session, project, document_id)
    return render_template(
        "projects/delete_document.html",
        project=project,
        document=document,
        counts=annotation_counts(session, document.id),
        form=DeleteDocumentForm(formdata=None),
    )


@bp.post("/projects/<slug>/documents/<int:document_id>/delete")
@login_required
def delete(slug: str, document_id: int) -> Any:
    """Delete a document with its annotations and go back to the project page."""
    session = get_session()
    project = permissions.managed_project(session, g.user, slug, "delete documents")
    document = document_in_project(session, project, document_id)
    form = DeleteDocumentForm()
    if not form.validate_on_submit():
        return redirect(url_for("documents.confirm_delete", slug=slug, document_id=document_id))
    # Named as every message names a document (#N (external id)): what a form takes.
    name = document_named(session, document)
    remove_document(session, document, g.user)
    session.commit()
    flash(f"Deleted the document {name} and its annotations.")
    return redirect(url_for("projects.project", slug=slug), 303)
