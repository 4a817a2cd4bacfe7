"""A whole project run from the browser, from an empty database with one admin made by the CLI.

The admin creates the project, imports the five seed articles, creates two annotators and a
reviewer, makes the reviewer the project's reviewer and assigns K=2; each annotator marks a
span in a document; the reviewer opens agreement, review and export from the project page's
links and downloads the export. No command line after the first admin; every step's result
is read back through the API.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units
from tests.conftest import PASSWORD, ROOT
from tests.extras import need

need("requests")

pytestmark = pytest.mark.server
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SLUG = "ru-news"


def _create_user(page: Any, username: str, role: str) -> None:
    page.fill("#username", username)
    page.select_option("#role", role)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Create user").click()
    page.wait_for_selector(f"#users tr[data-username='{username}']")


def _mark_first_word(tab: Any, document_id: int, text: str, key: str) -> None:
    page = tab.open(f"/projects/{SLUG}/documents/{document_id}")
    end = text.index(" ")
    select_text(page, 0, units(text, end))
    page.keyboard.press(key)
    tab.wait_saved()


def test_a_lead_runs_a_project_from_an_empty_database(
    runner: Any, open_tab: Any, api_as: Any, make_token: Any, session: Any, tmp_path: Path
) -> None:
    from annotator.services.accounts.users import find_user

    created = runner.invoke(
        args=["users", "create", "lead", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert created.exit_code == 0, created.output
    # The test reads with a token of its own making; the lead never leaves the browser.
    lead_api = api_as(make_token(find_user(session, "lead")))
    lead = open_tab("lead")

    # The project, with the default scheme.
    page = lead.open("/projects/new")
    page.fill("#slug", SLUG)
    page.fill("#name", "Russian foreign policy")
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(f"**/projects/{SLUG}")
    assert lead_api.get(f"/projects/{SLUG}")["slug"] == SLUG

    # The five seed articles, several files in one upload.
    page.set_input_files("input[name=files]", [str(path) for path in SEEDS])
    page.click("form[data-upload] button[type=submit]")
    page.wait_for_selector(".flash", timeout=20_000)
    page.wait_for_function(
        "() => document.querySelectorAll('table.table tbody tr').length === 5", timeout=20_000
    )
    documents = lead_api.get(f"/projects/{SLUG}/documents")["documents"]
    assert len(documents) == len(SEEDS) == 5

    # People: two annotators and a reviewer, the reviewer by project role only.
    page = lead.open("/admin/users")
    for username in ("ann", "ben", "rhea"):
        _create_user(page, username, "annotator")
    users = {u["username"]: u for u in lead_api.get("/users")["users"]}
    assert {"ann", "ben", "rhea"} <= set(users)
    page = lead.open(f"/projects/{SLUG}/people")
    page.fill("#username", "rhea")  # typed: the field suggests, it lists nobody
    page.select_option("#role", "reviewer")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_selector("tr[data-username='rhea']")
    members = lead_api.get(f"/projects/{SLUG}/members")["members"]
    assert {"username": "rhea", "role": "reviewer"} in members

    # Assignment: K=2 of the two annotators gives each every document.
    page = lead.open(f"/projects/{SLUG}/assignments")
    for username in ("ann", "ben"):
        page.check(f"#assign-form input[value='{username}']")
    page.fill("#per_document", "2")
    with page.expect_navigation():
        page.click("#assign-form button[type=submit]")
    page.wait_for_selector("#loads tr[data-username='ben']")
    assert page.inner_text("#loads tr[data-username='ann'] [data-column='assigned']") == "5"
    listed = lead_api.get(f"/projects/{SLUG}/documents")["documents"]
    assert [d["progress"] for d in listed] == [{"done": 0, "assigned": 2}] * 5

    # Each annotator marks a span in the first document.
    first = min(d["id"] for d in documents)
    text = lead_api.get(f"/documents/{first}")["text"]
    for username, key in (("ann", "s"), ("ben", "s")):
        tab = open_tab(username)
        _mark_first_word(tab, first, text, key)
        layer = lead_api.get(f"/documents/{first}/annotations", annotator=username)
        assert [s["label"] for s in layer["spans"]] == ["SOURCE"], layer

    report = lead_api.get(f"/projects/{SLUG}/agreement")
    assert report["annotators"] == ["ann", "ben"] and report["schema_version"] == 1

    # The reviewer finds agreement, review and export on the project page, and downloads.
    reviewer = open_tab("rhea")
    page = reviewer.open(f"/projects/{SLUG}")
    links = {a.inner_text().strip() for a in page.locator("nav.project-nav a").all()}
    assert {"Agreement", "Review", "Export"} <= links and "Settings" not in links
    for text in ("Agreement", "Review"):
        # Counted once the page has loaded: a click returns when the navigation begins.
        with page.expect_navigation():
            page.click(f"nav.project-nav a:has-text('{text}')")
        assert page.locator("h1").count() == 1 and reviewer.errors == []
        page.go_back()
    page.click("nav.project-nav a:has-text('Export')")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    saved = tmp_path / "export.jsonl"
    download.value.save_as(saved)
    records = [json.loads(line) for line in saved.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 5
    marked = next(r for r in records if any(a["spans"] for a in r["annotations"]))
    assert sorted(a["annotator"] for a in marked["annotations"] if a["spans"]) == ["ann", "ben"]
