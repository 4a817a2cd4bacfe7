"""Importing files from the project page in Chromium: problems shown in the page, or stored.

Files are set on the real ``files`` input and the form is submitted as a user would; what
was stored is read back through the API.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extras import need

need("requests")

pytestmark = pytest.mark.server

GOOD = b'{"id": "g1", "text": "A good document.", "title": "Good one"}\n'
BROKEN = (
    b'{"id": "b1", "text": "Fine so far."}\n{"id": "b2", "text": <img src=x onerror=alert(1)>}\n'
)


@pytest.fixture
def world(make_world: Any) -> Any:
    world = make_world({"ada": "admin"})
    world.token = world.tokens["ada"]
    return world


def _files(*pairs: tuple[str, bytes]) -> list[dict[str, Any]]:
    return [
        {"name": name, "mimeType": "application/octet-stream", "buffer": data}
        for name, data in pairs
    ]


def test_a_broken_line_stores_nothing_and_is_shown_with_its_file_and_line(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    page.set_input_files("input[name=files]", _files(("good.jsonl", GOOD), ("bad.jsonl", BROKEN)))
    assert "2 files: good.jsonl, bad.jsonl" in page.inner_text("[data-chosen]")
    page.click("form[data-upload] button[type=submit]")
    problems = page.locator("#upload-problems")
    problems.locator("code").first.wait_for(timeout=10_000)
    text = problems.inner_text()
    headline = problems.locator("strong").inner_text()
    assert headline == "Nothing was imported: 1 problem in the files, listed below."
    assert "bad.jsonl:2: not valid JSON" in text
    # The broken line's markup is shown as text, never made into an element.
    assert problems.locator("img").count() == 0
    assert page.evaluate("window.location.pathname") == "/projects/demo"
    reader = api_as(world.token)
    assert reader.get("/projects/demo/documents") == {"documents": []}


def test_several_good_files_are_imported_and_listed(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    note = b"A short heading\nThe note's body, which is long enough.\n"
    csv = b"id,text\nc1,From a CSV file.\n"
    page.set_input_files(
        "input[name=files]", _files(("good.jsonl", GOOD), ("note.txt", note), ("rows.csv", csv))
    )
    page.click("form[data-upload] button[type=submit]")
    page.wait_for_selector(".flash", timeout=10_000)
    assert "Imported 3 new documents" in page.inner_text(".flash")
    listed = page.inner_text("table")
    assert "Good one" in listed and "A short heading" in listed and "c1" in listed
    stored = api_as(world.token).get("/projects/demo/documents", page=1)
    assert stored["total"] == 3
    assert {d["external_id"] for d in stored["documents"]} == {"g1", "note.txt", "c1"}


def test_files_dropped_on_the_zone_are_imported(world: Any, open_tab: Any, api_as: Any) -> None:
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    dropped = page.evaluate_handle(
        """() => {
          const data = new DataTransfer();
          data.items.add(new File(['{"id": "d1", "text": "Dropped here."}'], "drop.jsonl"));
          return data;
        }"""
    )
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": dropped})
    assert page.inner_text("[data-chosen]") == "1 file: drop.jsonl"
    page.click("form[data-upload] button[type=submit]")
    page.wait_for_selector(".flash", timeout=10_000)
    stored = api_as(world.token).get("/projects/demo/documents")
    assert [d["external_id"] for d in stored["documents"]] == ["d1"]


def test_a_failed_import_after_a_good_one_leaves_no_word_of_success_on_the_page(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """The page's message about the previous import ("Imported 1 new document") goes when the
    next upload starts; it stayed above "Nothing was imported", saying both at once."""
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    page.set_input_files("input[name=files]", _files(("good.jsonl", GOOD)))
    page.click("form[data-upload] button[type=submit]")
    page.wait_for_selector(".flash", timeout=10_000)
    assert "Imported 1 new document" in page.inner_text(".flash")
    page.set_input_files("input[name=files]", _files(("bad.jsonl", BROKEN)))
    page.click("form[data-upload] button[type=submit]")
    page.locator("#upload-problems code").first.wait_for(timeout=10_000)
    assert "Nothing was imported" in page.inner_text("#upload-problems")
    assert page.locator(".flash").count() == 0
    stored = api_as(world.token).get("/projects/demo/documents")
    assert [d["external_id"] for d in stored["documents"]] == ["g1"]


def test_the_box_that_leaves_out_a_text_already_there_is_sent_by_the_pages_upload(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    """The page's script sends the form's fields with the files: the checkbox too."""
    tab = open_tab("ada")
    page = tab.open("/projects/demo")
    text = b"The Kremlin said nothing.\n"
    page.set_input_files("input[name=files]", _files(("kremlin.txt", text), ("copy.txt", text)))
    page.get_by_label("Leave out documents whose text is already there").check()
    page.click("form[data-upload] button[type=submit]")
    page.wait_for_selector(".flash", timeout=10_000)
    flashed = page.inner_text("main")
    assert "Skipped 1 document whose text is there already." in flashed
    assert "Skipped copy.txt: same text as document 'kremlin.txt' (kremlin.txt)" in flashed
    stored = api_as(world.token).get("/projects/demo/documents")
    assert [d["external_id"] for d in stored["documents"]] == ["kremlin.txt"]
