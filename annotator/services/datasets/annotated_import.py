"""Importing annotations that come with documents: the ``jsonl`` export, doccano, Label Studio.

:func:`check_datasets` runs before anything is stored and returns a :class:`DatasetPlan`
plus every problem, located by file and line; ``store_datasets``
(:mod:`annotator.services.datasets.store`) then writes the plan with one multi-row ``INSERT``
per table. Annotators are matched by name; unknown names are listed in one problem unless
``create_users`` is set. A layer that already exists is left as it is when it holds the
same annotations and refused when it differs: an import never merges into or overwrites
someone's work.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.caller import Actor
from annotator.core.errors import Invalid
from annotator.core.formats.given_ids import why_unnamed
from annotator.core.formats.label_map import LEFT_BY_MAP, LabelMap, MapError, parse_map
from annotator.core.formats.option_words import COMMAND_LINE, OptionWords
from annotator.core.formats.read_options import ReadOptions
from annotator.core.formats.readers import Problem, Record
from annotator.core.layer_check import CleanLayer, check_layer
from annotator.core.look_alike import look_alike_key
from annotator.core.segmentation import split_sentences
from annotator.core.text import GivenText
from annotator.core.wording import CountedPhrase, counted, offsets
from annotator.models import (
    GOLD,
    Document,
    Project,
    ProjectMember,
    User,
)
from annotator.services.accounts.assignment import removed_members, removed_words
from annotator.services.accounts.users import case_variants, username_problem
from annotator.services.datasets.batches import LoadedDocument, load_layers

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
class DatasetOptions:
    """How to import annotations: whether to create unknown annotators, and a default name."""

    create_users: bool = False
    #: Who imports: the audit log's ``user.create`` entries for the annotators an import
    #: creates name them; None is the command line.
    actor: Actor | None = None
    #: The layer of records that name none (doccano, Label Studio): a username or ``gold``.
    annotator: str | None = None
    #: ``--map``: another tool's labels to ours (:mod:`annotator.core.formats.label_map`).
    label_map: str | None = None
    #: How the face that gave these options names them, in the import's messages.
    words: OptionWords = COMMAND_LINE
    #: ``--texts-only``: a corpus's documents and sentences with no layer at all
    #: (:mod:`annotator.core.formats.texts_only`).
    texts_only: bool = False
    #: How files read by extension are read: their encoding and CSV columns (``--encoding``,
    #: ``--text-column`` ...); a ``--format`` corpus takes none.
    reading: ReadOptions = field(default_factory=ReadOptions)
    #: :attr:`label_map` read, once: the corpus readers and the layer check apply the same
    #: map, which notes the entries that matched something.
    _mapping: LabelMap | None = field(default=None, init=False, repr=False, compare=False)

    def mapping(self) -> LabelMap:
        """Return :attr:`label_map` read (an empty map when none was given), the same map
        each time.

        :raises Invalid: naming the entry of the map that cannot be read, or the option a
            texts-only import cannot take (it stores no label and no layer).
        """
        if self.texts_only:
            words = self.words
            for given, name in (
                (self.annotator, words.annotator),
                (self.label_map, words.label_map),
            ):
                if given is not None:
                    raise Invalid(
                        f"{words.texts_only} brings the texts in with no layer, so it takes no "
                        f"{name}: leave {name} empty, or import the layers without "
                        f"{words.texts_only}",
                        details={"field": "texts_only"},
                    )
            if self._mapping is None:
                self._mapping = LabelMap.keeping_all(words)
            return self._mapping
        if self._mapping is None:
            try:
                self._mapping = parse_map(self.label_map, self.words)
            except MapError as exc:
                raise Invalid(str(exc)) from None
        return self._mapping


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


def _is_integer(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _file_sentences(value: Any, text: GivenText) -> list[tuple[int, int]] | str:
    """Return the ``sentences`` of a record as ranges of the stored text, or a reason they
    are not usable (their offsets count the text as given, as the spans' do)."""
    if not isinstance(value, list):
        return "'sentences' must be a list of {index, start, end}"
    ranges: list[tuple[int, int]] = []
    last = 0
    for i, s in enumerate(value):
        start, end = (s.get("start"), s.get("end")) if isinstance(s, dict) else (None, None)
        if not (_is_integer(start) and _is_integer(end)):
            return f"sentence {i} needs integer 'start' and 'end'"
        if not last <= start < end <= len(text.given) or text.vanishes(start, end):
            return f"sentence {i} {offsets(start, end)} is out of order or outside the text"
        ranges.append((text.stored_offset(start), text.stored_offset(end)))
        last = end
    return ranges


def check_datasets(
    session: Session,
    project: Project,
    records: Sequence[Record],
    existing: set[str],
    options: DatasetOptions,
    mapping: LabelMap | None = None,
    names_mapped: bool = False,
) -> tuple[DatasetPlan, list[Problem]]:
    """Check the annotations of ``records`` (``existing``: ids already in the project).

    :param mapping: the label map that makes the records' labels and values ours (doccano,
        Label Studio, ``jsonl``).
    :param names_mapped: their reader has already mapped the names (brat, CoNLL): the map
        makes only the values ours.
    """
    plan = DatasetPlan()
    problems: list[Problem] = []
    stored = _stored_documents(session, project, sorted({r.id for r in records} & existing))
    seen: dict[tuple[str, str | None], Record] = {}
    names: dict[str, Record] = {}
    for record in records:
        annotated = record.annotated or {}
        given = given_text(record)  # once a record: a long text's moves take a while
        sentences = _sentences_of(record, given, annotated, stored, plan, problems)
        if sentences is None:
            continue
        items = [
            (item, False, f"annotations[{i}]")
            for i, item in enumerate(annotated.get("annotations") or [])
        ]
        if annotated.get("gold") is not None:
            items.append((annotated["gold"], True, "gold"))
        for item, is_gold, path in items:
            name = _layer_name(item, is_gold, options)
            where = f"document {record.id!r}, layer {name!r}"
            why = why_unnamed(item) if not is_gold else ""
            if name is None and _emptied(
                item, given, len(sentences), project, mapping, names_mapped, plan
            ):
                continue
            if name is None:
                because = f" ({why})" if why else ""
                problems.append(
                    _at(
                        record,
                        f"document {record.id!r}: a layer names no "
                        f"annotator{because}; {options.words.give_annotator}",
                    )
                )
                continue
            owner = None if name == GOLD else name
            if (record.id, owner) in seen:
                problems.append(_at(record, _twice(where, seen[(record.id, owner)], why)))
                continue
            seen[(record.id, owner)] = record
            if owner is None and not is_gold and isinstance(item, dict):
                # An annotator's layer made gold by the import's annotator option: its status
                # is an assignment's (Label Studio's reader says done), not gold's.
                item = {**item, "status": None}
            clean, found = check_layer(
                item,
                given,
                len(sentences),
                project.schema,
                gold=owner is None,
                lists_ok=bool(annotated.get("single_values_in_lists")),
                mapping=mapping,
                names_mapped=names_mapped,
                path=path,
                # The readers that map names themselves (brat, CoNLL) check each span's
                # offsets against its text or make them from the text.
                offsets_checked=names_mapped,
            )
            problems += [_at(record, f"{where}, {message}") for message in found]
            plan.left_out += clean.left_out
            plan.values_left_out += clean.values_left_out
            if found:
                continue
            plan.word_cuts += [_at(record, f"{where}, {cut}") for cut in clean.word_cuts]
            if owner is None and clean.status is not None:
                plan.gold_statuses[record.id] = clean.status
            if owner is not None:
                names.setdefault(owner, record)
            document = stored.get(record.id)
            existing_id = None if document is None else document.layer_ids.get(name)
            note = clean.document_note
            if owner is not None and note is not None:
                # The note is the annotator's on the document, apart from the layer's rows:
                # written when they have none, and never over a different one. A file that
                # gives none says nothing of it (an export from before notes came along).
                theirs = None if document is None else document.layers.get(owner)
                kept = _NO_NOTE if theirs is None else _note_of(theirs[1])
                if kept not in (_NO_NOTE, note):
                    problems.append(
                        _at(
                            record,
                            f"{where}: the project already has a different note of this "
                            "annotator on this document; an import never merges or overwrites",
                        )
                    )
                    continue
                if kept != note:
                    plan.document_notes.append((record.id, owner, note))
            if existing_id is not None:
                current = _canonical(_existing(document, owner), owner)  # type: ignore[arg-type]
                if current == _canonical_clean(clean, owner):
                    plan.layers_unchanged += 1
                    continue
                if current[1:] != ([], [], []):
                    why = _labels_unheld(current, _canonical_clean(clean, owner), annotated)
                    problems.append(
                        _at(
                            record,
                            f"{where}: the project already has a different "
                            f"layer of this annotator on this document{why}; an "
                            "import never merges or overwrites",
                        )
                    )
                    continue
                plan.into[len(plan.layers)] = existing_id
            elif owner is not None and clean.empty and document is not None:
                # An empty layer says only "assigned, with this status": nothing to store
                # when the assignment is already there with that status.
                assigned = document.layers.get(owner)
                if assigned is not None and assigned[0] == (clean.status or "new"):
                    plan.layers_unchanged += 1
                    continue
            plan.layers.append((record.id, owner, clean))
    _check_names(session, names, options, plan, problems)
    _refuse_removed(session, project, names, plan, problems)
    return plan, problems


def word_cut_warnings(cuts: list[Problem]) -> list[str]:
    """Return the import's warnings of spans whose offsets cut a word: each of the first
    :data:`WORD_CUTS_SAID` with its file and line, then how many more (an import whose every
    offset is shifted would list thousands)."""
    said = [f"{cut}; {OFFSETS_UNCHECKED}" for cut in cuts[:WORD_CUTS_SAID]]
    if len(cuts) > WORD_CUTS_SAID:
        more = len(cuts) - WORD_CUTS_SAID
        said.append(f"and {counted(more, 'more span')} whose offsets cut a word")
    return said


def _emptied(
    item: Any,
    given: GivenText,
    sentence_count: int,
    project: Project,
    mapping: LabelMap | None,
    names_mapped: bool,
    plan: DatasetPlan,
) -> bool:
    """Tell whether a layer that names no annotator holds nothing once the label map has
    left its labels out (``PER=-``), noting it and what the map left out in ``plan``: such a
    layer makes no layer, so it needs no annotator. A layer that held nothing to begin with
    is not one: it says "assigned" and still needs its annotator."""
    keys = (LEFT_BY_MAP, "spans", "relations", "sentence_labels", "document_labels")
    if not isinstance(item, dict) or not any(item.get(key) for key in keys):
        return False
    clean, found = check_layer(
        item,
        given,
        sentence_count,
        project.schema,
        gold=False,
        mapping=mapping,
        names_mapped=names_mapped,
    )
    if found or not clean.empty:
        return False
    plan.emptied += 1
    plan.left_out += clean.left_out
    plan.values_left_out += clean.values_left_out
    return True


def _refuse_removed(
    session: Session,
    project: Project,
    names: dict[str, Record],
    plan: DatasetPlan,
    problems: list[Problem],
) -> None:
    """Refuse a new layer of a member the project removed: storing it would make them a
    member again, unseen (an assignment makes its annotator one), as ``assign`` refuses to.
    Their finished layers coming back as they are (a re-import) store nothing and pass."""
    owners = sorted({owner for _, owner, _ in plan.layers if owner is not None})
    members = set(
        session.scalars(
            select(User.username)
            .join(ProjectMember, ProjectMember.user_id == User.id)
            .where(ProjectMember.project_id == project.id, User.username.in_(owners))
        )
    )
    removed = sorted(removed_members(session, project, [o for o in owners if o not in members]))
    if removed:
        first = min((names[n] for n in removed), key=lambda r: (r.file, r.line or 0))
        problems.append(_at(first, f"{removed_words(project, removed)}, then import again"))


def _sentences_of(
    record: Record,
    counted_in: GivenText,
    annotated: dict[str, Any],
    stored: dict[str, LoadedDocument],
    plan: DatasetPlan,
    problems: list[Problem],
) -> list[dict[str, int]] | list[tuple[int, int]] | None:
    document = stored.get(record.id)
    if document is not None:
        # Loaded as items, not raw JSON text (_stored_documents): a list.
        assert isinstance(document.sentences, list)
        return document.sentences
    if record.id in plan.sentences:
        return plan.sentences[record.id]
    given = annotated.get("sentences")
    if given is None:
        ranges: list[tuple[int, int]] | str = split_sentences(record.text)
    else:
        ranges = _file_sentences(given, counted_in)
    if isinstance(ranges, str):
        problems.append(_at(record, f"document {record.id!r}: {ranges}"))
        return None
    plan.sentences[record.id] = ranges
    return ranges


def given_text(record: Record) -> GivenText:
    """Return the text that the offsets of ``record`` count in, with its stored text."""
    if record.given_text is None:
        return GivenText(record.text, record.text, None)
    return GivenText.of(record.given_text)


def _layer_name(item: Any, is_gold: bool, options: DatasetOptions) -> str | None:
    if is_gold:
        return GOLD
    name = item.get("annotator") if isinstance(item, dict) else None
    return name if isinstance(name, str) and name else options.annotator


def _check_names(
    session: Session,
    names: dict[str, Record],
    options: DatasetOptions,
    plan: DatasetPlan,
    problems: list[Problem],
) -> None:
    wanted = sorted(names)
    known: set[str] = set()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        known.update(session.scalars(select(User.username).where(User.username.in_(chunk))))
    unknown = [name for name in wanted if name not in known]
    if not unknown:
        return
    if options.create_users:
        found = _unmakeable(session, unknown, names)
        problems += found
        if not found:
            plan.new_users, plan.actor = unknown, options.actor
        return
    first = min((names[n] for n in unknown), key=lambda r: (r.file, r.line or 0))
    words = options.words
    # A face that cannot create users (the project page's plain upload) says only the way
    # it has.
    otherwise = (
        f" or {words.create_users}" if words.create_users is not None else ", then import again"
    )
    problems.append(
        _at(
            first,
            f"{counted(len(unknown), 'unknown annotator')}: {', '.join(unknown)}; create them "
            f"first ({words.make_users}){otherwise}",
        )
    )


def _unmakeable(session: Session, unknown: list[str], names: dict[str, Record]) -> list[Problem]:
    """Return a problem for each annotator the import is to create who cannot be made: a name
    no user may have, or one that reads as an existing user's or another new one's (case,
    width). Said before anything is stored, at the first record naming them; creating them
    refused the whole import with a bare conflict that named no line."""
    problems = []
    for name in unknown:
        why = username_problem(name)
        if why is not None:
            problems.append(_at(names[name], f"annotator {name!r} cannot be created: {why}"))
    variants = case_variants(session, unknown)
    alike: dict[str, list[str]] = {}
    for name in unknown:
        alike.setdefault(look_alike_key(name), []).append(name)
    for name in unknown:
        existing = variants.get(name)
        if existing is None:
            first = alike[look_alike_key(name)][0]
            if first == name:
                continue
            existing, whose = first, "the new annotator"
        else:
            whose = "the existing user"
        problems.append(
            _at(
                names[name],
                f"annotator {name!r} differs from {whose} {existing!r} only in case or "
                f"character width: write {existing!r} if it is that user, or another name",
            )
        )
    return problems


def _stored_documents(
    session: Session, project: Project, ids: list[str]
) -> dict[str, LoadedDocument]:
    found: dict[str, LoadedDocument] = {}
    connection = session.connection()
    d = Document.__table__.c
    for start in range(0, len(ids), BATCH):
        rows = connection.execute(
            select(d.id, d.external_id, d.title, d.meta, d.text).where(
                d.project_id == project.id, d.external_id.in_(ids[start : start + BATCH])
            )
        ).all()
        documents = {
            r.id: LoadedDocument(r.id, r.external_id, r.title, r.meta, r.text, []) for r in rows
        }
        load_layers(connection, documents)
        found.update((doc.external_id, doc) for doc in documents.values())
    return found


def _existing(document: LoadedDocument, owner: str | None) -> dict[str, Any]:
    return document.gold if owner is None else document.layers[owner][1]  # type: ignore[return-value]


#: What a layer without its annotator's note on the document has: ``(note, unsure)``.
_NO_NOTE = ("", False)


def _note_of(payload: dict[str, Any]) -> tuple[str, bool]:
    """Return a loaded layer's note on the document as a clean layer holds it."""
    return payload.get("note", ""), payload.get("unsure", False)


def _canonical(payload: dict[str, Any], owner: str | None) -> Any:
    spans = {
        s["id"]: (s["label"], s["start"], s["end"], _json(s["attributes"]))
        for s in payload["spans"]
    }
    return (
        None if owner is None else payload["status"],
        sorted(spans.values()),
        sorted((r["type"], spans[r["from"]], spans[r["to"]]) for r in payload["relations"]),
        sorted(
            (-1 if x.get("sentence") is None else x["sentence"], x["name"], _json(x["value"]))
            for x in payload["sentence_labels"] + payload["document_labels"]
        ),
    )


def _canonical_clean(layer: CleanLayer, owner: str | None) -> Any:
    spans = {s[0]: (s[1], s[2], s[3], _json(s[4])) for s in layer.spans}
    return (
        None if owner is None else (layer.status or "new"),
        sorted(spans.values()),
        sorted((t, spans[a], spans[b]) for t, a, b in layer.relations),
        sorted((unit, name, _json(value)) for unit, name, value in layer.labels),
    )


def _labels_unheld(current: Any, imported: Any, annotated: dict[str, Any]) -> str:
    """Say, of a stored layer and an imported one that differ, when they differ only in the
    sentence and document labels that the file's format has no room for (our brat export
    imported again): else ''."""
    unheld_by = annotated.get("no_room_for_labels")
    if unheld_by is None or current[:3] != imported[:3] or imported[3]:
        return ""
    return (
        f": it differs only in its sentence and document labels, which {unheld_by} has no "
        "room for (the files hold none)"
    )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _twice(where: str, first: Record, why: str) -> str:
    """Say that a document has a layer twice; when the layer took the import's annotator
    because its own was a number, say that too, and the way out."""
    said = f"{where}: this document has that layer twice (also at {_where(first)})"
    if not why:
        return said
    return (
        f"{said}: {why}, so the layer took the annotator given for the import; name each "
        "annotator in the file by username, or import each annotator's records on their own"
    )


def _where(record: Record) -> str:
    return f"{record.file}:{record.line}" if record.line else record.file


def _at(record: Record, message: str) -> Problem:
    return Problem(record.file, record.line, message)
