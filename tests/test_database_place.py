"""A server whose SQLite database lies inside its Python environment (a wheel installed
without ANNOTATOR_DATABASE_URL) warns at start: rebuilding the venv would delete the data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotator.services.database_place import database_inside
from tests.conftest import ROOT

SAID = "lies inside the Python environment"


def test_a_sqlite_file_under_the_prefix_is_found_through_links_too(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "var").mkdir(parents=True)
    inside = venv / "var" / "annotator.sqlite"
    assert database_inside(f"sqlite:///{inside}", str(venv)) == inside
    link = tmp_path / "link"
    link.symlink_to(venv)  # the same folder by another name: still inside
    assert database_inside(f"sqlite:///{link}/var/annotator.sqlite", str(venv)) == inside
    assert database_inside(f"sqlite:///{inside}", str(link)) == inside


def test_elsewhere_in_memory_or_postgresql_is_not(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    venv.mkdir()
    assert database_inside(f"sqlite:///{tmp_path / 'data.sqlite'}", str(venv)) is None
    assert database_inside(f"sqlite:///{tmp_path / 'venv-data.sqlite'}", str(venv)) is None
    assert database_inside("sqlite://", str(venv)) is None
    assert database_inside("sqlite:///:memory:", str(venv)) is None
    assert database_inside("postgresql+psycopg://u@localhost/db", str(venv)) is None


def _start_wsgi(prefix: Path, database: Path) -> str:
    """Load the WSGI module as gunicorn does, its environment being ``prefix``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env |= {"ANNOTATOR_DATABASE_URL": f"sqlite:///{database}", "ANNOTATOR_SECRET_KEY": "k" * 32}
    code = f"import sys\nsys.prefix = {str(prefix)!r}\nimport annotator.wsgi\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_the_wsgi_app_warns_at_start_naming_the_file_and_the_fix(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "var").mkdir(parents=True)
    said = _start_wsgi(venv, venv / "var" / "annotator.sqlite")
    [line] = [line for line in said.splitlines() if SAID in line]
    assert "WARNING in database_place" in line
    assert str(venv / "var" / "annotator.sqlite") in line and "ANNOTATOR_DATABASE_URL" in line


def test_a_database_outside_the_environment_is_not_warned_about(tmp_path: Path) -> None:
    (tmp_path / "venv").mkdir()
    assert SAID not in _start_wsgi(tmp_path / "venv", tmp_path / "data.sqlite")
