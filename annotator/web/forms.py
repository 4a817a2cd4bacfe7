"""HTML forms, one class per action; Flask-WTF adds the hidden ``csrf_token`` field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from annotator.core import passwords
from annotator.core.formats.read_options import (
    DEFAULT_ENCODING,
    ENCODINGS,
    ReadOptions,
    read_options,
)
from annotator.core.limits import USERNAME_MAX
from annotator.services.accounts.tokens import MAX_TOKEN_DAYS, TOKEN_NAME_LENGTH

if TYPE_CHECKING:
    # The stubs (types-WTForms) describe WTForms 3.2, whose choices are (value, label) pairs,
    # or (value, label, render_kw) triples for a choice's own attributes (``disabled``).
    def SelectChoice(  # noqa: N802
        value: str, label: str, render_kw: dict[str, Any] | None = None
    ) -> tuple[str, str]:
        """Return one choice of a select field."""

else:
    try:
        from wtforms.fields.choices import SelectChoice
    except ImportError:  # WTForms before 3.3 takes (value, label[, render_kw]) tuples

        def SelectChoice(  # noqa: N802
            value: str, label: str, render_kw: dict[str, Any] | None = None
        ) -> Any:
            return (value, label, render_kw) if render_kw else (value, label)


def stripped(value: object) -> object:
    """Strip a text typed in: a field's filter, so that a value of blanks is said to be missing
    by the field itself (DataRequired) rather than stored blank or refused somewhere else."""
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    """The base of every HTML form: its hidden fields (the CSRF token) render without an id.

    A page holds many forms (the header's "Log out", a Delete per row), and each hidden
    ``csrf_token`` input had the id ``csrf_token``: ids must be unique on a page, and nothing
    refers to a hidden input by id (no label, no script); the token is posted by its name.
    """

    class Meta:
        def render_field(self, field: Any, render_kw: dict[str, Any]) -> Any:
            if isinstance(field.widget, HiddenInput):
                render_kw = {**render_kw, "id": False}  # False: WTForms leaves the attribute out
            return super().render_field(field, render_kw)  # type: ignore[misc]


class LoginForm(Form):
    """Sign in with a username and a password."""

    username = StringField(
        "Username",
        validators=[InputRequired(), Length(max=USERNAME_MAX)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Log in")


class LogoutForm(Form):
    """End the session; a form (POST with CSRF token) so that a link cannot log anyone out."""

    submit = SubmitField("Log out")


class TokenForm(Form):
    """Create an API token for yourself, with a name and an optional lifetime."""

    name = StringField(
        "Name",
        validators=[InputRequired(), Length(max=TOKEN_NAME_LENGTH)],
        render_kw={"autocomplete": "off"},
    )
    expires_in_days = IntegerField(
        "Expires after (days)",
        validators=[Optional(), NumberRange(min=1, max=MAX_TOKEN_DAYS)],
        render_kw={"inputmode": "numeric", "min": "1", "max": str(MAX_TOKEN_DAYS)},
    )
    submit = SubmitField("Create token")


class RevokeTokenForm(Form):
    """Revoke one token (a form, so that the POST carries the CSRF token)."""

    submit = SubmitField("Revoke")


class PasswordForm(Form):
    """Change your own password."""

    current_password = PasswordField(
        "Current password",
        validators=[InputRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[InputRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password")


class ReadingFields(Form):
    """How files read by extension are read: ``annotator import``'s ``--encoding``,
    ``--text-column``, ``--id-column``, ``--title-column`` and ``--meta-columns``, on the two
    forms that import files (the project page's and the corpus page's).

    Judged by the import service as the files are: a bad choice is said with the files'
    problems, never as an expired form. The import's messages name these fields by their
    labels (``PAGE_WORDS`` in web/project_forms.py); the pages show them with the macro
    ``reading_fields`` (templates/_macros.html).
    """

    encoding = SelectField(
        "Encoding",
        choices=[SelectChoice(code, name) for code, name in ENCODINGS.items()],
        default=DEFAULT_ENCODING,
        validate_choice=False,
    )
    text_column = StringField("Text column", render_kw={"placeholder": "text"})
    id_column = StringField("Id column", render_kw={"placeholder": "id"})
    title_column = StringField("Title column", render_kw={"placeholder": "title"})
    meta_columns = StringField("Meta columns", render_kw={"placeholder": "all the others"})

    def reading(self) -> ReadOptions:
        """Return the reading options as posted.

        :raises Invalid: for an unknown encoding, or a column given two roles.
        """
        return read_options(
            self.encoding.data,
            self.text_column.data,
            self.id_column.data,
            self.title_column.data,
            self.meta_columns.data,
        )

    def reading_chosen(self) -> bool:
        """Return whether any reading option differs from the default (the page then shows
        them unfolded: a refused import comes back with them as sent)."""
        chosen = (self.text_column, self.id_column, self.title_column, self.meta_columns)
        encoding = self.encoding.data
        return encoding not in (None, DEFAULT_ENCODING) or any(f.data for f in chosen)


class ImportFields(ReadingFields):
    """What both forms that import files choose beside how they are read: whether a new
    document whose text is already there is left out (``annotator import --skip-same-texts``,
    the API's ``skip_same_texts``), shown with the macro ``same_texts_field``."""

    skip_same_texts = BooleanField(
        "Leave out documents whose text is already there",
        description="A new document with the same text as one in the project (or as an "
        "earlier one of these files) is left out and listed with the document it repeats. "
        "Otherwise it is imported under its own id, with a warning.",
    )


class UploadForm(ImportFields):
    """Import files into a project (the project page's form), read as ``ReadingFields`` say."""

    files = MultipleFileField("Files")
    submit = SubmitField("Import")


class DeleteDocumentForm(Form):
    """Delete one document (a form, so that the POST carries the CSRF token)."""

    submit = SubmitField("Delete the document")


class TrainModelForm(Form):
    """Train the project's suggestion model now (a form, so that the POST carries CSRF)."""

    # Gold marked final by default: gold still in review holds items waiting for a decision.
    include_in_review = BooleanField("Include gold still in review")
    submit = SubmitField("Train now")
    #: Shown only when the page asks first: annotators would see what the new model then
    #: suggests while annotating (services.assist.audience).
    confirm = SubmitField("Train now, shown to annotators")


class SuggestNowForm(Form):
    """Write the project's suggestions now, in the background (a form, for CSRF)."""

    submit = SubmitField("Suggest now")
    #: Shown only when the page asks first: annotators would see them while annotating.
    confirm = SubmitField("Suggest now, shown to annotators")
