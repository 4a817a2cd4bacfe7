"""SQLite's durability level: NORMAL unless ANNOTATOR_SQLITE_SYNCHRONOUS says otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from annotator import create_app
from annotator.engine import get_engine

ROOT = Path(__file__).resolve().parent.parent
# PRAGMA synchronous answers with a number.
LEVELS = {"NORMAL": 1, "FULL": 2, "EXTRA": 3}


def _level(tmp_path: Path, **config: Any) -> int:
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path / 'sync.sqlite'}", "TESTING": True} | config
    )
    try:
        with get_engine(app).connect() as connection:
            return int(connection.execute(text("PRAGMA synchronous")).scalar_one())
    finally:
        get_engine(app).dispose()


def test_every_connection_is_normal_by_default(tmp_path: Path) -> None:
    assert _level(tmp_path) == LEVELS["NORMAL"]


@pytest.mark.parametrize("level", ["FULL", "full", "EXTRA"])
def test_the_level_can_be_chosen(tmp_path: Path, level: str) -> None:
    assert _level(tmp_path, SQLITE_SYNCHRONOUS=level) == LEVELS[level.upper()]


@pytest.mark.parametrize("level", ["OFF", "0", "fast", ""])
def test_an_unsafe_or_unknown_level_stops_the_app(tmp_path: Path, level: str) -> None:
    with pytest.raises(ValueError, match="ANNOTATOR_SQLITE_SYNCHRONOUS must be one of"):
        _level(tmp_path, SQLITE_SYNCHRONOUS=level)


@pytest.mark.parametrize(("env", "expected"), [(None, "NORMAL"), ("", "NORMAL"), ("FULL", "FULL")])
def test_the_config_reads_the_environment(env: str | None, expected: str) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_SQLITE_SYNCHRONOUS"}
    if env is not None:
        environ["ANNOTATOR_SQLITE_SYNCHRONOUS"] = env
    out = subprocess.run(
        [sys.executable, "-c", "import config; print(config.Config.SQLITE_SYNCHRONOUS)"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == expected
