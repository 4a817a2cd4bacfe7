"""Who is calling: the login session or a bearer token; CSRF for session writes; the secret key."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Flask, Request, Response, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import DateTime, Integer, String, bindparam, case, or_, select
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from annotator.core.caller import Caller
from annotator.core.errors import SettingsError
from annotator.db import begin_writes, get_db, get_sessionmaker
from annotator.engine import sqlite_begin_mode
from annotator.models import ApiToken, User, utcnow
from annotator.precompiled import Precompiled
from annotator.services.accounts.tokens import TOKEN_USE_PRECISION, hash_token, record_token_use

log = logging.getLogger(__name__)
csrf = CSRFProtect()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WHEN = DateTime(timezone=True)
# The caller's attributes every caller query reads first, in the order of Caller's fields.
_CALLER_COLUMNS = ("id", "username", "role")
_CALLER = select(*(getattr(User, name) for name in _CALLER_COLUMNS))
# Every request but the login form's runs one of these: the caller's columns, by the token's
# hash or by the session's user id, precompiled (annotator.precompiled). Whether the token has
# expired, the user is disabled or the cookie's session was ended is decided in the same one
# statement, so that checking costs no extra round trip on the write path.
_CALLER_BY_TOKEN = Precompiled(
    _CALLER.add_columns(
        ApiToken.id,
        # 1 when the token's last use is older than TOKEN_USE_PRECISION: time to record it.
        case(
            (
                or_(
                    ApiToken.last_used_at.is_(None),
                    ApiToken.last_used_at < bindparam("used_before", type_=_WHEN),
                ),
                1,
            ),
            else_=0,
        ),
    )
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(
        ApiToken.token_hash == bindparam("hash", type_=String),
        User.active,
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > bindparam("now", type_=_WHEN)),
    )
)
_CALLER_BY_ID = Precompiled(
    _CALLER.where(
        User.id == bindparam("id", type_=Integer),
        User.session_epoch == bindparam("epoch", type_=Integer),
        User.active,
    )
)


def client_address() -> str:
    """Return the caller's address, as the login throttle counts it (ProxyFix may set it)."""
    return request.remote_addr or "unknown"


def now() -> datetime:
    """Return the current time by the app's clock: config ``CLOCK`` (tests move it), or UTC."""
    config = current_app._get_current_object().config  # type: ignore[attr-defined]
    clock: Callable[[], datetime] | None = config.get("CLOCK")
    return clock() if clock is not None else utcnow()


def request_time(held: dict[str, Any] | None = None) -> datetime:
    """Return the request's time by the app's clock (:func:`now`), read once per request.

    A bearer token is checked at it, and a span write gives it to its row and history row:
    one clock reading, and one text of it for SQLite, which the precompiled statements
    keep for the last time they wrote (the span's own reading and text were about 9,000
    instructions of its insert; docs/benchmarks.md, "Span writes, round 10").
    """
    if held is None:  # the request's g's own dict, given by a caller that has it at hand
        held = g._get_current_object().__dict__
    moment: datetime | None = held.get("request_time")
    if moment is None:
        moment = held["request_time"] = now()
    return moment


class MissingSecretKey(SettingsError):
    """The server was asked to start without ANNOTATOR_SECRET_KEY, or with a weak one."""


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, with no signing work for a request that has no cookie.

    API clients with a bearer token send none; Flask would build the cookie's signer for
    each of their requests all the same.
    """

    def open_session(self, app: Flask, request: Request) -> Any:
        """Return an empty session at once when the request has no session cookie."""
        # No Cookie header at all (a token client): nothing to parse.
        if app.secret_key and (
            "HTTP_COOKIE" not in request.environ
            or not request.cookies.get(self.get_cookie_name(app))
        ):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        """Send nothing for a session that is empty and unchanged, but ``Vary: Cookie`` when
        it was read (the caller's look-up reads it for every request without a token)."""
        if session or session.modified:
            super().save_session(app, session, response)
        elif session.accessed:
            # The answer depended on the cookie the request lacked. Flask's save_session
            # reads the seven cookie settings first, through the config, for nothing to
            # set, and adds the name through the response's parsed Vary set: together about
            # 45,000 instructions of a health check (docs/benchmarks.md, round 12). An answer
            # with no Vary of its own (most) gets the header as it would be written.
            headers = response.headers
            if headers.getlist("Vary"):
                response.vary.add("Cookie")
            else:
                headers.add("Vary", "Cookie")


def init_app(app: Flask) -> None:
    """Hook the caller's identity, CSRF checks and the SQLite transaction mode into requests."""
    if app.config.get("TRUST_PROXY"):
        # One reverse proxy in front: take the client's address and scheme from its
        # X-Forwarded-For and X-Forwarded-Proto (the login throttle counts by address).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)  # type: ignore[method-assign]
    app.session_interface = CookieSessions()
    csrf.init_app(app)
    app.before_request(_open_request)
    app.teardown_request(_reset_transaction_mode)


#: The shortest secret key a server starts with: what ``secrets.token_hex(16)`` makes. Cookies
#: signed with a short key can be forged by guessing it offline.
MIN_SECRET_KEY_LENGTH = 32
_MAKE_ONE = (
    "for example: export ANNOTATOR_SECRET_KEY=$(python3 -c 'import secrets; "
    "print(secrets.token_hex(32))')"
)


def require_secret_key(app: Flask) -> None:
    """Refuse to serve without a secret key of at least :data:`MIN_SECRET_KEY_LENGTH`
    characters (blanks not counted), unless the app runs the demo or the tests, which make
    their own.
    """
    if app.config.get("TESTING") or app.config.get("DEMO"):
        return
    key = app.config.get("SECRET_KEY") or ""
    if not key:
        raise MissingSecretKey(
            f"ANNOTATOR_SECRET_KEY is not set: refusing to start. Set it to a random string of "
            f"at least {MIN_SECRET_KEY_LENGTH} characters, {_MAKE_ONE}"
        )
    if len(str(key).strip()) < MIN_SECRET_KEY_LENGTH:
        raise MissingSecretKey(
            f"ANNOTATOR_SECRET_KEY is too weak: refusing to start. It needs at least "
            f"{MIN_SECRET_KEY_LENGTH} characters other than blanks, {_MAKE_ONE}"
        )


def _open_request() -> None:
    # The request's transaction mode, its caller, and for a request that may write its write
    # transaction and (sent by a browser) its CSRF check: one hook for the four, in this
    # order, so that the request and g are looked up once, not by each (two hooks fewer,
    # with their look-ups, were about 12,600 instructions of a span write; docs/benchmarks.md,
    # "Span writes, round 10").
    #
    # Reads begin DEFERRED so that they never wait for a writer. A request that may write
    # reads its caller with no BEGIN (one statement: a transaction of its own, with nothing
    # to end after it) and then begins IMMEDIATE (begin_writes). See annotator.db.
    # The request and g themselves, not their proxies: each attribute read through a proxy
    # first fails on the proxy (an AttributeError made and dropped), about 1 µs apiece.
    # g's own dict too: g's get, pop and attribute writes are methods in Python.
    this = request._get_current_object()  # type: ignore[attr-defined]
    held = g._get_current_object().__dict__
    reads = this.method in SAFE_METHODS
    held["begin_mode_token"] = sqlite_begin_mode.set("DEFERRED" if reads else "NONE")
    held["user"], held["auth"] = _find_caller(this, held)
    if not reads:
        begin_writes()
        _protect_session_write(this, held)


def _reset_transaction_mode(_exc: BaseException | None) -> None:
    held = g._get_current_object().__dict__
    token = held.pop("begin_mode_token", None)
    if token is not None:
        sqlite_begin_mode.reset(token)


def _find_caller(this: Request, held: dict[str, Any]) -> tuple[Caller | None, str | None]:
    """Return the caller and how they came: by bearer token, or by the login session (also
    when an ``Authorization`` header of another scheme comes with it; without a session that
    is ``other scheme``, never a caller).

    :param held: the dict of the request's ``g``, which keeps the time a token is checked at
        (:func:`request_time`).
    """
    # From the environ, where Werkzeug's headers would find it, without building them.
    header = this.environ.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, token = header.partition(" ")
        user = None
        if scheme.lower() != "bearer":
            # Not ours: a proxy's Basic, say, which a browser sends with every request. The
            # login session decides; without one the 401 says which scheme is taken.
            found = _session_caller()
            return found if found[0] is not None else (None, "other scheme")
        if token.strip():
            moment = request_time(held)
            row = _CALLER_BY_TOKEN.first(
                get_db(),
                {
                    "hash": hash_token(token.strip()),
                    "now": moment,
                    "used_before": moment - TOKEN_USE_PRECISION,
                },
            )
            if row is not None:
                user = Caller(*row[:3])
                if row[4]:
                    _record_token_use(row[3], moment)
        return user, "token"
    return _session_caller()


def _session_caller() -> tuple[Caller | None, str | None]:
    """Return the login session's caller, if the session is one that has not ended."""
    user_id, epoch = session.get("user_id"), session.get("epoch")
    if not isinstance(user_id, int) or not isinstance(epoch, int):
        return None, None
    row = _CALLER_BY_ID.first(get_db(), {"id": user_id, "epoch": epoch})
    if row is None:
        return None, None
    return Caller(*row[:3]), "session"


def _record_token_use(token_id: int, moment: datetime) -> None:
    """Write a token's last use in a transaction of its own, apart from the request's.

    It happens at most once a minute per token (the caller query says when), so that the
    request's own transaction, read-only for a GET, stays as it was; a failure to record it
    (the database busy past its timeout) is logged and does not fail the request.
    """
    mode = sqlite_begin_mode.set("IMMEDIATE")
    try:
        with get_sessionmaker(current_app)() as own, own.begin():
            record_token_use(own, token_id, moment)
    except OperationalError:
        log.warning("could not record the use of API token %s", token_id, exc_info=True)
    finally:
        sqlite_begin_mode.reset(mode)


def start_session(user_id: int, epoch: int) -> None:
    """Give the browser a fresh login session for the user, under their current epoch.

    A new session on login, so that an identifier planted before it is worth nothing.
    """
    end_session()
    session["user_id"] = user_id
    session["epoch"] = epoch


def renew_session_after_new_password(user_id: int, epoch: int) -> None:
    """Move the browser's session to the user's new epoch, keeping its CSRF secret.

    The password change ended every other session; this one goes on, and so must its pages:
    the tabs it has open hold tokens signed from this secret, and a new secret would refuse
    their next write. The secret was made for this signed-in session, so keeping it hands
    nothing to anyone else (a login, by contrast, gets a new one: see :func:`start_session`).
    """
    key = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = session.get(key)
    start_session(user_id, epoch)
    if secret is not None:
        session[key] = secret


def end_session() -> None:
    """Empty the browser's session (the user's other sessions are ended in the database)."""
    session.clear()
    # Flask-WTF caches the CSRF token on g for the app context, which can outlive this
    # request (the test client reuses an app context that is already pushed); a token signed
    # for the old session must not be handed out for the new one.
    g.pop("csrf_token", None)


def _protect_session_write(this: Request, held: dict[str, Any]) -> None:
    # A bearer token cannot be sent by another site's form, so only cookie-borne requests
    # (the login session, or no credentials at all, as on the login form) need the token.
    if held["auth"] == "token":
        return
    if held["user"] is None and this.path.startswith("/api/"):
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
