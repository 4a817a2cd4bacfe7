"""A format whose optional package this server lacks is offered disabled on the export page,
saying so, and refused with words for whoever can install it (a reviewer cannot run pip)."""

from __future__ import annotations

import importlib.util
import re

import pytest

from tests.export_world import World, build_world
from tests.helpers import login


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


@pytest.fixture
def without_pyarrow(monkeypatch) -> None:  # noqa: ANN001
    """This Python as one without pyarrow (the hf format's package) would be."""
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )


def _option(page: str, value: str) -> str:
    found = re.search(rf'<option[^>]*value="{value}"[^>]*>[^<]*</option>', page)
    assert found is not None, f"no option {value}"
    return found.group(0)


def test_the_page_offers_a_format_it_cannot_write_disabled(client, world, without_pyarrow) -> None:
    login(client, "rita")
    page = client.get("/projects/src/export").get_data(as_text=True)
    hf = _option(page, "hf")
    assert "disabled" in hf
    assert "not installed on this server: an admin adds it" in hf
    assert "disabled" not in _option(page, "jsonl")


def test_the_page_offers_every_installed_format(client, world) -> None:
    login(client, "rita")
    page = client.get("/projects/src/export").get_data(as_text=True)
    assert "disabled" not in _option(page, "hf")


def test_asking_for_it_anyway_names_who_installs_it(client, world, without_pyarrow) -> None:
    login(client, "rita")
    answer = client.get("/projects/src/export/warnings", query_string={"format": "hf"})
    assert answer.status_code == 422
    message = answer.get_json()["error"]["message"]
    assert "this server does not have: an admin installs it with pip install 'annotator[hf]'" in (
        message
    )
