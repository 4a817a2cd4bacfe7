"""The deployment files say what the README says: compose keeps its secret key in ``.env`` and
restarts its services; every documented gunicorn command logs its requests.

Docker cannot run where the tests run (.ci/check-image builds the image where it can), so
these read the files: compose.yaml through a YAML loader, the rest as text.
"""

from __future__ import annotations

import json
import re
import tomllib

import yaml

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_every_compose_service_restarts_unless_stopped() -> None:
    services = _compose()["services"]
    assert set(services) == {"db", "app"}
    for name, service in services.items():
        assert service.get("restart") == "unless-stopped", name


def test_compose_takes_the_secret_key_from_dot_env_and_nothing_commits_it() -> None:
    key = _compose()["services"]["app"]["environment"]["ANNOTATOR_SECRET_KEY"]
    # Required, and when missing the message says where it belongs.
    assert re.fullmatch(r"\$\{ANNOTATOR_SECRET_KEY:\?[^}]*\.env[^}]*\}", key), key
    for ignore in (".gitignore", ".dockerignore"):
        lines = (ROOT / ignore).read_text(encoding="utf-8").splitlines()
        assert ".env" in lines, ignore


def test_the_readme_makes_dot_env_once_and_never_sets_the_key_for_one_command() -> None:
    assert 'echo "ANNOTATOR_SECRET_KEY=$(openssl rand -hex 32)" > .env' in README
    # A key given on the command line holds for that command only: exec, logs and down fail.
    assert not re.search(r"ANNOTATOR_SECRET_KEY=\S+ docker compose", README)


def _gunicorn_commands() -> list[str]:
    commands = [line for line in README.splitlines() if line.startswith("gunicorn --")]
    cmd = re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M)
    assert cmd is not None
    commands.append(" ".join(json.loads(cmd.group(1))))
    return commands


def test_every_documented_gunicorn_command_writes_an_access_log() -> None:
    commands = _gunicorn_commands()
    assert len(commands) >= 2
    for command in commands:
        assert "--access-logfile -" in command, command


def test_the_readme_restores_a_postgresql_dump_with_if_exists() -> None:
    # Without --if-exists, --clean into an empty database fails on every DROP (exit 1).
    restores = re.findall(r"pg_restore [^`\n]*", README)
    assert restores
    for restore in restores:
        assert "--clean --if-exists" in restore, restore


def test_every_setting_the_app_reads_is_in_the_readme_table() -> None:
    read = set(re.findall(r'"(ANNOTATOR_[A-Z_]+)"', (ROOT / "annotator/config.py").read_text()))
    table = README.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(ANNOTATOR_[A-Z_]+)` \|", table, re.M))
    assert read, "config.py names no setting: the pattern is stale"
    assert read == documented


def test_the_dockerfile_never_makes_a_new_key_for_one_run() -> None:
    # A key made inside `docker run` differs at every run: each restart ends every login.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "ANNOTATOR_SECRET_KEY" in dockerfile
    assert not re.search(r"docker run[^\n]*SECRET_KEY=\$\(", dockerfile)
    # The file the example keeps it in is neither committed nor sent into the build.
    kept = re.search(r"> (\S+\.key)", dockerfile)
    assert kept is not None
    for ignore in (".gitignore", ".dockerignore"):
        assert kept.group(1) in (ROOT / ignore).read_text(encoding="utf-8").splitlines(), ignore


def test_the_image_takes_its_extras_as_a_build_argument_both_stages_use() -> None:
    """The spaCy and Hugging Face exports need optional packages a running container cannot
    keep: the image builds them in when asked, the same list in the wheel stage and the
    install, and compose passes the list from ``.env``."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG EXTRAS=postgres$", dockerfile, re.M)
    # An ARG before the first FROM is seen inside a stage only when the stage names it again.
    stages = dockerfile.split("\nFROM ")[1:]
    assert len(stages) == 2
    for stage in stages:
        assert "\nARG EXTRAS\n" in stage
    assert 'pip wheel --no-cache-dir --wheel-dir /wheels ".[${EXTRAS}]"' in stages[0]
    assert '"annotator[${EXTRAS}]"' in stages[1]
    build = _compose()["services"]["app"]["build"]
    assert build["args"]["EXTRAS"] == "${ANNOTATOR_EXTRAS:-postgres}"
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    for named in re.findall(r"EXTRAS=([\w,]+)", README + dockerfile):
        assert set(named.split(",")) <= set(extras), named
