"""What a layer's check gives back: the clean layer, ready to store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Where an imported span or relation came from: the suggestion's score and model.
Suggested = tuple[float | None, str]
#: Where an imported gold item came from: ``(how, of, annotators)`` (core/gold_source.py).
ItemSource = tuple[str | None, int | None, tuple[str, ...]]


@dataclass
class CleanLayer:
    """A layer that passed every check, ready to store."""

    status: str | None
    #: Whether it is gold (whose items may say where they came from: ``*_sources``).
    gold: bool = False
    #: Its annotator's note on the document and whether they are unsure, when given.
    document_note: tuple[str, bool] | None = None
    #: ``(file id, label, start, end, attributes)`` in file order.
    spans: list[tuple[Any, str, int, int, dict[str, Any]]] = field(default_factory=list)
    #: ``(type, from file id, to file id)``.
    relations: list[tuple[str, Any, Any]] = field(default_factory=list)
    #: ``(sentence index or DOCUMENT_UNIT, name, value)``.
    labels: list[tuple[int, str, Any]] = field(default_factory=list)
    #: ``(score, model)`` of the suggestion a span came from, by its file id (CONTRACT 11).
    span_suggested: dict[Any, Suggested] = field(default_factory=dict)
    #: ``(score, model)`` of the suggestion a relation came from, by its index in
    #: :attr:`relations`.
    relation_suggested: dict[int, Suggested] = field(default_factory=dict)
    #: ``(score, model)`` of the suggestion a label value came from, by its index in
    #: :attr:`labels`.
    label_suggested: dict[int, Suggested] = field(default_factory=dict)
    #: A gold span's source, by its file id; a relation's and a label value's by index.
    span_sources: dict[Any, ItemSource] = field(default_factory=dict)
    relation_sources: dict[int, ItemSource] = field(default_factory=dict)
    label_sources: dict[int, ItemSource] = field(default_factory=dict)
    #: A span's notes (brat's ``#`` lines, one a line), by its file id.
    span_notes: dict[Any, str] = field(default_factory=dict)
    #: A relation's notes, one a line, by its index in :attr:`relations`.
    relation_notes: dict[int, str] = field(default_factory=dict)
    #: Spans and relations the label map left out (``NAME=-``), with the relations of
    #: the spans it left out.
    left_out: int = 0
    #: Values of label fields and attributes the label map left out (``FIELD.VALUE=-``).
    values_left_out: int = 0
    #: Spans given by their offsets alone whose offsets cut a word, each said ("span 0 (id 1,
    #: 'SOURCE' [1, 6)): its text 'hen G' cuts a word at its start"): warned of, not refused.
    word_cuts: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Tell whether the layer holds no annotations at all."""
        return not (self.spans or self.relations or self.labels)
