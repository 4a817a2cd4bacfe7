"""How things are said on pages, in messages, in the API's summaries and in the CLI.

One rule each: a count ("1 document", "4 documents"), a span's offsets ("[155, 167)", as
CONTRACT counts them: from 0, the end excluded) and a value nobody gave ("–").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from annotator.core.vocabulary import ASSIGNMENT_STATUS_NAMES

#: Who reads a message: a script through the API, or a person on a page (or the command line).
Audience = Literal["api", "page"]


def sentence_said(index: int, audience: Audience) -> str:
    """Name the sentence of index ``index`` (from 0) as ``audience`` counts: the API by its
    index, as its bodies give it ("sentence 0"), a page by its number from 1, as the
    workspace shows it ("sentence 1"). The one home of that choice for every message a page
    and the API share."""
    return f"sentence {sentence_number(index, audience)}"


def sentence_number(index: int, audience: Audience) -> int:
    """The number ``audience`` knows the sentence of index ``index`` (from 0) by: its index
    for the API, its number from 1 for a page (see :func:`sentence_said`)."""
    return index + 1 if audience == "page" else index


def sentence_pair_said(first: int, second: int, audience: Audience) -> str:
    """Name two sentences (indexes from 0) as ``audience`` counts them, as
    :func:`sentence_said` names one: "sentences 2 and 3" on a page (a merge's)."""
    numbers = (sentence_number(first, audience), sentence_number(second, audience))
    return f"sentences {numbers[0]} and {numbers[1]}"


#: What is shown for a value that is missing: a label value an annotator did not give, a
#: figure that is undefined. An en dash, not a hyphen, so that it is not read as a minus.
NO_VALUE = "\u2013"

#: An enabled user without a password, as every list of users says it (the users page, the
#: Assign form, ``annotator users list``): "active" misled a lead after an import.
NO_PASSWORD = "no password set: cannot log in"

#: How documents are named in every field that takes them (the rule is
#: annotator.services.datasets.document_names): what the project page shows of each.
NAMING_DOCUMENTS = (
    "# numbers or ids as exports name them (the name under each title on the project page)"
)


def counted(count: int, noun: str, plural: str = "") -> str:
    """Return ``count`` with ``noun`` in the number that fits it.

    ``counted(1, "document")`` is "1 document", ``counted(0, "document")`` "0 documents";
    ``plural`` is for a noun whose plural is not ``noun + "s"`` (``counted(2, "entry",
    "entries")``).
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def listed(names: Sequence[str], conjunction: str = "and") -> str:
    """Return names as a sentence lists them: "CLAIM, SOURCE and CUE" (``conjunction`` "or":
    "FAVOR, AGAINST or NONE"); "none" for none.

    Every message that names a schema's choices says them so, not as Python's list
    (``['CLAIM', 'SOURCE']``), which reads as code to an annotator.
    """
    if not names:
        return "none"
    if len(names) == 1:
        return str(names[0])
    return f"{', '.join(str(name) for name in names[:-1])} {conjunction} {names[-1]}"


def json_type(value: Any) -> str:
    """Name a JSON value's type as a message says it: "an object", "null", "a number"..."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, bool | dict | list | str):
        return names[type(value)]
    return "a number"


def document_said(number: int, name: str) -> str:
    """Return a document as a message names it: ``#12 (reuters-0412)``, its number in its
    project (the project page's ``#``, which every form and command takes) and its name.

    Never its row id: a row id shown as ``#12`` or as a bare number reads as a number in the
    project, and ``12`` typed into a command names another document.
    """
    return f"#{number} ({name})"


def offsets(start: int, end: int) -> str:
    """Return a stretch of text's offsets as every page and message shows them: ``[155, 167)``.

    Counted as CONTRACT counts them (from 0, the end excluded), so that what a reviewer
    reads can be looked up in an export or the API without adding or taking away one.
    """
    return f"[{start}, {end})"


#: How many characters of a span's text are quoted whole; a longer one is quoted by its ends.
SPAN_QUOTED = 80


def value_words(value: Any) -> str:
    """Return a label or attribute value as pages say it: a multi-valued one's set joined
    by " + " (a comma also parts the annotators in "alice=A + B, bob=B"), not Python's list."""
    if isinstance(value, list):
        return " + ".join(str(item) for item in value)
    return str(value)


def span_words(label: str, start: int, end: int, text: str) -> str:
    """Return a span as pages and summaries name it: label, offsets and its words, quoted.

    ``text`` is the document's text. A span longer than :data:`SPAN_QUOTED` characters is
    quoted by its first and last words around an ellipsis: two spans that differ only in
    where they end (a boundary shift, in review) then read differently, as their offsets do.
    """
    shown = text[start:end]
    if len(shown) > SPAN_QUOTED:
        flat, half = " ".join(shown.split()), SPAN_QUOTED // 2
        shown = f"{_first_words(flat, half)} \u2026 {_last_words(flat, half)}"
    return f"{label} {offsets(start, end)} \u201c{shown}\u201d"


def _first_words(words: str, limit: int) -> str:
    """Return the words of ``words`` that fit in ``limit`` characters (the first cut if none)."""
    cut = words[: limit + 1]
    return cut[: cut.rfind(" ")] if " " in cut else words[:limit]


def _last_words(words: str, limit: int) -> str:
    """Return the last words of ``words`` that fit in ``limit`` characters."""
    cut = words[-limit - 1 :]
    return cut[cut.find(" ") + 1 :] if " " in cut else words[-limit:]


@dataclass(frozen=True)
class CountedPhrase:
    """What a count is of, written out for one and for many, to be said by :func:`counted`.

    For a noun phrase whose verb or pronoun follows the number as well ("1 span left out
    because it covers no token", "2 spans left out because they cover no token"), which
    adding an "s" to the noun cannot make. Hashable, so a ``Counter`` can key by it.
    """

    one: str
    many: str

    def said(self, count: int) -> str:
        """Return ``count`` with the phrase in the number that fits it."""
        return counted(count, self.one, self.many)


def unfinished_said(count: int) -> str:
    """Say that an accept of many documents into gold left ``count`` documents out because
    someone assigned has not finished them (services/review/accept_scope.py): "2 documents
    left out: someone assigned has not finished them (...)". The review list's question and
    flash and the command line say it so."""
    one = count == 1
    return (
        f"{counted(count, 'document')} left out: someone assigned has not finished "
        f"{'it' if one else 'them'} (not started or in progress), so {'its' if one else 'their'}"
        " layers may still change"
    )


def not_finished_by_said(number: int, names: Sequence[str]) -> str:
    """Say who has not finished a document an accept named and left out (the command line's
    ``--documents``, the API's ``documents``): "#2: not finished by alice, bob"."""
    return f"#{number}: not finished by {', '.join(names)}"


def unfinished_named_said(unfinished: Sequence[tuple[int, Sequence[str]]], taken_by: str) -> str:
    """Say that an accept left out the named documents someone has not finished, by number
    and who, and what takes them (``taken_by``: ``include_unfinished``, the option's name):
    ":func:`unfinished_said`; include_unfinished takes it: #2: not finished by alice, bob"."""
    one = len(unfinished) == 1
    named = "; ".join(not_finished_by_said(number, names) for number, names in unfinished)
    return (
        f"{unfinished_said(len(unfinished))}; {taken_by} takes {'it' if one else 'them'}: {named}"
    )


def not_done_said(not_done: Sequence[tuple[str, str]]) -> str:
    """Say who has not finished a document, from (name, assignment status) pairs: "bob has
    not marked this document done (In progress)"; "bob (In progress) and carol (Not
    started) have not ...". The review page's question before gold is marked final, its
    message after, and the command line's warning say it so."""
    names = [f"{name} ({ASSIGNMENT_STATUS_NAMES.get(status, status)})" for name, status in not_done]
    if len(names) == 1:
        name, status = not_done[0]
        said = ASSIGNMENT_STATUS_NAMES.get(status, status)
        return f"{name} has not marked this document done ({said})"
    listed = ", ".join(names[:-1]) + f" and {names[-1]}"
    return f"{listed} have not marked this document done"


#: The order :func:`assignees_said` says the statuses in: the finished work first.
_ASSIGNEES_ORDER = ("done", "in_progress", "new", "skipped")


def assignees_said(assigned: int, by_status: dict[str, int]) -> str:
    """Say how many annotators a document is assigned to and how many are at each status
    (the statuses in :data:`ASSIGNMENT_STATUS_NAMES`' words, done first, those with none left
    out): "3 assigned: 2 done, 1 not started"; "none assigned"."""
    if not assigned:
        return "none assigned"
    parts = [
        f"{by_status[status]} {ASSIGNMENT_STATUS_NAMES[status].lower()}"
        for status in _ASSIGNEES_ORDER
        if by_status.get(status)
    ]
    return f"{assigned} assigned: {', '.join(parts)}"


def undecided_said(count: int, document: str) -> str:
    """Say that marking gold final leaves ``count`` differences undecided in ``document``
    (:func:`document_said`): "2 differences still undecided in #1 (d1): gold holds none of
    their versions (marking final decides nothing)". The review page's question and message,
    the API's warnings and the command line's warning say it so."""
    its = "its" if count == 1 else "their"
    return (
        f"{counted(count, 'difference')} still undecided in {document}: gold holds none of "
        f"{its} versions (marking final decides nothing)"
    )


def never_taken_said(annotator: str, counts: Sequence[tuple[int, str]], document: str) -> str:
    """Say what gold never took of the only annotator's layer of ``document``, from (count,
    noun) pairs ("alice's 1 span and 1 label in #1 (d1) were never taken into gold (...)"):
    nothing differs there, so no difference asks about them. Said where
    :func:`undecided_said` is."""
    parts = [counted(count, noun) for count, noun in counts if count]
    items = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" and {parts[-1]}"
    one = sum(count for count, _ in counts) == 1
    them = "it" if one else "them"
    return (
        f"{annotator}'s {items} in {document} {'was' if one else 'were'} never taken into gold "
        f"(the only annotator's: no difference asks about {them}; final gold is exported "
        f"without {them})"
    )


#: How many runs of numbers (``1 to 12``, ``14``) a message names before it says only how
#: many documents there are and their first and last numbers.
NUMBER_RUNS_SAID = 4


def open_numbers_said(runs: Sequence[tuple[int, int]], count: int, last: int) -> str:
    """Return which documents of a project the reader can open, by their numbers:
    ``this project has documents 1 to 12, 14 and 20 to 31 you can open``.

    ``runs``: the first and last numbers of each unbroken run, in order, the first
    :data:`NUMBER_RUNS_SAID` at least (past them, only the ``count`` of the documents and
    their first and ``last`` numbers are said).
    """
    if not count or not runs:
        return "this project has no document you can open"
    if count == 1:
        return f"this project has one document you can open, number {runs[0][0]}"
    if len(runs) > NUMBER_RUNS_SAID:
        return (
            f"this project has {count} documents you can open, numbered from {runs[0][0]} "
            f"to {last} with gaps (the project page lists them)"
        )
    shown: list[str] = []
    for first, end in runs:
        if end - first > 1:
            shown.append(f"{first} to {end}")
        else:  # one number, or two in a row: each said
            shown.extend(str(n) for n in range(first, end + 1))
    return f"this project has documents {listed(shown)} you can open"
