"""Print a pip constraints file pinning each of the app's dependencies to its lowest version.

pyproject.toml's ``[project] dependencies`` are the one home of the bounds: every one names a
lower bound (``>=X`` or ``==X``), and this prints ``name==X`` for each, so that installing with
``--constraint`` gives exactly the oldest versions the package says it works with. A
dependency without a lower bound is an error: it promises to work with any version ever made.

Only the standard library is used, so that it runs before any virtualenv exists.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
# A requirement: its name, its extras if any, then its comma-separated version specifiers.
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")
LOWER_BOUND = re.compile(r"^(>=|==)\s*([0-9][0-9A-Za-z.+!-]*)$")


def lowest_versions(requirements: list[str]) -> list[tuple[str, str]]:
    """Return (name, lowest version) for each requirement, in the order given.

    :raises SystemExit: naming a requirement without a lower bound, or one with a marker
        (``;``), which this simple reading does not evaluate.
    """
    lowest = []
    for requirement in requirements:
        if ";" in requirement:
            raise SystemExit(f"cannot read the environment marker of {requirement!r}")
        match = REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name, specifiers = match.groups()
        bounds = [
            found.group(2)
            for specifier in specifiers.split(",")
            if (found := LOWER_BOUND.match(specifier.strip()))
        ]
        if len(bounds) != 1:
            raise SystemExit(f"{requirement!r} must have one lower bound (>=X or ==X)")
        lowest.append((name, bounds[0]))
    return lowest


def main() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    for name, version in lowest_versions(project["dependencies"]):
        sys.stdout.write(f"{name}=={version}\n")


if __name__ == "__main__":
    main()
