"""Adding a member by name: the names to pick from, and a name typed a little wrong.

A lead typed "Dan" and "danny" for dan and was told "no user called 'Dan'", with no name
offered and no way to the Users page. An admin, who may list every user, is offered the
non-members to pick from (all of them when few) and the name most likely meant; a manager
learns no name beyond the project's own people, on the page and through the API alike.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from tests.helpers import csrf_token_from, login

PAGE = "/projects/a/people"


@pytest.fixture
def world(make_world: Any) -> dict[str, Any]:
    people = {"root": "admin", "man": "annotator", "ann": "annotator"}
    people |= {"dan": "annotator", "zed": "annotator"}
    made = make_world(people, slug="a", members={"man": "manager", "ann": "annotator"})
    return {"project": made.project, "tokens": {n: made.tokens[n] for n in ("root", "man")}}


def _as(app: Any, name: str) -> Any:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _add(client: Any, username: str) -> Any:
    token = csrf_token_from(client.get(PAGE).get_data(as_text=True))
    data = {"csrf_token": token, "username": username, "role": "annotator"}
    return client.post(f"{PAGE}/add", data=data)


def _field_error(html: str) -> str:
    found = re.search(r'id="username-errors">\s*<li>([^<]*)</li>', html)
    assert found is not None
    return unescape(found.group(1))


def test_an_admin_picks_from_the_non_members_when_they_are_few(app: Any, world: Any) -> None:
    """Few non-members: all of them in the field's list from the start (no typing needed to
    see them), members left out; the list as the page sends it, not filled by the script."""
    html = _as(app, "root").get(PAGE).get_data(as_text=True)
    listed = re.search(r'<datalist id="member-suggestions">(.*?)</datalist>', html, re.S)
    assert listed is not None
    assert re.findall(r'<option value="([^"]+)">', listed.group(1)) == ["dan", "root", "zed"]
    field = re.search(r'<input[^>]*name="username"[^>]*>', html)
    assert field is not None and 'list="member-suggestions"' in field.group(0)
    assert "data-suggestions" not in field.group(0)  # all listed: nothing to ask as one types


def test_many_non_members_are_suggested_as_a_name_is_typed(
    app: Any, world: Any, make_user: Any
) -> None:
    for i in range(25):
        make_user(f"person{i:02d}")
    html = _as(app, "root").get(PAGE).get_data(as_text=True)
    assert re.search(r'<datalist id="member-suggestions">\s*</datalist>', html)
    field = re.search(r'<input[^>]*name="username"[^>]*>', html)
    assert field is not None and "data-suggestions=" in field.group(0)


@pytest.mark.parametrize("typed", ["Dan", "danny"])
def test_an_admin_is_told_the_name_meant_and_the_way_to_users(
    app: Any, world: Any, typed: str
) -> None:
    answer = _add(_as(app, "root"), typed)
    assert answer.status_code == 422  # a refused form, shown again
    html = answer.get_data(as_text=True)
    assert _field_error(html).startswith(f"no user called '{typed}' (did you mean 'dan'?)")
    flash = re.search(r'<p class="flash[^"]*">(.*?)</p>', html, re.S)
    assert flash is not None and 'href="/admin/users?q=dan"' in flash.group(1)


def test_a_manager_is_told_no_name_from_outside_the_project(app: Any, world: Any) -> None:
    man = _as(app, "man")
    # "Daniel" is close to dan (an admin is told so), to none of the project's people.
    html = _add(man, "Daniel").get_data(as_text=True)
    assert _field_error(html) == "no user called 'Daniel'"
    assert "/admin/users" not in html and "'dan'" not in html
    to_admin = _add(_as(app, "root"), "Daniel").get_data(as_text=True)
    assert "(did you mean 'dan'?)" in _field_error(to_admin)
    # The project's own people are theirs to be told: ann is a member.
    assert "(did you mean 'ann'?)" in _field_error(_add(man, "Ann").get_data(as_text=True))


def test_the_api_says_the_name_meant_to_an_admin_only(client: Any, world: Any) -> None:
    tokens = world["tokens"]
    body = {"role": "annotator"}
    answer = client.put("/api/v1/projects/a/members/Dan", json=body, headers=tokens["root"])
    assert answer.status_code == 404
    error = answer.get_json()["error"]
    assert error["message"] == "no user called 'Dan' (did you mean 'dan'?)"
    assert error["details"]["did_you_mean"] == "dan"
    gone = client.delete("/api/v1/projects/a/members/danny", headers=tokens["root"])
    assert gone.get_json()["error"]["details"]["did_you_mean"] == "dan"

    answer = client.put("/api/v1/projects/a/members/Daniel", json=body, headers=tokens["man"])
    assert answer.status_code == 404
    assert answer.get_json()["error"]["message"] == "no user called 'Daniel'"


def test_a_typo_is_a_refused_form_said_in_whole_sentences(app: Any, world: Any) -> None:
    """A name nobody has is a refused form (422, the page shown again with the error), not a
    404, and the banner is a sentence with the way to the Users page, not a fragment
    ending ", on the Users page."."""
    answer = _add(_as(app, "root"), "zedd")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    flash = re.search(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', html, re.S)
    assert flash is not None
    said = unescape(re.sub(r"<[^>]+>", "", flash.group(1))).strip()
    assert said == (
        "No user is called 'zedd' (did you mean 'zed'?). Check the name, or find the "
        "account or make one on the Users page."
    )
    assert 'href="/admin/users?q=zed"' in flash.group(1)
    # A manager, who has no Users page, is told the same sentence without the way there.
    man = _add(_as(app, "man"), "Daniel")
    assert man.status_code == 422
    flash = re.search(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', man.get_data(as_text=True), re.S)
    assert flash is not None
    assert unescape(flash.group(1)).strip() == "No user is called 'Daniel'. Check the name."
