"""What the documents cost, for reviewers: median active minutes per document, per annotator.

The seconds are recorded per layer by :mod:`annotator.services.annotation.active_time`.
"""

from __future__ import annotations

from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.models import Document, Layer, Project, User


def time_per_annotator(
    session: Session, project: Project, shown: ShownNames = AS_NAMED
) -> dict[str, dict[str, Any]]:
    """Return, per annotator (and ``gold``) with any active time in ``project``, how many
    documents they spent time on, the median and the total minutes.

    Layers without recorded time (imported, or made before time was recorded) are left out,
    so that they do not pull the median to zero.
    """
    # Columns, not layer objects: the project page runs this on every view.
    rows = session.execute(
        select(User.username, Layer.key, Layer.active_seconds)
        .join(Document, Document.id == Layer.document_id)
        .outerjoin(User, User.id == Layer.user_id)
        .where(Document.project_id == project.id, Layer.active_seconds > 0)
    )
    seconds: dict[str, list[int]] = {}
    for username, key, active in rows:
        # Gold's and the suggestions' layers have no user: their key is their name.
        seconds.setdefault(username or key, []).append(active)
    return {
        shown(name): {
            "documents": len(values),
            "median_minutes": round(median(values) / 60, 2),
            "total_minutes": round(sum(values) / 60, 2),
        }
        # By the names shown (by number when hidden: the real names' order would tell).
        for name, values in sorted(seconds.items(), key=lambda item: shown.rank(item[0]))
    }
