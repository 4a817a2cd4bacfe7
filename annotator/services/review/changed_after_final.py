"""Documents whose gold is final and an annotator's layer changed since: one rule for the
review list, its API and the review page.

An annotator may reopen a layer after gold is marked final, to fix a mistake they found
(nothing refuses it: the layer is theirs). The reviewer is not stopped either, but told: such a
document reads "Changed after final" until a reviewer sets its gold final again, having looked.
The change is in the layer's history (reopening is a status change, and every edit is kept),
so the rule reads it there: a change to an annotator's layer (``user:<id>``) recorded after the
moment gold's status was last set (``gold_status.updated_at``). Gold's own changes, and the
suggestions', are the review's and flag nothing.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from annotator.models import GoldStatus, LayerChange

#: Documents per query when many are read at once.
_BATCH = 500


def changed_after_final(session: Session, ids: list[int]) -> set[int]:
    """Return which of the documents ``ids`` have final gold and an annotator's layer changed
    since it was set."""
    changed_since = exists(
        select(LayerChange.id).where(
            LayerChange.document_id == GoldStatus.document_id,
            LayerChange.layer_key.like("user:%"),
            LayerChange.at > GoldStatus.updated_at,
        )
    )
    found: set[int] = set()
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        query = select(GoldStatus.document_id).where(
            GoldStatus.document_id.in_(chunk), GoldStatus.status == "final", changed_since
        )
        found.update(session.scalars(query))
    return found
