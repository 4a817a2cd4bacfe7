"""The command line: users, tokens, projects and assignment, through the real commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from annotator.models import ApiToken, Assignment, Project, User
from annotator.services.accounts.tokens import hash_token
from tests.conftest import ROOT, SEED_SCHEMA


def test_users_create_with_password_on_stdin(runner: Any, session: Any) -> None:
    result = runner.invoke(
        args=["users", "create", "alice", "--role", "annotator", "--password-stdin"],
        input="a long password\n",
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.username == "alice"))
    assert user.role == "annotator"
    assert user.password_hash != "a long password"
    assert check_password_hash(user.password_hash, "a long password")


@pytest.mark.parametrize(
    ("args", "stdin", "reason"),
    [
        (["--role", "boss"], "", "Invalid value for '--role'"),
        (["--role", "admin", "--password-stdin"], "short\n", "at least 10 characters"),
        (["--role", "admin", "--password-stdin"], "\n", "no password on stdin"),
    ],
)
def test_users_create_refusals_store_nothing(
    runner: Any, session: Any, args: list[str], stdin: str, reason: str
) -> None:
    result = runner.invoke(args=["users", "create", "carol", *args], input=stdin)
    assert result.exit_code != 0
    assert reason in result.output
    assert session.scalar(select(func.count()).select_from(User)) == 0


def test_duplicate_user_is_refused(runner: Any, make_user: Any) -> None:
    make_user("alice")
    result = runner.invoke(args=["users", "create", "alice", "--role", "admin"], input="")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_token_is_printed_once_and_stored_hashed(runner: Any, session: Any, make_user: Any) -> None:
    user = make_user("alice")
    result = runner.invoke(args=["users", "token", "alice"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert "\n" not in token and len(token) > 30
    stored = session.scalars(select(ApiToken.token_hash).where(ApiToken.user_id == user.id)).all()
    assert stored == [hash_token(token)]
    assert token not in stored
    second = runner.invoke(args=["users", "token", "alice"]).output.strip()
    assert second != token


def test_token_for_unknown_user_fails_with_reason(runner: Any) -> None:
    result = runner.invoke(args=["users", "token", "nobody"])
    assert result.exit_code == 1
    assert "no user called 'nobody'" in result.output


def test_projects_create_with_seed_schema_and_guidelines(runner: Any, session: Any) -> None:
    result = runner.invoke(
        args=[
            "projects",
            "create",
            "news",
            "--name",
            "News",
            "--schema",
            str(ROOT / "seeds" / "schema.json"),
            "--guidelines",
            str(ROOT / "seeds" / "guidelines.md"),
        ]
    )
    assert result.exit_code == 0, result.output
    project = session.scalar(select(Project).where(Project.slug == "news"))
    assert project.name == "News"
    assert [label["name"] for label in project.schema["span_labels"]] == [
        "CLAIM",
        "SOURCE",
        "CUE",
        "BIASED_WORD",
    ]
    assert project.schema["guidelines"].startswith("# Annotation guidelines")


def test_create_without_a_schema_gives_the_default_scheme(
    runner: Any, session: Any, tmp_path: Path
) -> None:
    # The page and the API take no schema for the default scheme; the command demanded one.
    guidelines = tmp_path / "guide.md"
    guidelines.write_text("# Our guide\n", encoding="utf-8")
    args = ["projects", "create", "plain", "--name", "Plain", "--guidelines", str(guidelines)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Created project plain (Plain).\n"
    project = session.scalar(select(Project).where(Project.slug == "plain"))
    labels = [label["name"] for label in project.schema["span_labels"]]
    assert labels == ["CLAIM", "SOURCE", "CUE", "BIASED_WORD"]
    stance = next(f for f in project.schema["sentence_labels"] if f["name"] == "stance")
    assert stance["target"] is None  # the demo's subject is not every project's
    assert project.schema["guidelines"] == "# Our guide\n"


def test_broken_schema_file_is_refused_naming_file_and_entry(
    runner: Any, session: Any, tmp_path: Path
) -> None:
    schema = json.loads(json.dumps(SEED_SCHEMA))
    schema["relation_types"][0]["from"] = ["QUOTE"]
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 1
    assert str(path) in result.output
    assert "relation_types[0] 'ATTRIBUTED_TO': 'from' names unknown span labels" in result.output
    assert session.scalar(select(func.count()).select_from(Project)) == 0


def test_a_bad_slug_is_not_blamed_on_the_schema_file(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SEED_SCHEMA), encoding="utf-8")
    args = ["projects", "create", "Bad Slug", "--name", "P", "--schema", str(path)]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "slug 'Bad Slug' must be" in result.output
    assert str(path) not in result.output  # the slug is an argument, not in the file


def test_schema_file_with_bad_json_names_line(runner: Any, tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text('{\n  "span_labels": [\n    {"name": "X",}\n  ]\n}\n', encoding="utf-8")
    result = runner.invoke(args=["projects", "create", "p", "--name", "P", "--schema", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3:" in result.output


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"# Guide\n\nline \x00 three\n", "3: this line contains a NUL character (U+0000)"),
        (b"# Guide\n\ncaf\xe9\n", "3: not valid UTF-8 (byte 0xe9 at offset 12)"),
    ],
)
@pytest.mark.parametrize("command", ["create", "edit"])
def test_a_guidelines_file_problem_names_that_file_and_line(
    runner: Any,
    session: Any,
    make_project: Any,
    tmp_path: Path,
    content: bytes,
    reason: str,
    command: str,
) -> None:
    make_project("old")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SEED_SCHEMA), encoding="utf-8")
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_bytes(content)
    args = ["projects", "create", "p", "--name", "P", "--schema", str(schema)]
    if command == "edit":
        args = ["projects", "edit", "old"]
    result = runner.invoke(args=[*args, "--guidelines", str(guidelines)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"Error: {guidelines}:{reason}" in result.stderr
    assert str(schema) not in result.output


UNUSABLE_URLS = ["bogus://", "not a url at all", "postgresql+psycopg://nobody@127.0.0.1:1/none"]
PROGRAMS = {"annotator": ["annotator.console"], "flask": ["flask", "--app", "annotator"]}


def _run_with_url(
    tmp_path: Path, url: str, program: list[str], *args: str
) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, ANNOTATOR_DATABASE_URL=url)
    command = [sys.executable, "-m", *program, *args]
    return subprocess.run(command, capture_output=True, text=True, env=environ, cwd=tmp_path)


@pytest.mark.parametrize("program", PROGRAMS)
@pytest.mark.parametrize("url", ["bogus://", "not a url at all"])
def test_a_database_url_that_cannot_be_used_is_named_in_one_line(
    tmp_path: Path, url: str, program: str
) -> None:
    """Both programs: the ``annotator`` one, and ``flask --app annotator``, whose app Flask
    makes."""
    for args in (["projects", "list"], ["db", "upgrade"]):
        out = _run_with_url(tmp_path, url, PROGRAMS[program], *args)
        assert out.returncode == 2, (args, out.stderr)
        assert out.stderr.startswith("Error: ANNOTATOR_DATABASE_URL is not a database URL"), (
            args,
            out.stderr,
        )
        assert out.stderr.count("\n") == 1, (args, out.stderr)


@pytest.mark.parametrize("url", UNUSABLE_URLS)
def test_help_and_version_need_no_usable_database(tmp_path: Path, url: str) -> None:
    """Help lists every command and says nothing of the database; so does a command's help."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run_with_url(tmp_path, url, ["annotator.console"], *args)

    for args in (["--help"], ["projects", "--help"], ["projects", "load", "--help"]):
        out = run(*args)
        assert (out.returncode, out.stderr) == (0, ""), args
        assert "DATABASE" not in out.stdout, args
    listed = run("--help").stdout
    for name in ("db", "projects", "import", "export", "users", "assist"):
        assert f"\n  {name} " in listed, name
    assert "Recreate a project from FILE" in run("projects", "load", "--help").stdout
    version = run("--version")
    assert (version.returncode, version.stderr) == (0, "")
    assert version.stdout.startswith("annotator ")


@pytest.mark.parametrize("url", UNUSABLE_URLS)
def test_flask_help_lists_the_commands_without_a_usable_database(tmp_path: Path, url: str) -> None:
    """``flask --app annotator --help`` makes the app to list its commands: the app is made
    all the same, and help shows every command with no traceback."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run_with_url(tmp_path, url, ["flask", "--app", "annotator"], *args)

    for args in (["--help"], ["projects", "--help"]):
        out = run(*args)
        assert (out.returncode, out.stderr) == (0, ""), (args, out.stderr)
    listed = run("--help").stdout
    for name in ("db", "projects", "import", "export", "users", "assist"):
        assert f"\n  {name} " in listed, name


@pytest.mark.parametrize("program", PROGRAMS)
@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"], ["db", "check"]])
def test_a_database_server_that_cannot_be_reached_is_named_in_one_line(
    tmp_path: Path, program: str, command: list[str]
) -> None:
    """The db commands printed a traceback; they now say, in one line, which server they could
    not reach (host and port, never the password) and exit 1, as every other command does."""
    url = "postgresql+psycopg://postgres:s3cret-word@127.0.0.1:1/x"
    out = _run_with_url(tmp_path, url, PROGRAMS[program], *command)
    assert out.returncode == 1, out.stderr
    assert out.stderr.startswith("Error: cannot reach the database server at 127.0.0.1:1 "), (
        out.stderr
    )
    assert out.stderr.count("\n") == 1, out.stderr
    assert "s3cret-word" not in out.stderr and "Traceback" not in out.stderr


def test_a_database_that_cannot_be_opened_is_not_blamed_on_upgrading(tmp_path: Path) -> None:
    from annotator import create_app

    # A folder where the database file should be: SQLite cannot open it.
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}", "TESTING": True})
    result = app.test_cli_runner().invoke(args=["users", "token", "alice"])
    assert result.exit_code == 1
    assert "unable to open database file (check ANNOTATOR_DATABASE_URL" in result.output
    assert "db upgrade" not in result.output


def _loads(session: Any, project: Any) -> tuple[dict[int, set[int]], Counter[int]]:
    per_document: dict[int, set[int]] = {}
    for document_id, user_id in session.execute(select(Assignment.document_id, Assignment.user_id)):
        per_document.setdefault(document_id, set()).add(user_id)
    return per_document, Counter(u for users in per_document.values() for u in users)


@pytest.mark.parametrize(("documents", "annotators", "k"), [(5, 2, 2), (7, 3, 2), (10, 4, 3)])
def test_assign_gives_k_distinct_annotators_with_balanced_loads(
    runner: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    documents: int,
    annotators: int,
    k: int,
) -> None:
    project = make_project()
    users = [make_user(f"a{i}") for i in range(annotators)]
    for i in range(documents):
        make_document(project, f"Document number {i} says something.", external_id=f"d{i}")
    names = ",".join(u.username for u in users)
    result = runner.invoke(args=["assign", "demo", "--annotators", names, "--per-document", str(k)])
    assert result.exit_code == 0, result.output
    per_document, loads = _loads(session, project)
    assert len(per_document) == documents
    assert all(len(assigned) == k for assigned in per_document.values())
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sum(loads.values()) == documents * k


def test_assign_again_keeps_existing_and_fills_new_documents(
    runner: Any, session: Any, make_user: Any, make_project: Any, make_document: Any
) -> None:
    project = make_project()
    for name in ("a", "b", "c"):
        make_user(name)
    for i in range(4):
        make_document(project, f"Text {i}.", external_id=f"d{i}")
    args = ["assign", "demo", "--annotators", "a,b,c", "--per-document", "2"]
    assert runner.invoke(args=args).exit_code == 0
    before = set(session.execute(select(Assignment.id, Assignment.document_id, Assignment.user_id)))
    again = runner.invoke(args=["assign", "demo", "--annotators", "a,b,c", "--per-document", "2"])
    assert again.exit_code == 0 and again.output.startswith("0 new assignments")
    for i in range(4, 6):
        make_document(project, f"Text {i}.", external_id=f"d{i}")
    runner.invoke(args=["assign", "demo", "--annotators", "a,b,c", "--per-document", "2"])
    after = set(session.execute(select(Assignment.id, Assignment.document_id, Assignment.user_id)))
    assert before < after
    per_document, loads = _loads(session, project)
    assert all(len(users) == 2 for users in per_document.values()) and len(per_document) == 6
    assert max(loads.values()) - min(loads.values()) <= 1


@pytest.mark.parametrize(
    ("annotators", "k", "reason"),
    [
        ("a,ghost", "1", "1 unknown user: ghost; add each with `annotator users create NAME"),
        ("a", "2", "Annotators per document must be from 1 to 1, the number of"),
        # 0 is refused as given, not taken for "the schema's default" (which is 2 here).
        ("a", "0", "the number of annotators given, not 0"),
    ],
)
def test_assign_refusals_store_nothing(
    runner: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    annotators: str,
    k: str,
    reason: str,
) -> None:
    make_user("a")
    make_document(make_project(), "Some text.")
    result = runner.invoke(args=["assign", "demo", "--annotators", annotators, "--per-document", k])
    assert result.exit_code == 1
    assert reason in result.output
    assert session.scalar(select(func.count()).select_from(Assignment)) == 0


@pytest.mark.parametrize(
    "args",
    [
        ["users", "token", "alice"],
        ["export", "demo"],
        ["agreement", "demo"],
        ["projects", "list"],
        ["users", "list"],
        ["db", "current"],
        ["db", "check"],
    ],
)
def test_a_command_on_a_missing_database_says_to_upgrade_and_makes_no_file(
    tmp_path: Path, args: list[str]
) -> None:
    """Not an empty database made as a side effect, then "no such table"."""
    from annotator import create_app

    path = tmp_path / "instance" / "annotator.sqlite"
    app = create_app({"DATABASE_URL": f"sqlite:///{path}", "TESTING": True})
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 1, result.output
    assert f"no database at {path}: run 'annotator db upgrade' first" in result.output
    assert "no such table" not in result.output
    assert not path.exists()
