"""The caller of a request: its user's id, name and role, immutable, no ORM object."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from flask import Flask, g
from sqlalchemy import inspect
from sqlalchemy.exc import NoInspectionAvailable

from annotator.core.caller import Caller
from annotator.db import get_sessionmaker
from annotator.models import User
from tests.helpers import login


def _caller(app: Flask, headers: dict[str, str]) -> Any:
    """Return ``g.user`` of a request with ``headers``, after its hooks and teardown ran."""
    with app.test_request_context("/api/v1/health", headers=headers):
        assert app.preprocess_request() is None
        return g.user


def test_the_caller_is_the_users_id_name_and_role(
    app: Flask, make_user: Any, make_token: Any
) -> None:
    alice = make_user("alice", "reviewer")
    caller = _caller(app, make_token(alice))
    assert caller == Caller(alice.id, "alice", "reviewer")
    assert caller.is_reviewer
    bob = make_user("bob")
    assert not _caller(app, make_token(bob)).is_reviewer


def test_the_caller_is_no_orm_object_and_cannot_be_changed(
    app: Flask, make_user: Any, make_token: Any
) -> None:
    bob = make_user("bob")
    caller = _caller(app, make_token(bob))
    with pytest.raises(NoInspectionAvailable):
        inspect(caller)
    with pytest.raises(dataclasses.FrozenInstanceError):
        caller.role = "admin"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        _ = caller.password_hash  # never a stale or empty value: load the user instead
    with get_sessionmaker(app)() as own:
        assert own.get(User, caller.id).password_hash == bob.password_hash


def test_a_session_caller_is_a_caller_too(client: Any, make_user: Any) -> None:
    carol = make_user("carol", "admin")
    login(client, "carol")
    with client:  # the request's context stays until the block's end
        assert client.get("/api/v1/projects").status_code == 200
        assert g.user == Caller(carol.id, "carol", "admin")
