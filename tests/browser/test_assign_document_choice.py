"""The Assign form gives chosen documents: typed by id, or those nobody has yet."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.core.wording import NAMING_DOCUMENTS

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


def test_the_assign_form_gives_the_documents_chosen(
    make_world: Any, make_document: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world(
        {"root": "admin", "ann": "annotator", "ben": "annotator"}, one=(TEXT, "one.txt")
    )
    for name in ("two.txt", "three.txt"):
        make_document(world.project, f"{TEXT} {name}", name)
    reader = api_as(world.tokens["root"])
    page = open_tab("root").open("/projects/demo/assignments")
    hint = page.inner_text("#assign-documents-hint")
    assert NAMING_DOCUMENTS in hint

    # Typed: only two.txt, to ann alone.
    page.uncheck("#assign-form input[value='ben']")
    page.fill("#per_document", "1")
    page.fill("#assign-documents", "two.txt")
    with page.expect_navigation():
        page.click("#assign-form button[type=submit]")
    assert "1 new assignment over 1 document: #2 (two.txt)." in page.inner_text(".flash")
    assert _assigned(reader) == {"one.txt": 2, "two.txt": 1, "three.txt": 0}

    # Chosen: the documents nobody has yet (three.txt), to ben.
    page.uncheck("#assign-form input[value='ann']")
    page.check("#assign-form input[value='ben']")
    page.fill("#per_document", "1")
    page.check("#assign-form input[name='only'][value='unassigned']")
    with page.expect_navigation():
        page.click("#assign-form button[type=submit]")
    assert "1 new assignment over 1 document: #3 (three.txt)." in page.inner_text(".flash")
    assert _assigned(reader) == {"one.txt": 2, "two.txt": 1, "three.txt": 1}


def _assigned(reader: Any) -> dict[str, int]:
    listed = reader.get("/projects/demo/documents")["documents"]
    return {d["external_id"]: d["progress"]["assigned"] for d in listed}
