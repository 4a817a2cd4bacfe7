"""The review's differences say a label field's target beside its name, and mark a version
given toward an earlier target: the review page, the curation view, the review API and
``annotator adjudicate differences``, from one home (services.review.given_toward)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.export_world import World
from tests.helpers import login
from tests.older_target_world import NEW_TARGET, OLD_TARGET, world  # noqa: F401 (a fixture)

WORDS = f"given when the target was {OLD_TARGET!r}"
SUMMARY = f"stance ({NEW_TARGET}): alice=AGAINST, bob=FAVOR"


@pytest.fixture
def differing(client: FlaskClient, world: World, make_token: Any) -> World:  # noqa: F811
    """bob gives another stance now: alice's, given toward the old target, differs from his."""
    body = {"sentence": 0, "name": "stance", "value": "FAVOR"}
    url = f"/api/v1/documents/{world.documents['emoji'].id}/labels"
    put = client.put(url, json=body, headers=make_token(world.users["bob"]))
    assert put.status_code == 200, put.get_json()
    return world


def test_the_review_api_gives_the_target_and_marks_the_older_version(
    client: FlaskClient, differing: World, admin_headers: dict[str, str]
) -> None:
    document = differing.documents["emoji"].id
    answer = client.get(f"/api/v1/projects/src/review/{document}", headers=admin_headers)
    assert answer.status_code == 200
    stance = next(d for d in answer.get_json()["differences"] if d["summary"].startswith("stance"))
    assert stance["summary"] == "stance: alice=AGAINST, bob=FAVOR"  # as it was
    assert stance["target"] == NEW_TARGET
    versions = {v["annotator"]: v for v in stance["versions"]}
    assert versions["alice"]["given_toward"] == {
        "target": OLD_TARGET,
        "version": 1,
        "words": WORDS,
        "changed": ["target"],
    }
    assert "given_toward" not in versions["bob"]
    genre = next(d for d in answer.get_json()["differences"] if d["summary"].startswith("genre"))
    assert "target" not in genre
    assert all("given_toward" not in v for v in genre["versions"])


def test_the_command_line_marks_the_older_version(runner: Any, differing: World) -> None:
    result = runner.invoke(args=["adjudicate", "differences", "src", "doc-emoji"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    stance = next(i for i, line in enumerate(lines) if line.startswith("sentence_label\t0\tstance"))
    alice = next(i for i in range(stance, len(lines)) if lines[i].startswith("  alice\t"))
    bob = next(i for i in range(stance, len(lines)) if lines[i].startswith("  bob\t"))
    assert lines[alice + 1] == f"    {WORDS} (schema version 1)"
    assert not lines[bob + 1].startswith(f"    {WORDS}")


@pytest.mark.parametrize("page", ["", "/curate"])
def test_the_review_page_and_the_curation_view_say_the_target_beside_the_field(
    client: FlaskClient, differing: World, page: str
) -> None:
    login(client, "rita")
    said = client.get(f"/projects/src/review/{differing.documents['emoji'].id}{page}")
    assert said.status_code == 200
    text = html.unescape(said.get_data(as_text=True))
    assert SUMMARY in text
    assert "genre: alice=NEWS, bob=OPINION" in text  # no target: as it was


def test_the_curation_view_marks_the_older_versions_and_lane_values(
    client: FlaskClient, differing: World
) -> None:
    login(client, "rita")
    page = client.get(f"/projects/src/review/{differing.documents['emoji'].id}/curate")
    text = html.unescape(page.get_data(as_text=True))
    versions = text.split('class="cur-diff__versions"')
    stance = next(v for v in versions[1:] if "stance = FAVOR" in v).split("</ul>", 1)[0]
    alice, bob = stance.split("<strong>bob</strong>", 1)
    assert WORDS in alice and WORDS not in bob
    # The lanes: alice's and gold's stance (given before the change), not bob's new one.
    lanes = text.split('aria-label="Differences"', 1)[1].split("</ol>", 1)[1]
    assert lanes.count(WORDS) == 2
