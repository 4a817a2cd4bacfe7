"""Who is calling: the login session or a bearer token; CSRF for session writes; the secret key."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Flask, Request, Response, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Integer, String, bindparam, select
from sqlalchemy.orm import make_transient_to_detached

from annotator.db import begin_writes, get_session, sqlite_begin_mode
from annotator.models import ApiToken, User
from annotator.precompiled import Precompiled
from annotator.services.accounts.users import hash_token

csrf = CSRFProtect()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Every request but the login form's runs one of these: the caller's columns, by the token's
# hash or by the session's user id, precompiled (annotator.precompiled).
_CALLER = select(User.id, User.username, User.role)
_CALLER_BY_TOKEN = Precompiled(
    _CALLER.join(ApiToken, ApiToken.user_id == User.id).where(
        ApiToken.token_hash == bindparam("hash", type_=String)
    )
)
_CALLER_BY_ID = Precompiled(_CALLER.where(User.id == bindparam("id", type_=Integer)))


class MissingSecretKey(RuntimeError):
    """The server was asked to start without ANNOTATOR_SECRET_KEY."""


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, with no signing work for a request that has no cookie.

    API clients with a bearer token send none; Flask would build the cookie's signer for
    each of their requests all the same.
    """

    def open_session(self, app: Flask, request: Request) -> Any:
        """Return an empty session at once when the request has no session cookie."""
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Skip a session that is empty and was neither read nor changed: nothing to send."""
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    """Hook the caller's identity, CSRF checks and the SQLite transaction mode into requests."""
    app.session_interface = CookieSessions()
    csrf.init_app(app)
    app.before_request(_set_transaction_mode)
    app.before_request(_load_caller)
    app.before_request(_protect_session_writes)
    app.teardown_request(_reset_transaction_mode)


def require_secret_key(app: Flask) -> None:
    """Refuse to serve without a secret key, unless the app runs the demo or the tests."""
    if app.config.get("SECRET_KEY") or app.config.get("TESTING") or app.config.get("DEMO"):
        return
    raise MissingSecretKey(
        "ANNOTATOR_SECRET_KEY is not set: refusing to start. Set it to a long random string, "
        "for example: export ANNOTATOR_SECRET_KEY=$(python3 -c 'import secrets; "
        "print(secrets.token_hex(32))')"
    )


def _set_transaction_mode() -> None:
    # Reads begin DEFERRED so that they never wait for a writer; a request that may write
    # switches to IMMEDIATE once it knows its caller (_load_caller). See annotator.db.
    g.begin_mode_token = sqlite_begin_mode.set("DEFERRED")


def _reset_transaction_mode(_exc: BaseException | None) -> None:
    token = g.pop("begin_mode_token", None)
    if token is not None:
        sqlite_begin_mode.reset(token)


def _load_caller() -> None:
    g.user, g.auth = _find_caller()
    if request.method not in SAFE_METHODS:
        begin_writes()


def _find_caller() -> tuple[User | None, str | None]:
    """Return the caller and how they came: by bearer token, or by the login session."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        user = None
        if scheme.lower() == "bearer" and token.strip():
            user = _caller(_CALLER_BY_TOKEN, {"hash": hash_token(token.strip())})
        return user, "token"
    user_id = session.get("user_id")
    if not isinstance(user_id, int):
        return None, None
    user = _caller(_CALLER_BY_ID, {"id": user_id})
    return user, "session" if user is not None else None


def _caller(query: Precompiled, params: dict[str, Any]) -> User | None:
    """Return the user a query finds, detached: its columns were read without the ORM.

    The ORM's load of one ``User`` cost about 0.1 ms more than reading its columns, a tenth
    of a span write's time in the app (docs/benchmarks.md, round 3). Pages, templates and
    services read the caller's id, username and role; the other columns are not loaded
    (reading them raises ``DetachedInstanceError``; load the user instead).
    """
    row = query.first(get_session(), params)
    if row is None:
        return None
    user_id, username, role = row
    user = User(id=user_id, username=username, role=role)
    make_transient_to_detached(user)
    return user


def _protect_session_writes() -> None:
    # A bearer token cannot be sent by another site's form, so only cookie-borne requests
    # (the login session, or no credentials at all, as on the login form) need the token.
    if request.method in SAFE_METHODS or g.auth == "token":
        return
    if g.user is None and request.path.startswith("/api/"):
        # No credentials at all: the endpoint answers 401, and there is no session to abuse.
        return
    csrf.protect()


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Redirect anonymous visitors of a page to the login form."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped
