"""The import page's Format on a phone: every choice read whole, each format said in full.

A closed select shows its chosen option's text on one line, cut at the select's edge; on a
390 px window "brat standoff: a .zip, or .txt and .ann files" was cut after ".txt and".
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

# The text an option may take: the select's inner width less the room of its arrow.
FITS = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight) - 20;
  return [...select.options].map(o => [o.text, context.measureText(o.text).width <= room]);
}"""

FULL_NAMES = (
    "brat standoff: a .zip, or .txt and .ann files",
    "TOKEN ... TAG columns",
    "doccano, Label Studio, jsonl: their records in .json or .jsonl files, or .csv and .txt",
)


@pytest.mark.parametrize("width", [390, 1366])
def test_every_format_is_read_whole_and_said_in_full(
    make_user: Any, make_project: Any, open_tab: Any, width: int
) -> None:
    make_user("ada", "admin")
    make_project("demo")
    tab = open_tab("ada")
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = tab.open("/projects/demo/import")
    fits = page.eval_on_selector("select[name=format]", FITS)
    assert [text for text, whole in fits if not whole] == [], fits
    hint = page.locator("#format-hint")
    assert page.get_attribute("select[name=format]", "aria-describedby") == "format-hint"
    said = hint.inner_text()
    for full in FULL_NAMES:
        assert full in said
