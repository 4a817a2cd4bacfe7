"""Project administration pages: ``/projects/new`` (admins) and ``/projects/<slug>/settings``.

The settings page is for admins and the project's managers, who may also download the whole
project as one file there (``/projects/<slug>/dump``); admins load such a file as a new
project from ``/projects/new`` (``/projects/load``). The rules (schema validation,
renames, refused removals, versions, the audit log) are in
:mod:`annotator.services.accounts.project_admin`, shared with the API.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from wtforms import Field

from annotator.core.errors import AnnotatorError, Conflict, Malformed, SchemaError
from annotator.core.project_settings import settings_summary, suggestions_mode
from annotator.core.schema_keys import without_unset_keys
from annotator.core.schema_place import said_on_page
from annotator.core.schema_renames import parse_renames
from annotator.core.schema_text import entry_line
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.models import Project
from annotator.services.accounts import permissions
from annotator.services.accounts.assignment import DEFAULT_PER_DOCUMENT
from annotator.services.accounts.project_admin import add_project, edit_project
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from annotator.services.schema.changes import schema_versions
from annotator.services.schema.meaning import MeaningUnconfirmed
from annotator.services.write_holds import hold_schema
from annotator.views.annotate import render_guidelines
from annotator.web.downloads import download_project
from annotator.web.flashes import schema_changed
from annotator.web.project_forms import (
    SUGGESTION_WHYS,
    LoadProjectForm,
    NewProjectForm,
    ProjectSettingsForm,
    SchemaSource,
    SchemaUnreadable,
)
from annotator.web.security import login_required

bp = Blueprint("projects_admin", __name__)

#: The load form's field names start with this (``load-file``, ``load-slug``), so that they
#: differ from the new-project form's on the same page.
LOAD_PREFIX = "load"
#: Settings with fields of their own, left out of the schema's JSON on the settings page.
_OWN_FIELDS = ("guidelines", "annotators_per_document", "license", "suggestions")


def _new_page(
    form: NewProjectForm,
    status: int = 200,
    preview: str | None = None,
    load_form: LoadProjectForm | None = None,
) -> Any:
    load_form = load_form or LoadProjectForm(formdata=None, prefix=LOAD_PREFIX)
    page = render_template(
        "projects_admin/new.html",
        form=form,
        suggestion_whys=SUGGESTION_WHYS,
        preview=preview,
        load_form=load_form,
        default_per_document=DEFAULT_PER_DOCUMENT,
    )
    return page, status


@bp.get("/projects/new")
@login_required
def new() -> Any:
    """Show the form for a new project (admins)."""
    permissions.require_admin(g.user, "create projects")
    return _new_page(NewProjectForm(formdata=None))


@bp.post("/projects/new")
@login_required
def create() -> Any:
    """Create the project, or show the form again with the problem next to its field."""
    permissions.require_admin(g.user, "create projects")
    form = NewProjectForm()
    if form.preview.data:
        return _new_page(form, preview=render_guidelines(form.guidelines.data or "", top=3))
    if not form.validate_on_submit():
        return _new_page(form, 400)
    session = get_session()
    source = None
    try:
        source = form.schema_source()
        project = add_project(
            session,
            g.user,
            form.slug.data or "",
            form.name.data or "",
            schema=None if source is None else source.schema,
            guidelines=form.guidelines.data or None,
            annotators_per_document=form.annotators_per_document.data,
            license=(form.license.data or "").strip() or None,
            suggestions=form.suggestions_chosen(),
        )
    except SchemaUnreadable as exc:
        exc.field.errors = [exc.message]
        return _new_page(form, 422)
    except AnnotatorError as exc:
        session.rollback()
        field: Field = _named_field(form, exc) or form.slug
        said = [exc.message]
        if isinstance(exc, SchemaError) and source is not None:
            field, said = source.field, said_in_schema(exc, source)
        field.errors = said
        return _new_page(form, exc.status)
    session.commit()
    flash(f"Project {project.name} is created.")
    return redirect(url_for("projects.project", slug=project.slug))


def said_in_schema(exc: SchemaError, source: SchemaSource | None) -> list[str]:
    """A refused schema as the form it was given on says it, a line per problem: the entry
    in the page's words, with the line of the text (or file) where it starts, then the
    reason (no text given: the current schema with the page's own fields, no line)."""
    said = []
    for problem in exc.problems:
        details = problem.details if isinstance(problem.details, dict) else {}
        line = None if source is None else entry_line(source.text, details)
        said.append(said_on_page(problem, line=line))
    return said


def _schema_json(project: Project) -> str:
    shown = {k: v for k, v in project.schema.items() if k not in _OWN_FIELDS}
    return json.dumps(without_unset_keys(shown), indent=2, ensure_ascii=False)


def _settings_page(
    project: Project,
    form: ProjectSettingsForm,
    status: int = 200,
    preview: str | None = None,
    asking: str | None = None,
) -> Any:
    """The settings page; ``asking``: the question of a change of what used entries mean."""
    versions = schema_versions(get_session(), project)
    page = render_template(
        "projects_admin/settings.html",
        project=project,
        form=form,
        suggestion_whys=SUGGESTION_WHYS,
        versions=versions,
        preview=preview,
        asking=asking,
        default_per_document=DEFAULT_PER_DOCUMENT,
    )
    return page, status


def _managed(slug: str) -> Project:
    session = get_session()
    project = permissions.managed_project(session, g.user, slug, "change a project's settings")
    return project


@bp.get("/projects/<slug>/settings")
@login_required
def settings(slug: str) -> Any:
    """Show a project's settings and its schema's versions (admins and its managers)."""
    project = _managed(slug)
    form = ProjectSettingsForm(formdata=None)
    form.name.data = project.name
    shown = settings_summary(project.schema)
    form.guidelines.data = shown["guidelines"]
    form.annotators_per_document.data = shown["annotators_per_document"]
    form.license.data = shown["license"]
    form.suggestions.data = suggestions_mode(project.schema)
    form.schema_text.data = _schema_json(project)
    return _settings_page(project, form)


@bp.post("/projects/<slug>/settings")
@login_required
def save_settings(slug: str) -> Any:
    """Save the settings; a refused schema change shows why next to the schema."""
    project = _managed(slug)
    form = ProjectSettingsForm()
    if form.preview.data:
        return _settings_page(
            project, form, preview=render_guidelines(form.guidelines.data or "", top=3)
        )
    if not form.validate_on_submit():
        return _settings_page(project, form, 400)
    session = get_session()
    # Before the schema below is read: a change saved meanwhile is the one this one follows.
    hold_schema(session, project)
    source = None
    try:
        source = form.schema_source()
        raw = (
            {k: v for k, v in project.schema.items() if k not in _OWN_FIELDS}
            if source is None
            else source.schema
        )
        if isinstance(raw, dict):
            raw = raw | form.own_settings(project.schema)
        renames = parse_renames(form.renames_json())
        edit_project(
            session,
            project,
            g.user,
            name=form.name.data,
            schema=raw,
            renames=renames,
            confirm_meaning=bool(form.confirm_meaning.data),
        )
    except SchemaUnreadable as exc:
        exc.field.errors = [exc.message]
        return _settings_page(project, form, 422)
    except AnnotatorError as exc:
        session.rollback()
        session.refresh(project)
        named = _named_field(form, exc)
        if named is not None:
            field: Any = named
        elif isinstance(exc, Malformed) or exc.message.startswith("renames"):
            field = form.renames
        elif isinstance(exc, SchemaError | Conflict):
            field = form.schema_text if source is None else source.field
        else:
            field = form.name
        field.errors = (
            said_in_schema(exc, source) if isinstance(exc, SchemaError) else [exc.message]
        )
        asking = exc.message if isinstance(exc, MeaningUnconfirmed) else None
        if asking and source is not None and source.field is form.schema:
            # The confirmation posts the form again, and a browser sends no file twice:
            # the uploaded schema goes in the box, which is posted.
            form.schema_text.data = source.text
        return _settings_page(project, form, exc.status, asking=asking)
    session.commit()
    schema_changed(f"The settings of {project.name} are saved", project)
    return redirect(url_for("projects_admin.settings", slug=project.slug))


@bp.get("/projects/<slug>/dump")
@login_required
def dump(slug: str) -> Any:
    """Download the whole project as one file (admins and the project's managers)."""
    session = get_session()
    project = permissions.managed_project(session, g.user, slug, "dump a project")
    return download_project(dump_project(session, project))


@bp.post("/projects/load")
@login_required
def load() -> Any:
    """Load a project file as a new project (admins); a problem shows next to the file."""
    permissions.require_admin(g.user, "load projects")
    form = LoadProjectForm(prefix=LOAD_PREFIX)
    if not form.validate_on_submit():
        return _new_page(NewProjectForm(formdata=None), 400, load_form=form)
    session = get_session()
    try:
        report = load_project(
            session,
            form.file.data.stream,
            g.user,
            form.slug.data or None,
            (form.name.data or "").strip() or None,
            form.people.data or "all",
        )
    except AnnotatorError as exc:
        session.rollback()
        field = form.slug if isinstance(exc, Conflict) else form.file
        field.errors = [exc.message]
        return _new_page(NewProjectForm(formdata=None), exc.status, load_form=form)
    session.commit()
    created = ", ".join(report.created_users)
    flash(
        f"Project {report.project.name} is loaded with {counted(report.documents, 'document')}."
        + (
            f" Disabled users were made for {created}: enable them to let them in."
            if created
            else ""
        )
        + "".join(f" {said[:1].upper()}{said[1:]}." for said in report.warnings())
    )
    return redirect(url_for("projects.project", slug=report.project.slug))


def _named_field(form: Any, exc: AnnotatorError) -> Field | None:
    """The form's field a refusal names in its details (``name`` for a taken name), if any."""
    name = exc.details.get("field") if isinstance(exc.details, dict) else None
    return form[name] if name == "name" and name in form else None
