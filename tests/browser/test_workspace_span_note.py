"""The selected span's panel shows the span's note (brat's ``#`` notes, kept by an import):
the API gave it with the span, but the page showed it nowhere. Its text is text (a tag in it
is shown, never made), its lines kept; a reviewer's review page shows each version's note."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from annotator.models import Span
from tests.browser.browser_helpers import PHONE, shot

pytestmark = pytest.mark.server

TEXT = "Officials said the alliance would raise its target."
NOTE = "check the <b>figure</b>\nsee the report"


@pytest.mark.parametrize("touch", [False, True], ids=["desktop", "phone"])
def test_the_selected_spans_panel_shows_its_note(
    session: Any, make_world: Any, open_tab: Any, api_as: Any, touch: bool
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "summit.txt"))
    api = api_as(world.tokens["alice"])
    doc = world.doc.id
    claim = api.write("POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": 50})
    api.write("POST", f"/documents/{doc}/spans", {"label": "SOURCE", "start": 0, "end": 9})
    # A note comes from an import (brat, jsonl): written here directly, before the page opens
    # (after ending the session's read of the world, older than the server's writes).
    session.commit()
    session.execute(update(Span).where(Span.id == claim["id"]).values(note=NOTE))
    session.commit()

    tab = open_tab("alice", touch=touch)
    width = PHONE if touch else {"width": 1366, "height": 900}
    tab.page.set_viewport_size(width)
    page = tab.open(f"/projects/demo/documents/{doc}")
    claim_on_text = page.locator("#text .seg--span", has_text="the alliance")
    claim_on_text.tap() if touch else claim_on_text.click()
    # Her own layer: the note is in the box she writes it in (test_workspace_span_note_writing).
    note = page.locator("#span-details #span-note-text")
    note.wait_for(timeout=5_000)
    assert note.input_value() == NOTE  # its lines, its tag as text
    assert page.locator("#span-details b").count() == 0
    assert "Note" in page.locator("#span-details #span-note").inner_text()
    page.screenshot(path=shot(f"spannote31-span-note-read-{width['width']}.png"))

    # A span without a note shows an empty box; its note stays after a relabel (the PATCH's
    # answer).
    source = page.locator("#text .seg--span", has_text="Officials")
    source.tap() if touch else source.click()
    page.wait_for_function("() => document.querySelector('#span-note-text')?.value === ''")
    claim_on_text.tap() if touch else claim_on_text.click()
    page.wait_for_function(
        "(note) => document.querySelector('#span-note-text')?.value === note", arg=NOTE
    )
    if not touch:
        page.keyboard.press("b")  # relabel as BIASED_WORD
        tab.wait_saved()
        assert page.locator("#span-details .span-head strong").inner_text() == "BIASED_WORD"
        assert note.input_value() == NOTE
    assert api.layer(doc)["spans"][1].get("note") == NOTE


def test_the_review_page_shows_each_versions_note(
    session: Any, make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"}, doc=(TEXT, "summit.txt")
    )
    doc = world.doc.id
    session.commit()
    for name, end in (("alice", 50), ("bob", 38)):
        api = api_as(world.tokens[name])
        span = api.write(
            "POST", f"/documents/{doc}/spans", {"label": "CLAIM", "start": 15, "end": end}
        )
        if name == "alice":
            alices = span["id"]
    session.execute(update(Span).where(Span.id == alices).values(note=NOTE))
    session.commit()

    tab = open_tab("rita")
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    page = tab.open(f"/projects/demo/review/{doc}")
    notes = page.locator(".version .version-note")
    assert notes.count() == 1
    assert notes.first.inner_text() == NOTE
    assert notes.first.locator("b").count() == 0
    page.screenshot(path=shot("notes31-review-note-1366.png"), full_page=True)
