"""A document as it is now, as the restore rule reads it: each kind of row read once.

The rule (:mod:`annotator.services.review.restorable`) asks of one :class:`Present` for
every change on a page of the history, so that fifty changes cost as few queries as one, and
a restore reads one layer's items, not the document's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import select

from annotator.core.errors import GoldFinal
from annotator.core.times import as_utc
from annotator.core.wording import Audience
from annotator.db import AppSession
from annotator.models import (
    DOCUMENT_UNIT,
    Assignment,
    Document,
    LabelValue,
    Layer,
    LayerChange,
    Relation,
    Span,
    User,
)
from annotator.services.datasets.sentence_edits import last_sentence_edit
from annotator.services.gold.lock import gold_final_refusal
from annotator.services.history import layer_owner
from annotator.services.review import gold_status
from annotator.services.review.none_taken import decided


class Present:
    """A document as it is now, for the restore rule: each kind of row read once, when first asked.

    Of its items, only those of the layers the changes were made to are read. Build it
    before any write; the restore keeps it current by :meth:`remember` for the one kind of
    row it adds before it looks again (the spans a restored relation joins).
    """

    def __init__(
        self,
        session: AppSession,
        document: Document,
        changes: Iterable[LayerChange],
        audience: Audience = "page",
    ):
        self.session = session
        self.document = document
        # Who reads the rule's refusals: how they count a sentence (core.wording).
        self.audience: Audience = audience
        changes = list(changes)
        # Every item the rule looks at is in the layer its change was made to (a relation's
        # ends too): the other layers' rows are never read.
        self._keys = {change.layer_key for change in changes}
        self._owners = {
            owner for change in changes if (owner := layer_owner(change.layer_key)) is not None
        }

    def _of_changed_layers(self, model: type[Span] | type[Relation] | type[LabelValue]) -> Any:
        return (
            select(model)
            .join(Layer, Layer.id == model.layer_id)
            .where(Layer.document_id == self.document.id, Layer.key.in_(self._keys))
        )

    @cached_property
    def gold_final(self) -> GoldFinal | None:
        """The refusal of a change of the document's gold while it is marked final, else None."""
        return gold_final_refusal(self.session, self.document)

    @cached_property
    def _users(self) -> set[int]:
        if not self._owners:
            return set()
        return set(self.session.scalars(select(User.id).where(User.id.in_(self._owners))))

    @cached_property
    def _layers(self) -> dict[str, Layer]:
        rows = self.session.scalars(select(Layer).where(Layer.document_id == self.document.id))
        return {layer.key: layer for layer in rows}

    @cached_property
    def _spans(self) -> dict[int, Span]:
        return {span.id: span for span in self.session.scalars(self._of_changed_layers(Span))}

    @cached_property
    def _spans_by_content(self) -> dict[tuple[int, str, int, int], int]:
        found: dict[tuple[int, str, int, int], int] = {}
        for span in sorted(self._spans.values(), key=lambda span: span.id):
            found.setdefault((span.layer_id, span.label, span.start, span.end), span.id)
        return found

    @cached_property
    def _relation_rows(self) -> dict[int, Relation]:
        rows = self.session.scalars(self._of_changed_layers(Relation).order_by(Relation.id))
        return {relation.id: relation for relation in rows}

    @cached_property
    def _relations(self) -> dict[tuple[str, int, int], int]:
        found: dict[tuple[str, int, int], int] = {}
        for relation in self._relation_rows.values():
            ends = (relation.type, relation.from_span_id, relation.to_span_id)
            found.setdefault(ends, relation.id)
        return found

    @cached_property
    def _labels(self) -> dict[tuple[int, int, str], Any]:
        rows = self.session.scalars(self._of_changed_layers(LabelValue))
        return {(row.layer_id, row.sentence_index, row.name): row.value for row in rows}

    @cached_property
    def _assignments(self) -> dict[int, Assignment]:
        rows = self.session.scalars(
            select(Assignment).where(Assignment.document_id == self.document.id)
        )
        return {row.user_id: row for row in rows}

    @cached_property
    def _last_sentence_edit(self) -> datetime | None:
        return last_sentence_edit(self.session, self.document.id)

    @cached_property
    def gold_status(self) -> str:
        """The document's gold status."""
        return gold_status.document_gold_status(self.session, self.document)

    @cached_property
    def decided(self) -> set[str]:
        """The differences of the document decided "none taken"."""
        return decided(self.session, self.document)

    def user_exists(self, user_id: int) -> bool:
        """Tell whether the owner of a layer that one of the changes was made to still exists."""
        return user_id in self._users

    def layer(self, owner: int | None) -> Layer | None:
        """Return the layer of ``owner`` (gold when None), or None when there is none."""
        return self._layers.get(Layer.key_for(owner))

    def span(self, span_id: int | None) -> Span | None:
        """Return the span with that id, if the document holds it."""
        return None if span_id is None else self._spans.get(span_id)

    def same_span(self, layer: Layer | None, snapshot: dict[str, Any]) -> int | None:
        """Return the id of the layer's first span with a snapshot's label and offsets."""
        if layer is None:
            return None
        key = (layer.id, snapshot["label"], snapshot["start"], snapshot["end"])
        return self._spans_by_content.get(key)

    def same_relation(self, kind: str, start: int, end: int) -> int | None:
        """Return the id of the first relation of that type between those spans."""
        return self._relations.get((kind, start, end))

    def relation(self, relation_id: int) -> Relation:
        """Return a relation :meth:`same_relation` found."""
        return self._relation_rows[relation_id]

    def label(self, layer: Layer | None, sentence: int | None, name: str) -> Any:
        """Return the value a layer holds for a sentence's (None: the document's) field."""
        if layer is None:
            return None
        unit = DOCUMENT_UNIT if sentence is None else sentence
        return self._labels.get((layer.id, unit, name))

    def assignment(self, owner: int | None) -> Assignment | None:
        """Return the document's assignment to ``owner``."""
        return None if owner is None else self._assignments.get(owner)

    def sentences_edited_after(self, moment: datetime) -> bool:
        """Tell whether the document's sentences were split or merged after ``moment``."""
        last = self._last_sentence_edit
        return last is not None and as_utc(last) > as_utc(moment)

    def remember(self, span: Span) -> None:
        """Count a span the restore has just added among the document's spans."""
        self._spans[span.id] = span
        key = (span.layer_id, span.label, span.start, span.end)
        self._spans_by_content.setdefault(key, span.id)
