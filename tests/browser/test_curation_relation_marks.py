"""In the curation view a relation that is a version of a difference to decide is named in its
arc's label by the "?N" of its card, as an undecided span or label is by its mark, and said so
to a screen reader; once decided the mark goes, as a span's does.

Only a dashed line set such an arc apart: a difference to tell from the solid lines around it
by its dashes, with nothing that named its card, and "(to decide)" without which."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CURATION_TEXT

pytestmark = pytest.mark.server

# Every arc that takes focus in the lanes: its lane, label, mark, differences, what it says to
# a screen reader, and whether its label's box holds its text.
ARCS_JS = """() => [...document.querySelectorAll('.arc[tabindex="0"]')].map((g) => {
  const text = g.querySelector('.arc__label');
  const flag = text.querySelector('.arc__flag');
  return { lane: g.closest('.cur-lane').dataset.lane,
    label: text.textContent.replace(/\\u00a0/g, ' '), flag: flag ? flag.textContent : null,
    diffs: g.dataset.diffs || '', said: g.getAttribute('aria-label'),
    fits: g.querySelector('.arc__tag').getBBox().width >= text.getBBox().width };
})"""


@pytest.fixture
def world(curation_world: Any, api_as: Any) -> Any:
    """alice and bob mark the same claim and source; only alice links them."""
    doc = curation_world.doc.id
    for name in ("alice", "bob"):
        api = api_as(curation_world.tokens[name])
        ids = []
        for label, words in (("CLAIM", "the talks failed yesterday"), ("SOURCE", "Officials")):
            start = CURATION_TEXT.index(words)
            body = {"label": label, "start": start, "end": start + len(words)}
            ids.append(api.write("POST", f"/documents/{doc}/spans", body)["id"])
        if name == "alice":
            body = {"type": "ATTRIBUTED_TO", "from": ids[0], "to": ids[1]}
            api.write("POST", f"/documents/{doc}/relations", body)
    return curation_world


def test_an_undecided_relation_is_named_by_its_card_on_its_arc(
    world: Any, server: Any, open_tab: Any
) -> None:
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.wait_for_selector(".arc[data-diffs]")
    (card,) = page.locator(".cur-diff").all()
    number = card.get_attribute("data-number")
    assert card.locator(".cur-diff__number").inner_text() == f"?{number}"
    (arc,) = page.evaluate(ARCS_JS)
    assert arc["lane"] == "alice" and arc["diffs"] == number
    assert arc["label"] == f"ATTRIBUTED_TO ?{number}"
    assert arc["flag"] == f"?{number}" and arc["fits"], arc
    assert arc["said"].endswith(f"(to decide: difference {number})"), arc["said"]

    # Taken into gold (its key, with the difference focused from the arc): decided, the mark
    # goes from alice's arc, and gold's arc, a plain one, has none.
    page.locator(".arc[data-diffs][tabindex='0']").click()
    with page.expect_navigation():
        page.keyboard.press("1")
    page.wait_for_selector(".arc--decided")
    arcs = {arc["lane"]: arc for arc in page.evaluate(ARCS_JS)}
    assert set(arcs) == {"alice", "gold"}
    assert arcs["alice"]["label"] == "ATTRIBUTED_TO" and arcs["alice"]["flag"] is None
    assert arcs["alice"]["said"].endswith("(decided)")
    assert arcs["gold"]["label"] == "ATTRIBUTED_TO" and arcs["gold"]["diffs"] == ""
