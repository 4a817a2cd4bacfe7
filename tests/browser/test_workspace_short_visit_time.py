"""A visit shorter than the half-minute between reports still counts its active time: what is
not yet reported is sent as the page is hidden or left. On the real clock, in real Chromium.

A report says which visit (page load) it belongs to and how far that visit's count reaches,
so the server credits each second of a visit once: a report that arrives twice (or after a
later one that carried its seconds) adds nothing.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."
#: How long the stored value may take to land: the report leaves as the page goes.
LANDS_WITHIN_S = 20


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def work_for(page: Any, seconds: float) -> None:
    """Be active on the page for ``seconds`` of real time: a key every half second."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(500)


def stored_seconds(reader: Any, document_id: int, at_least: int) -> int:
    """Return the layer's stored active seconds once they reach ``at_least`` (or time is up),
    after a moment more for a second report on its way to land."""
    deadline = time.monotonic() + LANDS_WITHIN_S
    while reader.layer(document_id)["seconds"] < at_least and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)
    return int(reader.layer(document_id)["seconds"])


def set_hidden(page: Any, hidden: bool) -> None:
    """Hide or show the page as a switch to another tab does: visibilityState changes and
    visibilitychange fires. Headless Chromium keeps every page visible (another tab brought
    to the front, or the window minimised, leaves it "visible"), so the document says so."""
    page.evaluate(
        """(hidden) => {
          const own = (value) => ({ configurable: true, get: () => value });
          Object.defineProperty(document, "visibilityState", own(hidden ? "hidden" : "visible"));
          Object.defineProperty(document, "hidden", own(hidden));
          document.dispatchEvent(new Event("visibilitychange"));
        }""",
        hidden,
    )


@pytest.mark.parametrize("away", ["address", "close"])
def test_a_visit_shorter_than_a_report_is_counted(
    world: Any, open_tab: Any, api_as: Any, away: str
) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    work_for(page, 5)
    if away == "address":
        page.goto(tab.server.url + "/projects/demo")
    else:
        page.close(run_before_unload=True)
    stored = stored_seconds(reader, world.doc.id, 4)
    assert 4 <= stored < 30, stored


#: Kept by the page: every report of active time it sends, with its headers (CSRF), in
#: localStorage, so that the next page of the site can send the last one again.
RECORD_REPORTS_JS = """(() => {
  const send = window.fetch;
  window.fetch = (url, options = {}) => {
    if (String(url).split("?")[0].endsWith("/time")) {
      const sent = JSON.parse(localStorage.getItem("time-reports") || "[]");
      sent.push({ url: String(url), body: options.body, headers: options.headers });
      localStorage.setItem("time-reports", JSON.stringify(sent));
    }
    return send(url, options);
  };
})();"""

SEND_LAST_AGAIN_JS = """async () => {
  const last = JSON.parse(localStorage.getItem("time-reports")).pop();
  const answer = await fetch(last.url, {
    method: "POST", headers: last.headers, body: last.body, credentials: "same-origin" });
  return [answer.status, await answer.json()];
}"""


def test_two_visits_add_up_and_a_report_sent_twice_counts_once(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.page
    page.add_init_script(RECORD_REPORTS_JS)

    tab.open(f"/projects/demo/documents/{world.doc.id}")
    work_for(page, 5)
    page.goto(tab.server.url + "/projects/demo")
    first = stored_seconds(reader, world.doc.id, 4)
    assert 4 <= first <= 7, first

    tab.open(f"/projects/demo/documents/{world.doc.id}")
    work_for(page, 5)
    page.goto(tab.server.url + "/projects/demo")
    both = stored_seconds(reader, world.doc.id, first + 4)
    # The second visit added its own seconds once: not the first visit's again, and not
    # once on hiding and again on leaving.
    assert first + 4 <= both <= first + 7, (first, both)

    # The last report arrives again (a retry whose first answer was lost): nothing more.
    status, answer = page.evaluate(SEND_LAST_AGAIN_JS)
    assert (status, answer["credited"]) == (200, 0), (status, answer)
    assert reader.layer(world.doc.id)["seconds"] == both


def test_time_hidden_does_not_count_when_the_tab_comes_back(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    work_for(page, 3)
    set_hidden(page, True)
    page.wait_for_timeout(8_000)  # another tab in front
    set_hidden(page, False)
    work_for(page, 3)
    page.goto(tab.server.url + "/projects/demo")
    stored = stored_seconds(reader, world.doc.id, 5)
    # Six seconds of work, give or take the ticks' phase; the eight hidden are not in it.
    assert 5 <= stored <= 8, stored
