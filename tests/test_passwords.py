"""The password rule (annotator/core/passwords.py): each refusal names the problem."""

from __future__ import annotations

import pytest

from annotator.core.errors import Invalid
from annotator.core.passwords import (
    MIN_LENGTH,
    check_password,
    common_passwords,
    password_problems,
)
from annotator.services.demo import DEMO_USERS
from tests.conftest import PASSWORD


def test_the_fixtures_and_the_demo_passwords_are_accepted() -> None:
    assert password_problems(PASSWORD, "alice") == []
    for username, _role, password in DEMO_USERS:
        assert password_problems(password, username) == [], username


@pytest.mark.parametrize(
    ("password", "username", "problem"),
    [
        ("short", "alice", f"at least {MIN_LENGTH} characters"),
        ("nine char", "alice", f"at least {MIN_LENGTH} characters"),
        ("x" * 1025, "alice", "at most 1024 characters"),
        ("alice-the-annotator", "alice-the-annotator", "must not be the user name"),
        ("Alice-The-Annotator", "alice-the-annotator", "must not be the user name"),
        ("qwertyuiop", "alice", "one of the most common passwords"),
        ("Password123", "alice", "one of the most common passwords"),
        ("1234567890", "alice", "one of the most common passwords"),
        ("iloveyou2024", "alice", "one of the most common passwords"),
    ],
)
def test_each_refusal_names_its_problem(password: str, username: str, problem: str) -> None:
    problems = password_problems(password, username)
    assert len(problems) == 1 and problem in problems[0], problems
    with pytest.raises(Invalid) as refused:
        check_password(password, username, field="new_password")
    assert problem in refused.value.message
    assert refused.value.details["field"] == "new_password"


def test_a_password_with_two_problems_names_both() -> None:
    problems = password_problems("bob", "bob")
    assert any("at least" in p for p in problems)
    assert any("user name" in p for p in problems)


def test_the_shipped_list_has_thousands_of_long_lower_case_passwords() -> None:
    shipped = common_passwords()
    assert len(shipped) > 3000
    assert all(p == p.lower() for p in shipped)
    # Shorter ones are refused by length already; the list holds only what length lets by.
    assert all(len(p) >= MIN_LENGTH for p in shipped)
    assert PASSWORD not in shipped
