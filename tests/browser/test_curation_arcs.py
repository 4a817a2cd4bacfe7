"""The curation view's lanes draw their relations as arcs: an annotator's relation that gold
lacks is an arc in that annotator's lane, between its spans and named by its type, marked as a
difference to decide; n reaches it, the take key puts it (with its spans) into gold, and then it
shows as decided and n passes it by."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import with_point_at

pytestmark = pytest.mark.server

CLAIM, SOURCE, CUE = (15, 41), (0, 9), (10, 14)

# Every arc of a lane of the first sentence, with the boxes (client pixels) of its line, its
# label and the ends of its path, and the text boxes of the lane's marks.
LANE_JS = with_point_at(
    """(lane) => {
  const row = document.querySelector(`#cur-s-0 .cur-lane[data-lane="${lane}"]`);
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const arcs = [...row.querySelectorAll('.arc')].map((g) => {
    const line = g.querySelector('.arc__line');
    POINT_AT;
    return { kind: g.getAttribute('class'), diffs: g.dataset.diffs || '',
      type: g.querySelector('text').textContent, start: at(0), end: at(line.getTotalLength()),
      line: box(line), tag: box(g.querySelector('.arc__tag')) };
  });
  const marks = {};
  for (const mark of row.querySelectorAll('.cur-span')) {
    // The span's text (its label, a <sup>, is drawn before it).
    const text = [...mark.childNodes].find((n) => n.nodeType === Node.TEXT_NODE);
    const range = document.createRange();
    range.selectNodeContents(text);
    marks[text.textContent] = box(range);
  }
  return { arcs, marks };
}"""
)


@pytest.fixture
def world(curation_world: Any) -> Any:
    return curation_world


def _annotate(api_as: Any, world: Any) -> None:
    """Both mark the same claim and source; only alice marks the cue (difference 1) and links
    the claim to its source (2); their stances differ (3)."""
    doc = world.doc.id
    for name, stance in (("alice", "AGAINST"), ("bob", "NONE")):
        api = api_as(world.tokens[name])
        claim = api.write(
            "POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 41}
        )
        source = api.write(
            "POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9}
        )
        label = {"sentence": 1, "name": "stance", "value": stance}
        api.write("PUT", f"/documents/{doc}/labels", label)
        if name == "alice":
            api.write("POST", f"/documents/{doc}/spans", {"label": "CUE", "start": 10, "end": 14})
            body = {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]}
            api.write("POST", f"/documents/{doc}/relations", body)


def _centre(box: list[float]) -> float:
    return (box[0] + box[2]) / 2


def _focused(page: Any) -> str:
    return page.locator(".cur-diff--focus").get_attribute("data-number")


def test_a_relation_gold_lacks_is_an_arc_taken_by_key_then_decided(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    _annotate(api_as, world)
    reader = api_as(world.tokens["rita"])
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    relation_card = page.locator("#diff-2")
    assert "relation drawn by some only" in relation_card.inner_text().lower()
    page.wait_for_selector("#cur-s-0 .cur-lane[data-lane=alice] .arc")

    # The arc is in alice's lane only, from the claim to the source, above the text.
    drawn = page.evaluate(LANE_JS, "alice")
    [arc] = drawn["arcs"]
    assert arc["type"] == "ATTRIBUTED_TO\u00a0?2"  # its type, and its difference's mark
    assert "arc--open" in arc["kind"] and arc["diffs"] == "2"
    claim, source = drawn["marks"]["the talks failed yesterday"], drawn["marks"]["Officials"]
    assert abs(arc["start"][0] - _centre(claim)) < 2
    assert abs(arc["end"][0] - _centre(source)) < 2
    line_top = min(claim[1], source[1])
    assert arc["line"][3] <= line_top and arc["tag"][3] <= line_top  # never over the text
    for lane in ("bob", "gold"):
        assert page.evaluate(LANE_JS, lane)["arcs"] == []

    # The page opens on the cue; n reaches the relation and lights its arc up.
    assert _focused(page) == "1"
    page.keyboard.press("n")
    assert _focused(page) == "2"
    assert page.locator("#cur-s-0 .cur-lane[data-lane=alice] .arc.arc--focus").count() == 1

    # "1" takes alice's relation into gold, with the claim and the source it joins.
    page.keyboard.press("1")
    page.wait_for_selector("#diff-2.cur-diff--decided")
    gold = reader.layer(world.doc.id, "gold")
    spans = {s["id"]: (s["label"], s["start"], s["end"]) for s in gold["spans"]}
    assert sorted(spans.values()) == [("CLAIM", *CLAIM), ("SOURCE", *SOURCE)]
    assert [(r["type"], spans[r["from"]], spans[r["to"]]) for r in gold["relations"]] == [
        ("ATTRIBUTED_TO", ("CLAIM", *CLAIM), ("SOURCE", *SOURCE))
    ]

    # Now decided: marked so on alice's arc, drawn in gold's lane, and passed by n and p.
    page.wait_for_selector("#cur-s-0 .cur-lane[data-lane=gold] .arc")
    [arc] = page.evaluate(LANE_JS, "alice")["arcs"]
    assert "arc--decided" in arc["kind"] and "arc--open" not in arc["kind"]
    [taken] = page.evaluate(LANE_JS, "gold")["arcs"]
    assert taken["type"] == "ATTRIBUTED_TO"
    assert relation_card.locator("form.cur-take").count() == 0
    assert _focused(page) == "3"
    page.keyboard.press("n")
    assert _focused(page) == "1"
    page.keyboard.press("n")
    assert _focused(page) == "3"
    page.keyboard.press("p")
    assert _focused(page) == "1"


def test_clicking_an_arc_focuses_its_difference(
    world: Any, server: Any, open_tab: Any, api_as: Any
) -> None:
    _annotate(api_as, world)
    page = open_tab("rita").page
    page.goto(f"{server.url}/projects/demo/review/{world.doc.id}/curate")
    page.locator("#cur-s-0 .cur-lane[data-lane=alice] .arc__tag").click()
    assert _focused(page) == "2"
