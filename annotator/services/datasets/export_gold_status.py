"""What an export says of the gold status of the documents it writes.

Gold still in review (or reopened) is a reviewer's work in progress: undecided differences,
decisions not yet checked. An export with any gold status writes it beside final gold, and
nothing in the file tells one from the other, so the export counts it in its warnings (the
API's ``X-Annotator-Warnings``, the page's notice, the command line's stderr) and the dataset
card says it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.vocabulary import FINAL, GOLD_STATUS_NAMES
from annotator.core.wording import CountedPhrase
from annotator.models import GOLD, Document, Layer
from annotator.services.datasets.batches import DocumentFilter, count_documents, selection
from annotator.services.gold.state import gold_status_column

#: The layer choices that write the gold layer.
WITH_GOLD = ("all", GOLD)


@dataclass(frozen=True, slots=True)
class NotFinal:
    """The documents an export writes whose gold is not final, of all it writes."""

    #: Of the documents written: how many have gold in each status but final.
    statuses: dict[str, int] = field(default_factory=dict)
    written: int = 0

    @property
    def documents(self) -> int:
        return sum(self.statuses.values())

    def said(self) -> str:
        """The statuses in words, as the review list names them: ``6 In review, 2 Open``."""
        return ", ".join(
            f"{count} {GOLD_STATUS_NAMES[status]}"
            for status, count in sorted(self.statuses.items(), key=lambda item: -item[1])
        )

    def as_card(self) -> dict[str, object]:
        """What the dataset card says of it (:mod:`annotator.core.formats.hf_card`)."""
        return {"documents": self.documents, "written": self.written, "said": self.said()}


def not_final_phrase(found: NotFinal) -> CountedPhrase:
    """Return the warning for the documents written whose gold is not final."""
    rest = (
        f"of {found.written} documents written {{}} gold that is not final ({found.said()}): "
        "it may still change; the gold status filter final keeps only the gold a reviewer "
        "marked final"
    )
    return CountedPhrase(rest.format("has"), rest.format("have"))


def warn_gold_status(
    session: Session, where: DocumentFilter, warnings: Counter[CountedPhrase]
) -> NotFinal | None:
    """Count, in ``warnings``, the documents an export with any gold status writes whose
    gold (a gold layer) is not final; return them (None when it writes no gold, or names a
    gold status: final, or gold in review or open asked for by name)."""
    if where.layer not in WITH_GOLD or where.gold_status is not None:
        return None
    connection = session.connection()
    has_gold = select(Layer.id).where(Layer.document_id == Document.id, Layer.key == GOLD).exists()
    # Grouped outside: PostgreSQL groups by an expression with bound values only when it is
    # a column of a subquery.
    written = (
        select(gold_status_column().label("status"))
        .where(Document.id.in_(selection(where)), has_gold)
        .subquery()
    )
    rows = connection.execute(
        select(written.c.status, func.count())
        .where(written.c.status != FINAL)
        .group_by(written.c.status)
    ).all()
    if not rows:
        return NotFinal()
    found = NotFinal({name: int(count) for name, count in rows}, count_documents(connection, where))
    warnings[not_final_phrase(found)] += found.documents
    return found
