"""The export page: choose format, layer and filters, then download the dataset."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from annotator.core.comma_lists import comma_separated
from annotator.core.errors import Invalid
from annotator.core.formats import FORMAT_NAMES, get_format
from annotator.core.formats.left_out import no_room_said
from annotator.core.splits import DEFAULT_SEED
from annotator.core.vocabulary import ASSIGNMENT_STATUS_NAMES, GOLD_STATUS_NAMES
from annotator.db import get_session
from annotator.models import SUGGESTIONS
from annotator.services.accounts import permissions
from annotator.services.accounts.projects import project_annotators
from annotator.services.datasets.export import ExportOptions, start_export
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
        )
        try:
            export = start_export(session, project, options)
        except Invalid as exc:
            session.rollback()
            error = _place_error(form, exc)
        else:
            # Downloaded at the first click: what the export left out is counted before the
            # first byte (warnings_first) and rides in X-Annotator-Warnings, which the page's
            # script (export.js) shows beside the button; what a format can never hold is
            # said beside the format choice before any click.
            return download(export)
    page = render_template(
        "export/export.html",
        project=project,
        form=form,
        error=error,
        losses=_losses(),
    )
    # A choice refused (by the form or the export) is 422, as the API answers it.
    return page, (422 if form.errors or error else 200)


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


def _submitted() -> bool:
    return "format" in request.args
