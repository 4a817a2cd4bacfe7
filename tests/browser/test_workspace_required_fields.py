"""Mark done with a required label field left blank: refused, the sentences shown, the first
one jumped to.

A team lead found a document marked done with no stance on sentence 5 and nothing said; the
agreement report then left the blank out, as if it agreed. The server refuses "done" naming
the field and the sentences; the workspace marks each sentence lacking a value and moves to
the first.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import shot
from tests.browser.workspace_keys import notice
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

SENTENCES = 40
TEXT = " ".join(f"Sentence {n} says the border was closed." for n in range(1, SENTENCES + 1))
BLANK = (30, 35)  # indexes: sentences 31 and 36 as the workspace numbers them


def _schema() -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    stance["required"] = True
    return schema


def _in_view(page: Any, index: int) -> bool:
    return page.evaluate(
        """(i) => { const r = document.querySelector(`.sent[data-i="${i}"]`)
          .getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }""",
        index,
    )


def test_done_refused_marks_blank_sentences_and_jumps_to_the_first(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=_schema())
    api = api_as(world.tokens["alice"])
    for i in range(SENTENCES):
        if i not in BLANK:
            body = {"sentence": i, "name": "stance", "value": "NONE"}
            api.write("PUT", f"/documents/{world.doc.id}/labels", body)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator(".chip--missing").count() == 0  # nothing said before it is asked
    name = page.locator("#sentence-fields .field-row[data-field=stance] .field-row__name")
    assert name.inner_text().endswith("· required")
    page.click("#mark-done")
    tab.wait_saved()
    page.locator(".chip--missing").first.wait_for(state="visible", timeout=10_000)
    assert "'stance'" in notice(page)
    assert "sentences 31 and 36" in notice(page)
    assert "Done" not in page.inner_text("#status-box")
    missing = page.eval_on_selector_all(".sent.is-missing", "rows => rows.map(r => r.dataset.i)")
    assert missing == [str(i) for i in BLANK]
    assert page.get_attribute(".sent.is-current", "data-i") == str(BLANK[0])
    page.wait_for_function(
        """() => { const r = document.querySelector(".sent.is-current").getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight; }""",
        timeout=5_000,
    )
    assert _in_view(page, BLANK[0])
    page.screenshot(path=shot("required38-workspace-required-missing.png"))
    # A value given takes that sentence's mark away; the other stays.
    page.focus("#text")
    page.keyboard.press("n")
    tab.wait_saved()
    page.wait_for_function(
        f"""() => !document.querySelector('.sent[data-i="{BLANK[0]}"]')
          .classList.contains("is-missing")"""
    )
    missing = page.eval_on_selector_all(".sent.is-missing", "rows => rows.map(r => r.dataset.i)")
    assert missing == [str(BLANK[1])]
    for _ in range(BLANK[1] - BLANK[0]):
        page.keyboard.press("j")
    page.keyboard.press("n")
    tab.wait_saved()
    assert page.locator(".chip--missing").count() == 0
    page.click("#mark-done")
    tab.wait_saved()
    listed = api.get("/projects/demo/documents")["documents"]
    assert [d["status"] for d in listed] == ["done"]
    # The browser's line for the refusal (a 422) is not the page's error.
    tab.errors[:] = [e for e in tab.errors if "422" not in e]
