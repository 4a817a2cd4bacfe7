"""The agreement page leaves the Relations table out when the schema has no relation types."""

from __future__ import annotations

from typing import Any

from tests.conftest import SEED_SCHEMA
from tests.helpers import login

TEXT = "Officials said the border was closed."


def _relations_section(client: Any, slug: str) -> str:
    login(client, "rita")
    html = client.get(f"/projects/{slug}/agreement").get_data(as_text=True)
    return html.split("<h2>Relations</h2>", 1)[1].split("<h2", 1)[0]


def test_no_relation_types_says_so_in_one_line(
    client: Any, make_user: Any, make_project: Any
) -> None:
    make_user("rita", "reviewer")
    make_project("flat", {**SEED_SCHEMA, "relation_types": []})
    section = _relations_section(client, "flat")
    assert "<table" not in section
    assert "No relation types in this schema." in section


def test_relation_types_keep_their_table(client: Any, make_user: Any, make_project: Any) -> None:
    make_user("rita", "reviewer")
    make_project("linked")
    section = _relations_section(client, "linked")
    assert "<table" in section and "ATTRIBUTED_TO" in section
