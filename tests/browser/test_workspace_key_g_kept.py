"""A project whose schema gave `g` to a label before the workspace kept it (for the
document's labels): the label keeps the key in the workspace, and the key help says so
rather than promising the document's labels (tests/test_schema_key_g.py: the schema's side)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy.orm import Session

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def test_a_label_given_g_before_keeps_it_and_the_help_says_so(
    make_world: Any, open_tab: Any, api_as: Any, session: Session
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    schema = copy.deepcopy(world.project.schema)
    next(x for x in schema["span_labels"] if x["name"] == "SOURCE")["key"] = "g"
    world.project.schema = schema  # stored as it was, past today's check
    session.commit()
    api = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.focus("#text")
    page.keyboard.press("ArrowRight")  # "Officials"
    page.keyboard.press("g")
    tab.wait_saved()
    assert [(s["label"], s["text"]) for s in api.layer(world.doc.id)["spans"]] == [
        ("SOURCE", "Officials")
    ]
    assert page.evaluate("() => document.activeElement.id") == "text"
    page.keyboard.press("?")
    rows = page.locator("#help-keys tr").all_inner_texts()
    # One row for g, the label's; the document's labels are a Tab away, and said so.
    [g_row] = [row for row in rows if row.split("\t")[0].strip() == "g"]
    assert g_row.split("\t")[1].startswith("select text, then g: a SOURCE span")
    [labels_row] = [row for row in rows if row.startswith("document's labels")]
    assert "in this project g is SOURCE's key" in labels_row
    assert tab.errors == []
