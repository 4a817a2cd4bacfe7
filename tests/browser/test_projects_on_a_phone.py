"""The projects list on a phone: every project's progress is within the window, without
scrolling the table sideways.

On a 390 px phone the list hid each project's "N of M done" past the window's right edge,
reached only by scrolling the table sideways, which nothing on the page hinted at.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import PHONE, SIDEWAYS_JS, within_the_window

pytestmark = pytest.mark.server


def test_each_projects_progress_is_within_a_phones_window(
    make_world: Any, make_project: Any, open_tab: Any
) -> None:
    make_world(
        {"ada": "admin", "alice": "annotator"},
        slug="russian-foreign-policy-news",
        doc=("The talks failed.", "talks.txt"),
    )
    make_project("second")
    tab = open_tab("ada", touch=True)
    tab.page.set_viewport_size(PHONE)
    page = tab.open("/")
    within_the_window(page.locator(".progress__text"))
    assert page.evaluate(SIDEWAYS_JS) == 0
