"""What a dataset format has no room for, counted and named before the first byte.

A format that cannot hold a part of the layers it writes says which in
:attr:`annotator.core.formats.ExportFormat.left_out`: a function from a layer and the
project's schema to the things of that layer its file will not hold, each as ``(what,
name)`` (a :class:`LeftOut` and the field, attribute or relation type it is of).
:func:`parts` gives the common ones (every sentence label value, every relation...), and
:func:`said` turns what was counted into the export's warnings::

    12 sentence label values (stance) not written: brat has no room for them

Pure: no app, no database. The export service (``services/datasets/export_left_out.py``)
counts the records of an export with it before streaming them, so that the command line,
the export page and the API say the same warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.core.shapes import provenance
from annotator.core.wording import CountedPhrase

if TYPE_CHECKING:
    from annotator.core.formats import ExportFormat


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A kind of thing a format does not write: its noun, for one and many, and why."""

    one: str
    many: str
    #: Why, for one and for many; empty: the format has no room for it.
    why_one: str = ""
    why_many: str = ""


SENTENCE_LABELS = LeftOut("sentence label value", "sentence label values")
DOCUMENT_LABELS = LeftOut("document label value", "document label values")
ATTRIBUTES = LeftOut("span attribute value", "span attribute values")
RELATIONS = LeftOut("relation", "relations")
NOTES = LeftOut("note", "notes")
#: An annotator's note on the document (and their "unsure" mark), on their layer.
DOCUMENT_NOTES = LeftOut("annotator's note on the document", "annotators' notes on the document")
#: Where a sentence or document label value accepted from a suggestion came from (CONTRACT
#: 11), or a suggested value's own model and score: a format that writes the value bare.
LABEL_PROVENANCE = LeftOut("label value's model and score", "label values' models and scores")

#: Where a span accepted from a suggestion came from, or a suggested span's own model and
#: score: a format whose tags say the label alone (CoNLL-2003).
SPAN_PROVENANCE = LeftOut("span's model and score", "spans' models and scores")
#: Whose a layer is and how far it got: a format whose documents are bare tokens (CoNLL-2003),
#: which therefore holds a document once per layer, none of them named.
LAYERS = LeftOut("layer's annotator and status", "layers' annotators and statuses")

#: A document's own fields, which are not a layer's: a format that writes neither says so
#: once per document (:func:`document_fields`), not once per layer.
TITLES = LeftOut("document title", "document titles")
META_FIELDS = LeftOut("document meta field", "document meta fields")
#: What only a format of bare tokens (CoNLL-2003) loses: the document's id, and its text as
#: stored (the spacing between tokens, and so every offset).
DOCUMENT_IDS = LeftOut("document id", "document ids")
EXACT_TEXTS = LeftOut(
    "document's exact text (its spacing and offsets)",
    "documents' exact texts (their spacing and offsets)",
)

#: One thing left out: what it is, and the name it is of (a field, an attribute, a relation
#: type; ``""`` for none).
Item = tuple[LeftOut, str]
#: A format's account of what it leaves out of a layer (the schema beside it).
LeftOutOf = Callable[[Mapping[str, Any], Mapping[str, Any]], Iterable[Item]]
#: A format's account of what it leaves out of a document's own fields (its export record).
LeftOutOfDocument = Callable[[Mapping[str, Any]], Iterable[Item]]


def document_fields(record: Mapping[str, Any]) -> Iterator[Item]:
    """Yield a document's title and each field of its ``meta`` (named by its key): what a
    format that writes neither (brat, doccano) leaves out of the document."""
    if record.get("title"):
        yield TITLES, ""
    for key in record.get("meta") or {}:
        yield META_FIELDS, str(key)


def parts(layer: Mapping[str, Any], *kinds: LeftOut) -> Iterator[Item]:
    """Yield every item of ``layer`` of the common ``kinds`` (all of them left out).

    ``NOTES`` are the notes of spans, and of relations unless ``RELATIONS`` are left out
    whole (a relation not written has no note to lose apart). ``DOCUMENT_NOTES`` is the
    layer's annotator's note on the document, there when it says something or they are
    unsure. ``LABEL_PROVENANCE`` is of the label values written (those of a kind left out
    whole have none to lose apart).
    """
    if DOCUMENT_NOTES in kinds and (layer.get("note") or layer.get("unsure")):
        yield DOCUMENT_NOTES, ""
    if LABEL_PROVENANCE in kinds:
        for kind, listed in (
            (SENTENCE_LABELS, layer["sentence_labels"]),
            (DOCUMENT_LABELS, layer["document_labels"]),
        ):
            for label in () if kind in kinds else listed:
                if provenance(label) is not None:
                    yield LABEL_PROVENANCE, label["name"]
    for label in layer["sentence_labels"] if SENTENCE_LABELS in kinds else ():
        yield SENTENCE_LABELS, label["name"]
    for label in layer["document_labels"] if DOCUMENT_LABELS in kinds else ():
        yield DOCUMENT_LABELS, label["name"]
    for span in layer["spans"] if ATTRIBUTES in kinds or NOTES in kinds else ():
        if ATTRIBUTES in kinds:
            for name, value in (span.get("attributes") or {}).items():
                if value is not None:
                    yield ATTRIBUTES, name
        if NOTES in kinds and span.get("note"):
            yield NOTES, "spans"
    for relation in layer["relations"]:
        if RELATIONS in kinds:
            yield RELATIONS, relation["type"]
        elif NOTES in kinds and relation.get("note"):
            yield NOTES, "relations"


@dataclass
class Tally:
    """What a format left out of an export so far: a count and the names of each kind."""

    counts: Counter[LeftOut]
    names: dict[LeftOut, set[str]]

    @classmethod
    def empty(cls) -> Tally:
        """Return a tally of nothing."""
        return cls(Counter(), {})

    def add(self, items: Iterable[Item]) -> None:
        """Count ``items``."""
        for what, name in items:
            self.counts[what] += 1
            if name:
                self.names.setdefault(what, set()).add(name)

    def said(self, format_name: str) -> Counter[CountedPhrase]:
        """Return the tally as counted warnings, one per kind, naming what each is of."""
        warnings: Counter[CountedPhrase] = Counter()
        for what, count in self.counts.items():
            names = sorted(self.names.get(what, ()))
            of = f" ({', '.join(names)})" if names else ""
            why_one = what.why_one or f"{format_name} has no room for it"
            why_many = what.why_many or f"{format_name} has no room for them"
            phrase = CountedPhrase(
                f"{what.one}{of} not written: {why_one}", f"{what.many}{of} not written: {why_many}"
            )
            warnings[phrase] += count
        return warnings


#: Every kind a format may have no room for, in the order the export page names them.
KINDS = (
    SENTENCE_LABELS,
    DOCUMENT_LABELS,
    ATTRIBUTES,
    RELATIONS,
    NOTES,
    DOCUMENT_NOTES,
    LABEL_PROVENANCE,
    SPAN_PROVENANCE,
    LAYERS,
    DOCUMENT_IDS,
    TITLES,
    META_FIELDS,
    EXACT_TEXTS,
)
# A project's schema and a document holding one of every kind (as an export record), for
# :func:`no_room_for` to ask a format's own accounts about.
_SUGGESTED = {"model": "m", "score": 0.9}
_EVERYTHING_SCHEMA: dict[str, Any] = {
    "span_labels": [{"name": "S", "attributes": [{"name": "a", "values": ["x"]}]}],
    "relation_types": [{"name": "R"}],
    "sentence_labels": [{"name": "s", "values": ["v"]}],
    "document_labels": [{"name": "d", "values": ["w"]}],
}
_EVERYTHING_LAYER: dict[str, Any] = {
    "annotator": "someone",
    "status": "done",
    "note": "a note on the document",
    "unsure": True,
    "spans": [
        {"id": 1, "label": "S", "start": 0, "end": 4, "text": "Some", "attributes": {"a": "x"}},
        {
            "id": 2,
            "label": "S",
            "start": 5,
            "end": 9,
            "text": "text",
            "note": "a note",
            "suggested": _SUGGESTED,
        },
    ],
    "relations": [{"id": 1, "type": "R", "from": 1, "to": 2, "note": "a note"}],
    "sentence_labels": [{"sentence": 0, "name": "s", "value": "v", "suggested": _SUGGESTED}],
    "document_labels": [{"name": "d", "value": "w", "suggested": _SUGGESTED}],
}
_EVERYTHING_RECORD: dict[str, Any] = {
    "id": "d1",
    "title": "A title of its own",
    "text": "Some text.",
    "meta": {"outlet": "o"},
}


def no_room_for(fmt: ExportFormat) -> list[LeftOut]:
    """Return the kinds of thing ``fmt`` has no room for, in the order of :data:`KINDS`.

    Asked of the format's own accounts (``left_out``, ``left_out_of_document``), the very ones
    that count an export's warnings, over a document holding one of every kind: the export
    page names them beside the format choice before any export is read, and can never say
    other than what the download then counts. What a format leaves out only in some
    projects (a value two doccano fields offer) is not among them.
    """
    found: set[LeftOut] = set()
    if fmt.left_out is not None:
        found.update(what for what, _ in fmt.left_out(_EVERYTHING_LAYER, _EVERYTHING_SCHEMA))
    if fmt.left_out_of_document is not None:
        found.update(what for what, _ in fmt.left_out_of_document(_EVERYTHING_RECORD))
    return [kind for kind in KINDS if kind in found]


def no_room_said(fmt: ExportFormat) -> str:
    """Return what ``fmt`` has no room for as a line (empty when it holds everything)."""
    kinds = [kind.many for kind in no_room_for(fmt)]
    if not kinds:
        return ""
    listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} and {kinds[-1]}"
    return f"{fmt.name} has no room for {listed}"
