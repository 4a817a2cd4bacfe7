"""The export page: choose format, layer and filters, then download the dataset."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, g, render_template, request
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Invalid
from annotator.core.formats import FORMAT_NAMES, get_format
from annotator.core.splits import DEFAULT_SEED
from annotator.core.vocabulary import ASSIGNMENT_STATUS_NAMES, GOLD_STATUS_NAMES
from annotator.db import get_session
from annotator.models import SUGGESTIONS
from annotator.services.accounts import permissions
from annotator.services.accounts.projects import project_annotators
from annotator.services.datasets.export import ExportOptions, start_export, warnings_said
from annotator.web.downloads import download
from annotator.web.forms import Form, SelectChoice
from annotator.web.security import login_required

bp = Blueprint("export", __name__)


class ExportForm(Form):
    """The choices of ``annotator export``: format, layer, status, gold status, documents and
    split."""

    # A download is a read that changes nothing, so the form is sent with GET (the URL can
    # be bookmarked and shared) and needs no CSRF token.
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
    form = ExportForm(formdata=request.args if _submitted() else None)
    form.format.choices = [
        SelectChoice(name, f"{name}: {get_format(name).description}")  # type: ignore[union-attr]
        for name in FORMAT_NAMES
    ]
    form.layer.choices = [
        SelectChoice("all", "All annotators and gold"),
        SelectChoice("gold", "Gold only"),
        SelectChoice("majority", "Majority of the annotators"),
        SelectChoice(SUGGESTIONS, "Suggestions (the model's, or the rules' before any model)"),
    ] + [SelectChoice(name, f"Only {name}") for name in project_annotators(session, project)]
    error = None
    warnings: list[str] = []
    choices_seen = _choices_seen(form)
    # "Download anyway" after the warnings of these very choices: they need no counting again.
    warned_already = request.args.get("anyway") == choices_seen
    if _submitted() and form.validate():
        ids = comma_separated(form.documents.data)
        options = ExportOptions(
            format=form.format.data,
            layer=form.layer.data,
            status=form.status.data or None,
            gold_status=form.gold_status.data or None,
            documents=ids or None,
            header_line=form.header.data,
            split=(form.split.data or "").strip() or None,
            seed=DEFAULT_SEED if form.seed.data is None else form.seed.data,
            group_by=(form.group_by.data or "").strip() or None,
            with_suggestions=form.with_suggestions.data,
            warnings_first=not warned_already,
        )
        try:
            export = start_export(session, project, options)
        except Invalid as exc:
            session.rollback()
            error = _place_error(form, exc)
        else:
            # A download leaves the page as it was, so what is wrong before the first byte (a
            # split the filters emptied) is said here first, with a button to go on anyway.
            warnings = warnings_said(export.context.warnings)
            if not warnings or warned_already:
                return download(export)
    page = render_template(
        "export/export.html",
        project=project,
        form=form,
        error=error,
        warnings=warnings,
        choices_seen=choices_seen,
    )
    # A choice refused (by the form or the export) is 422, as the API answers it.
    return page, (422 if form.errors or error else 200)


def _place_error(form: ExportForm, exc: Invalid) -> str | None:
    """Put the reason next to the field it names; return it when it names none."""
    field = exc.details.get("field") if isinstance(exc.details, dict) else None
    if field in form and field != "submit":
        form[field].errors = [*form[field].errors, exc.message]
        return None
    return exc.message


def _submitted() -> bool:
    return "format" in request.args


def _choices_seen(form: ExportForm) -> str:
    """A digest of the choices the form holds, which "Download anyway" sends back.

    The warnings were about these choices: after one is changed the form is sent with the
    old digest, and the page warns again (if there is still something to warn of) instead of
    downloading what nobody was warned about. Taken over the form's values, not the query's
    text: a link naming only some choices (``?format=conll&layer=gold``) is the same choices
    as the whole form the page then sends with its empty fields, and "Download anyway" on it
    warned a second time.
    """
    # A text field the link leaves out is None, the same field sent empty is "".
    choices = sorted(
        (name, "" if value is None else str(value))
        for name, value in form.data.items()
        if name != "submit"
    )
    return hashlib.sha256(urlencode(choices).encode()).hexdigest()[:16]
