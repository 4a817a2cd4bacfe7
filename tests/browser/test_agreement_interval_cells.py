"""The Labels table shows both intervals, alpha's and Fleiss kappa's, each saying what was
resampled, and still fits a desktop window and a phone (the widest case: with the α MASI
column of a multi-valued field)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "First sentence here.\n\nSecond one there.\n\nThird and last."
SCHEMA: dict[str, Any] = {
    "name": "Stance and bias",
    "span_labels": [{"name": "CLAIM", "key": "c"}],
    "sentence_labels": [
        {"name": "stance", "values": ["FAVOR", "AGAINST", "NONE"]},
        {"name": "bias", "values": ["framing", "loaded"], "multiple": True},
    ],
}
DOCUMENTS = 6
STANCES = ("FAVOR", "AGAINST", "NONE")

# The Labels table: how far it reaches past its box, the page's overflow, and the stance row's
# cells by their names.
LABELS_JS = """() => {
  const table = document.querySelector('#intervals-note').parentElement
    .querySelector('.table-scroll table');
  const box = table.closest('.table-scroll');
  const row = [...table.querySelectorAll('tbody tr')]
    .find((tr) => tr.querySelector('th').textContent.trim() === 'stance');
  return {
    over: box.scrollWidth - box.clientWidth,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    cells: Object.fromEntries([...row.querySelectorAll('td')]
      .map((td) => [td.dataset.label, td.innerText.replace(/\\s+/g, ' ').trim()])),
  };
}"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    documents = {f"d{i}": (TEXT, f"d{i}.txt") for i in range(DOCUMENTS)}
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        slug="stances",
        schema=SCHEMA,
        **documents,
    )
    for coder, name in enumerate(("alice", "bob")):
        api = api_as(world.tokens[name])
        for i in range(DOCUMENTS):
            doc = getattr(world, f"d{i}").id
            for sentence in range(3):
                # Even documents agreed, odd ones split: the documents differ.
                stance = STANCES[(i + sentence + (coder if i % 2 else 0)) % 3]
                for field, value in (("stance", stance), ("bias", ["framing"])):
                    label = {"sentence": sentence, "name": field, "value": value}
                    api.write("PUT", f"/documents/{doc}/labels", label)
    return world


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE])
def test_both_intervals_say_what_was_resampled_and_fit(
    world: Any, open_tab: Any, viewport: dict[str, int]
) -> None:
    tab = open_tab("rita")
    page = tab.open("/projects/stances/agreement?status=all")
    page.set_viewport_size(viewport)
    found = page.evaluate(LABELS_JS)
    interval = re.compile(r"-?\d\.\d{3} to -?\d\.\d{3} documents resampled")
    assert interval.search(found["cells"]["α nominal (95 % CI)"]), found["cells"]
    assert interval.search(found["cells"]["Fleiss κ (95 % CI)"]), found["cells"]
    assert found["over"] <= 1
    assert found["page"] == 0
