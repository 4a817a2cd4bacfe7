"""The caller's User, as each request gets it: three columns, detached, the others expired."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, g
from sqlalchemy import inspect
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.exc import DetachedInstanceError

from annotator.db import get_sessionmaker
from annotator.models import User


def _caller(app: Flask, headers: dict[str, str]) -> Any:
    """Return ``g.user`` of a request with ``headers``, after its hooks and teardown ran."""
    with app.test_request_context("/api/v1/health", headers=headers):
        assert app.preprocess_request() is None
        return g.user


def test_the_caller_is_what_make_transient_to_detached_makes(
    app: Flask, make_user: Any, make_token: Any
) -> None:
    alice = make_user("alice", "reviewer")
    user = _caller(app, make_token(alice))
    assert (user.id, user.username, user.role) == (alice.id, "alice", "reviewer")

    reference = inspect(User).class_manager.new_instance()
    inspect(reference).dict.update(id=alice.id, username="alice", role="reviewer")
    make_transient_to_detached(reference)
    made, expected = inspect(user), inspect(reference)
    assert made.detached and made.session_id is None
    assert made.key == expected.key == (User, (alice.id,), None)
    assert made.expired_attributes == expected.expired_attributes
    assert {"password_hash", "active", "session_epoch"} <= made.expired_attributes
    assert dict(made.dict) == dict(expected.dict) | {"_sa_instance_state": made}
    assert not made.committed_state and not made.modified and not made.expired


def test_the_callers_other_columns_raise_and_load_once_attached(
    app: Flask, make_user: Any, make_token: Any
) -> None:
    bob = make_user("bob")
    user = _caller(app, make_token(bob))
    with pytest.raises(DetachedInstanceError):
        _ = user.password_hash  # never a stale or empty value
    with get_sessionmaker(app)() as own:
        own.add(user)  # persistent at once, as the detached instance it is
        assert inspect(user).persistent
        assert user.password_hash == bob.password_hash
        assert user.session_epoch == bob.session_epoch


def test_every_request_gets_a_user_of_its_own(app: Flask, make_user: Any, make_token: Any) -> None:
    headers = make_token(make_user("carol"))
    first, second = _caller(app, headers), _caller(app, headers)
    assert first is not second
    assert inspect(first) is not inspect(second)
    assert inspect(first).expired_attributes is not inspect(second).expired_attributes
