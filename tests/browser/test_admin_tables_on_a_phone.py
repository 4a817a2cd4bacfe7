"""The assignments page's loads and the audit log on a phone: every column is within the
window, without scrolling the tables sideways.

On a 390 px phone the loads table (452 px) and the audit log's (966 px) were wider than the
page's 342 px column: a load's Done and an entry's Before and After were past the window's
right edge, reached only by scrolling the table sideways.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services import audit_log
from annotator.services.accounts import membership
from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, within_the_window

pytestmark = pytest.mark.server


@pytest.fixture
def world(make_world: Any, session: Any) -> Any:
    made = make_world(
        {"ada": "admin", "alice": "annotator", "bartholomew": "annotator"},
        slug="russian-foreign-policy-news",
        doc=("The talks failed.", "reuters-2024-05-01-moscow-talks-failed.txt"),
        other=("Moscow denied it.", "reuters-2024-05-02-moscow-denied-it.txt"),
    )
    for name in ("alice", "bartholomew"):
        membership.set_member(session, made.project, getattr(made, name), "annotator")
    # An entry as a big assignment leaves it: long document names in Before and After.
    names = [f"reuters-2024-05-{day:02d}-moscow-talks.txt" for day in range(1, 12)]
    audit_log.record(
        session,
        made.ada,
        "assignment.reassign",
        project_slug=made.project.slug,
        target="bartholomew",
        before={"from": "alice", "documents": names},
        after={"to": "bartholomew", "documents": names},
    )
    session.commit()
    return made


def _on_a_phone(open_tab: Any, path: str) -> Any:
    tab = open_tab("ada", touch=True)
    tab.page.set_viewport_size(PHONE)
    return tab.open(path)


def test_each_load_is_within_a_phones_window(world: Any, open_tab: Any) -> None:
    page = _on_a_phone(open_tab, "/projects/russian-foreign-policy-news/assignments")
    loads = page.locator("#loads")
    for column in ("assigned", "open", "done"):
        within_the_window(loads.locator(f"td[data-column={column}]"))
    assert page.evaluate(SIDEWAYS_JS) == 0


def test_each_audit_entry_is_within_a_phones_window(world: Any, open_tab: Any) -> None:
    page = _on_a_phone(open_tab, "/admin/audit")
    entries = page.locator("#audit")
    within_the_window(entries.locator("tbody th, tbody td"))
    assert "assignment.reassign" in entries.inner_text()
    assert page.evaluate(SIDEWAYS_JS) == 0
