"""The curation view: a reviewer takes one annotator's version into gold by key; the item shows
as decided, is not offered again, and n / p skip it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server


@pytest.fixture
def world(curation_world: Any) -> Any:
    return curation_world


def _annotate(api_as: Any, world: Any) -> None:
    """Three differences: a boundary shift on the claim, a source only alice marked, and the
    second sentence's stance."""
    doc = world.doc.id
    for name, claim_start, stance in (("alice", 15, "AGAINST"), ("bob", 19, "NONE")):
        token = world.tokens[name]
        body = {
            "label": "CLAIM",
            "start": claim_start,
            "end": 41,
            "attributes": {"claimer": "REPORTED"},
        }
        api_as(token).write("POST", f"/documents/{doc}/spans", body)
        label = {"sentence": 1, "name": "stance", "value": stance}
        api_as(token).write("PUT", f"/documents/{doc}/labels", label)
    source = {"label": "SOURCE", "start": 44, "end": 50}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{doc}/spans", source)


def test_a_reviewer_takes_a_version_by_key_and_it_shows_as_decided(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    _annotate(api_as, world)
    reader = api_as(world.tokens["rita"])
    tab = open_tab("rita")
    page = tab.page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    cards = page.locator(".cur-diff")
    assert cards.count() == 3
    assert page.locator(".cur-diff[data-undecided]").count() == 3
    # Lanes: alice, bob and gold over each sentence with a difference.
    assert page.locator("#cur-s-0 .cur-lane").count() == 3
    # The span's label first, where it starts, then its text.
    assert (
        page.locator("#cur-s-0 .cur-lane[data-lane=alice] .cur-span")
        .inner_text()
        .startswith("CLAIMthe talks failed yesterday")
    )
    focused = page.locator(".cur-diff--focus")
    assert focused.get_attribute("data-number") == "1"
    assert "boundary shift" in focused.inner_text().lower()

    # "1" takes alice's version (the first lane) of the focused difference into gold.
    page.keyboard.press("1")
    page.wait_for_selector("#diff-1.cur-diff--decided")
    gold = reader.layer(world.doc.id, "gold")
    assert [(s["label"], s["start"], s["end"]) for s in gold["spans"]] == [("CLAIM", 15, 41)]
    decided = page.locator("#diff-1")
    assert "gold holds alice" in decided.inner_text()
    # alice's is not offered again; bob's may be taken instead.
    assert decided.locator("form.cur-take").all_inner_texts() == ["2 Take bob’s instead"]
    # The page came back on the next undecided difference.
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"

    # n and p move among the undecided only: 2 -> 3 -> 2 (wrapping), never to 1.
    page.keyboard.press("n")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "3"
    page.keyboard.press("n")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
    page.keyboard.press("p")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "3"

    # "2" on the stance difference takes bob's value.
    page.keyboard.press("2")
    page.wait_for_selector("#diff-3.cur-diff--decided")
    gold = reader.layer(world.doc.id, "gold")
    assert [(lv["sentence"], lv["value"]) for lv in gold["sentence_labels"]] == [(1, "NONE")]
    assert page.locator(".cur-diff[data-undecided]").count() == 1
    assert page.locator("#undecided-count").inner_text() == "1"


def test_a_key_that_cannot_act_in_the_curation_view_says_why(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    # One difference: a source only alice marked, so bob has no version to take.
    for name in ("alice", "bob"):
        label = {"sentence": 1, "name": "stance", "value": "NONE"}
        api_as(world.tokens[name]).write("PUT", f"/documents/{world.doc.id}/labels", label)
    source = {"label": "SOURCE", "start": 44, "end": 50}
    api_as(world.tokens["alice"]).write("POST", f"/documents/{world.doc.id}/spans", source)
    tab = open_tab("rita")
    page = tab.page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    notice = page.locator("#curation-notice")
    assert notice.is_hidden()
    page.keyboard.press("2")
    assert notice.inner_text() == "This difference has only alice’s version: 1."
    page.keyboard.press("u")
    assert notice.inner_text() == "This difference is not decided: there is nothing to reopen."
    page.keyboard.press("1")  # alice's source goes into gold
    page.wait_for_selector(".cur-diff--decided")
    page.wait_for_load_state("load")  # the page's script listens for keys from then on
    page.keyboard.press("n")
    assert page.locator("#curation-notice").inner_text() == "Every difference is decided."
    page.keyboard.press("0")
    assert page.locator("#curation-notice").inner_text() == "Every difference is decided."
    page.click(".cur-diff--decided")  # focused by a click: decided, so 0 has nothing to do
    page.keyboard.press("0")
    said = page.locator("#curation-notice").inner_text()
    assert said == "This difference is decided already: u reopens it."
    page.keyboard.press("2")  # bob has no version of it to take instead
    said = page.locator("#curation-notice").inner_text()
    assert said == "Gold holds no other version 2 of this difference to take instead."
    gold = api_as(world.tokens["rita"]).layer(world.doc.id, "gold")
    assert [(s["label"], s["start"], s["end"]) for s in gold["spans"]] == [("SOURCE", 44, 50)]


NOTICE_LOOK = """(selector) => {
  const style = getComputedStyle(document.querySelector(selector));
  return ['color', 'backgroundColor', 'paddingTop', 'paddingLeft', 'borderTopLeftRadius',
    'overflowWrap'].map((name) => style[name]);
}"""


def test_the_curation_views_notice_looks_as_the_workspaces_information_notice(
    world: Any, server: Any, open_tab: Any
) -> None:
    tab = open_tab("rita")
    page = tab.page
    # In the workspace: a read-only layer says why a label key does nothing, as information.
    workspace = tab.open(f"/projects/demo/documents/{world.doc.id}?annotator=alice")
    page.keyboard.press("c")
    workspace.wait_for_selector("#notice[data-kind='info']", state="visible")
    information = workspace.evaluate(NOTICE_LOOK, "#notice")
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.wait_for_load_state("load")
    page.keyboard.press("n")  # nothing to decide: it says so
    notice = page.locator("#curation-notice").inner_text()
    assert notice == "Nothing to decide: there are no differences."
    assert page.evaluate(NOTICE_LOOK, "#curation-notice") == information


def test_the_review_page_and_the_curation_view_name_each_difference_alike(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """The two said "Span marked by some only" and "Marked by some only", "Sentence label
    mismatch" and "Sentence label", "Accept alice’s" and "Take alice’s" for one difference."""
    _annotate(api_as, world)
    page = open_tab("rita").page
    base = f"{server.url}/projects/demo/review/{world.doc.id}"
    page.goto(base)
    review_kinds = [k.split(" · ")[0] for k in page.locator(".difference__kind").all_inner_texts()]
    review_buttons = sorted(set(page.locator("button", has_text="Accept ").all_inner_texts()))
    page.goto(base + "/curate")
    curate_kinds = [k.split(" · ")[0] for k in page.locator(".difference__kind").all_inner_texts()]
    curate_buttons = sorted(
        {b.split(" ", 1)[1] for b in page.locator(".cur-take button").all_inner_texts()}
    )
    assert [k.lower() for k in review_kinds] == [
        "boundary shift",
        "span marked by some only",
        "sentence label mismatch",
    ]
    assert curate_kinds == review_kinds
    assert "Accept alice’s" in review_buttons
    assert curate_buttons == [
        b for b in review_buttons if b != "Accept every unanimous item into gold"
    ]


def test_u_right_after_a_decision_reopens_it_and_n_goes_past_the_focused_one(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    """A digit decides the focused difference and the page comes back on the next one still
    to decide: u there undoes the decision just made (not "nothing to reopen"), and n goes
    to the difference after the one focused."""
    _annotate(api_as, world)
    reader = api_as(world.tokens["rita"])
    tab = open_tab("rita")
    page = tab.page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "1"
    page.keyboard.press("1")
    page.wait_for_selector("#diff-1.cur-diff--decided")
    page.wait_for_load_state("load")  # the page's script listens for keys from then on
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
    page.keyboard.press("u")
    page.wait_for_selector("#diff-1[data-undecided]")
    page.wait_for_load_state("load")
    assert reader.layer(world.doc.id, "gold")["spans"] == []
    assert page.locator(".cur-diff[data-undecided]").count() == 3
    # Reopened, it is focused again: the page comes back on it.
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "1"
    assert page.locator("#curation-notice").is_hidden()

    # Decided again; from the next one focused, n goes to the one after it, not past it.
    page.keyboard.press("1")
    page.wait_for_selector("#diff-1.cur-diff--decided")
    page.wait_for_load_state("load")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
    page.keyboard.press("n")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "3"
    page.keyboard.press("n")
    assert page.locator(".cur-diff--focus").get_attribute("data-number") == "2"
