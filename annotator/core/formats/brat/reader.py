"""Reading a brat corpus into import records with annotations (CONTRACT section 12).

Pure. :func:`read_brat` yields the items every reader yields (records, problems, skipped
files, tallies); each record is one document in the ``jsonl`` export shape, holding a layer
per ``.ann`` file of it, so that the annotated-import service checks and stores it like any
other annotated record. The layers:

- A file in a sub-folder belongs to the annotator the folder is named after (``alice/doc.ann``;
  a folder named ``gold`` holds the gold layer; our export's ``meta.json`` names the annotator
  of a folder named otherwise); a file at the top belongs to ``--annotator``. The document's
  id is its path below that folder without the extension; its ``.txt`` is beside the
  ``.ann`` or anywhere else in the corpus (at the top). Each folder read as a layer is said
  in a :class:`~annotator.core.formats.records.Notice`. A zip (or folder) of one folder
  holding the ``.txt`` files reads as that folder's contents
  (:func:`~annotator.core.formats.brat.files.corpus_files`).
- ``T`` lines become spans, their labels mapped by :class:`LabelMap`; a discontinuous span
  becomes one span per fragment, each with the attributes of the whole (a relation joins
  its first fragment)
  (fragments apart only by line breaks, as brat writes a span that holds them, are joined
  back into one span). Triggers of events are not spans unless the map names their type.
- ``A``/``M`` lines become span attributes (a binary one has the value ``"true"``; an
  attribute given twice, or one the schema makes ``multiple``, a list); ``R`` lines relations;
  an ``E`` line a relation per role pair that the map names (``Content->Source=...``), from
  each span of the first role to each of the second.
- A document's id is its file's path without the extension (the id our export's
  ``meta.json`` gives the file, where it names one); its title the first line of its ``.txt``
  when that reads as a heading (as a ``.txt`` import titles it), else the file's name, as
  brat lists its documents.
- A layer's status is the one its folder's ``status.json`` (our export's) gives the
  document; without one, the rule of :mod:`annotator.core.formats.layer_status`
  (annotated: done; empty: new).
- ``#`` notes on a ``T`` line become its span's ``note`` (several, a line each): the layer's
  own, never the document's shared ``meta``. A note on anything else is counted, left out.
- Every ``T`` line's offsets are checked against the ``.txt``: its text must equal the
  fragments joined by a space (brat) or the text from the first fragment's start to the last
  one's end. brat counts code points of the file as it is; when our normalisation changes the
  text (a byte-order mark, ``\\r\\n``), offsets are moved with it.
  An ``.ann`` whose offsets all fit the text only without those characters (the ``.txt``
  converted after annotation) is refused once, naming the conversion
  (:mod:`annotator.core.formats.brat.shift`).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.core.errors import echoed
from annotator.core.formats.brat.ann import conf_event_types, parse_ann
from annotator.core.formats.brat.files import (
    CONFIGURATION,
    META_FILE,
    STATUS_FILE,
    CorpusFile,
    ExportMeta,
    corpus_files,
    document_title,
    is_loose_file,
    loose_files,
    read_meta,
    read_status_json,
)
from annotator.core.formats.brat.layer import LayerBuilder
from annotator.core.formats.brat.shift import shifted_offsets
from annotator.core.formats.encodings import decode_as
from annotator.core.formats.label_map import LEFT_BY_MAP, LabelMap, Unresolved
from annotator.core.formats.layer_status import status_problem, status_unsaid
from annotator.core.formats.read_options import ReadOptions
from annotator.core.formats.records import (
    EMPTY,
    EMPTY_ANNOTATED,
    FormatError,
    Item,
    Notice,
    Problem,
    Skipped,
    Source,
    Tally,
    Upload,
    holds_no_text,
    records_from_objects,
)
from annotator.core.text import GivenText
from annotator.core.vocabulary import GOLD
from annotator.core.wording import CountedPhrase

#: How messages name a corpus given as its files rather than as a folder or a zip.
LOOSE_ROOT = "the files given one by one"


@dataclass
class _Document:
    id: str
    txt: CorpusFile
    raw: str
    #: Every ``.txt`` of it (the first is :attr:`txt`): annotators' folders may each hold one.
    copies: list[CorpusFile] = field(default_factory=list)
    #: ``(folder or None for the top, the layer's annotator or None, .ann file)``.
    layers: list[tuple[str | None, str | None, CorpusFile]] = field(default_factory=list)


@dataclass
class _Run:
    """What one import run gathers across its files."""

    mapping: LabelMap
    schema: dict[str, Any]
    annotator: str | None
    #: The files' encoding (UTF-8 unless chosen), and how the face names the choice.
    reading: ReadOptions = field(default_factory=ReadOptions)
    unresolved: Unresolved = field(default_factory=Unresolved)
    tallies: Counter[CountedPhrase] = field(default_factory=Counter)


def read_brat(
    paths: Iterable[Source],
    mapping: LabelMap,
    schema: dict[str, Any],
    annotator: str | None = None,
    reading: ReadOptions | None = None,
) -> Iterator[Item]:
    """Read brat corpora (folders or zips, uploaded zips too); the module says what becomes what.

    ``.txt`` and ``.ann`` files are UTF-8 unless ``reading`` chose another encoding; one that
    does not decode is refused with the encoding it likely is, as a CSV file is.

    ``.txt``, ``.ann`` and ``.conf`` files given one by one (uploaded, or named on the command
    line) are read together as one more corpus
    (:func:`~annotator.core.formats.brat.files.loose_files`).

    :param annotator: the layer of ``.ann`` files at the top of a corpus (a username or gold).
    """
    run = _Run(mapping, schema, annotator, reading or ReadOptions())
    loose: list[Source] = []
    for path in paths:
        if is_loose_file(path):
            loose.append(path)
            continue
        root = path.name if isinstance(path, Upload) else str(path)
        try:
            files = list(corpus_files(path))
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield Problem(root, None, reason)
            continue
        yield from _read_corpus(root, files, run)
    if loose:
        try:
            picked = loose_files(loose)
        except ValueError as exc:  # a file named out of its folder: refused by name
            yield Problem(LOOSE_ROOT, None, str(exc))
        else:
            yield from _read_corpus(LOOSE_ROOT, picked, run)
    yield from run.unresolved.problems(mapping)
    for what, count in run.tallies.items():
        yield Tally(what, count)


def _read_corpus(root: str, files: list[CorpusFile], run: _Run) -> Iterator[Item]:
    text_ids = {_document_id(f) for f in files if f.suffix == ".txt"}
    confs = {f.parts[:-1]: f for f in files if f.parts[-1] == "annotation.conf"}
    statuses: _Statuses = {}
    meta = ExportMeta({}, {})  # our export's: the ids and annotators its names stand for
    documents: dict[str, _Document] = {}
    pairs: list[tuple[str, str | None, CorpusFile]] = []
    for file in files:
        if file.parts[-1] == STATUS_FILE and len(file.parts) <= 2:
            yield from _read_statuses(file, run, statuses)
            continue
        if file.parts == (META_FILE,):
            try:
                meta = read_meta(file)
            except FormatError as exc:
                yield Problem(file.display, exc.line, f"{META_FILE} {exc.message}")
            continue
        if file.suffix not in (".txt", ".ann"):
            if file.parts[-1] not in CONFIGURATION:
                yield Skipped(file.display, "not a brat .txt or .ann file")
            continue
        # alice/doc.ann: annotator alice, document "doc"; doc.ann at the top: --annotator.
        owner = file.parts[0] if len(file.parts) > 1 else None
        doc_id = _document_id(file)
        if file.suffix == ".ann":
            # Its .txt beside it, or (an annotator's folder of .ann files) anywhere else.
            if doc_id in text_ids:
                pairs.append((doc_id, owner, file))
            else:
                yield Problem(file.display, None, _no_text(file))
            continue
        try:
            raw = _decode(file, run.reading)
        except FormatError as exc:
            yield Problem(file.display, exc.line, exc.message)
            continue
        document = documents.get(doc_id)
        if document is None:
            documents[doc_id] = _Document(doc_id, file, raw, [file])
        elif document.raw == raw:
            document.copies.append(file)
        else:
            yield Problem(
                file.display,
                None,
                f"the text differs from {document.txt.display}; every copy of document "
                f"{doc_id!r} must hold the same text",
            )
    if not documents and not pairs:
        yield Problem(root, None, "no .txt or .ann files in it")
    owners = {folder: _owner(folder, meta) for _, folder, _ in pairs if folder is not None}
    for named, owner in owners.items():
        whose = "the gold layer" if owner == GOLD else f"annotator {owner}"
        said = f" (as {META_FILE} says)" if owner != named else ""
        yield Notice(f"read the .ann files in folder {echoed(named)} as {whose}{said}")
    for doc_id, folder, file in pairs:
        if doc_id in documents:
            whose_layer = run.annotator if folder is None else owners[folder]
            documents[doc_id].layers.append((folder, whose_layer, file))
    for document in documents.values():
        yield from _record(document, confs, statuses, run, meta.file_names.get(document.id))


def _document_id(file: CorpusFile) -> str:
    """Return the id of the document a file is of: its path below its layer's folder (or
    the top), without the extension."""
    return "/".join(file.stem[1:] if len(file.parts) > 1 else file.stem)


def _owner(folder: str, meta: ExportMeta) -> str:
    """Return the layer a folder's ``.ann`` files are: the annotator our export's meta gives
    it (a folder named otherwise than its annotator), else the folder's name."""
    by_form = {unicodedata.normalize("NFC", key): name for key, name in meta.annotators.items()}
    # A zip made again on a Mac may hold its names decomposed.
    return by_form.get(unicodedata.normalize("NFC", folder), folder)


def _no_text(file: CorpusFile) -> str:
    name = f"{file.stem[-1]}.txt"
    if len(file.parts) > 1:
        return f"no {name} beside it, nor for document {_document_id(file)!r} elsewhere"
    return f"no {name} beside it"


#: The statuses of a corpus's :data:`STATUS_FILE` files: by layer folder (None: the top),
#: then by document id.
_Statuses = dict[str | None, dict[str, str]]


def _read_statuses(file: CorpusFile, run: _Run, statuses: _Statuses) -> Iterator[Problem]:
    """Read a layer folder's (or the top's) statuses into ``statuses``; yield its problems."""
    owner = file.parts[0] if len(file.parts) > 1 else None
    try:
        found = read_status_json(file)
    except FormatError as exc:
        yield Problem(file.display, exc.line, f"{STATUS_FILE} {exc.message}")
        return
    kept = statuses.setdefault(owner, {})
    for doc_id, status in found.items():
        refused = status_problem(status, owner or run.annotator)
        if refused is None:
            kept[doc_id] = status
        else:  # said once, here, rather than again by the layer's check
            yield Problem(file.display, None, f"document {doc_id!r}: {refused}")


def _decode(file: CorpusFile, reading: ReadOptions) -> str:
    # brat counts a byte-order mark in its offsets: kept here, moved past by the caller.
    return decode_as(file.read(), reading, keep_bom=True)


def _event_types(file: CorpusFile, confs: dict[tuple[str, ...], CorpusFile]) -> set[str]:
    folder = file.parts[:-1]
    while True:
        conf = confs.get(folder)
        if conf is not None:
            try:
                data = conf.read()
            except FormatError as exc:
                raise FormatError(f"its {conf.display} {exc.message}") from None
            return conf_event_types(data.decode("utf-8", errors="replace"))
        if not folder:
            return set()
        folder = folder[:-1]


def _ann_text(file: CorpusFile, reading: ReadOptions) -> str:
    """Return an ``.ann`` file's text; its byte-order mark is no part of its first line."""
    return decode_as(file.read(), reading)


def _empty(document: _Document, given: GivenText, run: _Run) -> bool:
    """Tell whether a document holds nothing at all: no text, and no annotation lines.

    Corpora hold such documents (an empty ``.txt`` and ``.ann``); refused as an empty text,
    they failed the whole corpus. A blank text with annotations is still checked, and
    refused at the offsets that do not fit.
    """
    if not holds_no_text(given.stored):
        return False
    try:
        return all(not _ann_text(file, run.reading).strip() for _, _, file in document.layers)
    except FormatError:
        return False  # said where the file is read for its layer


def _record(
    document: _Document,
    confs: dict[tuple[str, ...], CorpusFile],
    statuses: _Statuses,
    run: _Run,
    named: str | None = None,
) -> Iterator[Item]:
    """Yield ``document``'s record (its id ``named`` where our export's meta gave one)."""
    given = GivenText.of(document.raw)
    if _empty(document, given, run):
        # Each copy of it named (alice's and bob's), and each .ann: all of it left out.
        files = [copy.display for copy in document.copies] + [
            f.display for _, _, f in document.layers
        ]
        yield Skipped(files[0], EMPTY, files=tuple(files))
        return
    layers: list[dict[str, Any]] = []
    gold: dict[str, Any] | None = None
    failed = False
    for owner, name, file in document.layers:
        try:
            content = _ann_text(file, run.reading)
            events = _event_types(file, confs)
        except FormatError as exc:
            yield Problem(file.display, exc.line, exc.message)
            failed = True
            continue
        ann, syntax = parse_ann(content)
        problems = [Problem(file.display, line, message) for line, message in syntax]
        shifted = shifted_offsets(ann, given)
        if shifted is not None:  # said once for the file, rather than at every T line
            yield Problem(file.display, None, shifted)
            failed = True
            continue
        builder = LayerBuilder(ann, given, run.mapping, run.schema, events)
        layer, found = builder.build(file.display, run.unresolved)
        problems += found
        run.tallies.update(builder.tallies)
        mapped_away = builder.left_by_map()
        if mapped_away:
            layer[LEFT_BY_MAP] = mapped_away
        if problems:
            yield from problems
            failed = True
            continue
        said = statuses.get(owner, {}).get(document.id)
        if name == GOLD:
            gold = {"annotator": GOLD, **layer, "status": said}
        else:
            layer = {**layer, "status": said or status_unsaid(layer)}
            if name is not None:
                layer = {"annotator": name, **layer}
            layers.append(layer)
    if failed:
        return
    doc_id = named or document.id
    title = document_title(doc_id, given.stored)
    obj: dict[str, Any] = {"id": doc_id, "text": given.stored, "title": title}
    for item in records_from_objects(document.txt.display, [(None, obj)]):
        if isinstance(item, Skipped):
            # Not _empty: its .ann files hold annotations, which skipping would drop.
            yield Problem(item.file, None, EMPTY_ANNOTATED)
            continue
        if not isinstance(item, Problem) and document.layers:
            item.annotated = {
                "annotations": layers,
                "gold": gold,
                "sentences": None,
                "single_values_in_lists": False,
                # brat has no sentence or document labels: a layer that differs only in
                # those from the one stored is said to (a re-import of our own export).
                "no_room_for_labels": "brat",
            }
        yield item
