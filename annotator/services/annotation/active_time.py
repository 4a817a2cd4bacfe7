"""The time each document costs: active seconds per layer, as the workspace reports them.

The workspace counts a second when its page is visible and the annotator gave some input
(a key, a click, the wheel, a scroll, a pointer move) within the last minute, and sends what
it counted every half minute and when the page is hidden or left; idle time is never sent.
The server adds each report to the layer the caller writes (their own, or gold for a
reviewer working on it), creating it on the first report as a first write would.

What a report may add is bounded twice, so that a broken or hostile client cannot book hours:

- one report holds at most :data:`MAX_REPORT_SECONDS` (half a minute and a lost report or two);
- the layer keeps the moment its active time is credited up to (``active_credited_until``),
  and a report is credited no more than the time from there to now, plus
  :data:`SLACK_SECONDS` for clocks and networks (a report that arrives late makes the next
  one look early). Each credited second moves that moment on by a second, so the allowance
  is given once, not once a report: thirty reports of 120 s in a fifth of a second are
  credited 130 s, not an hour. The time from there reaches back :data:`BACKLOG_SECONDS` at
  most (what reports that failed while offline may bring back), so that a layer left for a
  day does not hold a day to claim. A layer's first report has nothing to be measured from
  and is taken at its word, within the first bound.

An honest workspace is never cut: it counts at most one second a second, and what it sends
late was counted in time that passed. Two tabs on one layer count the time once, as the
person spends it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.times import as_utc
from annotator.db import AppSession
from annotator.models import Layer
from annotator.services.annotation.write_target import open_write_target

#: The most seconds one report may add: the workspace reports every 30 s, so a report larger
#: than this can only come from a client that lost several reports, or lies.
MAX_REPORT_SECONDS = 120

#: The allowance for clocks and networks: a report may be credited this much more than the
#: time since the layer's credited time (a report delayed on its way, then one on time).
SLACK_SECONDS = 10

#: How far back from now a report may be credited: the time reports that failed while the
#: browser was offline may bring back (the workspace sends them, 120 s at a time, later).
BACKLOG_SECONDS = 600


def add_active_time(
    session: AppSession,
    user: Actor,
    document_id: int,
    layer: str | None,
    seconds: int,
    *,
    now: datetime,
) -> tuple[int, int]:
    """Add up to ``seconds`` of active time to the layer ``user`` writes on a document.

    :param layer: None for the caller's own layer, ``"gold"`` for gold (reviewers).
    :param now: the request's time, by the app's clock.
    :return: the seconds credited (0 to ``seconds``: see the module) and the layer's total.
    :raises Invalid: when ``seconds`` is not a whole number from 1 to ``MAX_REPORT_SECONDS``.
    :raises Forbidden, NotFound: as for any write to that layer.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise Invalid("seconds must be a whole number", {"field": "seconds"})
    if not 1 <= seconds <= MAX_REPORT_SECONDS:
        raise Invalid(
            f"seconds must be from 1 to {MAX_REPORT_SECONDS} (one report), not {seconds}",
            {"field": "seconds"},
        )
    # A layer marked done still counts the time spent reading it (it changes no annotation).
    target = open_write_target(session, user, document_id, layer, closed_too=True)
    # Locked (PostgreSQL; SQLite writes one at a time): two reports at once must not both
    # be measured from the same moment, and the total read here is the one updated.
    total, credited_until = session.execute(
        select(Layer.active_seconds, Layer.active_credited_until)
        .where(Layer.id == target.layer.id)
        .with_for_update()
    ).one()
    credited, until = credited_report(seconds, credited_until, as_utc(now))
    if credited:
        session.execute(
            update(Layer)
            .where(Layer.id == target.layer.id)
            .values(active_seconds=Layer.active_seconds + credited, active_credited_until=until)
            .execution_options(synchronize_session=False)
        )
    return credited, int(total) + credited


def credited_report(
    seconds: int, credited_until: datetime | None, now: datetime
) -> tuple[int, datetime | None]:
    """Return the seconds to credit of a report, and the moment the credited time reaches."""
    if credited_until is None:
        # The layer's first report: nothing to measure it from.
        return seconds, now
    start = max(as_utc(credited_until), now - timedelta(seconds=BACKLOG_SECONDS))
    room = (now + timedelta(seconds=SLACK_SECONDS) - start).total_seconds()
    credited = max(0, min(seconds, int(room)))
    if credited == 0:
        return 0, credited_until
    return credited, start + timedelta(seconds=credited)
