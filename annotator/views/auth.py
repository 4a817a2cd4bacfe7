"""Login and logout."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.core.errors import TooManyAttempts
from annotator.core.wording import counted
from annotator.db import get_session
from annotator.services.accounts.throttle import locked_out
from annotator.services.accounts.users import LoginFailed, end_sessions_of, log_in
from annotator.web.forms import LoginForm, LogoutForm
from annotator.web.security import client_address, end_session, now, start_session

bp = Blueprint("auth", __name__, url_prefix="/auth")

LOGIN_FAILED = "Unknown username or wrong password"
TOO_MANY_FAILURES = "Too many failed logins. Try again in {minutes}."
#: Added when the name's own failures closed it: an admin can open it (a lock on the address
#: is not the account's, and no admin's unlock opens it).
ASK_AN_ADMIN = " Or ask an admin to unlock the account."


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
    """Check the credentials, start a fresh session and go to ``next`` or the projects.

    After too many failures for the name (or from the address) within the throttle's window,
    the answer is 429 with ``Retry-After``, whatever the password (services/accounts/throttle).
    """
    target = safe_next(request.args.get("next"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, next=target), 400
    # InputRequired: a form that validated holds both.
    assert form.username.data is not None and form.password.data is not None
    db = get_session()
    address = client_address()
    try:
        user = log_in(
            db, form.username.data.strip(), form.password.data, address=address, now=now()
        )
    except TooManyAttempts as exc:
        db.rollback()
        minutes = -(-exc.retry_after // 60)
        error = TOO_MANY_FAILURES.format(minutes=counted(minutes, "minute"))
        if locked_out(db, [form.username.data.strip()], now()):
            error += ASK_AN_ADMIN
        page = render_template("auth/login.html", form=form, next=target, error=error)
        return page, 429, {"Retry-After": str(exc.retry_after)}
    except LoginFailed:
        db.commit()  # the failure it recorded counts towards the throttle
        page = render_template("auth/login.html", form=form, next=target, error=LOGIN_FAILED)
        return page, 401
    db.commit()
    start_session(user.id, user.session_epoch)
    return redirect(target or url_for("projects.index"))


@bp.post("/logout")
def logout() -> Any:
    """End this session and every other of the user (POST only, CSRF-checked)."""
    if g.get("user") is not None:
        db = get_session()
        end_sessions_of(db, g.user.id)
        db.commit()
    end_session()
    flash("You are logged out.")
    return redirect(url_for("auth.login"))
