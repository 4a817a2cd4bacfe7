"""The password rule, the one place it lives: the CLI, the API and the pages all call it.

A password has at least :data:`MIN_LENGTH` characters (and at most :data:`MAX_LENGTH`, so
that hashing one costs a bounded time), is not the user's name, and is not one of the
common passwords in ``data/common_passwords.txt`` (built by ``docs/common_passwords.py`` from
a public-domain list; see ``docs/dependencies.md``). Case is ignored in both comparisons.
"""

from __future__ import annotations

import functools
from pathlib import Path

from annotator.core.errors import Invalid

MIN_LENGTH = 10
MAX_LENGTH = 1024
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


@functools.cache
def common_passwords() -> frozenset[str]:
    """Return the shipped common passwords, lower case (read once per process)."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip())


def password_problems(password: str, username: str | None = None) -> list[str]:
    """Return what is wrong with ``password`` for ``username``, one sentence each; [] if fine."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"the password must have at most {MAX_LENGTH} characters")
    folded = password.strip().casefold()
    if username and folded == username.strip().casefold():
        problems.append("the password must not be the user name")
    elif folded in common_passwords():
        problems.append("the password is one of the most common passwords; choose another")
    return problems


def check_password(password: str, username: str | None = None, field: str = "password") -> None:
    """Raise :class:`Invalid` naming every problem with ``password``, or return.

    :param field: the name of the field that held it, for the error's details.
    """
    problems = password_problems(password, username)
    if problems:
        raise Invalid("; ".join(problems), details={"field": field, "problems": problems})
