"""Mark done refused for a required DOCUMENT field: the field is marked, its control takes
the focus (a phone's folded Document labels opened), and the live region says so.

A refused required sentence field marked the sentences and jumped to the first; a refused
document field did neither: the toast named 'genre', and the annotator had to find the
Document panel (folded away on a phone) for themselves, a screen reader's user with nothing
said of where it was.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.browser.browser_helpers import shot
from tests.conftest import SEED_SCHEMA

pytestmark = pytest.mark.server

TEXT = "The border was closed. Trade fell. Prices rose."


def _schema(*, multiple: bool = False) -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    genre = next(f for f in schema["document_labels"] if f["name"] == "genre")
    genre["required"] = True
    if multiple:
        genre["multiple"] = True
    return schema


def _announced(page: Any) -> str:
    return page.evaluate("() => document.getElementById('announce').textContent")


def _focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const e = document.activeElement;
          return { id: e.id, focus: e.dataset.focus || null,
                   invalid: e.getAttribute('aria-invalid'),
                   described: e.getAttribute('aria-describedby') }; }"""
    )


def _in_view(page: Any, selector: str) -> bool:
    return page.evaluate(
        """(s) => { const r = document.querySelector(s).getBoundingClientRect();
          return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""",
        selector,
    )


def test_done_refused_for_a_document_field_focuses_and_marks_it(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=_schema())
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert page.locator(".doc-field.is-missing").count() == 0  # nothing said before it is asked
    page.click("#mark-done")
    tab.wait_saved()
    page.locator(".doc-field.is-missing").wait_for(state="visible", timeout=10_000)
    focused = _focused(page)
    assert focused["id"] == "doc-label-genre"
    assert focused["invalid"] == "true"
    note = page.locator(f"#{focused['described']}")
    assert note.inner_text() == "genre: required"
    words = _announced(page)
    assert words.startswith("Not marked done: the required document field 'genre' has no value")
    assert "has the focus, under Document" in words
    assert "'genre'" in page.inner_text("#notice")  # the server's message, in the toast
    assert "Done" not in page.inner_text("#status-box")
    assert _in_view(page, "#doc-label-genre")
    # No sentence is marked: only the document lacks a value.
    assert page.locator(".sent.is-missing").count() == 0
    page.screenshot(path=shot("required39-document-field-refused.png"))
    # A value given takes the mark away; Mark done then passes.
    page.select_option("#doc-label-genre", "NEWS")
    tab.wait_saved()
    page.wait_for_function("() => !document.querySelector('.doc-field.is-missing')")
    assert page.get_attribute("#doc-label-genre", "aria-invalid") is None
    page.click("#mark-done")
    tab.wait_saved()
    listed = api_as(world.tokens["alice"]).get("/projects/demo/documents")["documents"]
    assert [d["status"] for d in listed] == ["done"]
    tab.errors[:] = [e for e in tab.errors if "422" not in e]


def test_on_a_phone_the_folded_document_labels_open_at_the_first_box_of_a_multiple_field(
    make_world: Any, open_tab: Any
) -> None:
    world = make_world(
        {"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=_schema(multiple=True)
    )
    tab = open_tab("alice")
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    tab.open(f"/projects/demo/documents/{world.doc.id}")
    assert not page.is_visible("#document-fields")  # folded, as a phone opens
    page.keyboard.press("Control+Enter")  # Mark done by its key
    tab.wait_saved()
    page.locator(".doc-field.is-missing").wait_for(state="visible", timeout=10_000)
    assert "is-open" in (page.get_attribute("#document-panel", "class") or "")
    assert page.get_attribute("#document-toggle", "aria-expanded") == "true"
    focused = _focused(page)
    assert focused["focus"].startswith("doc:genre:")  # its first box
    assert page.get_attribute(".doc-field.is-missing", "aria-invalid") == "true"
    assert _in_view(page, ".doc-field.is-missing input")
    assert "'genre'" in _announced(page)
    page.screenshot(path=shot("required39-document-field-refused-phone.png"))
    # Space ticks the focused box: the value is given, the mark goes.
    page.keyboard.press("Space")
    tab.wait_saved()
    page.wait_for_function("() => !document.querySelector('.doc-field.is-missing')")
    tab.errors[:] = [e for e in tab.errors if "422" not in e]


def test_a_sentence_field_blank_too_keeps_the_jump_to_the_sentence(
    make_world: Any, open_tab: Any
) -> None:
    """The message names sentence fields first; the text jumps there, as before, and the
    document field is marked beside it without taking the focus from the text's keys."""
    schema = _schema()
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["required"] = True
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"), schema=schema)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.click("#mark-done")
    tab.wait_saved()
    page.locator(".doc-field.is-missing").wait_for(state="visible", timeout=10_000)
    assert page.locator(".sent.is-missing").count() == 3
    assert _focused(page)["id"] != "doc-label-genre"
    tab.errors[:] = [e for e in tab.errors if "422" not in e]
