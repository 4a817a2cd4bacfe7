"""The constraints of the lowest-versions check (.ci/lowest_constraints.py, `make test-lowest`):
each dependency pinned to the lower bound pyproject.toml gives it, and none left unbounded."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "lowest_constraints.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lowest_constraints", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_requirement_is_pinned_to_its_lower_bound() -> None:
    lowest = _script().lowest_versions(
        ["flask>=3.1,<4", "nupunkt==0.8.0", "psycopg[binary]>=3.2,<4", "gunicorn >= 23"]
    )
    assert lowest == [
        ("flask", "3.1"),
        ("nupunkt", "0.8.0"),
        ("psycopg", "3.2"),
        ("gunicorn", "23"),
    ]


@pytest.mark.parametrize("requirement", ["numpy", "numpy<2", "numpy>=1.26,>=1.27"])
def test_a_requirement_without_one_lower_bound_is_refused(requirement: str) -> None:
    with pytest.raises(SystemExit, match="one lower bound"):
        _script().lowest_versions([requirement])


def test_a_marker_is_refused_rather_than_misread() -> None:
    with pytest.raises(SystemExit, match="marker"):
        _script().lowest_versions(["tomli>=2; python_version < '3.11'"])


def test_the_script_pins_every_dependency_of_the_package() -> None:
    printed = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert len(printed) == len(project["dependencies"])
    assert all("==" in line for line in printed)
    assert "sqlalchemy==2.0.36" in printed
