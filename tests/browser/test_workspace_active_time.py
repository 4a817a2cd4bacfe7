"""The workspace records active time: seconds with the page visible and input within the last
minute, sent every half minute; idle time is not counted. A test clock drives the page.

The server credits a report no more than the time since the layer's credited time reaches
(services/annotation/active_time.py); the page's clock runs minutes in a second of the
server's, so the test moves that moment back by the time the page's clock ran, as the real
time would.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from annotator.core.times import as_utc
from annotator.db import get_engine
from annotator.tables import layer_table

pytestmark = pytest.mark.server

TEXT = "Officials said the border was closed. The ministry denied it."


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world({"alice": "annotator"}, doc=(TEXT, "news.txt"))


def run_both_clocks(page: Any, app: Any, milliseconds: int) -> None:
    """Run the page's clock, and let the server see as much time pass for every layer."""
    with get_engine(app).begin() as connection:
        rows = connection.execute(
            select(layer_table.c.id, layer_table.c.active_credited_until).where(
                layer_table.c.active_credited_until.is_not(None)
            )
        ).all()
        for layer_id, moment in rows:
            connection.execute(
                update(layer_table)
                .where(layer_table.c.id == layer_id)
                .values(active_credited_until=as_utc(moment) - timedelta(milliseconds=milliseconds))
            )
    page.clock.run_for(milliseconds)


def assert_stored(reader: Any, document_id: int, expected: int) -> None:
    """Wait (on the real clock) for the server's total to reach ``expected``, give or take the
    one second by which the page's one-second ticks and the test's steps may be out of phase
    (the test clock also runs on by itself between steps)."""
    deadline = time.monotonic() + 10
    while reader.layer(document_id)["seconds"] < expected - 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)  # a report on its way lands
    stored = reader.layer(document_id)["seconds"]
    assert abs(stored - expected) <= 1, (stored, expected)


def test_time_counts_while_working_and_stops_when_idle(
    world: Any, open_tab: Any, api_as: Any, app: Any
) -> None:
    reader = api_as(world.tokens["alice"])
    tab = open_tab("alice")
    page = tab.page
    page.clock.install()
    reports: list[str] = []
    page.on(
        "request",
        lambda r: reports.append(r.post_data or "") if r.url.endswith("/time") else None,
    )
    tab.open(f"/projects/demo/documents/{world.doc.id}")

    # Working: a key now and then; half a minute later the first report arrives.
    page.keyboard.press("ArrowDown")
    run_both_clocks(page, app, 15_000)
    page.keyboard.press("ArrowUp")
    run_both_clocks(page, app, 15_000)
    assert_stored(reader, world.doc.id, 30)

    # Idle for five minutes: only the minute after the last key (at 15 s) counts, to 75 s.
    run_both_clocks(page, app, 300_000)
    assert_stored(reader, world.doc.id, 75)
    assert len(reports) == 3  # at 30, 60 and 90 s; nothing for the idle half-minutes after

    # Back at work: counted again.
    page.keyboard.press("ArrowDown")
    run_both_clocks(page, app, 30_000)
    assert_stored(reader, world.doc.id, 105)
    # Typing writes nothing but time: the annotation layer is as it was.
    layer = reader.layer(world.doc.id)
    assert layer["spans"] == [] and layer["sentence_labels"] == []
