"""Login and logout."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from annotator.db import get_session
from annotator.services.accounts.users import authenticate
from annotator.web.forms import LoginForm, LogoutForm

bp = Blueprint("auth", __name__, url_prefix="/auth")

LOGIN_FAILED = "Unknown username or wrong password"


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None.

    Only a path that starts with one ``/`` is kept: ``//host``, ``/\\host``, ``https://host``
    and ``javascript:`` all lead elsewhere in some browser.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch == "\\" or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _clear_session() -> None:
    session.clear()
    # Flask-WTF caches the CSRF token on g for the app context, which can outlive this
    # request (the test client reuses an app context that is already pushed); a token signed
    # for the old session must not be handed out for the new one.
    g.pop("csrf_token", None)


@bp.app_context_processor
def _inject_logout_form() -> dict[str, Any]:
    # Every page's header holds the logout button, so every template gets its form.
    if g.get("user") is None:
        return {}
    return {"logout_form": LogoutForm(formdata=None)}


@bp.get("/login")
def login() -> Any:
    """Show the login form (or go on, for someone already logged in)."""
    target = safe_next(request.args.get("next"))
    if g.get("user") is not None:
        return redirect(target or url_for("projects.index"))
    return render_template("auth/login.html", form=LoginForm(), next=target)


@bp.post("/login")
def login_submit() -> Any:
    """Check the credentials, start a fresh session and go to ``next`` or the projects."""
    target = safe_next(request.args.get("next"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, next=target), 400
    user = authenticate(get_session(), form.username.data.strip(), form.password.data)
    if user is None:
        return (
            render_template("auth/login.html", form=form, next=target, error=LOGIN_FAILED),
            401,
        )
    # A new session on login, so that an identifier planted before it is worth nothing.
    _clear_session()
    session["user_id"] = user.id
    return redirect(target or url_for("projects.index"))


@bp.post("/logout")
def logout() -> Any:
    """End the session (POST only, CSRF-checked by annotator.web.security)."""
    _clear_session()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))
