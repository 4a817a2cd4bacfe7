"""The export page: choose format, layer and filters, then download the dataset.

Every download is the browser's own request (a link or a form sent), which it streams to disk
however large the file. What the file will leave out is asked of :func:`export_warnings`
before the click, the count the API's download carries in ``X-Annotator-Warnings``
(``start_export`` counts it before the first byte, ``warnings_said`` says it), and shown
beside the button by the page's script (``static/js/export.js``): said once, there, so the
page's download itself does not count it again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, g, jsonify, render_template, request
from flask_wtf.file import FileField
from sqlalchemy.orm import Session
from werkzeug.datastructures import CombinedMultiDict, FileStorage, MultiDict
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Invalid
from annotator.core.formats import FORMAT_NAMES, get_format
from annotator.core.formats.left_out import no_room_said
from annotator.core.splits import DEFAULT_SEED
from annotator.core.vocabulary import ASSIGNMENT_STATUS_NAMES, GOLD_STATUS_NAMES
from annotator.db import get_session
from annotator.models import SUGGESTIONS, Project
from annotator.services.accounts import permissions
from annotator.services.accounts.projects import project_annotators
from annotator.services.datasets.export import start_export, warnings_said
from annotator.services.datasets.export_options import ExportOptions
from annotator.web.downloads import download
from annotator.web.errors import error_body
from annotator.web.forms import Form, SelectChoice
from annotator.web.security import login_required

bp = Blueprint("export", __name__)

#: Said under the file field when a query names a file: a form sent with GET carries only the
#: file's name (the page's script sends the file itself, by POST).
FILE_NOT_SENT = (
    "the file was not sent: reusing a split needs the page's script "
    "(or annotator export --split-from, or the API's split_from)"
)


class ExportForm(Form):
    """The choices of ``annotator export``: format, layer, status, gold status, documents and
    split, and an earlier split export's ``meta.json`` to reuse (``--split-from``)."""

    # A download is a read that changes nothing, so the form is sent with GET (the URL can
    # be bookmarked and shared) and needs no CSRF token. Only a split file goes by POST
    # (a file has no room in a URL), and the app's CSRF check guards that request.
    class Meta:
        csrf = False

    format = SelectField("Format", default="jsonl")
    layer = SelectField("Layers", default="all")
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s, name) for s, name in ASSIGNMENT_STATUS_NAMES.items()],
        default="",
    )
    gold_status = SelectField(
        "Gold status",
        choices=[SelectChoice("", "Any gold status")]
        + [SelectChoice(s, name) for s, name in GOLD_STATUS_NAMES.items()],
        default="",
    )
    documents = StringField("Documents", validators=[Optional(), Length(max=100_000)], default="")
    header = BooleanField('Start with a {"_meta": ...} line (line-based formats)')
    split = StringField("Split", validators=[Optional(), Length(max=200)], default="")
    seed = IntegerField("Seed", validators=[Optional()], default=DEFAULT_SEED)
    group_by = StringField("Group by meta field", validators=[Optional(), Length(max=200)])
    split_from = FileField(
        "Reuse the split of an earlier export (its meta.json)",
        render_kw={"accept": ".json,application/json"},
    )
    with_suggestions = BooleanField(
        "With the suggestions as predictions (Label Studio formats: one import)"
    )
    submit = SubmitField("Download")


@bp.get("/projects/<slug>/export")
@login_required
def export_page(slug: str) -> Any:
    """Show the export form; when it is submitted and valid, stream the download."""
    session = get_session()
    project = permissions.reviewed_project(session, g.user, slug, "export datasets")
    submitted = "format" in request.args
    form = _form(session, project, request.args if submitted else None)
    error, status = None, 200
    if submitted and form.validate():
        if request.args.get("split_from"):  # the file field reads files only, not this name
            form.split_from.errors = [*form.split_from.errors, FILE_NOT_SENT]
            status = 400
        else:
            answer, error = _download_or_error(session, project, form, lambda: _options(form))
            if answer is not None:
                return answer
            status = 422
    elif submitted:
        status = 400
    return _page(project, form, error, status)


@bp.post("/projects/<slug>/export")
@login_required
def export_with_split_file(slug: str) -> Any:
    """Stream the download whose split is an earlier export's (the form with its file, sent
    by POST); show the page with the reason when the file or a choice is refused."""
    session = get_session()
    project = permissions.reviewed_project(session, g.user, slug, "export datasets")
    form = _form(session, project, request.form, request.files)
    error, status = None, 400
    if form.validate():
        answer, error = _download_or_error(
            session, project, form, lambda: _options(form, _split_file(form.split_from.data))
        )
        if answer is not None:
            return answer
        status = 422
    return _page(project, form, error, status)


def _download_or_error(
    session: Session, project: Project, form: ExportForm, options: Any
) -> tuple[Any, str | None]:
    """Return the streamed download of the choices ``options()`` reads, or None and the
    refusal placed at its field (nothing written, the session rolled back).

    What the file leaves out is not counted before its first byte: the page said it before
    the click (:func:`export_warnings`), and a browser's download shows no header, so that
    count read every record once more for nobody (a third of a brat export's time)."""
    try:
        chosen = replace(options(), warnings_first=False)
        return download(start_export(session, project, chosen)), None
    except Invalid as exc:
        session.rollback()
        return None, _place_error(form, exc)


@bp.get("/projects/<slug>/export/warnings")
@login_required
def export_warnings(slug: str) -> Any:
    """Answer, as JSON, what the download of these choices (the form's query) will warn of,
    without the file: ``{"warnings": [...], "no_room": ..., "split": [{name, documents}]}``."""
    return _warnings(slug, request.args, None)


@bp.post("/projects/<slug>/export/warnings")
@login_required
def export_warnings_with_split_file(slug: str) -> Any:
    """Answer what the download of the form's choices and its split file will warn of."""
    return _warnings(slug, request.form, request.files)


def _warnings(slug: str, values: MultiDict[str, Any], files: MultiDict[str, Any] | None) -> Any:
    """Start the export the choices ask for and answer the warnings it counted before its
    first byte (the download's ``X-Annotator-Warnings``); its file is never read. A refused
    choice is 422 with the API's error shape, naming its field in ``details``."""
    session = get_session()
    project = permissions.reviewed_project(session, g.user, slug, "export datasets")
    form = _form(session, project, values, files)
    try:
        if not form.validate():
            name, errors = next(iter(form.errors.items()))
            raise Invalid(f"{form[name].label.text}: {errors[0]}", details={"field": name})
        split_file = None if files is None else _split_file(form.split_from.data)
        export = start_export(session, project, _options(form, split_file))
    except Invalid as exc:
        session.rollback()
        response = jsonify(error_body(exc.code, exc.message, exc.details))
        return response, exc.status
    split = export.meta.get("split")
    return jsonify(
        warnings=warnings_said(export.context.warnings),
        no_room=no_room_said(export.format) or None,
        # A list, in the spec's order: a JSON object's keys go out sorted.
        split=None
        if split is None
        else [{"name": name, "documents": n} for name, n in split["documents"].items()],
    )


def _form(
    session: Session,
    project: Project,
    values: MultiDict[str, Any] | None,
    files: MultiDict[str, Any] | None = None,
) -> ExportForm:
    """Return the export form over ``values`` (None: the defaults), its choices filled in."""
    formdata = values
    if files is not None and values is not None:
        formdata = CombinedMultiDict([files, values])  # as Flask-WTF reads a POST
    form = ExportForm(formdata=formdata)
    form.format.choices = [_format_choice(name) for name in FORMAT_NAMES]
    form.layer.choices = [
        SelectChoice("all", "All annotators and gold"),
        SelectChoice("gold", "Gold only"),
        SelectChoice("majority", "Majority of the annotators"),
        SelectChoice(SUGGESTIONS, "Suggestions (the model's, or the rules' before any model)"),
    ] + [SelectChoice(name, f"Only {name}") for name in project_annotators(session, project)]
    return form


def _options(form: ExportForm, split_file: str | None = None) -> ExportOptions:
    """Return the export choices of a valid form, with the text of its split file if any."""
    seed = form.seed.data
    if split_file is not None and seed in (None, DEFAULT_SEED):
        # The field shows the default seed until changed: left so, or emptied, the file's
        # seed is the split's, as the command line's --split-from without --seed.
        seed = None
    elif seed is None:
        seed = DEFAULT_SEED
    return ExportOptions(
        format=form.format.data,
        layer=form.layer.data,
        status=form.status.data or None,
        gold_status=form.gold_status.data or None,
        documents=comma_separated(form.documents.data) or None,
        header_line=form.header.data,
        split=(form.split.data or "").strip() or None,
        seed=seed,
        group_by=(form.group_by.data or "").strip() or None,
        with_suggestions=form.with_suggestions.data,
        split_from=split_file,
    )


def _split_file(upload: Any) -> str:
    """Return the text of the uploaded split file, or refuse a missing or undecodable one."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        raise Invalid(
            "choose the meta.json of an earlier export made with a split",
            details={"field": "split_from"},
        )
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(
            f"{upload.filename} is not UTF-8 text: give an export's meta.json",
            details={"field": "split_from"},
        ) from None


def _page(project: Project, form: ExportForm, error: str | None, status: int) -> Any:
    """The export page with what was refused; ``status`` as every page form answers: 400 for
    a form its own checks refuse (a choice not offered, a seed not a number), 422 for
    choices the export refuses (as the API answers them)."""
    page = render_template(
        "export/export.html", project=project, form=form, error=error, losses=_losses()
    )
    return page, status


def _losses() -> dict[str, str]:
    """Return what each format that cannot hold everything has no room for, by its name."""
    lines = {}
    for name in FORMAT_NAMES:
        fmt = get_format(name)
        said = "" if fmt is None else no_room_said(fmt)
        if said:
            lines[name] = said
    return lines


def _place_error(form: ExportForm, exc: Invalid) -> str | None:
    """Put the reason next to the field it names; return it when it names none."""
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    if field in form and field != "submit":
        form[field].errors = [*form[field].errors, exc.message]
        return None
    return exc.message


def _format_choice(name: str) -> Any:
    """Return a format's choice: offered disabled, saying so, when this server lacks the
    optional package it needs (a reviewer cannot install one; the export would refuse it)."""
    fmt = get_format(name)
    assert fmt is not None  # FORMAT_NAMES are the formats' own names
    label = f"{name}: {fmt.description}"
    if fmt.missing_package() is None:
        return SelectChoice(name, label)
    unavailable = f"{label} (not installed on this server: an admin adds it)"
    return SelectChoice(name, unavailable, render_kw={"disabled": True})
