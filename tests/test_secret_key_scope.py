"""ANNOTATOR_SECRET_KEY stops the servers alone (tests/test_start_checks.py): the commands that
sign nothing run without it, as the README says, a short one or none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_start_checks import ANNOTATOR, _env, _run


@pytest.mark.parametrize("key", ["a", ""])
def test_commands_that_sign_nothing_run_with_a_short_key_or_none(tmp_path: Path, key: str) -> None:
    env = _env(tmp_path, ANNOTATOR_SECRET_KEY=key)
    for command in (
        ["db", "upgrade"],
        ["users", "create", "ada", "--role", "admin"],
        ["users", "token", "ada"],
    ):
        result = _run([ANNOTATOR, *command], env)
        assert result.returncode == 0, (command, result.stderr)
        assert "ANNOTATOR_SECRET_KEY" not in result.stderr
