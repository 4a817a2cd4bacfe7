"""A workspace opened before its project's labels changed: a write from it is refused (409
schema_changed, the page sending the schema version it read), and the page says what became
of the names and offers a Reload that comes back to the same sentence.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


def test_a_write_with_a_label_renamed_since_the_page_opened_offers_a_reload(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "root": "admin"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    admin = api_as(world.tokens["root"])
    admin.write("PATCH", "/projects/demo", {"renames": {"labels": {"SOURCE": "SPEAKER"}}})
    start = TEXT.index("Officials")
    select_text(page, units(TEXT, start), units(TEXT, start + len("Officials")))
    page.keyboard.press("s")  # SOURCE, as the page still knows it
    tab.wait_saved()
    stale = page.locator("#stale")
    stale.wait_for(state="visible")
    said = stale.inner_text()
    # Named by the server (409 schema_changed): the page says which schema version it read.
    assert "the project's labels changed (SOURCE is now SPEAKER): reload to go on" in said
    assert "unknown span label" not in said and "changed elsewhere" not in said
    with page.expect_navigation():
        page.click("#stale-reload")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert "SPEAKER" in page.inner_text("#palette")


def test_a_value_renamed_since_the_page_opened_is_named_and_reload_keeps_the_sentence(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "root": "admin"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    page.keyboard.press("j")  # the second sentence
    admin = api_as(world.tokens["root"])
    admin.write(
        "PATCH", "/projects/demo", {"renames": {"values": {"stance": {"AGAINST": "OPPOSE"}}}}
    )
    page.keyboard.press("a")  # AGAINST, as the page still knows it
    tab.wait_saved()
    stale = page.locator("#stale")
    stale.wait_for(state="visible")
    said = stale.inner_text()
    assert "the project's labels changed (AGAINST is now OPPOSE): reload to go on" in said
    assert "is not one of" not in said and "changed elsewhere" not in said
    with page.expect_navigation():
        page.click("#stale-reload")
    page.wait_for_selector("#workspace[data-ready='true']")
    assert page.evaluate("window.annotatorWorkspace.view.current") == 1
    page.keyboard.press("a")  # the same key, now OPPOSE's: saved on the same sentence
    tab.wait_saved()
    layer = api_as(world.tokens["alice"]).layer(world.doc.id)
    assert layer["sentence_labels"] == [{"sentence": 1, "name": "stance", "value": "OPPOSE"}]


def test_an_annotator_is_told_once_that_the_labels_changed_since_her_last_visit(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "root": "admin"}, doc=(TEXT, "news.txt"))
    alice = api_as(world.tokens["alice"])
    body = {"sentence": 0, "name": "stance", "value": "AGAINST"}
    alice.write("PUT", f"/documents/{world.doc.id}/labels", body)
    tab = open_tab("alice")
    address = f"/projects/demo/documents/{world.doc.id}"
    page = tab.open(address)
    assert page.locator("#labels-changed").is_hidden()  # a first visit notes the version only
    admin = api_as(world.tokens["root"])
    renames = {"values": {"stance": {"AGAINST": "OPPOSE"}}}
    admin.write("PATCH", "/projects/demo", {"renames": renames})
    page = tab.open(address)
    said = page.locator("#labels-changed")
    assert said.is_visible()
    assert said.inner_text() == (
        "The project's labels changed since you last worked on it (renamed value AGAINST of "
        "stance to OPPOSE): your values carry the new names."
    )
    page = tab.open(address)
    assert page.locator("#labels-changed").is_hidden()  # once


def test_a_write_of_names_that_still_stand_is_saved_from_a_page_older_than_a_rename(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator", "root": "admin"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    admin = api_as(world.tokens["root"])
    admin.write(
        "PATCH", "/projects/demo", {"renames": {"values": {"stance": {"AGAINST": "OPPOSE"}}}}
    )
    page.keyboard.press("f")  # FAVOR: the same value as when the page opened
    tab.wait_saved()
    start = TEXT.index("Officials")
    select_text(page, units(TEXT, start), units(TEXT, start + len("Officials")))
    page.keyboard.press("s")  # SOURCE: untouched by the change
    tab.wait_saved()
    assert page.locator("#stale").is_hidden()
    layer = api_as(world.tokens["alice"]).layer(world.doc.id)
    assert layer["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "FAVOR"}]
    assert [span["label"] for span in layer["spans"]] == ["SOURCE"]
    page.keyboard.press("a")  # AGAINST, renamed since: refused, named
    tab.wait_saved()
    page.locator("#stale").wait_for(state="visible")
    assert "AGAINST is now OPPOSE" in page.inner_text("#stale")


def test_an_attribute_value_removed_as_its_label_is_renamed_is_refused_as_labels_changed(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    """The page sends a span's attribute without its label: checked under the name the page
    knew the label by (CLAIM), whose value REPORTED the change that renamed it removed."""
    world = make_world({"alice": "annotator", "root": "admin"}, doc=(TEXT, "news.txt"))
    alice = api_as(world.tokens["alice"])
    start = TEXT.index("the border was closed")
    claim = {"label": "CLAIM", "start": start, "end": start + len("the border was closed")}
    alice.write("POST", f"/documents/{world.doc.id}/spans", claim)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    admin = api_as(world.tokens["root"])
    schema = admin.get("/projects/demo")["schema"]
    for label in schema["span_labels"]:
        if label["name"] == "CLAIM":
            label["name"] = "CHECKABLE"
            label["attributes"][0]["values"] = ["JOURNALIST"]
    for relation in schema["relation_types"]:
        for end in ("from", "to"):
            relation[end] = ["CHECKABLE" if x == "CLAIM" else x for x in relation[end]]
    renames = {"labels": {"CLAIM": "CHECKABLE"}}
    admin.write("PATCH", "/projects/demo", {"schema": schema, "renames": renames})
    page.locator("#text .seg--span", has_text="the border was closed").first.click()
    page.keyboard.press("1")  # claimer REPORTED, as the page still knows it
    tab.wait_saved()
    stale = page.locator("#stale")
    stale.wait_for(state="visible")
    said = stale.inner_text()
    assert "the project's labels changed (REPORTED is gone): reload to go on" in said
    assert "is not one of" not in said
    assert [s["attributes"] for s in alice.layer(world.doc.id)["spans"]] in ([None], [{}])
    tab.errors[:] = [e for e in tab.errors if "409" not in e]
