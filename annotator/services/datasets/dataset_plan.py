"""What an import of annotated records will write, once checked: :class:`DatasetPlan`, made
by :func:`~annotator.services.datasets.annotated_import.check_datasets` and written by
:func:`~annotator.services.datasets.store.store_datasets`; and the warnings it carries."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.caller import Actor
from annotator.core.formats.readers import Problem
from annotator.core.layer_check import CleanLayer
from annotator.core.wording import CountedPhrase, counted

BATCH = 500

#: A layer that names no annotator and that the label map left with nothing (``PER=-``):
#: it makes no layer, so it needs no annotator.
EMPTIED = CountedPhrase(
    "annotation layer naming no annotator left empty by the map, not made",
    "annotation layers naming no annotator left empty by the map, not made",
)


#: Why a span that cuts a word is said: its file gave no text to check the offsets against.
OFFSETS_UNCHECKED = (
    "the file gives no text of the span to check its offsets against: "
    "they may count UTF-16 units or bytes, not characters"
)
#: Spans that cut a word said one by one; the rest are counted.
WORD_CUTS_SAID = 10


@dataclass
class DatasetPlan:
    """What :func:`store_datasets` will write."""

    #: ``(external id, annotator or None for gold, clean layer)``.
    layers: list[tuple[str, str | None, CleanLayer]] = field(default_factory=list)
    #: Ids of existing empty layer rows that the plan fills, by index into ``layers``.
    into: dict[int, int] = field(default_factory=dict)
    new_users: list[str] = field(default_factory=list)
    #: Who creates ``new_users`` (:attr:`DatasetOptions.actor`).
    actor: Actor | None = None
    #: Sentences of new documents, as given by the file (or split), by external id.
    sentences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    layers_unchanged: int = 0
    #: Gold's status as the file gives it (open, in_review, final), by external id: stored
    #: as the review sets it, changed or not gold's layer (an export says it in
    #: ``gold.status``); a gold that gives none keeps the rule of its annotations.
    gold_statuses: dict[str, str] = field(default_factory=dict)
    #: Annotators' notes on documents to write, ``(external id, annotator, (note, unsure))``:
    #: those the annotator does not have yet.
    document_notes: list[tuple[str, str, tuple[str, bool]]] = field(default_factory=list)
    #: Spans and relations the label map left out (``NAME=-``).
    left_out: int = 0
    #: Values the label map left out (``FIELD.VALUE=-``).
    values_left_out: int = 0
    #: Layers naming no annotator that the label map left empty (:data:`EMPTIED`).
    emptied: int = 0
    #: Spans given by their offsets alone that cut a word (core/word_cuts.py), located:
    #: stored all the same, and warned of (:func:`word_cut_warnings`).
    word_cuts: list[Problem] = field(default_factory=list)


def word_cut_warnings(cuts: list[Problem]) -> list[str]:
    """Return the import's warnings of spans whose offsets cut a word: each of the first
    :data:`WORD_CUTS_SAID` with its file and line, then how many more (an import whose every
    offset is shifted would list thousands)."""
    said = [f"{cut}; {OFFSETS_UNCHECKED}" for cut in cuts[:WORD_CUTS_SAID]]
    if len(cuts) > WORD_CUTS_SAID:
        more = len(cuts) - WORD_CUTS_SAID
        said.append(f"and {counted(more, 'more span')} whose offsets cut a word")
    return said
