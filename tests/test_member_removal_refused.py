"""Removing a member who still holds documents is refused naming the project as pages do, and
the People page links the refusal to the Assignments page (the API says it in plain text)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import csrf_token_from, login

TEXT = "One sentence here. Another one there."
NAME = "Team <three> & co"  # a name with markup in it, to show that only the link is markup
SAID = (
    "ann has 1 unfinished document of Team &lt;three&gt; &amp; co (new or in progress);"
    " take them off or give them to another annotator first (their finished work stays)"
)


@pytest.fixture
def world(make_world: Any) -> dict[str, Any]:
    made = make_world(
        {"root": "admin", "ann": "annotator"}, slug="team3", name=NAME, a0=(TEXT, "a-0")
    )
    return {"heads": made.tokens["root"]}


def test_the_people_page_names_the_project_and_links_its_assignments(app: Any, world: Any) -> None:
    client = app.test_client()
    assert login(client, "root").status_code == 302
    page = "/projects/team3/people"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    answer = client.post(f"{page}/ann/remove", data={"csrf_token": token}, follow_redirects=True)
    html = answer.get_data(as_text=True)
    where = "/projects/team3/assignments/take-off?annotator=ann"
    link = f'<a href="{where}">page that takes ann off them</a>'
    assert f'<p class="flash flash--warning">{SAID}, on the {link}.</p>' in html
    assert 'data-username="ann"' in html  # still a member


def test_the_api_says_it_in_plain_text(client: Any, world: Any) -> None:
    answer = client.delete("/api/v1/projects/team3/members/ann", headers=world["heads"])
    assert answer.status_code == 409
    assert answer.get_json()["error"]["message"] == (
        f"ann has 1 unfinished document of {NAME} (new or in progress); take them off"
        " or give them to another annotator first (their finished work stays)"
    )
