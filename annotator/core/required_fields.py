"""Which required label fields a layer leaves without a value, and how that is said (pure).

A label field declared ``"required": true`` must have a value on every sentence (a document
field: on the document) before its annotator marks the document done. Without the rule, an
omission looked like nothing at all: a sentence one annotator left blank is not pairable, so
the agreement report left it out and agreement read higher than it was. One home for the rule:
:func:`missing_required` says what is missing, :func:`missing_said` says it, and
:mod:`annotator.services.annotation.required` refuses "done" with both (workspace, API and CLI
alike), while marking gold final names the gaps as a warning
(:mod:`annotator.services.review.final_marking`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from annotator.core.wording import sentence_number

#: How many sentences a message names before "and N more".
NAMED_SENTENCES = 5


@dataclass(frozen=True)
class MissingField:
    """A required field a layer has no value for: on the document (``document``), or on the
    sentences whose indexes (from 0, as the API counts them) are ``sentences``."""

    name: str
    document: bool
    sentences: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the gap as the API's ``details`` list it."""
        return {
            "field": self.name,
            "kind": "document" if self.document else "sentence",
            "sentences": list(self.sentences),
        }


def required_fields(schema: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Return the names of the schema's required sentence fields, then of its document ones."""
    return (
        [f["name"] for f in schema.get("sentence_labels") or [] if f.get("required")],
        [f["name"] for f in schema.get("document_labels") or [] if f.get("required")],
    )


def missing_required(
    schema: Mapping[str, Any], sentence_count: int, given: Iterable[tuple[int | None, str]]
) -> list[MissingField]:
    """Return the required fields that ``given`` leaves without a value, in schema order.

    :param given: the ``(sentence index or None for the document, field name)`` of each value
        the layer holds (a multi-valued field's empty list is no value: it is not stored).
    """
    sentence_fields, document_fields = required_fields(schema)
    if not sentence_fields and not document_fields:
        return []
    held = set(given)
    missing = []
    for name in sentence_fields:
        blank = tuple(i for i in range(sentence_count) if (i, name) not in held)
        if blank:
            missing.append(MissingField(name, False, blank))
    missing += [MissingField(n, True) for n in document_fields if (None, n) not in held]
    return missing


def sentences_said(indexes: Iterable[int]) -> str:
    """Name sentences by their number as the workspace shows it (from 1): the first
    :data:`NAMED_SENTENCES`, then "and N more"."""
    numbers = [str(sentence_number(i, "page")) for i in indexes]
    named = numbers[:NAMED_SENTENCES]
    rest = len(numbers) - len(named)
    if rest:
        return f"sentences {', '.join(named)} and {rest} more"
    if len(named) == 1:
        return f"sentence {named[0]}"
    return f"sentences {', '.join(named[:-1])} and {named[-1]}"


def missing_said(missing: list[MissingField]) -> str:
    """Say what a layer lacks, one clause per field: "the required field 'stance' has no value
    on sentences 2, 5 and 9; the required document field 'genre' has no value"."""
    clauses = []
    for gap in missing:
        if gap.document:
            clauses.append(f"the required document field {gap.name!r} has no value")
        else:
            where = sentences_said(gap.sentences)
            clauses.append(f"the required field {gap.name!r} has no value on {where}")
    return "; ".join(clauses)


def newly_required(
    old: Mapping[str, Any], new: Mapping[str, Any], renamed: Iterable[tuple[str, str, str]] = ()
) -> list[tuple[str, bool]]:
    """Return the label fields ``new`` requires that ``old`` did not (a field added required
    too), each as ``(name, True for a document field)``, in schema order.

    :param renamed: a schema change's ``(kind, old name, new name)`` renames
        (:attr:`annotator.core.schema_diff.SchemaDiff.renamed`): a required field renamed was
        required before.
    """
    names = {(kind, was): now for kind, was, now in renamed}
    before_sentence, before_document = required_fields(old)
    before = {("sentence", names.get(("sentence", n), n)) for n in before_sentence}
    before |= {("document", names.get(("document", n), n)) for n in before_document}
    now_sentence, now_document = required_fields(new)
    return [(n, False) for n in now_sentence if ("sentence", n) not in before] + [
        (n, True) for n in now_document if ("document", n) not in before
    ]


def field_said(name: str, document: bool) -> str:
    """Name a label field in a sentence: ``'stance'``, or ``the document field 'genre'``."""
    return f"the document field {name!r}" if document else repr(name)


def done_blank_said(layers: int, name: str, document: bool) -> str:
    """Say how many layers marked done before ``name`` became required leave it blank: "3
    layers already marked done leave 'stance' blank (they stay done)"."""
    leave, stay = ("leaves", "it stays") if layers == 1 else ("leave", "they stay")
    return (
        f"{layers} layer{'' if layers == 1 else 's'} already marked done {leave} "
        f"{field_said(name, document)} blank ({stay} done)"
    )


def imported_blank_said(layers: int, name: str, document: bool) -> str:
    """Say how many layers an import brought in as done leave the required ``name`` blank:
    "2 layers imported as done leave required 'stance' blank"."""
    leave = "leaves" if layers == 1 else "leave"
    field = f"required document field {name!r}" if document else f"required {name!r}"
    return f"{layers} layer{'' if layers == 1 else 's'} imported as done {leave} {field} blank"
