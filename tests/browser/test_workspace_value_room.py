"""Setting a sentence's value moves none of its neighbours: the value's × (which takes it off)
has its room beside every value, set or not.

Found by a review: at 390 px, the × put beside a value just set pushed the values after it
right, and a long one onto another line, under the finger or the pointer about to press it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
# Each value's place in the fields' box (what above it may grow a line: the page's bar).
BOXES = """() => {
  const box = document.getElementById('sentence-fields').getBoundingClientRect();
  return [...document.querySelectorAll('#sentence-fields button.value')].map((b) => {
    const r = b.getBoundingClientRect();
    return [b.dataset.focus, Math.round(r.x - box.x), Math.round(r.y - box.y), Math.round(r.width)];
  });
}"""


@pytest.mark.parametrize(
    ("size", "touch"),
    [({"width": 1366, "height": 900}, False), (PHONE, False), (PHONE, True)],
    ids=["1366", "390", "390-touch"],
)
def test_setting_and_taking_off_a_value_moves_no_other_value(
    make_world: Any, open_tab: Any, api_as: Any, size: dict[str, int], touch: bool
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice", touch=touch)
    tab.page.set_viewport_size(size)
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    if page.locator("#sentence-toggle").is_visible():
        page.click("#sentence-toggle")  # a narrow window's sheet: the sentence's fields open
    before = page.evaluate(BOXES)
    for value in ("checkworthiness:NON_FACTUAL", "stance:FAVOR"):
        page.click(f"#sentence-fields button.value[data-focus='value:{value}']")
    tab.wait_saved()
    assert page.locator("#sentence-fields .value-off").count() == 2
    assert page.evaluate(BOXES) == before
    name = f"values-set-{size['width']}{'-touch' if touch else ''}.png"
    page.locator("#sentence-panel").screenshot(path=shot(f"keys39-{name}"))
    # Each × beside its value, pulled against it, and at least a finger's least target.
    for value in ("NON_FACTUAL", "FAVOR"):
        button = page.locator(f"#sentence-fields button.value[data-value='{value}']").bounding_box()
        cross = page.locator(f"#sentence-fields .value-off[data-value='{value}']").bounding_box()
        assert 0 <= button["x"] + button["width"] - cross["x"] <= 4, (button, cross)
        assert abs(button["y"] - cross["y"]) <= 1 and cross["width"] >= 24 - 4 * (not touch)
    page.get_by_role("button", name="Take stance FAVOR off sentence 1").click()
    tab.wait_saved()
    assert page.evaluate(BOXES) == before
    labels = api_as(world.tokens["alice"]).layer(world.doc.id)["sentence_labels"]
    assert labels == [{"sentence": 0, "name": "checkworthiness", "value": "NON_FACTUAL"}]
