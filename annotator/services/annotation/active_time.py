"""The time each document costs: active seconds per layer, as the workspace reports them.

The workspace counts a second when its page is visible and the annotator gave some input
(a key, a click, the wheel, a scroll, a pointer move) within the last minute, and sends what
it counted every half minute and when the page is hidden or left; idle time is never sent.
The server adds each report to the layer the caller writes (their own, or gold for a
reviewer working on it), creating it on the first report as a first write would, and caps a
report at what half a minute and a lost report or two could hold, so that a broken or hostile
client cannot book hours in one call.
"""

from __future__ import annotations

from sqlalchemy import select, update

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.db import AppSession
from annotator.models import Layer
from annotator.services.annotation.write_target import open_write_target

#: The most seconds one report may add: the workspace reports every 30 s, so a report larger
#: than this can only come from a client that lost several reports, or lies.
MAX_REPORT_SECONDS = 120


def add_active_time(
    session: AppSession, user: Actor, document_id: int, layer: str | None, seconds: int
) -> int:
    """Add ``seconds`` of active time to the layer ``user`` writes on a document.

    :param layer: None for the caller's own layer, ``"gold"`` for gold (reviewers).
    :return: the layer's total active seconds.
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
    # One statement: two reports of one layer at once must both count.
    session.execute(
        update(Layer)
        .where(Layer.id == target.layer.id)
        .values(active_seconds=Layer.active_seconds + seconds)
        .execution_options(synchronize_session=False)
    )
    total = session.scalar(select(Layer.active_seconds).where(Layer.id == target.layer.id))
    return int(total or 0)
