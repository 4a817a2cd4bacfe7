"""The forms of project administration: a new project and a project's settings.

A schema comes as an uploaded JSON or YAML file (``schema``) or as pasted JSON or YAML
(``schema_text``); the file wins when both are given (:mod:`annotator.core.schema_text`).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, NamedTuple

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from annotator.core import json_input
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.project_people import PEOPLE
from annotator.core.formats.readers import FormatError, decode
from annotator.core.label_schema import NEW_PROJECT_SUGGESTIONS, SUGGESTION_MODES
from annotator.core.limits import (
    PROJECT_NAME_MAX,
    SLUG_CHARACTERS,
    SLUG_MAX,
    SLUG_WORDS,
    USERNAME_MAX,
)
from annotator.core.schema_text import SchemaSyntaxError, parse_schema_text
from annotator.services.datasets.import_sources import IMPORT_FORMATS
from annotator.web.admin_forms import choices
from annotator.web.forms import Form, ImportFields, stripped

# The services' limit (core.limits.project_name), said before the form is sent.
_NAME_LENGTH = Length(
    max=PROJECT_NAME_MAX, message=f"A project name takes at most {PROJECT_NAME_MAX} characters."
)


def _name_field() -> StringField:
    # Stripped first, so that a name of blanks is said to be missing under Name (it was
    # accepted as typed, and the slug made from it was the field said to be missing).
    return StringField(
        "Name",
        filters=[stripped],
        validators=[DataRequired(message="Give the project a name."), _NAME_LENGTH],
    )


class SchemaUnreadable(Exception):
    """A schema file or text that is not UTF-8 JSON; ``field`` is where it came from."""

    def __init__(self, field: Field, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class SchemaSource(NamedTuple):
    """A schema given on a form: the field it came from, its text and the schema it holds."""

    field: Field
    text: str
    schema: Any


#: The pages' words for each of the schema's ``suggestions`` modes, in the order offered:
#: the default for new projects first.
SUGGESTION_WORDS = {
    "after_done": "Shown once the annotator has marked the document done: a second pass",
    "off": "Never shown: a blind pass",
    "on": "Shown from the start",
}
#: Why a project would choose each, said under it on the new-project and settings pages.
SUGGESTION_WHYS = {
    "after_done": "Every first judgment is the annotator's own; the suggestions then help "
    "catch what was missed. The default for new projects.",
    "off": "Layers that measure people, not the model: for agreement studies and a gold "
    "standard. Reviewers still see them.",
    "on": "The fastest, but annotators tend to keep what is shown: stance and claim "
    "judgments lean on the model's.",
}
assert set(SUGGESTION_WORDS) == set(SUGGESTION_WHYS) == set(SUGGESTION_MODES)


class _ProjectFields(Form):
    """What a new project and the settings page both edit."""

    suggestions = RadioField(
        "Suggestions for annotators",
        choices=choices(SUGGESTION_WORDS, SUGGESTION_WORDS),
        default=NEW_PROJECT_SUGGESTIONS,
    )

    schema = FileField(
        "Label schema file (JSON or YAML)",
        render_kw={"accept": ".json,.yaml,.yml,application/json,application/yaml"},
    )
    schema_text = TextAreaField(
        "Label schema (JSON or YAML)",
        render_kw={"rows": "14", "spellcheck": "false", "class": "code"},
    )
    guidelines = TextAreaField("Guidelines (Markdown)", render_kw={"rows": "8"})
    annotators_per_document = IntegerField(
        "Annotators per document",
        validators=[Optional(), NumberRange(min=1, max=100)],
        render_kw={"inputmode": "numeric", "min": "1", "max": "100"},
    )
    license = StringField(
        "Licence of exported datasets",
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    preview = SubmitField("Preview guidelines")

    def suggestions_chosen(self) -> str | None:
        """Return the ``suggestions`` choice posted; None when the post lacks the field (a
        script or an older page: no choice, so a schema's own word or the default stands)."""
        return self.suggestions.data if self.suggestions.raw_data else None

    def schema_source(self) -> SchemaSource | None:
        """Return the schema given, with its field and text; None when none is given.

        :raises SchemaUnreadable: the file is not UTF-8, or the JSON or YAML does not parse.
        """
        upload = self.schema.data
        name = ""
        if upload is not None and getattr(upload, "filename", None):
            field: Field = self.schema
            name = upload.filename
            try:
                # As annotator projects create reads a schema file: the byte and its place.
                text = decode(upload.read())
            except FormatError as exc:
                raise SchemaUnreadable(field, f"{name}:{exc.line}: {exc.message}") from exc
        elif (self.schema_text.data or "").strip():
            field, text = self.schema_text, self.schema_text.data or ""
        else:
            return None
        try:
            return SchemaSource(field, text, parse_schema_text(text, name))
        except SchemaSyntaxError as exc:
            raise SchemaUnreadable(
                field, f"{name}: {exc.message}" if name else exc.message
            ) from exc


class NewProjectForm(_ProjectFields):
    """Create a project: slug, name, schema (optional: the default one), guidelines, K."""

    slug = StringField(
        "Slug",
        validators=[
            InputRequired(),
            Length(max=SLUG_MAX),
            Regexp(SLUG_CHARACTERS, message=SLUG_WORDS),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    name = _name_field()
    submit = SubmitField("Create project")


class ProjectSettingsForm(_ProjectFields):
    """Change a project's name, guidelines, K, suggestions and schema, with renames for the data."""

    name = _name_field()
    renames = TextAreaField(
        "Renames (JSON, optional)",
        render_kw={"rows": "4", "spellcheck": "false", "class": "code"},
    )
    submit = SubmitField("Save settings")
    #: Shown only when the change asks first: it gives values already given another meaning
    #: (a field's target or description changed; services.schema.meaning).
    confirm_meaning = SubmitField("Save anyway, keeping the values given")

    def own_settings(self, current: dict[str, Any]) -> dict[str, Any]:
        """Return the settings with fields of their own, as posted; a field the post lacks
        keeps its ``current`` value (a missing field is no choice: a browser posts every
        field, even an empty one, so only a script or an old page leaves one out).

        :param current: the project's schema, which holds these settings now.
        """
        posted = {
            self.guidelines: self.guidelines.data or "",
            self.annotators_per_document: self.annotators_per_document.data,
            self.license: (self.license.data or "").strip(),
            self.suggestions: self.suggestions.data,
        }
        return {
            field.name: value if field.raw_data else current.get(field.name)
            for field, value in posted.items()
            if field.raw_data or field.name in current
        }

    def renames_json(self) -> Any:
        """Return the parsed renames, or None when none are given.

        :raises SchemaUnreadable: the JSON does not parse.
        """
        text = (self.renames.data or "").strip()
        if not text:
            return None
        try:
            return json_input.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaUnreadable(
                self.renames, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from exc


class LoadProjectForm(Form):
    """Load a project file (``annotator projects dump``) as a new project (admins)."""

    file = FileField(
        "Project file",
        validators=[FileRequired("choose a project file")],
        render_kw={"accept": ".gz,.jsonl,application/gzip"},
    )
    slug = StringField(
        "Slug (optional)",
        validators=[
            Optional(),
            Length(max=SLUG_MAX),
            Regexp(SLUG_CHARACTERS, message=SLUG_WORDS),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    name = StringField(
        "Name (optional)",
        validators=[Optional(), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    people = SelectField(
        "People",
        choices=choices(PEOPLE, {value: w[:1].upper() + w[1:] for value, w in PEOPLE.items()}),
        # Not the command line's and the API's "all" (a move restores the project whole,
        # CONTRACT 12): on the page a lead most often loads a copy on this server, where
        # "all" gave its annotators the copy's queue and their own work in it again. The
        # annotators' work rides on their assignments, so no choice keeps it unshared;
        # "members" keeps the rest whole (every user, gold and who decided it) and shares
        # no document with an annotator. A move asks for "all".
        default="members",
    )
    load = SubmitField("Load project")


# The corpus import page's fields, named once: their labels, and the import's messages
# that ask for one of them (the command line says --map, --annotator; the page its fields).
_FORMAT = "Format"
_LABEL_MAP = "Label map"
_ANNOTATOR = "Annotator"
_CREATE_USERS = "Create annotators that do not exist yet"
_TEXTS_ONLY = "Texts only"
#: The heading of the corpus import page (``projects/import_corpus.html``), as messages name it.
CORPUS_PAGE = "Import another tool's corpus"

#: How the import's messages name the page's fields.
PAGE_WORDS = OptionWords(
    label_map=f"the {_LABEL_MAP}",
    map_entry=f"{{entry}} in the {_LABEL_MAP}",
    format=f"a {_FORMAT}",
    give_annotator=f"name one (a username, or gold) under {_ANNOTATOR}",
    create_users=f"tick '{_CREATE_USERS}'",
    make_users="on the users page",
    plain_import="import JSON with the project page's form, Import documents",
    texts_only=f"'{_TEXTS_ONLY}'",
    annotator=f"the {_ANNOTATOR} field",
    # The fields of ReadingFields (web/forms.py), as both pages label them.
    choose_encoding="choose {name} under Encoding ('Encoding and CSV columns') and import again",
    choose_column="type {column} as the {Label}",
    delete_document="on its page /projects/{slug}/documents/{id}/delete",
)

#: The import page's format that reads each file by its extension, as the project page's
#: form does: doccano, Label Studio and jsonl records, with the label map and annotator.
BY_EXTENSION = "records"


#: The import page's formats: the name its select shows, short enough to be read whole on
#: a phone (a 390 px window cut "brat standoff: a .zip, or .txt and .ann files" after
#: ".txt and"), and what each reads, said in full under the select.
CORPUS_FORMATS = {
    "brat": ("brat standoff", "a .zip, or .txt and .ann files"),
    "conll": ("CoNLL", "our conll export, or TOKEN ... TAG columns (.conll, .conllu)"),
    BY_EXTENSION: (
        "doccano, Label Studio, jsonl",
        "their records in .json or .jsonl files, or .csv and .txt files as the project "
        "page's form reads them",
    ),
}


#: How the import's messages speak on the project page's plain upload, which has a file
#: chooser alone: annotators are named in the files and made on the users page beforehand.
UPLOAD_WORDS = replace(
    PAGE_WORDS,
    # This form has no label map: the corpus page, where the same files go in, has.
    label_map=f"the {_LABEL_MAP} of the page '{CORPUS_PAGE}'",
    map_entry=f"{{entry}} in the {_LABEL_MAP} of the page '{CORPUS_PAGE}'",
    # The file is one way; the corpus page's Annotator field (a link in the page's message,
    # views/documents.py) and the command line's option are the others, for a file that
    # cannot be changed (doccano's export names none).
    give_annotator=(
        f"name it in the file (a username, or gold), under {_ANNOTATOR} on the page "
        f"'{CORPUS_PAGE}' (its {_FORMAT} '{CORPUS_FORMATS[BY_EXTENSION][0]}'), "
        "or with annotator import --annotator NAME"
    ),
    create_users=None,
)


class CorpusImportForm(ImportFields):
    """Import another tool's corpus (``annotator import [--format]``), on a page of its own.

    The import's messages name these fields as the page shows them (:data:`PAGE_WORDS`).
    The files are the import's to judge, as on the upload form; so are the encoding and the
    CSV columns, which are the upload form's own fields (for files read by extension: a
    brat or CoNLL corpus refuses them).
    """

    files = MultipleFileField("Files")
    format = SelectField(
        _FORMAT,
        choices=choices(
            (*IMPORT_FORMATS, BY_EXTENSION), {k: shown for k, (shown, _) in CORPUS_FORMATS.items()}
        ),
        description=" ".join(f"{name}: {what}." for name, what in CORPUS_FORMATS.values()),
    )
    label_map = StringField(_LABEL_MAP, validators=[Optional(), Length(max=10_000)])
    annotator = StringField(_ANNOTATOR, validators=[Optional(), Length(max=USERNAME_MAX)])
    create_users = BooleanField(_CREATE_USERS)
    texts_only = BooleanField(
        _TEXTS_ONLY,
        description="Bring the documents and their sentences in with no annotation layer, to "
        "annotate from scratch: the files' annotations are left out, counted.",
    )
    submit = SubmitField("Import")
