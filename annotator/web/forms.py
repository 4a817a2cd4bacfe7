"""HTML forms, one class per action; Flask-WTF adds the hidden ``csrf_token`` field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, MultipleFileField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    """Sign in with a username and a password."""

    username = StringField(
        "Username",
        validators=[InputRequired(), Length(max=80)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Log in")


class LogoutForm(FlaskForm):
    """End the session; a form (POST with CSRF token) so that a link cannot log anyone out."""

    submit = SubmitField("Log out")


class TokenForm(FlaskForm):
    """Create an API token for yourself, with a name and an optional lifetime."""

    name = StringField(
        "Name", validators=[InputRequired(), Length(max=100)], render_kw={"autocomplete": "off"}
    )
    expires_in_days = IntegerField(
        "Expires after (days)",
        validators=[Optional(), NumberRange(min=1, max=3660)],
        render_kw={"inputmode": "numeric", "min": "1", "max": "3660"},
    )
    submit = SubmitField("Create token")


class RevokeTokenForm(FlaskForm):
    """Revoke one token (a form, so that the POST carries the CSRF token)."""

    submit = SubmitField("Revoke")


class PasswordForm(FlaskForm):
    """Change your own password."""

    current_password = PasswordField(
        "Current password",
        validators=[InputRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        validators=[InputRequired(), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password")


class UploadForm(FlaskForm):
    """Import files into a project (the project page's form)."""

    files = MultipleFileField("Files")
    submit = SubmitField("Import")


class DeleteDocumentForm(FlaskForm):
    """Delete one document (a form, so that the POST carries the CSRF token)."""

    submit = SubmitField("Delete the document")


class TrainModelForm(FlaskForm):
    """Train the project's suggestion model now (a form, so that the POST carries CSRF)."""

    submit = SubmitField("Train now")


class SuggestNowForm(FlaskForm):
    """Write the project's suggestions now, in the background (a form, for CSRF)."""

    submit = SubmitField("Suggest now")
