"""One difference between the annotators' layers of a document, and each annotator's version
of it (what accepting that version would send)."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.given_targets import OlderTarget


@dataclass
class Version:
    """One annotator's side of a difference, and what accepting it would send."""

    annotator: str
    text: str
    accept: tuple[str, int, str] | None = None  # (kind, row id, attribute name or "")
    #: A span or relation version's note (its annotator's), shown by the review page (a
    #: span's), the review API and ``annotator adjudicate differences``.
    note: str | None = None
    #: A label value's version given toward an earlier target of its field, once
    #: :func:`annotator.services.review.given_toward.mark_given_toward` has told it.
    given_toward: OlderTarget | None = None


@dataclass
class Difference:
    """One classified difference between the layers of a document."""

    kind: str
    sentence: int | None  # None for the document as a whole
    summary: str
    versions: list[Version]
    #: A label field's difference: the field's name, which ``summary`` begins with.
    field: str | None = None
    #: Its target now, once :func:`annotator.services.review.given_toward.mark_given_toward`
    #: has told it (None: none, or not a label field's difference).
    target: str | None = None

    def titled(self) -> str:
        """Return the summary with a label field's target beside its name, as the workspace
        shows it: ``stance (NATO): alice=FAVOR, bob=NONE``."""
        if self.field is None or self.target is None:
            return self.summary
        return f"{self.field} ({self.target}){self.summary[len(self.field) :]}"
