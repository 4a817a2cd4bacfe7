"""Mark done refused by the server leaves the page showing the status it had.

Found while testing a password change in another tab: the workspace showed "Done" although the
write was refused (403), so the annotator believed the document finished. The status is shown
at once, as every edit is; a refusal now puts back the status the server last answered.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. Nobody else spoke."
REFUSAL = {"error": {"code": "csrf_failed", "message": "CSRF check failed", "details": {}}}


def test_a_refused_mark_done_shows_the_status_it_had(
    make_world: Any, open_tab: Any, api_as: Any
) -> None:
    world = make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    before = page.inner_text("#status-box")
    assert "Done" not in before
    page.route(
        "**/status",
        lambda route: (
            route.fulfill(status=403, content_type="application/json", body=json.dumps(REFUSAL))
            if route.request.method == "PUT"
            else route.continue_()
        ),
    )
    page.click("#mark-done")
    tab.wait_saved()
    page.locator("#signed-out").wait_for(state="visible", timeout=10_000)
    assert page.inner_text("#status-box") == before
    listed = api_as(world.tokens["alice"]).get("/projects/demo/documents")["documents"]
    assert [d["status"] for d in listed] == ["new"]
    # The browser's line for the refusal the test made is not the page's error.
    tab.errors[:] = [e for e in tab.errors if "403" not in e]
