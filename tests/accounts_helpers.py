"""Helpers for the account tests: a clock the test moves, and copied session cookies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from annotator.models import utcnow


@dataclass
class Clock:
    """The app's clock (config ``CLOCK``), moved by the test instead of sleeping."""

    now: datetime = field(default_factory=utcnow)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward, e.g. ``clock.advance(minutes=15)``."""
        self.now += timedelta(**delta)


def install_clock(app: Any) -> Clock:
    """Make the app tell time by a new :class:`Clock`, and return it."""
    clock = Clock()
    app.config["CLOCK"] = clock
    return clock


def copy_of(client: FlaskClient) -> FlaskClient:
    """Return a new client holding a copy of ``client``'s session cookie, as a thief would."""
    cookie = client.get_cookie("session")
    assert cookie is not None, "the client has no session cookie"
    thief = client.application.test_client()
    thief.set_cookie("session", cookie.value)
    return thief
