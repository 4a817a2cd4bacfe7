"""What an accept of agreed items wrote into gold (or would write), and what it left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.services.review.accept_scope import AcceptScope, NamedDocument, UnfinishedDocument

if TYPE_CHECKING:
    from annotator.services.review.unanimous.items import ToAccept


@dataclass
class Accepted:
    """What one "accept every agreed item" action added to gold (or would add)."""

    spans: int = 0
    relations: int = 0
    labels: int = 0
    documents: int = 0
    #: The documents with fewer than two annotators (nothing to agree on), by external id.
    skipped: list[str] = field(default_factory=list)
    #: The documents left out because their gold is marked final (a whole project's accept):
    #: final gold takes no change until set back to in review.
    skipped_final: int = 0
    #: The documents left out because someone assigned has not finished them (an accept of
    #: many documents, unless asked to include them:
    #: :mod:`~annotator.services.review.accept_scope`).
    skipped_unfinished: int = 0
    #: The documents taken although someone assigned has not finished them (asked to).
    included_unfinished: int = 0
    #: Of the documents named (not a whole project's accept), those left out because
    #: someone assigned has not finished them, each with who.
    unfinished_named: list[UnfinishedDocument] = field(default_factory=list)
    #: Of the documents named, those the review list's ``annotators`` filter left out (named
    #: documents and a filter take the named ones the filter shows), in the order named.
    filtered_out: list[NamedDocument] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Return the number of items accepted."""
        return self.spans + self.relations + self.labels

    def add(self, items: ToAccept) -> None:
        """Count one document's items in."""
        self.spans += len(items.spans)
        self.relations += len(items.relations)
        self.labels += len(items.labels)
        self.documents += 1 if items.total else 0


def left_out(scope: AcceptScope) -> Accepted:
    """A count to add to, holding what ``scope`` left out."""
    return Accepted(
        skipped_final=scope.final,
        skipped_unfinished=scope.unfinished,
        included_unfinished=scope.included_unfinished,
        unfinished_named=list(scope.unfinished_named),
        filtered_out=list(scope.filtered_out),
    )
