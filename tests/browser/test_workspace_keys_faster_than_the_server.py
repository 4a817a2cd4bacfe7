"""Keys pressed faster than the server answers leave the page showing what the server holds.

Found by an annotator's day of work: c, s, Ctrl+→, Delete, Ctrl+Z pressed a few milliseconds
apart left, about one time in five, "CLAIM: The fact" on the page, said "Saved", while the
server held "SOURCE: The fact that". The relabel's and the move's writes read the span's
version from the page as their turn came, when the span had left the page (removed, then put
back by the undo with no version yet): they failed before being sent, and the reload after
the failure read the layer while the rest of the queue was still on its way, so the page
showed the server as it was before them. Now those writes take the version last answered, and
a reload reads the layer once the page's queued writes are all answered.

The first four keys are dispatched in one task of the page, so that all of them act before
the first answer (the relabel's and the move's writes then find the span gone from the page),
and Ctrl+Z once those writes have had their turn: the timing the annotator hit, made certain.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "The fact that officials denied it matters. Nobody else spoke."

FOUR_KEYS_JS = """() => {
  const press = (key, ctrl = false) => document.dispatchEvent(new KeyboardEvent("keydown",
    { key, ctrlKey: ctrl, bubbles: true, cancelable: true }));
  press("c"); press("s"); press("ArrowRight", true); press("Delete");
}"""

PAGE_SPANS_JS = """() => [...window.annotatorWorkspace.store.spans.values()]
  .map((s) => [s.label, s.start, s.end, s.id])"""


def test_five_keys_before_the_first_answer_end_as_the_server_holds(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "fact.txt"))
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("ArrowRight")  # "The", the first word
    page.evaluate(FOUR_KEYS_JS)
    page.wait_for_function("() => window.annotatorWorkspace.api.pending() === 0", timeout=10_000)
    page.keyboard.press("Control+z")
    tab.wait_saved()
    page.wait_for_function(
        "() => window.annotatorWorkspace.api.pending() === 0"
        " && !window.annotatorWorkspace.actions.reloading",
        timeout=10_000,
    )
    server = [(s["label"], s["start"], s["end"], s["id"]) for s in api.layer(world.doc.id)["spans"]]
    # The undo put back the span as it was before Delete: a SOURCE over "The fact".
    assert [(label, TEXT[start:end]) for label, start, end, _ in server] == [("SOURCE", "The fact")]
    assert [tuple(span) for span in page.evaluate(PAGE_SPANS_JS)] == server
    assert page.inner_text("#save-state") == "Saved"
