"""The forms of the administration pages: users, project members and assignments.

Each is a Flask-WTF form, so every one carries the CSRF token; the choices of the select
fields (roles, users) are filled in by the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

from annotator.core import passwords
from annotator.core.limits import USERNAME_MAX
from annotator.core.vocabulary import PROJECT_ROLES
from annotator.models import ROLES
from annotator.web.forms import Form, SelectChoice


class TickAtLeastOne:
    """Refuse an empty set of ticked boxes.

    Unlike InputRequired, it marks no box ``required``: a browser would then refuse to submit
    the form until every box was ticked.
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if not field.data:
            raise StopValidation(self.message)


def choices(values: Iterable[str], shown: Mapping[str, str] | None = None) -> list[Any]:
    """Return the choices of a select field; an option shows ``shown[value]``, else its value."""
    shown = shown or {}
    return [SelectChoice(value, shown.get(value, value)) for value in values]


def choose_first(prompt: str, offered: Iterable[Any]) -> list[Any]:
    """Return ``offered`` after an empty choice saying ``prompt``.

    A select whose first real option is preselected sends it when nobody chose: "admin to
    admin" on the reassign form. The empty choice is what InputRequired refuses.
    """
    return [SelectChoice("", prompt), *offered]


_ROLE_CHOICES = choices(ROLES)
_PROJECT_ROLE_CHOICES = choices(PROJECT_ROLES)
_NEW_PASSWORD = {"autocomplete": "new-password"}


class NewUserForm(Form):
    """Create a user with a global role and a password."""

    username = StringField(
        "Username",
        validators=[InputRequired(), Length(max=USERNAME_MAX)],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    role = SelectField("Role", choices=_ROLE_CHOICES, default="annotator")
    password = PasswordField(
        "Password",
        validators=[InputRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw=_NEW_PASSWORD,
    )
    submit = SubmitField("Create user")


class RoleForm(Form):
    """Change one user's global role."""

    role = SelectField("Role", choices=_ROLE_CHOICES)
    submit = SubmitField("Change role")


class SetPasswordForm(Form):
    """Give one user a new password (their sessions end)."""

    password = PasswordField(
        "New password",
        validators=[InputRequired(), Length(max=passwords.MAX_LENGTH)],
        render_kw=_NEW_PASSWORD,
    )
    submit = SubmitField("Set password")


class ConfirmForm(Form):
    """A button that changes something: the form exists for its CSRF token."""

    submit = SubmitField("Confirm")


class MemberByNameForm(Form):
    """Add a user to a project by name, in a role: an admin's and a manager's form alike.

    A name is typed, never chosen from a select of every user: with hundreds it was a long
    scroll (on a phone worst of all), and a manager must not learn who works elsewhere. An
    admin's field suggests matching non-members as they type (``people/members.html``).
    """

    username = StringField(
        "Username",
        validators=[InputRequired("Type the name of the user to add."), Length(max=USERNAME_MAX)],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    role = SelectField("Project role", choices=_PROJECT_ROLE_CHOICES, default="annotator")
    submit = SubmitField("Save member")


class AssignForm(Form):
    """Give every document of the project K of the annotators ticked."""

    annotators = SelectMultipleField(
        "Annotators",
        validators=[TickAtLeastOne("Tick at least one annotator.")],
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )
    per_document = IntegerField(
        "Annotators per document",
        validators=[InputRequired(), NumberRange(min=1, max=1000)],
        render_kw={"inputmode": "numeric", "min": "1"},
    )
    # Checked by the service (assign_choice.check_only), which the API shares: a form sent
    # without it (an older page) means every document.
    only = RadioField(
        "Which documents",
        choices=[
            SelectChoice("", "All documents"),
            SelectChoice("unassigned", "Documents with no assignment yet"),
            SelectChoice(
                "understaffed", "Documents with fewer than K annotators (each topped up to K)"
            ),
        ],
        default="",
        validate_choice=False,
        widget=widgets.ListWidget(prefix_label=False),
    )
    documents = StringField(
        "Only these documents",
        validators=[Optional(), Length(max=100_000)],
        id="assign-documents",
    )
    submit = SubmitField("Assign")


class ReassignForm(Form):
    """Move one document, or all open documents, of one annotator to another."""

    from_user = SelectField("From", validators=[InputRequired()])
    to_user = SelectField("To", validators=[InputRequired()])
    # Each document field's id names its form: the page holds both forms, and a refusal said
    # by one field (its -errors list, its aria-describedby) must not point at the other's.
    document = StringField(
        "Documents (empty: all their open documents)",
        validators=[Optional(), Length(max=100_000)],
        id="reassign-document",
    )
    submit = SubmitField("Reassign")


class UnassignForm(Form):
    """Take one document, or all open documents, away from one annotator."""

    user = SelectField("Annotator", validators=[InputRequired()])
    document = StringField(
        "Documents (empty: all their open documents)",
        validators=[Optional(), Length(max=100_000)],
        id="unassign-document",
    )
    # Sent by the button a refusal offers: unassign those named that are the annotator's.
    only_assigned = BooleanField(default=False)
    submit = SubmitField("Unassign")
    #: How many of the documents named are the annotator's, when the page refused the list
    #: for the others: its button offers to unassign those (0: no such refusal).
    those_that_are = 0


class TakeOffForm(Form):
    """Confirm taking an annotator off the unfinished documents listed, deleting their work
    there (and giving them to ``to_user``, if one is named): what the page showed, sent back."""

    annotator = HiddenField(validators=[InputRequired(), Length(max=USERNAME_MAX)])
    to_user = HiddenField(validators=[Optional(), Length(max=USERNAME_MAX)])
    documents = HiddenField(validators=[InputRequired(), Length(max=100_000)])
    submit = SubmitField("Delete their unfinished work and take them off")
