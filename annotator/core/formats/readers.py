"""Readers of the import formats (CONTRACT section 5): ``.txt``, ``.jsonl``, ``.json``, ``.csv``.

Pure: no app, no database. Readers never stop at the first problem: they yield
:class:`Record` items for good documents and :class:`Problem` items (file, line, message) for
bad ones, so that an import can report everything that is wrong at once. Text is passed on as
decoded; normalisation (byte-order mark, line endings) is the importing service's job.

Folders are read recursively in sorted order. Hidden files and folders (names starting with
``.``) are ignored, and so are files with other extensions: those are reported as
:class:`Skipped`, so that a ``README.md`` beside the data doesn't fail an import, yet nothing
is dropped without a word. A file named directly must have one of the known extensions.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.core import json_input
from annotator.core.formats.csv_reader import read_csv
from annotator.core.formats.encodings import decode, decode_as
from annotator.core.formats.option_words import OptionWords
from annotator.core.formats.read_options import ReadOptions
from annotator.core.formats.records import (
    EMPTY,
    NO_SUCH_PATH,
    FormatError,
    Item,
    Notice,
    Problem,
    Record,
    Skipped,
    Source,
    Tally,
    Upload,
    holds_no_text,
    records_from_objects,
)
from annotator.core.formats.zipped import entries, leading_out, member, unpacked_refusal
from annotator.core.text import normalise_text

# The record types are part of what a reader gives; importers take them from here too.
__all__ = [
    "EXTENSIONS",
    "TITLE_MAX_CHARS",
    "FormatError",
    "Item",
    "Notice",
    "Problem",
    "Record",
    "Skipped",
    "Tally",
    "decode",
    "json_array_items",
    "jsonl_items",
    "read_paths",
    "read_upload",
    "records_from_objects",
    "txt_title",
]

EXTENSIONS = (".txt", ".jsonl", ".ndjson", ".json", ".csv")
#: Files of another tool's corpus, read by the corpus importers (annotator import --format),
#: never as documents: each with the format that reads it. A .zip holds documents, or a brat
#: corpus when it holds .ann files (:func:`_read_zip`).
CORPUS_EXTENSIONS = {
    ".ann": "brat",
    ".conf": "brat",
    ".conll": "conll",
    ".conllu": "conll",
}


@dataclass
class _FileNames:
    """A file being read: the name shown in messages and the name ids are made from."""

    display: str
    name: str
    in_folder: bool = False
    in_zip: bool = False


def read_paths(paths: Iterable[Source], reading: ReadOptions | None = None) -> Iterator[Item]:
    """Read files and folders, recursing into folders in sorted order, and uploaded files.

    ``reading``: their encoding and CSV columns (default: UTF-8, the ``text`` column).
    """
    reading = reading or ReadOptions()
    for source in paths:
        if isinstance(source, Upload):
            yield from read_upload(source.name, source.data, reading, source.unpacked_limit)
            continue
        path = Path(source)
        if path.is_dir():
            yield from _read_folder(path, reading)
        elif path.is_file():
            yield from _read_file(path, _FileNames(str(path), path.name), reading)
        else:
            yield Problem(str(path), None, NO_SUCH_PATH)


def _read_folder(root: Path, reading: ReadOptions) -> Iterator[Item]:
    found = False
    for path in _walk(root):
        name = path.relative_to(root).as_posix()
        source = _FileNames(str(path), name, in_folder=True)
        if path.suffix.lower() not in EXTENSIONS:
            yield Skipped(str(path), f"not one of {', '.join(EXTENSIONS)}")
            continue
        found = True
        yield from _read_file(path, source, reading)
    if not found:
        yield Problem(str(root), None, f"no {', '.join(EXTENSIONS)} files in this folder")


def _walk(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path


def _read_file(path: Path, source: _FileNames, reading: ReadOptions) -> Iterator[Item]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source.display, None, f"cannot read: {exc.strerror or exc}")
        return
    yield from _read_data(source, data, reading)


def read_upload(
    name: str, data: bytes, reading: ReadOptions | None = None, unpacked_limit: int | None = None
) -> Iterator[Item]:
    """Read an uploaded file's bytes, choosing the reader by the extension of ``name``; a zip
    may unpack to at most ``unpacked_limit`` bytes (None: no cap)."""
    yield from _read_data(_FileNames(name, name), data, reading or ReadOptions(), unpacked_limit)


def _unknown_type(extension: str, words: OptionWords) -> str:
    """Say a file is not one of ours; a corpus file, that it is one and where its corpus goes
    in (said first: "unknown file type" before it read as a dead end to one who dropped a
    brat zip on the project page)."""
    ours = ", ".join(EXTENSIONS)
    corpus = CORPUS_EXTENSIONS.get(extension)
    if corpus is None:
        return f"unknown file type; use one of {ours}"
    what = "is part of a brat or CoNLL corpus"
    return f"A {extension} file {what}, not documents ({ours}): {words.format_as(corpus)}"


def _read_data(
    source: _FileNames, data: bytes, reading: ReadOptions, unpacked_limit: int | None = None
) -> Iterator[Item]:
    extension = Path(source.name).suffix.lower()
    if extension == ".zip" and not source.in_zip:
        yield from _read_zip(source, data, reading, unpacked_limit)
        return
    if extension not in EXTENSIONS:
        yield Problem(source.display, None, _unknown_type(extension, reading.words))
        return
    try:
        text = decode_as(data, reading)
    except FormatError as exc:
        yield Problem(source.display, exc.line, exc.message)
        return
    if extension == ".txt":
        yield from _read_txt(source, text)
    elif extension == ".csv":
        yield from read_csv(source.display, source.name, text, reading)
    elif extension == ".json":
        yield from _read_json(source, text)
    else:
        yield from _read_jsonl(source, text)


def _read_zip(
    source: _FileNames, data: bytes, reading: ReadOptions, limit: int | None
) -> Iterator[Item]:
    """Read a zip of documents: each file named by its path inside the zip, all of it (a
    zipped folder's name included: the zip is what was imported, as a folder is).

    A zip that holds ``.ann`` (or ``.conf``, CoNLL) files is another tool's corpus and is
    refused here, saying where it goes in; one that mixes such files with documents is
    refused naming both. The zip's safety rules are :mod:`annotator.core.formats.zipped`'s,
    as for a brat corpus."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield Problem(source.display, None, "not a zip file")
        return
    refused = unpacked_refusal(archive, limit)
    escaping = leading_out(archive)
    if escaping is not None:
        refused = f"{escaping} out of the zip ('..' or a leading '/'); zip the files again"
    if refused is not None:
        yield Problem(source.display, None, refused)
        return
    members = entries(archive)
    suffixes = {PurePosixPath(parts[-1]).suffix.lower(): parts for parts, _ in members}
    corpus = sorted(x for x in suffixes if x in CORPUS_EXTENSIONS)
    records = sorted(x for x in suffixes if x in EXTENSIONS and x != ".txt")
    if corpus:
        yield Problem(source.display, None, _zipped_corpus(corpus, records, reading.words))
        return
    found = False
    for parts, name in members:
        inner = _FileNames(f"{source.display}/{'/'.join(parts)}", "/".join(parts))
        inner.in_zip = True
        if PurePosixPath(name).suffix.lower() not in EXTENSIONS:
            yield Skipped(inner.display, f"not one of {', '.join(EXTENSIONS)}")
            continue
        found = True
        try:
            content = member(archive, name)()
        except FormatError as exc:
            yield Problem(inner.display, None, exc.message)
            continue
        yield from _read_data(inner, content, reading)
    if not found:
        yield Problem(source.display, None, f"no {', '.join(EXTENSIONS)} files in this zip")


def _zipped_corpus(corpus: list[str], records: list[str], words: OptionWords) -> str:
    """Say why a zip holding another tool's files is no upload of documents."""
    named = ", ".join(corpus)
    if records:
        return (
            f"the zip mixes a corpus's files ({named}) with documents ({', '.join(records)}); "
            "upload the documents and the corpus apart"
        )
    formats = {CORPUS_EXTENSIONS[x] for x in corpus}
    return (
        f"the zip holds {named} files: another tool's corpus, not documents: "
        f"{words.format_as(formats.pop() if len(formats) == 1 else 'brat')}"
    )


def _read_txt(source: _FileNames, text: str) -> Iterator[Item]:
    if holds_no_text(text):  # skipped, as every import skips an empty document; the rest goes in
        yield Skipped(source.display, EMPTY)
        return
    record: dict[str, Any] = {"text": text, "id": source.name}
    title = txt_title(text)
    if title is not None:
        record["title"] = title
    yield from records_from_objects(source.display, [(None, record)])


#: The longest first line of a ``.txt`` file that is taken as its title.
TITLE_MAX_CHARS = 120
#: The longest first line taken as a title with no blank line after it: a hard-wrapped
#: paragraph's lines run to 70 or 80 characters, a heading is seldom half that.
SHORT_TITLE_CHARS = 60
#: How a line that the next one continues ends (a hard-wrapped sentence, not a heading).
_CONTINUED = (",", ";", ":", "-", "\u2013", "\u2014")


def txt_title(text: str) -> str | None:
    """Return the title of a ``.txt`` document: its first line when that reads as a heading.

    The first line (spaces around it dropped) is the title when it is at most
    :data:`TITLE_MAX_CHARS` characters long, does not end with a full stop (a sentence, not a
    heading), more text follows it, and either a blank line follows it, or it does not end
    with a comma, semicolon, colon or dash, the next line does not start with a small letter,
    and it is short (at most :data:`SHORT_TITLE_CHARS`) or ends with ``?`` or ``!``: a
    paragraph hard-wrapped at its first line ("The senator said, in a statement on Monday,")
    has no title. Otherwise there is none. The text itself is kept as it is, first line
    included, so that offsets count from the file's first character.
    """
    first, newline, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or not first:
        return None
    if len(first) > TITLE_MAX_CHARS or first.endswith("."):
        return None
    second = rest.partition("\n")[0].strip()
    if not second:  # a blank line after it: a heading over the text
        return first
    if first.endswith(_CONTINUED) or second[:1].islower():
        return None
    # A longer line is a heading when it ends as one, with a question or an exclamation.
    return first if len(first) <= SHORT_TITLE_CHARS or first.endswith(("?", "!")) else None


def _read_jsonl(source: _FileNames, text: str) -> Iterator[Item]:
    pairs = jsonl_items(text)
    yield from records_from_objects(source.display, pairs, id_prefix=source.name)


def jsonl_items(text: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line, value)`` for each non-blank line; a bad line's value is a FormatError."""
    # Split at line ends only: JSON strings may hold U+2028 and other characters that
    # str.splitlines would break on. A lone CR ends a line too (old Mac files; the whole
    # file was one line, refused as "Extra data"): JSON holds no raw CR inside a string, so
    # a CR ends a line or stands between tokens, where a line split there fails to parse.
    for number, line in enumerate(normalise_text(text).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json_input.loads(line)
        except json.JSONDecodeError as exc:
            yield number, FormatError(f"not valid JSON: {exc.msg} (column {exc.colno})", number)


def _read_json(source: _FileNames, text: str) -> Iterator[Item]:
    try:
        items = json_array_items(text)
    except FormatError as exc:
        if source.in_folder and exc.line == 0:
            yield Skipped(source.display, "holds a JSON object, not an array of records")
        else:
            yield Problem(source.display, exc.line or None, exc.message)
        return
    yield from records_from_objects(source.display, items, id_prefix=source.name, array=True)


def json_array_items(text: str) -> list[tuple[int, Any]]:
    """Parse a JSON array; return ``(line, item)`` pairs with the line each item starts on.

    :raises FormatError: on a syntax error (with its line), or when the value is not an
        array (line 0 when it is an object, so a folder import can tell it apart).
    """
    try:
        value, end = json_input.raw_decode(text, len(text) - len(text.lstrip()))
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    if text[end:].strip():
        line = text.count("\n", 0, end) + 1
        raise FormatError("not valid JSON: extra data after the array", line)
    if not isinstance(value, list):
        line = 0 if isinstance(value, dict) else 1
        raise FormatError("a .json file must hold an array of records", line)
    # Parse again item by item to learn the line each one starts on; the whole text is
    # known to be valid, so this cannot fail.
    pairs: list[tuple[int, Any]] = []
    pos, line = text.index("[") + 1, 1 + text.count("\n", 0, text.index("["))
    for _ in value:
        start = pos
        while text[pos] in " \t\r\n,":
            pos += 1
        line += text.count("\n", start, pos)
        item, after = json_input.raw_decode(text, pos)
        pairs.append((line, item))
        line += text.count("\n", pos, after)
        pos = after
    return pairs
