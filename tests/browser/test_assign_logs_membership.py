"""An assignment that makes a user a member of the project is in the audit log.

The Assignments page may give documents to a user whose role is annotator and who is not yet
a member, which makes them the project's annotator: the People page's add logs that as
``member.set``, the assignment did not. Now the audit page lists it, once.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import SIDEWAYS_JS

pytestmark = pytest.mark.server

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


def test_assigning_a_never_member_is_listed_on_the_audit_page(
    make_world: Any, open_tab: Any, make_user: Any
) -> None:
    make_world({"root": "admin", "ann": "annotator"}, doc=(TEXT, "talks.txt"))
    make_user("nia", "annotator")  # never a member of demo
    tab = open_tab("root")
    page = tab.open("/projects/demo/assignments")
    for username in ("ann", "nia"):
        page.check(f"#assign-form input[value='{username}']")
    page.fill("#per_document", "2")
    for _ in range(2):  # the second time, nia is a member already: nothing more logged
        with page.expect_navigation():
            page.click("#assign-form button[type=submit]")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        tab.open("/admin/audit?project=demo")
        rows = page.locator("tr", has=page.locator("code", has_text="member.set"))
        assert rows.count() == 1
        assert rows.locator("td[data-label=Target]").inner_text() == "nia"
        assert rows.locator("td[data-label=Who]").inner_text() == "root"
        assert page.evaluate(SIDEWAYS_JS) == 0
    assert tab.errors == []
