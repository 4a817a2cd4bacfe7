"""The Assign form leaves unticked an annotator whose open work was reassigned away.

A lead reassigned a leaving annotator's open documents, then topped up the project: the form
ticked every annotator, and she was given new documents again. Now one whose last change here
was a reassign away from her, holding no open document, is not ticked, and the form says why;
ticking her gives her documents as before, and once given some she is ticked again.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import login

PAGE = "/projects/a/assignments"


@pytest.fixture
def world(make_world: Any) -> dict[str, str]:
    members = {name: "annotator" for name in ("ann", "ben", "cy")}
    docs = {f"a{i}": (f"Officials said text {i}.", f"a-{i}") for i in range(4)}
    made = make_world(members | {"root": "admin"}, slug="a", name="Team", members=members, **docs)
    return made.tokens["root"]


def _ticked(client: Any) -> tuple[list[str], str]:
    """The annotators the Assign form ticks, and its note of those it does not."""
    html = client.get(PAGE).get_data(as_text=True)
    form = html[html.index('id="assign-form"') :]
    form = form[: form.index("</fieldset>")]
    ticked = re.findall(r'<input checked[^>]*value="(\w+)"', form)
    ticked += re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', form)
    note = re.search(r'<p class="field__hint" id="taken-off">(.*?)</p>', form, re.S)
    return sorted(set(ticked)), " ".join(note.group(1).split()) if note else ""


def test_an_annotator_whose_work_was_reassigned_is_not_ticked(
    client: Any, world: dict[str, str]
) -> None:
    api = "/api/v1/projects/a/assignments"
    given = client.post(api, json={"annotators": ["ann", "ben"], "per_document": 1}, headers=world)
    assert given.status_code == 200, given.get_json()
    login(client, "root")
    assert _ticked(client) == (["ann", "ben", "cy"], "")

    moved = client.post(
        f"{api}/reassign", json={"from_user": "ann", "to_user": "cy"}, headers=world
    )
    assert moved.status_code == 200, moved.get_json()
    ticked, note = _ticked(client)
    assert ticked == ["ben", "cy"]
    assert note == (
        "Not ticked: ann, whose open work was reassigned to someone else; tick them to give "
        "them documents again."
    )

    # Ticked by hand, she is given documents; from then on the form ticks her again.
    again = client.post(
        api, json={"annotators": ["ann", "ben", "cy"], "per_document": 2}, headers=world
    )
    assert again.status_code == 200 and again.get_json()["loads"]["ann"] > 0
    assert _ticked(client) == (["ann", "ben", "cy"], "")
