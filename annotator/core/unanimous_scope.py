"""What a project's accept of agreed items is asked to take: the one scope and its one reader.

The review list's question and its form, ``POST /api/v1/projects/<slug>/review/unanimous``
and ``annotator adjudicate unanimous`` each read the same four choices here
(:func:`read_scope`): the quorum, the review list's ``annotators`` filter, the ``documents``
named and ``include_unfinished``. Which documents that takes is
:mod:`annotator.services.review.accept_scope`'s rule; named documents *and* a filter take
the named documents the filter shows, and those it leaves out are named back
(:func:`filtered_out_said`), so no face drops a choice unsaid. (The API refused the two
together while the page dropped the filter: the same request meant two things.)

Pure, so that the services and every face import it without a cycle: the scope sat beside
the documents' rule, which the accept imports and which would then import the accept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.comma_lists import comma_separated
from annotator.core.document_naming import documents_said
from annotator.core.errors import Invalid, Malformed
from annotator.core.quorum import UNANIMOUS
from annotator.core.text import unstorable_reason
from annotator.core.wording import counted

#: What each filter of the review list keeps, as the messages say it.
FILTER_KEEPS = {
    "finished": "the documents everyone assigned has finished",
    "waiting": "the documents someone assigned has not finished",
}


@dataclass(frozen=True)
class UnanimousScope:
    """The documents a project's accept of agreed items is asked to take, and the quorum."""

    quorum: str = UNANIMOUS
    #: The review list's filter (``finished`` or ``waiting``); None: every document.
    annotators: str | None = None
    #: The documents named (``#12``, ``12`` or an external id), in the order given; None:
    #: every document (of those the filter shows); empty: none.
    documents: tuple[str, ...] | None = None
    #: Take the documents someone assigned has not finished too.
    include_unfinished: bool = False


def read_scope(values: Mapping[str, Any]) -> UnanimousScope:
    """Return the scope of JSON-typed choices: the API's body as sent, the page's query or
    form through :func:`form_values`, the command line's options as given.

    Absent (and, for ``documents``, null) is the default; ``quorum`` and ``annotators`` are
    text, ``documents`` a list of text, ``include_unfinished`` true or false. Whether a
    value is one the project knows is the service's to say (422).

    :raises Malformed: a choice of another type, naming its field (400).
    :raises Invalid: a name no database stores as text (a NUL), naming its field.
    """
    quorum = _text(values, "quorum")
    documents = values.get("documents")
    if documents is not None and (
        not isinstance(documents, list | tuple) or not all(isinstance(d, str) for d in documents)
    ):
        raise Malformed(
            "the field 'documents' must be a list of document ids (strings)",
            details={"field": "documents"},
        )
    include = values.get("include_unfinished", False)
    if not isinstance(include, bool):
        raise _wrong("include_unfinished", "true or false", include)
    return UnanimousScope(
        quorum=UNANIMOUS if quorum is None else quorum,
        annotators=_text(values, "annotators"),
        documents=None if documents is None else tuple(_storable(documents)),
        include_unfinished=include,
    )


def form_values(values: Mapping[str, str]) -> dict[str, Any]:
    """Return the review list's query or form as :func:`read_scope` reads it: a blank choice
    as absent, the documents typed split at commas (none typed: every document) and
    ``include_unfinished=1`` as true."""
    read: dict[str, Any] = {
        name: values[name] for name in ("quorum", "annotators") if values.get(name)
    }
    named = comma_separated(values.get("documents"))
    if named:
        read["documents"] = named
    return read | {"include_unfinished": values.get("include_unfinished") == "1"}


def filtered_out_said(annotators: str, named: Sequence[tuple[int, str]]) -> str:
    """Say which named documents the filter left out, ``#N (external id)`` in the order
    named: "1 named document left out by the annotators filter “finished” (only the
    documents everyone assigned has finished): #2 (d2)"."""
    keeps = FILTER_KEEPS.get(annotators, annotators)
    return (
        f"{counted(len(named), 'named document')} left out by the annotators filter "
        f"\u201c{annotators}\u201d (only {keeps}): {documents_said(named)}"
    )


def _text(values: Mapping[str, Any], name: str) -> str | None:
    """Return a text choice, None when absent; null is no text (the body declares none)."""
    if name not in values:
        return None
    value = values[name]
    if not isinstance(value, str):
        raise _wrong(name, "a string", value)
    return value


def _storable(names: Sequence[str]) -> list[str]:
    """Return ``names``, refusing one no database stores (it could name no document)."""
    for name in names:
        reason = unstorable_reason(name)
        if reason is not None:
            message = f"the field 'documents' holds a value that {reason}"
            raise Invalid(message, details={"field": "documents"})
    return list(names)


def _wrong(name: str, expected: str, value: Any) -> Malformed:
    got = "null" if value is None else type(value).__name__
    return Malformed(f"the field {name!r} must be {expected}, got {got}", details={"field": name})
