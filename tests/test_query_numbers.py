"""Whole numbers in query strings: what ``str.isdigit`` takes but ``int`` refuses is no number.

"²" is a digit to ``isdigit``; ``int`` raises on it and on more than 4,300 digits. Pages
that read a page number or an offset from the query once answered 500 for both.
"""

from __future__ import annotations

import pytest

from annotator.core.limits import INT_MAX, column_integer
from tests.api_world import World, build_world
from tests.helpers import login

ODD = ["²", "٣", "-1", "1.5", " 7", str(INT_MAX + 1), str(2**64), "9" * 5000]


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def test_column_integer_takes_ascii_digits_a_column_holds() -> None:
    assert column_integer("0") == 0
    assert column_integer("42") == 42
    assert column_integer(str(INT_MAX)) == INT_MAX
    assert column_integer("007") == 7
    for raw in [None, "", *ODD]:
        assert column_integer(raw) is None, raw


@pytest.mark.parametrize("odd", ODD)
def test_pages_take_an_odd_number_as_none(world: World, make_user, odd: str) -> None:  # noqa: ANN001
    make_user("reva", "reviewer")
    make_user("root", "admin")
    client = world.client
    doc = world.doc.id
    assert login(client, "reva").status_code == 302
    for path in (
        f"/projects/demo?page={odd}&per_page={odd}",
        f"/projects/demo/review/{doc}/history?page={odd}",
        f"/projects/demo/review/{doc}/curate?after={odd}",
    ):
        assert client.get(path).status_code == 200, path
    admin = client.application.test_client()
    assert login(admin, "root").status_code == 302
    assert admin.get(f"/admin/audit?page={odd}").status_code == 200
    # The API names the field instead.
    answer = admin.get(f"/api/v1/audit?page={odd}")
    assert answer.status_code == 400
    assert answer.get_json()["error"]["details"] == {"field": "page"}
