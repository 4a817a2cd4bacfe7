"""A layer's history: the words of a change and the JSON of what was there before and after.

Pure. Every change to a layer (a span, a relation, a label value, a status) is one row of
``layer_change`` (:mod:`annotator.services.history` writes them) holding the item
as it was before and after, each as compact JSON text (None where the item did not exist).
The snapshots name no database id: a relation names its spans by label and offsets, so that
a snapshot still means the same after a project is moved (a load gives new ids) and after a
deleted span comes back under a new id. The decider a snapshot's ``origin`` keeps for a
restore is a user's id, which a project file names by user name (:func:`deciders_named`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from annotator.core import json_text
from annotator.core.gold_source import source_json
from annotator.core.shapes import sentence_at
from annotator.core.vocabulary import ASSIGNMENT_STATUS_NAMES, DOCUMENT_UNIT, GOLD_STATUS_NAMES
from annotator.core.wording import Audience, sentence_said, span_words

#: What changed; a ``decision`` is gold's "none of these versions" on a difference.
KINDS = ("span", "relation", "label", "status", "decision")
#: How it changed; ``restore`` puts back what a change's ``before`` held.
ACTIONS = ("create", "update", "delete", "restore")
#: Which path made the change: ``schema`` a schema rename (of final gold, the only gold whose
#: renaming is kept), ``merge`` ``annotator db copies --merge``.
SOURCES = (
    "annotator",
    "reviewer",
    "import",
    "suggestion",
    "restore",
    "sentence-edit",
    "schema",
    "merge",
)
#: Each path in plain words, as the History page and the API's ``summary.path`` say it.
_PATH_WORDS = {
    "annotator": "annotator",
    "reviewer": "reviewer",
    "import": "import",
    "suggestion": "suggestion",
    "restore": "restore",
    "sentence-edit": "sentence edit",
    "schema": "schema rename",
    "merge": "copies merge",
}


def path_words(source: str) -> str:
    """Return the path a change came by (its ``source``) in plain words; one not known, as
    stored."""
    return _PATH_WORDS.get(source, source)


# One encoder for every snapshot, built once (core.json_text): json.dumps with options would
# build one per call, which costs as much as the encoding itself (a span write encodes one,
# an import one per item).
_ENCODE = json_text.encoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def encode(value: Any) -> str | None:
    """Return a snapshot as compact JSON text (keys sorted); None stays None."""
    if value is None:
        return None
    return _ENCODE(value)


def decode(text: str | None) -> Any:
    """Return the snapshot stored as ``text``; None stays None."""
    return None if text is None else json.loads(text)


#: The columns of a span's, relation's or label value's row that say where it came from: a
#: gold item's decider and source (:mod:`annotator.core.gold_source`), an accepted
#: suggestion's model and score. The snapshot of what a change found before it keeps those
#: set, as ``origin``, so that a restore puts the item back as it was, not as a new one of
#: nobody's; a snapshot without (kept before they were, or of an item with none) restores
#: with none.
ORIGIN_COLUMNS = ("decided_by_id", "source_layer", "source_how", "source_of", "score", "model")


def origin_of(row: Any) -> dict[str, Any]:
    """Return the origin columns a row (or a row-like read) has set; {} for none."""
    return {c: value for c in ORIGIN_COLUMNS if (value := getattr(row, c, None)) is not None}


def origin_read(values: Sequence[Any]) -> dict[str, Any]:
    """Return the origin columns that are set of ``values`` read in :data:`ORIGIN_COLUMNS`'s
    order (a query's columns)."""
    return {c: value for c, value in zip(ORIGIN_COLUMNS, values, strict=True) if value is not None}


def with_origin(snapshot: dict[str, Any], origin: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``snapshot`` keeping ``origin`` (:func:`origin_of`) when it has any."""
    if origin:
        snapshot["origin"] = dict(origin)
    return snapshot


def kept_origin(snapshot: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return every origin column as a snapshot kept it (unset ones None); None when the
    snapshot kept none, so that a restore leaves the item's columns as they are."""
    kept = snapshot.get("origin")
    if kept is None:
        return None
    return {column: kept.get(column) for column in ORIGIN_COLUMNS}


def kept_source(snapshot: Any) -> dict[str, Any] | None:
    """Return the gold source a snapshot's ``origin`` kept, as the history says a source
    (:func:`~annotator.core.gold_source.source_json`); None when it kept none: the source an
    item had before a change, which that change's row keeps for a restore."""
    origin = kept_origin(snapshot) if isinstance(snapshot, dict) else None
    if origin is None:
        return None
    return source_json(origin["source_how"], origin["source_of"], origin["source_layer"])


def deciders_named(snapshot: Any, names: Mapping[int, str]) -> Any:
    """Return a snapshot for a project file: its origins' decider by user name
    (``decided_by``), not by id, which a load into another database gives anew."""
    return _deciders(snapshot, "decided_by_id", "decided_by", names)


def deciders_numbered(snapshot: Any, users: Mapping[str, int]) -> Any:
    """Return a project file's snapshot as stored: its origins' decider by id again (left
    out when the load has no such user)."""
    return _deciders(snapshot, "decided_by", "decided_by_id", users)


def _deciders(snapshot: Any, key: str, new_key: str, renamed: Mapping[Any, Any]) -> Any:
    if not isinstance(snapshot, dict) or not ("origin" in snapshot or "relations" in snapshot):
        return snapshot
    changed = dict(snapshot)
    if "origin" in changed:
        origin = {k: v for k, v in changed["origin"].items() if k != key}
        decider = renamed.get(changed["origin"].get(key))
        if decider is not None:
            origin[new_key] = decider
        changed["origin"] = origin
    if "relations" in changed:
        changed["relations"] = [
            _deciders(relation, key, new_key, renamed) for relation in changed["relations"]
        ]
    return changed


def shown_snapshot(snapshot: Any) -> Any:
    """Return a snapshot as the history shows it: without its ``origin``, which the history
    says as the change's source (in the page's names, hidden when they are)."""
    if not isinstance(snapshot, dict) or not ("origin" in snapshot or "relations" in snapshot):
        return snapshot
    shown = {key: value for key, value in snapshot.items() if key != "origin"}
    if "relations" in shown:
        shown["relations"] = [shown_snapshot(relation) for relation in shown["relations"]]
    return shown


def span_end(label: str, start: int, end: int) -> dict[str, Any]:
    """Return how a relation snapshot names one of its spans."""
    return {"label": label, "start": start, "end": end}


def span_snapshot(
    label: str,
    start: int,
    end: int,
    attributes: Mapping[str, Any] | None,
    relations: Sequence[Mapping[str, Any]] = (),
    note: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Return a span as its change rows hold it.

    :param relations: for a deleted span, the relations that went with it, each
        ``{"type", "from", "to"}`` with its ends as :func:`span_end` names them (and its
        ``id``, since deletions kept it).
    :param note: the span's note, kept so that a restore brings it back; a span without
        one has no ``note`` key, as every snapshot had before notes were kept.
    :param version: for a deleted span, the version it was deleted at: the restore that puts
        it back (with its id) gives it a later one, so that a tab that read it before is stale.
    """
    snapshot: dict[str, Any] = {
        "label": label,
        "start": start,
        "end": end,
        "attributes": dict(attributes or {}),
    }
    if relations:
        snapshot["relations"] = [dict(relation) for relation in relations]
    if note is not None:
        snapshot["note"] = note
    if version is not None:
        snapshot["version"] = version
    return snapshot


def relation_snapshot(
    type_: str,
    source: Mapping[str, Any],
    target: Mapping[str, Any],
    note: str | None = None,
    relation_id: int | None = None,
) -> dict[str, Any]:
    """Return a relation as its change rows hold it: its type and both ends by label and offsets.

    :param note: the relation's note, kept so that a restore brings it back; a relation
        without one has no ``note`` key, as every snapshot had before relations had notes.
    :param relation_id: for a relation deleted with its span (whose change row names only
        the span), its id, which a restore gives it back.
    """
    snapshot: dict[str, Any] = {"type": type_, "from": dict(source), "to": dict(target)}
    if note is not None:
        snapshot["note"] = note
    if relation_id is not None:
        snapshot["id"] = relation_id
    return snapshot


def moved_end(kind: str, before: Any, after: Any) -> str | None:
    """Return which end of a relation a change found elsewhere than it left it (``from`` or
    ``to``, the first that moved), None for a change that moved none: a gold relation's row
    written because its end span moved (or was relabelled), which it followed as the same
    row (:mod:`annotator.services.review.moved_ends`). One whose type changed too is a schema
    rename's, which renames its ends' labels with it: no move."""
    if kind != "relation" or not isinstance(before, dict) or not isinstance(after, dict):
        return None
    if before["type"] != after["type"]:
        return None
    return next((end for end in ("from", "to") if before[end] != after[end]), None)


def known_note(
    before: Mapping[str, Any], after: Mapping[str, Any] | None
) -> tuple[bool, str | None]:
    """Return whether a change's snapshots tell its span's or relation's note before it, and
    that note.

    A snapshot holds a ``note`` only when its item had one, and only since notes were kept:
    ``before``'s is the note; none there but one in ``after`` means there was none (a note
    added, which a restore clears); none in either tells nothing (a snapshot from before
    notes were kept, or a change that left no note either side), and a restore leaves the
    item's note as it is.
    """
    if "note" in before:
        return True, before["note"]
    return (after is not None and "note" in after), None


def label_snapshot(unit: int, name: str, value: Any) -> dict[str, Any]:
    """Return a label value as its change rows hold it (``sentence`` None for the document)."""
    return {"sentence": None if unit == DOCUMENT_UNIT else unit, "name": name, "value": value}


def status_snapshot(status: str) -> dict[str, Any]:
    """Return a layer's status (an assignment's, or gold's) as its change rows hold it."""
    return {"status": status}


def describe(
    kind: str, snapshot: Any, text: str, starts: Sequence[int], audience: Audience = "page"
) -> str:
    """Return a snapshot in words: label, offsets, quoted text and sentence.

    :param text: the document's text; a span's words are cut from it.
    :param starts: the starts of the document's sentences, in order.
    :param audience: who reads it, which says how a sentence is counted
        (:func:`~annotator.core.wording.sentence_said`).
    """
    if snapshot is None:
        return "(nothing)"
    if kind == "span":
        return (
            _span_words(snapshot, text, starts, audience)
            + _attribute_words(snapshot.get("attributes"))
            + _note_words(snapshot.get("note"))
        )
    if kind == "relation":
        return (
            f"{snapshot['type']}: {_span_words(snapshot['from'], text, starts, audience)} -> "
            f"{_span_words(snapshot['to'], text, starts, audience)}"
            f"{_note_words(snapshot.get('note'))}"
        )
    if kind == "label":
        sentence = snapshot.get("sentence")
        where = "document" if sentence is None else sentence_said(sentence, audience)
        value = snapshot.get("value")
        shown = ", ".join(value) if isinstance(value, list) else value
        return f"{snapshot['name']} = {shown} ({where})"
    if kind == "decision":
        return f"none taken: {snapshot['summary']}"
    status = str(snapshot.get("status"))
    named = ASSIGNMENT_STATUS_NAMES.get(status) or GOLD_STATUS_NAMES.get(status, status)
    if snapshot.get("sent_back"):  # a reviewer sent the layer back to its annotator
        reason = snapshot.get("reason")
        return f"{named} (sent back{f': {reason}' if reason else ''})"
    return named


#: The kinds of change that happen at a place in the text (a status or a decision does not).
PLACED_KINDS = ("span", "relation", "label")


def sentence_changed(kind: str, snapshot: Any, sentence_of: Callable[[int], int]) -> int | None:
    """Return the index of the sentence a change was made in; None for a change of no place
    (a document label, a status, a decision).

    A span's sentence is the one holding its start, a relation's the one holding its first
    span's start, as ``sentence_of`` (an offset's sentence) finds it in the text as split now;
    a label's is the index it was given, which the page keeps within the sentences there are
    should they have been merged since.
    """
    if snapshot is None:
        return None
    if kind == "span":
        return sentence_of(snapshot["start"])
    if kind == "relation":
        return sentence_of(snapshot["from"]["start"])
    if kind == "label" and snapshot.get("sentence") is not None:
        return int(snapshot["sentence"])
    return None


def decision_snapshot(difference: str, kind: str, summary: str) -> dict[str, Any]:
    """Return a "none taken" decision on a difference as its change rows hold it."""
    return {"difference": difference, "kind": kind, "summary": summary}


def _span_words(
    span: Mapping[str, Any], text: str, starts: Sequence[int], audience: Audience
) -> str:
    start, end = span["start"], span["end"]
    sentence = sentence_at(starts, start) if starts else 0
    return f"{span_words(span['label'], start, end, text)} ({sentence_said(sentence, audience)})"


#: How much of a note a change's words show (the snapshot holds it whole): enough to tell
#: two versions apart on a row, short enough that a pasted paragraph does not fill the page.
NOTE_SHOWN = 60


def _note_words(note: str | None) -> str:
    """Say a span's or relation's note on a history row, so that a change of the note alone
    reads differently before and after (the one thing a restore of it puts back)."""
    if not note:
        return ""
    line = " ".join(note.split())
    shown = line if len(line) <= NOTE_SHOWN else line[:NOTE_SHOWN] + "\u2026"
    return f", note \u201c{shown}\u201d"


def _attribute_words(attributes: Mapping[str, Any] | None) -> str:
    if not attributes:
        return ""
    return " [" + ", ".join(f"{name}={value}" for name, value in sorted(attributes.items())) + "]"
