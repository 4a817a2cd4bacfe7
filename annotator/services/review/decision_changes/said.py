"""Gold's rows as a change of a decided difference names them
(:class:`annotator.core.gold_changes.Changed`): a span, a relation, a value."""

from __future__ import annotations

from sqlalchemy import or_, select

from annotator.core.wording import Audience, sentence_said, span_words
from annotator.db import AppSession
from annotator.models import DOCUMENT_UNIT, Document, LabelValue, Relation, Span


def span_said(document: Document, span: Span) -> str:
    """Name a span: ``CLAIM [15, 31) “the talks failed”``."""
    return span_words(span.label, span.start, span.end, document.text)


def relation_said(session: AppSession, document: Document, relation: Relation) -> str:
    """Name a relation by its type and its ends: ``ATTRIBUTED_TO CLAIM [...] → SOURCE [...]``."""
    source, target = (
        session.get(Span, relation.from_span_id),
        session.get(Span, relation.to_span_id),
    )
    assert source is not None and target is not None
    return f"{relation.type} {span_said(document, source)} → {span_said(document, target)}"


def relations_at_said(session: AppSession, document: Document, span: Span) -> list[str]:
    """Name the relations at ``span`` (from it or to it), as they are now."""
    at = list(
        session.scalars(
            select(Relation)
            .where(or_(Relation.from_span_id == span.id, Relation.to_span_id == span.id))
            .order_by(Relation.id)
        )
    )
    return [relation_said(session, document, relation) for relation in at]


def value_said(
    document: Document, row: LabelValue | tuple[Span, str], audience: Audience = "page"
) -> str:
    """Name a label's value ("sentence 2 stance = FAVOR" on a page, "sentence 1 ..." to the
    API, which counts sentences from 0) or a span's attribute's value ("claimer = REPORTED of
    CLAIM [15, 31) “…”")."""
    if isinstance(row, LabelValue):
        return f"{_unit(row.sentence_index, audience)} {row.name} = {row.value}"
    span, name = row
    return f"{name} = {(span.attributes or {}).get(name)} of {span_said(document, span)}"


def _unit(sentence_index: int, audience: Audience) -> str:
    if sentence_index == DOCUMENT_UNIT:
        return "document"
    return sentence_said(sentence_index, audience)
