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

A report may also say which visit it belongs to (:class:`Visit`: an id the page makes when it
loads, and how many seconds that visit has counted up to the end of this report). The
workspace then sends everything the server has not answered yet, so a report that failed is
carried by the next, and the last seconds go as the page is hidden or left. Each second of a
visit is credited once: the layer keeps how far each of its latest :data:`VISITS_KEPT` visits
was reported (``active_visits``), and a report adds only the part of its range beyond that.
A report arriving twice (its first answer lost), or after a later one that carried its
seconds, adds nothing. A report without a visit is added as it is, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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

#: How many visits a layer remembers how far they were reported: the tabs one person may have
#: open on one document at once, with room to spare. An older visit's report that arrives late
#: (its tab reporting again after eight others) is taken as new, within the bounds above.
VISITS_KEPT = 8

#: A visit's id: what the workspace makes (32 hex digits), or any visible ASCII a client uses.
VISIT_ID_PATTERN = "^[!-~]{1,64}$"


@dataclass(frozen=True)
class Visit:
    """Which visit (page load) a report belongs to, and how far its count reaches.

    :param id: made once by the page (:data:`VISIT_ID_PATTERN`).
    :param seconds: the active seconds the visit counted up to the end of the report; the
        report's own seconds are the last of them.
    """

    id: str
    seconds: int


def add_active_time(
    session: AppSession,
    user: Actor,
    document_id: int,
    layer: str | None,
    seconds: int,
    *,
    now: datetime,
    visit: Visit | None = None,
) -> tuple[int, int]:
    """Add up to ``seconds`` of active time to the layer ``user`` writes on a document.

    :param layer: None for the caller's own layer, ``"gold"`` for gold (reviewers).
    :param now: the request's time, by the app's clock.
    :param visit: the visit the report belongs to: its seconds the layer had from that visit
        already are not added again.
    :return: the seconds credited (0 to ``seconds``: see the module) and the layer's total.
    :raises Invalid: when ``seconds`` is not a whole number from 1 to ``MAX_REPORT_SECONDS``,
        or the visit's id or count cannot be one (fewer seconds than the report's).
    :raises Forbidden, NotFound: as for any write to that layer.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise Invalid("seconds must be a whole number", {"field": "seconds"})
    if not 1 <= seconds <= MAX_REPORT_SECONDS:
        raise Invalid(
            f"seconds must be from 1 to {MAX_REPORT_SECONDS} (one report), not {seconds}",
            {"field": "seconds"},
        )
    if visit is not None:
        check_visit(visit, seconds)
    # A layer marked done still counts the time spent reading it (it changes no annotation).
    target = open_write_target(session, user, document_id, layer, closed_too=True)
    # Locked (PostgreSQL; SQLite writes one at a time): two reports at once must not both
    # be measured from the same moment, and the total read here is the one updated.
    total, credited_until, visits = session.execute(
        select(Layer.active_seconds, Layer.active_credited_until, Layer.active_visits)
        .where(Layer.id == target.layer.id)
        .with_for_update()
    ).one()
    changes: dict[str, object] = {}
    unreported = seconds
    if visit is not None:
        # Only what the layer has not had from this visit yet: a report repeated adds nothing.
        unreported, kept = unreported_seconds(visits or [], visit, seconds)
        if kept != visits:
            changes["active_visits"] = kept
    credited, until = credited_report(unreported, credited_until, as_utc(now))
    if credited:
        changes["active_seconds"] = Layer.active_seconds + credited
        changes["active_credited_until"] = until
    if changes:
        session.execute(
            update(Layer)
            .where(Layer.id == target.layer.id)
            .values(changes)
            .execution_options(synchronize_session=False)
        )
    return credited, int(total) + credited


def check_visit(visit: Visit, seconds: int) -> None:
    """Refuse a visit whose id is not one, or whose count is less than its report's seconds.

    :raises Invalid: naming the field of the body (``visit.id``, ``visit.seconds``).
    """
    if not isinstance(visit.id, str) or re.fullmatch(VISIT_ID_PATTERN, visit.id) is None:
        raise Invalid("visit.id must be 1 to 64 visible ASCII characters", {"field": "visit.id"})
    if isinstance(visit.seconds, bool) or not isinstance(visit.seconds, int):
        raise Invalid("visit.seconds must be a whole number", {"field": "visit.seconds"})
    if visit.seconds < seconds:
        raise Invalid(
            f"visit.seconds ({visit.seconds}) counts the visit up to this report's end, so it "
            f"is at least the report's seconds ({seconds})",
            {"field": "visit.seconds"},
        )


def unreported_seconds(
    visits: list[list[Any]], visit: Visit, seconds: int
) -> tuple[int, list[list[Any]]]:
    """Return the seconds of a report its layer has not had from its visit yet, and the
    layer's visits (``[id, seconds reported]`` pairs, latest last) with this one moved on.

    The report covers the visit's seconds from ``visit.seconds - seconds`` to
    ``visit.seconds``; what the layer had from the visit already is taken off its start.
    """
    reported = 0
    others = []
    for known, upto in visits:
        if known == visit.id:
            reported = int(upto)
        else:
            others.append([known, upto])
    new = max(0, visit.seconds - max(reported, visit.seconds - seconds))
    kept = [*others, [visit.id, max(reported, visit.seconds)]][-VISITS_KEPT:]
    return new, kept


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
