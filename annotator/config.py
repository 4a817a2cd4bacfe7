"""Configuration classes read from ``ANNOTATOR_*`` environment variables.

Every value has a default that serves a single user on one machine, except the secret key:
a server started for real refuses to run without ``ANNOTATOR_SECRET_KEY`` (see
``annotator.web.security.require_secret_key``); only the demo and the tests make their own.
"""

from __future__ import annotations

import os

from annotator.core.errors import SettingsError


def _int_env(name: str, default: int, *, minimum: int, maximum: int) -> int:
    """Read a whole number from ``name``, refusing one outside ``minimum`` to ``maximum``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    allowed = f"from {minimum} to {maximum}"
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number {allowed}, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{name} must be {allowed}, got {value}")
    return value


def _flag_env(name: str) -> bool:
    raw = (os.environ.get(name) or "").strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, got {raw!r}")


class Config:
    """Settings for a real deployment."""

    SECRET_KEY = os.environ.get("ANNOTATOR_SECRET_KEY") or None
    # None means "a SQLite file in the instance folder"; create_app fills in the path.
    DATABASE_URL = os.environ.get("ANNOTATOR_DATABASE_URL") or None
    # 0 or less would refuse every write with a 413 ("at most 0 MB").
    MAX_UPLOAD_MB = _int_env("ANNOTATOR_MAX_UPLOAD_MB", 50, minimum=1, maximum=10_240)
    # SQLite waits this long for a competing writer before giving up (milliseconds).
    SQLITE_BUSY_TIMEOUT_MS = _int_env(
        "ANNOTATOR_SQLITE_BUSY_TIMEOUT_MS", 30_000, minimum=0, maximum=600_000
    )
    # NORMAL: an acknowledged write survives the server's crash or kill -9 (it is in the WAL
    # file); a power loss or an OS crash may undo the last ones, never corrupting the file.
    # FULL adds an fsync to every commit, so that they survive a power loss too (README).
    SQLITE_SYNCHRONOUS = os.environ.get("ANNOTATOR_SQLITE_SYNCHRONOUS") or "NORMAL"
    SESSION_COOKIE_HTTPONLY = True
    # ANNOTATOR_SECURE_COOKIES=1: the browser sends the session cookie over HTTPS only.
    SESSION_COOKIE_SECURE = _flag_env("ANNOTATOR_SECURE_COOKIES")
    # ANNOTATOR_TRUST_PROXY=1: one reverse proxy in front sets X-Forwarded-For and
    # X-Forwarded-Proto, and the app believes them (Werkzeug's ProxyFix). Leave it off when
    # clients reach the app directly: they could then claim any address.
    TRUST_PROXY = _flag_env("ANNOTATOR_TRUST_PROXY")
    # The app's clock: a function returning an aware UTC datetime, or None for the real time.
    # Tests set it to move time (token expiry, the login throttle's window) without sleeping.
    CLOCK = None
    SESSION_COOKIE_SAMESITE = "Lax"
    # CSRF is checked by annotator.web.security for every session-authenticated write, so that
    # bearer-token API clients are not asked for a token they cannot have.
    WTF_CSRF_CHECK_DEFAULT = False
    WTF_CSRF_TIME_LIMIT = None
    TESTING = False
    # Set by ``annotator demo`` (cli/serve.py), which keeps its secret key in the instance
    # folder: the secret key's check (web/security.py) then lets it start without one.
    DEMO = False


class TestingConfig(Config):
    """Settings for the test suite; the database URL is given by the fixtures."""

    TESTING = True
    SECRET_KEY = "test-only-secret-key"
