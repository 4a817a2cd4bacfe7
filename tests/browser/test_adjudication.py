"""A reviewer adjudicates in the browser; the export's gold layer holds exactly the decisions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.extras import need

requests = need("requests")

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed yesterday.\n\nMoscow denied it."
# sentence 0: "Officials said the talks failed yesterday." [0, 42); sentence 1 from 44


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "talks.txt")
    )


def _annotate(api_as: Any, world: Any) -> dict[str, Any]:
    """Alice and bob annotate the document differently, over the API."""
    doc = world.doc.id
    ids: dict[str, Any] = {}
    for name, claim_start, source in (("alice", 15, (0, 9)), ("bob", 19, (44, 50))):
        token = world.tokens[name]

        def span(label: str, start: int, end: int, token: dict = token, **extra: Any) -> int:
            body = {"label": label, "start": start, "end": end, **extra}
            return api_as(token).write("POST", f"/documents/{doc}/spans", body)["id"]

        claim = span("CLAIM", claim_start, 41, attributes={"claimer": "REPORTED"})
        relation = api_as(token).write(
            "POST",
            f"/documents/{doc}/relations",
            {"type": "ATTRIBUTED_TO", "from": claim, "to": span("SOURCE", *source)},
        )
        ids[name] = {"relation": relation["id"]}
        stance, genre = ("AGAINST", "NEWS") if name == "alice" else ("NONE", "OPINION")
        api_as(token).write(
            "PUT",
            f"/documents/{doc}/labels",
            {"sentence": 0, "name": "stance", "value": stance},
        )
        api_as(token).write(
            "PUT",
            f"/documents/{doc}/labels",
            {"sentence": None, "name": "genre", "value": genre},
        )
    ids["alice"]["cue"] = span_id = api_as(world.tokens["alice"]).write(
        "POST",
        f"/documents/{doc}/spans",
        {"label": "CUE", "start": 10, "end": 14},
    )["id"]
    assert span_id
    return ids


def _press(page: Any, selector: str) -> None:
    page.locator(selector).first.click()
    page.wait_for_load_state()
    assert page.locator(".flash").first.text_content().startswith("Accepted")


def test_reviewer_adjudicates_span_relation_and_labels_into_the_exported_gold(
    world: Any, open_tab: Any, server: Any, api_as: Any
) -> None:
    """Accept alice's cue (a span), alice's attribution (a relation with its two spans),
    alice's stance (a sentence label) and bob's genre (a document label); the export's gold
    layer holds exactly those, and nothing of bob's other spans."""
    ids = _annotate(api_as, world)
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/review/{world.doc.id}")
    assert "Relation to a different span" in page.content()
    accept = (
        "form[action$='/accept']:has(input[name=kind][value='{}'])"
        ":has(input[name=id][value='{}']) button"
    )
    _press(page, accept.format("span", ids["alice"]["cue"]))
    _press(page, accept.format("relation", ids["alice"]["relation"]))
    _press(page, ".version:has-text('alice'):has-text('stance = AGAINST') button")
    _press(page, ".version:has-text('bob'):has-text('genre = OPINION') button")
    response = requests.get(
        f"{server.url}/api/v1/projects/demo/export",
        params={"format": "jsonl", "layer": "gold"},
        headers=world.tokens["rita"],
        timeout=30,
    )
    assert response.status_code == 200, response.text
    (record,) = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    gold = record["gold"]
    assert gold["annotator"] == "gold"
    spans = {(s["label"], s["start"], s["end"]): s for s in gold["spans"]}
    assert set(spans) == {("CUE", 10, 14), ("CLAIM", 15, 41), ("SOURCE", 0, 9)}
    assert spans[("CLAIM", 15, 41)]["attributes"] == {"claimer": "REPORTED"}
    (relation,) = gold["relations"]
    assert relation["type"] == "ATTRIBUTED_TO"
    assert relation["from"] == spans[("CLAIM", 15, 41)]["id"]
    assert relation["to"] == spans[("SOURCE", 0, 9)]["id"]
    # Each value chosen on the page names the annotator it was taken from.
    chosen = {"how": "chosen", "of": None}
    assert gold["sentence_labels"] == [
        {
            "sentence": 0,
            "name": "stance",
            "value": "AGAINST",
            "source": chosen | {"annotators": ["alice"]},
        }
    ]
    assert gold["document_labels"] == [
        {"name": "genre", "value": "OPINION", "source": chosen | {"annotators": ["bob"]}}
    ]
    project_page = tab.open("/projects/demo").content()
    assert "Gold: in review" in project_page


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    # Scrolled to, its top may sit a fraction of a pixel above the window's.
    return box is not None and -1 <= box["y"] < page.viewport_size["height"]


def test_the_page_comes_back_on_the_difference_just_decided(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """Accepting a version, "None of these" and "Reopen" each reload the review page on the
    difference they were pressed in (it shows the decision), not at the top of the page."""
    _annotate(api_as, world)
    tab = open_tab("rita")
    page = tab.page
    page.set_viewport_size({"width": 1000, "height": 500})
    tab.open(f"/projects/demo/review/{world.doc.id}")
    last = page.locator("section.difference").last
    place = last.get_attribute("id")
    assert "stance (Russian foreign policy): alice=AGAINST, bob=NONE" in last.text_content()
    assert not _in_view(page, f"#{place}")  # below the fold: the reviewer scrolls to it

    last.locator(".version:has-text('bob') button").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#{place}")
    assert _in_view(page, f"#{place}")
    assert "Decided: gold holds bob’s" in page.locator(f"#{place}").text_content()

    other = page.locator("section.difference:has(.difference__none)").last
    other_place = other.get_attribute("id")
    other.locator(".difference__none").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#{other_place}")
    assert "none taken" in page.locator(f"#{other_place}").text_content()
    page.locator(f"#{other_place} .difference__reopen").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#{other_place}")
    assert page.locator(f"#{other_place} .difference__none").count() == 1
