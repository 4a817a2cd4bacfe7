"""`annotator users`: tokens with names and expiry, listing and revoking them, roles,
passwords, disabling and enabling, through the real command line."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from werkzeug.security import check_password_hash

from annotator.models import User
from tests.helpers import bearer


def _user(session: Any, name: str) -> User:
    session.expire_all()
    user = session.scalar(select(User).where(User.username == name))
    assert user is not None
    return user


def test_token_with_a_name_and_an_expiry_is_listed_and_revoked(
    runner: Any, client: Any, make_user: Any, session: Any
) -> None:
    make_user("alice", "annotator")
    made = runner.invoke(
        args=["users", "token", "alice", "--name", "nightly import", "--expires-in-days", "7"]
    )
    assert made.exit_code == 0, made.output
    token = made.output.strip()
    assert "\n" not in token and token.startswith("ann_")
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 200
    listed = runner.invoke(args=["users", "tokens", "alice"])
    assert listed.exit_code == 0, listed.output
    (line,) = listed.output.splitlines()
    token_id, name, created, expires, last_used = line.split("\t")
    assert name == "nightly import"
    assert created < expires and last_used != "never"
    revoked = runner.invoke(args=["users", "revoke-token", token_id])
    assert revoked.exit_code == 0, revoked.output
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401
    assert runner.invoke(args=["users", "tokens", "alice"]).output == ""
    from sqlalchemy import select

    from annotator.models import AuditEntry

    session.commit()  # a fresh snapshot
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "token.revoke"))
    assert (entry.actor, entry.target) == ("(command line)", "alice")
    assert entry.before == {"token": int(token_id), "name": "nightly import"}
    again = runner.invoke(args=["users", "revoke-token", token_id])
    assert again.exit_code != 0 and f"no token {token_id}" in again.output


def test_the_plain_token_command_still_prints_one_token(runner: Any, make_user: Any) -> None:
    make_user("alice", "annotator")
    result = runner.invoke(args=["users", "token", "alice"])
    assert result.exit_code == 0
    assert result.output.count("\n") == 1 and result.output.startswith("ann_")


def test_set_role(runner: Any, session: Any, make_user: Any) -> None:
    make_user("alice", "annotator")
    result = runner.invoke(args=["users", "set-role", "alice", "reviewer"])
    assert result.exit_code == 0, result.output
    assert _user(session, "alice").role == "reviewer"
    bad = runner.invoke(args=["users", "set-role", "alice", "boss"])
    assert bad.exit_code != 0


def test_set_password_for_scripts_and_at_a_prompt(
    runner: Any, session: Any, make_user: Any
) -> None:
    make_user("alice", "annotator")
    result = runner.invoke(
        args=["users", "set-password", "alice", "--password", "a scripted passphrase"]
    )
    assert result.exit_code == 0, result.output
    assert check_password_hash(_user(session, "alice").password_hash, "a scripted passphrase")
    prompted = runner.invoke(
        args=["users", "set-password", "alice"], input="a typed passphrase\na typed passphrase\n"
    )
    assert prompted.exit_code == 0, prompted.output
    assert check_password_hash(_user(session, "alice").password_hash, "a typed passphrase")


def test_set_password_refusal_names_the_problem(runner: Any, make_user: Any) -> None:
    make_user("alice", "annotator")
    for password, words in [("short", "at least 10"), ("qwertyuiop", "common")]:
        result = runner.invoke(args=["users", "set-password", "alice", "--password", password])
        assert result.exit_code != 0
        assert words in result.output


def test_set_password_for_a_user_that_does_not_exist_asks_for_no_password(runner: Any) -> None:
    result = runner.invoke(args=["users", "set-password", "nobody"], input="a typed passphrase\n")
    assert result.exit_code == 1
    assert result.stderr == "Error: no user called 'nobody'\n"
    assert "New password" not in result.output


def test_disable_and_enable(runner: Any, client: Any, session: Any, make_user: Any) -> None:
    make_user("alice", "annotator")
    token = runner.invoke(args=["users", "token", "alice"]).output.strip()
    assert runner.invoke(args=["users", "disable", "alice"]).exit_code == 0
    assert _user(session, "alice").active is False
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401
    assert "alice\tannotator\tdisabled" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "enable", "alice"]).exit_code == 0
    assert _user(session, "alice").active is True
    # Disabling ended the token (CONTRACT section 10): enabling does not bring it back.
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401
    assert runner.invoke(args=["users", "tokens", "alice"]).output == ""
    again = runner.invoke(args=["users", "token", "alice"]).output.strip()
    assert client.get("/api/v1/projects", headers=bearer(again)).status_code == 200


def test_set_password_ends_the_users_tokens(runner: Any, client: Any, make_user: Any) -> None:
    make_user("alice", "annotator")
    token = runner.invoke(args=["users", "token", "alice"]).output.strip()
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 200
    result = runner.invoke(
        args=["users", "set-password", "alice", "--password-stdin"], input="a piped passphrase\n"
    )
    assert result.exit_code == 0, result.output
    assert "tokens" in result.output
    assert client.get("/api/v1/projects", headers=bearer(token)).status_code == 401


def test_unknown_user_fails_with_one_line(runner: Any) -> None:
    for args in (["tokens", "nobody"], ["disable", "nobody"], ["set-role", "nobody", "admin"]):
        result = runner.invoke(args=["users", *args])
        assert result.exit_code != 0
        assert "no user called 'nobody'" in result.output


def test_set_password_from_a_script_by_stdin_and_a_pipe_of_one_line_said(
    runner: Any, session: Any, make_user: Any
) -> None:
    """One line piped in was read as the password, then the confirmation met the pipe's end
    and Click said only "Aborted!"."""
    make_user("alice", "annotator")
    piped = runner.invoke(
        args=["users", "set-password", "alice", "--password-stdin"], input="a piped passphrase\n"
    )
    assert piped.exit_code == 0, piped.output
    assert check_password_hash(_user(session, "alice").password_hash, "a piped passphrase")
    once = runner.invoke(args=["users", "set-password", "alice"], input="another passphrase\n")
    assert once.exit_code == 1
    assert "--password-stdin" in once.stderr and "Aborted" not in once.output + once.stderr
    assert check_password_hash(_user(session, "alice").password_hash, "a piped passphrase")
    empty = runner.invoke(args=["users", "set-password", "alice", "--password-stdin"], input="\n")
    assert empty.exit_code == 1 and "no password on stdin" in empty.stderr


def test_a_blank_token_name_is_refused_in_one_line(runner: Any, make_user: Any) -> None:
    make_user("alice", "annotator")
    result = runner.invoke(args=["users", "token", "alice", "--name", "  "])
    assert result.exit_code != 0
    assert "name" in result.output and "blank" in result.output
    assert "ann_" not in result.output
