"""The signed-in user's own account: API tokens (``/account/tokens``) and password.

An admin also sees and revokes anybody's tokens on ``/account/tokens?user=NAME`` (linked from
``/admin/users``), as the API's ``GET /tokens?user=NAME`` lists them.

The rules are in :mod:`annotator.services.accounts.tokens` and
:mod:`annotator.services.accounts.users`, shared with the API and the CLI.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from annotator.core.caller import Actor
from annotator.core.errors import AnnotatorError, Invalid, TooManyAttempts
from annotator.core.times import as_utc
from annotator.db import get_session
from annotator.services.accounts.people import revoke_token
from annotator.services.accounts.tokens import issue_token, list_tokens, tokens_owner
from annotator.services.accounts.users import WrongPassword, change_password
from annotator.web.forms import PasswordForm, RevokeTokenForm, TokenForm
from annotator.web.security import (
    client_address,
    login_required,
    now,
    renew_session_after_new_password,
)

bp = Blueprint("account", __name__, url_prefix="/account")


def _shown(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def _tokens_page(
    form: TokenForm, status: int = 200, new_token: str | None = None, owner: Actor | None = None
) -> Any:
    """Render the tokens of ``owner`` (None: the caller's own, with the form for a new one)."""
    moment = now()
    rows = [
        {
            "id": row.id,
            "name": row.name,
            "created": _shown(row.created_at),
            "expires": _shown(row.expires_at),
            "expired": row.expires_at is not None and as_utc(row.expires_at) <= moment,
            "last_used": _shown(row.last_used_at),
        }
        for row in list_tokens(get_session(), owner or g.user)
    ]
    page = render_template(
        "account/tokens.html",
        owner=owner,
        form=form,
        revoke_form=RevokeTokenForm(formdata=None),
        tokens=rows,
        new_token=new_token,
    )
    # The page may show a new token: no cache may keep it.
    return page, status, {"Cache-Control": "no-store"}


@bp.get("/tokens")
@login_required
def tokens() -> Any:
    """List your API tokens, with a form to create one and a button to revoke each.

    An admin lists another user's with ``?user=NAME``.
    """
    owner = tokens_owner(get_session(), g.user, request.args.get("user"))
    return _tokens_page(TokenForm(formdata=None), owner=None if owner is g.user else owner)


@bp.post("/tokens")
@login_required
def create_token() -> Any:
    """Create a token and show it, this once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _tokens_page(form, 400)
    session = get_session()
    try:
        _row, token = issue_token(
            session, g.user, form.name.data or "", form.expires_in_days.data, now=now()
        )
    except AnnotatorError as exc:
        # The service's rule (a blank name), shown beside its field with what was typed.
        session.rollback()
        wrong = exc.details.get("field") if isinstance(exc.details, dict) else None
        field = form.expires_in_days if wrong == "expires_in_days" else form.name
        field.errors = [exc.message]
        return _tokens_page(form, exc.status)
    session.commit()
    return _tokens_page(TokenForm(formdata=None), 201, new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int) -> Any:
    """Revoke one of your tokens (admins: anyone's, recorded in the audit log)."""
    session = get_session()
    owner = revoke_token(session, g.user, token_id)
    session.commit()
    flash("The token is revoked.")
    if owner.id == g.user.id:
        return redirect(url_for("account.tokens"))
    return redirect(url_for("account.tokens", user=owner.username))


@bp.get("/password")
@login_required
def password() -> Any:
    """Show the form to change your password."""
    return render_template("account/password.html", form=PasswordForm(formdata=None))


@bp.post("/password")
@login_required
def password_submit() -> Any:
    """Change your password; your other sessions end, this one goes on."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return render_template("account/password.html", form=form), 400
    # InputRequired: a form that validated holds both.
    assert form.current_password.data is not None and form.new_password.data is not None
    session = get_session()
    try:
        stored = change_password(
            session,
            g.user,
            form.current_password.data,
            form.new_password.data,
            address=client_address(),
            now=now(),
        )
    except (TooManyAttempts, WrongPassword, Invalid) as exc:
        if isinstance(exc, WrongPassword):
            session.commit()  # the failure it recorded counts towards the login throttle
        else:
            session.rollback()
        field = form.new_password if isinstance(exc, Invalid) else form.current_password
        field.errors = [exc.message]
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else {}
        return render_template("account/password.html", form=form), exc.status, headers
    session.commit()
    renew_session_after_new_password(stored.id, stored.session_epoch)
    flash("Your password is changed. Your other sessions have ended.")
    # Back to where every user starts: the tokens page it led to was a script writer's.
    return redirect(url_for("projects.index"))
