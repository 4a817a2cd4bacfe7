"""The review page lists its documents a page at a time, as the project page does.

It showed the first 500 and said how many more there were, with no way to reach them: in a
project of 5,000 documents, 4,500 could not be opened from it. Now ``?page=N`` (and
``per_page``) walk the whole list, most disagreement first, with Previous and Next links.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.review.gold_status import set_gold_status
from tests.helpers import login
from tests.review_world import build_disagreement

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:  # noqa: ANN001
    """d1 (a span and a label difference) and e1 to e4 (a label difference each)."""
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    alice, bob = world["users"]["alice"], world["users"]["bob"]
    for n in range(1, 5):
        doc = make_document(world["project"], TEXT, external_id=f"e{n}")
        assign(doc, alice, bob)
        set_label(session, open_layer(session, alice, doc, None), 0, "stance", "FAVOR")
        set_label(session, open_layer(session, bob, doc, None), 0, "stance", "NONE")
    session.commit()
    return world


def _listed(html: str) -> list[str]:
    """The external ids of the rows of the review table, in order."""
    return re.findall(
        r'<th scope="row" role="rowheader"><span class="document-number">#\d+</span> '
        r'<a href="[^"]+">([^<]+)</a>',
        html,
    )


def test_the_pages_walk_the_whole_list_in_order(client: Any, world: Any) -> None:
    login(client, "rita")
    whole = _listed(client.get("/projects/demo/review").get_data(as_text=True))
    assert whole[0] == "d1" and sorted(whole) == ["d1", "e1", "e2", "e3", "e4"]
    seen = []
    for number in (1, 2, 3):
        html = client.get(f"/projects/demo/review?page={number}&per_page=2").get_data(as_text=True)
        assert f"Page {number} of 3" in html
        assert "5 documents; page" in html
        assert ('rel="prev"' in html) == (number > 1)
        assert ('rel="next"' in html) == (number < 3)
        seen += _listed(html)
    assert seen == whole
    first = client.get("/projects/demo/review?per_page=2").get_data(as_text=True)
    assert "/projects/demo/review?page=2&amp;per_page=2" in first


def test_a_page_past_the_last_says_so_and_leads_back(client: Any, world: Any) -> None:
    login(client, "rita")
    html = client.get("/projects/demo/review?page=9").get_data(as_text=True)
    assert _listed(html) == []
    assert "Page 9 is past the last page" in html
    assert "No document has been annotated" not in html


def test_anything_but_a_page_number_is_the_first_page(client: Any, world: Any) -> None:
    login(client, "rita")
    for query in ("page=x", "page=0", "page=-2", "per_page=0"):
        response = client.get(f"/projects/demo/review?{query}")
        assert response.status_code == 200, query
        assert _listed(response.get_data(as_text=True))[0] == "d1", query


def test_hidden_names_stay_hidden_from_page_to_page(client: Any, world: Any) -> None:
    login(client, "rita")
    html = client.get("/projects/demo/review?anonymous=1&per_page=2").get_data(as_text=True)
    (link,) = re.findall(r'rel="next" href="([^"]+)"', html)
    assert "anonymous=1" in link and "page=2" in link and "per_page=2" in link


def test_documents_whose_gold_is_final_come_after_those_still_to_review(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    """A reviewer works down the list: finished documents sinking to its end keeps the first
    page for the work left, on the page and in the API alike."""
    set_gold_status(session, world["users"]["rita"], world["doc"], "final")
    headers = make_token(world["users"]["rita"])
    session.commit()
    login(client, "rita")
    listed = _listed(client.get("/projects/demo/review").get_data(as_text=True))
    assert listed[-1] == "d1" and sorted(listed) == ["d1", "e1", "e2", "e3", "e4"]
    answer = client.get("/api/v1/projects/demo/review", headers=headers).get_json()
    assert [d["external_id"] for d in answer["documents"]] == listed
    assert answer["documents"][-1]["gold_status"] == "final"
