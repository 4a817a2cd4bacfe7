"""HTML forms, one class per action; Flask-WTF adds the hidden ``csrf_token`` field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length


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
