"""Login and logout."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.db import get_session
from annotator.services.accounts.throttle import login_wait, record_login_failure
from annotator.services.accounts.users import authenticate, end_sessions_of, record_login
from annotator.web.forms import LoginForm, LogoutForm
from annotator.web.security import end_session, now, start_session

bp = Blueprint("auth", __name__, url_prefix="/auth")

LOGIN_FAILED = "Unknown username or wrong password"
TOO_MANY_FAILURES = "Too many failed logins. Try again in {minutes} minute{s}."


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
    db = get_session()
    moment = now()
    username = form.username.data.strip()
    address = request.remote_addr or "unknown"
    wait = login_wait(db, username, address, moment)
    if wait:
        minutes = -(-wait // 60)
        error = TOO_MANY_FAILURES.format(minutes=minutes, s="" if minutes == 1 else "s")
        page = render_template("auth/login.html", form=form, next=target, error=error)
        return page, 429, {"Retry-After": str(wait)}
    user = authenticate(db, username, form.password.data)
    if user is None:
        record_login_failure(db, username, address, moment)
        db.commit()
        return (
            render_template("auth/login.html", form=form, next=target, error=LOGIN_FAILED),
            401,
        )
    record_login(db, user, moment)
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
