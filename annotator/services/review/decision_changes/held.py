"""Which of gold's rows hold a difference's versions, and the refusal when none does.

Held as :mod:`annotator.services.review.decided_differences` tells it, which decides the
difference: taking another version and reopening both start from these rows.
"""

from __future__ import annotations

from sqlalchemy import select

from annotator.core.errors import Conflict
from annotator.db import AppSession
from annotator.models import Document, LabelValue, Layer, Relation, Span
from annotator.services.review import adjudication, none_taken
from annotator.services.review.difference import Difference, Version
from annotator.services.review.none_taken import Rows

#: A gold row that holds a version: a span, a relation, a label value, or (for an attribute)
#: the span with the attribute's name.
Held = Span | Relation | LabelValue | tuple[Span, str]


def held_rows(session: AppSession, gold: Layer, difference: Difference, rows: Rows) -> list[Held]:
    """Return gold's rows that hold a version of ``difference``, each once: spans,
    relations, label values, or (span, attribute name) for an attribute."""
    found: dict[object, Held] = {}
    for version in difference.versions:
        item = held_row(session, gold, version, rows)
        if item is not None:
            found.setdefault(_identity(item), item)
    return list(found.values())


def _identity(item: Held) -> object:
    if isinstance(item, tuple):
        return ("attribute", item[0].id, item[1])
    return (type(item).__name__, getattr(item, "id", None))


def held_row(
    session: AppSession, gold: Layer | None, version: Version, rows: Rows, *, exact: bool = False
) -> Held | None:
    """Return gold's row that holds ``version`` (as :mod:`decided_differences` tells it is
    held, which decides it), or None.

    :param exact: a relation only between its own ends (whose version it is, as its
        provenance says), not between gold's spans standing for them.
    """
    if gold is None or version.accept is None:
        return None
    kind, row_id, attribute = version.accept
    row = rows.get((kind, row_id))
    if row is None:
        return None
    if kind in ("span", "attribute"):
        span = adjudication.gold_span_like(session, gold, row)
        if span is None or kind == "span":
            return span
        mine, theirs = (row.attributes or {}), (span.attributes or {})
        return (span, attribute) if mine.get(attribute) == theirs.get(attribute) else None
    if kind == "relation":
        document = session.get(Document, gold.document_id)
        assert document is not None
        # Between gold's spans for its ends, as decided_differences tells it is held.
        ends = [
            end.gold
            for end in adjudication.gold_ends(session, document, row)
            if not (exact and end.standing)
        ]
        if len(ends) != 2 or None in ends:
            return None
        source, target = ends
        assert source is not None and target is not None
        return session.scalars(
            select(Relation).where(
                Relation.layer_id == gold.id,
                Relation.type == row.type,
                Relation.from_span_id == source.id,
                Relation.to_span_id == target.id,
            )
        ).first()
    value = session.scalars(
        select(LabelValue).where(
            LabelValue.layer_id == gold.id,
            LabelValue.sentence_index == row.sentence_index,
            LabelValue.name == row.name,
        )
    ).first()
    # Compared here: a JSON column has no equality on every database.
    return value if value is not None and value.value == row.value else None


def not_by_a_version(session: AppSession, document: Document, key: str, why: str) -> Conflict:
    """Return the refusal of a change that needs a version of the difference ``key`` in
    gold, which has none: it is undecided, or decided as none taken."""
    if key in none_taken.none_taken(session, document):
        return Conflict(
            f"that difference is decided as none taken, not by a version: {why}; "
            'a "none taken" decision is reopened as such'
        )
    return Conflict(f"that difference is not decided by a version: {why}")
