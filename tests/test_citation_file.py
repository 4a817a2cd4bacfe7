"""CITATION.cff: the tool's citation, valid CFF 1.2.0, its licence the one pyproject.toml gives."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_citation_file_names_the_tool_and_its_licence() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "software"
    assert cff["title"] == project["name"]
    assert cff["license"] == project["license"]
    assert cff["authors"] == [{"name": "annotator contributors"}]
    assert "cite" in cff["message"]
    # No address is known for the code: CFF's field is left out rather than guessed.
    assert "repository-code" not in cff
