"""A login with an unknown name costs what one with a known name and a wrong password does.

Timing would otherwise tell which names exist: an unknown name made a new password hash and
then checked it (two key derivations), a known one only checked (one). Counted here as the key
derivations the standard library runs, which is what the time goes to, so that a loaded machine
cannot make the test pass or fail.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import login

WRONG = "not the password"


@pytest.fixture
def derivations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record each key derivation (scrypt or PBKDF2, Werkzeug's password hashes)."""
    seen: list[str] = []
    for name in ("scrypt", "pbkdf2_hmac"):
        real = getattr(hashlib, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            seen.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(hashlib, name, counted)
    yield seen


def test_an_unknown_name_costs_one_key_derivation_as_a_known_one_does(
    client: Any, make_user: Any, derivations: list[str]
) -> None:
    make_user("alice", "annotator")
    # The process's first unknown name also makes the hash it is checked against (once: made
    # when the app starts, it would slow every command's start).
    assert login(client, "somebody", WRONG).status_code == 401
    derivations.clear()
    assert login(client, "alice", WRONG).status_code == 401
    known = list(derivations)
    for unknown in ("nobody-here", "nobody-else"):
        derivations.clear()
        assert login(client, unknown, WRONG).status_code == 401
        assert derivations == known and len(known) == 1
