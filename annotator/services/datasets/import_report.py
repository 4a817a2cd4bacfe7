"""What an import did, as the command line, the pages and the API say it: :class:`ImportReport`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.formats.records import EMPTY
from annotator.core.wording import CountedPhrase, counted


@dataclass
class ImportReport:
    """What an import did. ``errors`` is empty: an import with errors stores nothing."""

    created: int = 0
    unchanged: int = 0
    sentences: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: Whether records brought annotations; then the report has an ``annotations`` entry.
    annotated: bool = False
    #: Annotation layers stored, and those already there with the same annotations.
    layers: int = 0
    layers_unchanged: int = 0
    #: Annotators' layers already there whose status the import changed (each recorded in
    #: the layer's history): a done or skipped layer an import reopened is said, not unseen.
    statuses_changed: int = 0
    users_created: list[str] = field(default_factory=list)
    #: Spans and relations in the layers stored, and the annotators those layers belong to.
    spans: int = 0
    relations: int = 0
    annotators: list[str] = field(default_factory=list)
    #: What the reader of another tool's format changed or left out, counted.
    tallies: dict[CountedPhrase, int] = field(default_factory=dict)
    #: What the import did that may not be what was meant: entries of the label map that
    #: matched nothing in the files, spans whose offsets cut a word.
    warnings: list[str] = field(default_factory=list)
    #: How a reader read what could be read another way: each folder of a brat corpus read
    #: as an annotator's layer, by name, so that a folder misread as one is seen.
    notices: list[str] = field(default_factory=list)
    #: Each document of the input, created or unchanged: external id to id,
    #: so that a script's next call (``GET /documents/<id>``) needs no listing first.
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def same_texts_skipped(self) -> int:
        """Return how many documents were left out for a text already there (their skipped
        entries name the document each repeats in ``same_as``)."""
        return sum("same_as" in skipped for skipped in self.skipped)

    @property
    def documents(self) -> int:
        """Return the number of documents in the input (created or already there)."""
        return self.created + self.unchanged

    def as_dict(self) -> dict[str, Any]:
        """Return the report as JSON-ready data."""
        report = {
            "created": self.created,
            "unchanged": self.unchanged,
            "documents": self.documents,
            "sentences": self.sentences,
            "skipped": self.skipped,
            "errors": self.errors,
            "ids": self.ids,
        }
        if self.tallies:
            # Keyed by the plural phrase, whatever the count, so that scripts find one key.
            report["tallies"] = {what.many: count for what, count in self.tallies.items()}
        if self.warnings:
            report["warnings"] = list(self.warnings)
        if self.notices:
            report["notices"] = list(self.notices)
        if self.annotated:
            report["annotations"] = {
                "layers": self.layers,
                "layers_unchanged": self.layers_unchanged,
                "statuses_changed": self.statuses_changed,
                "spans": self.spans,
                "relations": self.relations,
                "annotators": self.annotators,
                "users_created": self.users_created,
            }
        return report

    def statuses_said(self) -> str:
        """Return how many layers' statuses the import changed, in words (the summary's and
        the import page's)."""
        statuses = counted(self.statuses_changed, "layer's status", "layers' statuses")
        return f"{statuses} changed (each in the layer's history)"

    def summary(self) -> str:
        """Return a one-line summary for people."""
        line = (
            f"Imported {counted(self.created, 'new document')} "
            f"({counted(self.sentences, 'sentence')}); "
            f"{self.unchanged} unchanged."
        )
        if self.layers or self.layers_unchanged:
            line += f" Annotation layers: {self.layers} new, {self.layers_unchanged} unchanged."
        if self.statuses_changed:
            line += f" {self.statuses_said()}."
        if self.spans or self.relations:
            line += f" They hold {counted(self.spans, 'span')} and "
            line += f"{counted(self.relations, 'relation')}."
        if self.annotators:
            line += f" Layers of: {', '.join(self.annotators)}."
        if self.users_created:
            line += f" Created annotators: {', '.join(self.users_created)}."
        for what, count in self.tallies.items():
            line += f" {what.said(count)}."
        empty = sum(skipped["reason"] == EMPTY for skipped in self.skipped)
        same = self.same_texts_skipped
        if empty:
            line += f" Skipped {counted(empty, 'empty document')}."
        if same:
            line += f" Skipped {counted(same, 'document')} whose text is there already."
        if len(self.skipped) > empty + same:
            others = len(self.skipped) - empty - same
            line += f" Skipped {counted(others, 'file')} of other types."
        return line
