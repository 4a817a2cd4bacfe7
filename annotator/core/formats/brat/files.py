"""The files of a brat corpus: a folder or a zip of ``.txt`` and ``.ann`` pairs.

Pure (it reads the files it is given, nothing else); a zip may also come as an upload's
bytes. Each file is named by its path inside the folder or zip, as ``/``-separated parts;
hidden files and folders (a name starting with ``.``, or a Mac ``__MACOSX`` folder) are
ignored.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.core.formats.readers import txt_title
from annotator.core.formats.records import NO_SUCH_PATH, FormatError, Source, Upload
from annotator.core.formats.zipped import (
    entries,
    hidden,
    leading_out,
    leads_out,
    member,
    named_leading,
    unpacked_refusal,
)
from annotator.core.vocabulary import GOLD

#: Files of a brat corpus that hold no documents: brat's configuration, our export's header.
CONFIGURATION = frozenset(
    {"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf", "meta.json"}
)
#: Our export's header: how it was made, and under ``file_names`` the document id each file
#: name (without its extension) stands for where the two differ, ``{"harbour": "harbour.txt"}``
#: (:func:`annotator.core.formats.brat.file_base`), so that an import gives the ids back;
#: under ``annotators`` the annotator of each layer folder named otherwise (:class:`ExportMeta`).
META_FILE = "meta.json"
#: Our export's file of the statuses of a layer folder's documents, ``{"doc-7": "done"}``
#: (brat lists a folder's ``.txt`` files as its documents and passes this file by).
STATUS_FILE = "status.json"


def id_stem(document_id: str) -> str:
    """Return a document id less a ``.txt`` it ends with: what its files are named after (a
    document imported from ``harbour.txt`` is written as ``harbour.txt`` and ``harbour.ann``,
    not ``harbour.txt.txt``)."""
    if document_id.lower().endswith(".txt") and len(document_id) > len(".txt"):
        return document_id[: -len(".txt")]
    return document_id


def document_title(document_id: str, text: str) -> str:
    """Return the title a brat import gives a document (brat has none): the first line of its
    text when that reads as a heading, as a ``.txt`` import titles it; else the name of its
    file, as brat lists its documents (``news/harbour.txt``: ``harbour``)."""
    return txt_title(text) or id_stem(document_id.rsplit("/", 1)[-1])


def status_json(by_document: dict[str, str]) -> str:
    """Return a layer folder's :data:`STATUS_FILE`: each document's status, by file name."""
    return json.dumps(by_document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def read_status_json(file: CorpusFile) -> dict[str, str]:
    """Return the statuses a :data:`STATUS_FILE` gives, by document id.

    :raises FormatError: when it is not JSON, or not an object of document ids and statuses.
    """
    found = _json_of(file)
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        raise FormatError('must be an object of document ids and statuses: {"doc-7": "done"}')
    return found


@dataclass(frozen=True)
class ExportMeta:
    """What our export's :data:`META_FILE` tells an import: the document id of each file
    name that differs from it, and the annotator of each folder whose name differs from
    theirs (``{"ann-2": "Ann"}``: a name a path cannot hold as it is, or two names a
    case-blind file system would take for one)."""

    file_names: dict[str, str]
    annotators: dict[str, str]


def read_meta(file: CorpusFile) -> ExportMeta:
    """Return what a :data:`META_FILE` gives (nothing: empty mappings).

    :raises FormatError: when it is not JSON, or its ``file_names`` or ``annotators`` is not
        an object of names.
    """
    found = _json_of(file)
    return ExportMeta(
        _names_of(found, "file_names", '{"harbour": "harbour.txt"}'),
        _names_of(found, "annotators", '{"ann-2": "Ann"}'),
    )


def _names_of(found: Any, key: str, example: str) -> dict[str, str]:
    names = found.get(key, {}) if isinstance(found, dict) else {}
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise FormatError(f"its {key!r} must be an object of names: {example}")
    return names


@dataclass(frozen=True)
class CorpusFile:
    """One file of a corpus: its parts inside it, the name shown in messages, its bytes."""

    parts: tuple[str, ...]
    display: str
    read: Callable[[], bytes]

    @property
    def suffix(self) -> str:
        """Return the file's extension, lower case (``.ann``)."""
        return PurePosixPath(self.parts[-1]).suffix.lower()

    @property
    def stem(self) -> tuple[str, ...]:
        """Return the parts without the extension (the pair's key)."""
        return (*self.parts[:-1], PurePosixPath(self.parts[-1]).stem)


def corpus_files(source: Source) -> Iterator[CorpusFile]:
    """Yield the files of the folder or zip at ``source`` (or uploaded), in sorted order.

    :raises OSError: when ``source`` cannot be read.
    :raises ValueError: when it is neither a folder nor a zip, not there at all, or an
        upload that would unpack to more than its ``unpacked_limit``.
    """
    if isinstance(source, Upload):
        yield from _uploaded_zip(source)
        return
    path = Path(source)
    if path.is_dir():
        # The folder named is the corpus itself: its sub-folders are annotators'.
        for found in sorted(path.rglob("*")):
            parts = found.relative_to(path).parts
            if found.is_file() and not hidden(parts):
                yield CorpusFile(parts, str(found), found.read_bytes)
        return
    if not path.exists():
        raise ValueError(NO_SUCH_PATH)
    if not zipfile.is_zipfile(path):
        raise ValueError("a brat corpus is a folder or a .zip of .txt and .ann files")
    yield from _zip_files(zipfile.ZipFile(path), str(path))


#: The files of a corpus that may come uploaded one by one rather than zipped.
LOOSE_SUFFIXES = frozenset({".txt", ".ann", ".conf"})


def is_loose_file(source: Source) -> bool:
    """Tell whether ``source`` is one file of a corpus (``doc.txt``), not a folder or a zip.

    A browser sends a folder's files one by one when they are picked together (or the folder
    is picked), and a command line may name them: the loose files of one import are read as
    one corpus (:func:`loose_files`).
    """
    if isinstance(source, Upload):
        name = source.name
    else:
        path = Path(source)
        if not path.is_file():
            return False
        name = path.name
    # Our export's own files come along when its unpacked folder is picked.
    return PurePosixPath(name).suffix.lower() in LOOSE_SUFFIXES or (
        PurePosixPath(name).name in (STATUS_FILE, META_FILE)
    )


def loose_files(sources: Iterable[Source]) -> list[CorpusFile]:
    """Return loose corpus files as one corpus, in sorted order.

    An uploaded file is named by its upload name's parts: a picked folder's files come named
    ``corpus/alice/doc.ann``, and as with a zip, a folder that wraps everything is left out
    (:func:`_wrapped`). A file named on the command line is named by its file name alone.
    """
    sources = list(sources)
    escaping = [s.name for s in sources if isinstance(s, Upload) and leads_out(s.name)]
    if escaping:
        # Refused by name, as a zip's entries are (:func:`_zip_files`), not dropped.
        raise ValueError(f"{named_leading(escaping)} out of its folder ('..' or a leading '/')")
    found: list[tuple[tuple[str, ...], str, Callable[[], bytes]]] = []
    for source in sources:
        if isinstance(source, Upload):
            parts = tuple(p for p in PurePosixPath(source.name).parts if p not in ("", "/"))
            display, read = source.name, _bytes(source.data)
        else:
            path = Path(source)
            parts, display, read = (path.name,), str(path), path.read_bytes
        if parts and not hidden(parts) and ".." not in parts:
            found.append((parts, display, read))
    found.sort(key=lambda item: item[0])
    inside = 1 if _wrapped(parts for parts, _, _ in found) else 0
    return [CorpusFile(parts[inside:], display, read) for parts, display, read in found]


def _bytes(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def _uploaded_zip(upload: Upload) -> Iterator[CorpusFile]:
    stream = io.BytesIO(upload.data)
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise ValueError(
            "not a zip: upload a brat corpus as a .zip, or its .txt and .ann files together"
        ) from None
    too_much = unpacked_refusal(archive, upload.unpacked_limit)
    if too_much is not None:
        raise ValueError(too_much)
    yield from _zip_files(archive, upload.name)


def _zip_files(archive: zipfile.ZipFile, root: str) -> Iterator[CorpusFile]:
    """Yield the zip's files, named by their path inside it (a wrapping folder left out).

    :raises ValueError: naming the entries whose names lead out of the zip.
    """
    escaping = leading_out(archive)
    if escaping is not None:
        # Refused, not dropped: nothing is ever extracted, but a corpus read without some of
        # its files would be imported short without a word (all or nothing, by name).
        raise ValueError(
            f"{escaping} out of the zip ('..' or a leading '/'); nothing was imported: "
            "zip the corpus again from inside its folder"
        )
    members = entries(archive)
    inside = 1 if _wrapped(parts for parts, _ in members) else 0
    for parts, name in members:
        yield CorpusFile(parts[inside:], f"{root}/{'/'.join(parts)}", member(archive, name))


def _wrapped(paths: Iterable[tuple[str, ...]]) -> bool:
    """Tell whether a zip (or the files picked) hold a corpus folder itself, not its contents.

    "Compress folder" zips a folder with the folder in it (``corpus/doc.txt``,
    ``corpus/alice/doc.ann``). One top folder holding everything is such a wrapper when it
    holds the corpus's ``.txt`` files or no ``.ann`` of its own: an annotator's folder holds
    ``.ann`` files whose ``.txt`` is elsewhere, beside other folders or top-level files. A
    folder of our export's (its :data:`STATUS_FILE` says so) holds its annotator's ``.txt``
    copies too, and stays that annotator's; so does a folder named ``gold`` (the gold layer's).
    """
    paths = list(paths)
    tops = {parts[0] for parts in paths}
    if len(tops) != 1 or any(len(parts) == 1 for parts in paths) or tops == {GOLD}:
        return False
    direct = {PurePosixPath(parts[1]) for parts in paths if len(parts) == 2}
    if any(name.name == STATUS_FILE for name in direct):
        return False
    suffixes = {name.suffix.lower() for name in direct}
    return ".txt" in suffixes or ".ann" not in suffixes


def _json_of(file: CorpusFile) -> Any:
    """Return the JSON of one of our files in a corpus (UTF-8, a BOM allowed).

    :raises FormatError: when it is not UTF-8 text, or not JSON (naming the line).
    """
    try:
        return json.loads(file.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FormatError("is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"is not JSON: {exc.msg}", exc.lineno) from None
