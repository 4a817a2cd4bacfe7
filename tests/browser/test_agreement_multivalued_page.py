"""The agreement page with a multi-valued field: alpha with MASI beside the whole-set figures,
and a row per value, readable on a desktop and stacked on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE

pytestmark = pytest.mark.server

TEXT = "First sentence here.\n\nSecond one there.\n\nThird and last."
SCHEMA: dict[str, Any] = {
    "name": "Bias types",
    "span_labels": [
        {
            "name": "CLAIM",
            "key": "c",
            "attributes": [{"name": "kind", "values": ["framing", "loaded"], "multiple": True}],
        }
    ],
    "sentence_labels": [
        {"name": "bias", "values": ["framing", "loaded", "spin"], "multiple": True},
        {"name": "stance", "values": ["FAVOR", "AGAINST"]},
    ],
}
# Worked by hand in tests/test_agreement_sets.py: alpha MASI 0.2, loaded 4/9.
SETS = {
    "alice": [["framing", "loaded"], ["framing"], ["loaded"]],
    "bob": [["framing"], ["framing"], ["loaded", "framing"]],
}

# The per-value table: its rows' cells by their names, and how far it reaches past its box.
VALUES_JS = """(id) => {
  const table = document.querySelector(`#${id} + p + .table-scroll table`);
  const box = table.closest('.table-scroll');
  return {
    over: box.scrollWidth - box.clientWidth,
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    rows: [...table.querySelectorAll('tbody tr')].map((row) => Object.fromEntries(
      [['name', row.querySelector('th').textContent.trim()],
       ...[...row.querySelectorAll('td')].map((td) => [td.dataset.label, td.textContent.trim()])])),
  };
}"""


@pytest.fixture
def world(make_world: Any, api_as: Any) -> Any:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        slug="bias",
        schema=SCHEMA,
        doc=(TEXT, "d1.txt"),
    )
    for name, sets in SETS.items():
        api = api_as(world.tokens[name])
        for sentence, values in enumerate(sets):
            label = {"sentence": sentence, "name": "bias", "value": values}
            api.write("PUT", f"/documents/{world.doc.id}/labels", label)
            start = TEXT.index(["First", "Second", "Third"][sentence])
            span = {"label": "CLAIM", "start": start, "end": start + 5}
            kinds = [v for v in values if v != "spin"]
            api.write(
                "POST", f"/documents/{world.doc.id}/spans", span | {"attributes": {"kind": kinds}}
            )
    return world


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 900}, PHONE])
def test_masi_alpha_and_each_value_are_on_the_page(world: Any, open_tab: Any, viewport) -> None:
    tab = open_tab("rita")
    page = tab.open("/projects/bias/agreement?status=all")
    page.set_viewport_size(viewport)
    masi = page.locator('tr:has(th:text-is("bias")) td[data-label="α MASI"]')
    assert masi.inner_text(timeout=5000) == "0.200"
    stance = page.locator('tr:has(th:text-is("stance")) td[data-label="α MASI"]')
    assert stance.inner_text(timeout=5000) == "n/a"
    found = page.evaluate(VALUES_JS, "label-values")
    assert [row["name"] for row in found["rows"]] == [
        "bias = framing",
        "bias = loaded",
        "bias = spin",
    ]
    loaded = found["rows"][1]
    assert (loaded["Units"], loaded["Chosen"], loaded["α nominal"]) == ("3", "3", "0.444")
    assert loaded["Units, all chose it"] == "1"
    assert found["over"] <= 1
    assert found["page"] == 0
    # The claims carry the same sets as attributes: the attributes' table has its own rows.
    kinds = page.evaluate(VALUES_JS, "attribute-values")
    assert [row["name"] for row in kinds["rows"]] == ["CLAIM.kind = framing", "CLAIM.kind = loaded"]
    assert kinds["rows"][1]["α nominal"] == "0.444"
    assert kinds["over"] <= 1
    masi = page.locator('tr:has(th:text-is("CLAIM.kind")) td[data-label="α MASI"]')
    assert masi.inner_text(timeout=5000) == "0.200"
