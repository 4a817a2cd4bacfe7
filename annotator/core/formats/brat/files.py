"""The files of a brat corpus: a folder or a zip of ``.txt`` and ``.ann`` pairs.

Pure (it reads the files it is given, nothing else); a zip may also come as an upload's
bytes. Each file is named by its path inside the folder or zip, as ``/``-separated parts;
hidden files and folders (a name starting with ``.``, or a Mac ``__MACOSX`` folder) are
ignored.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annotator.core.formats.records import NO_SUCH_PATH, FormatError, Source, Upload
from annotator.core.wording import counted

#: Files of a brat corpus that hold no documents: brat's configuration, our export's header.
CONFIGURATION = frozenset(
    {"annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf", "meta.json"}
)


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


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


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
        for found in sorted(path.rglob("*")):
            parts = found.relative_to(path).parts
            if found.is_file() and not _hidden(parts):
                yield CorpusFile(parts, str(found), found.read_bytes)
        return
    if not path.exists():
        raise ValueError(NO_SUCH_PATH)
    if not zipfile.is_zipfile(path):
        raise ValueError("a brat corpus is a folder or a .zip of .txt and .ann files")
    yield from _zip_files(zipfile.ZipFile(path), str(path))


def _uploaded_zip(upload: Upload) -> Iterator[CorpusFile]:
    stream = io.BytesIO(upload.data)
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile:
        raise ValueError(
            "not a zip: upload a brat corpus as a .zip of its .txt and .ann files"
        ) from None
    # A member's declared size bounds what reading it yields, so their sum bounds the whole.
    unpacked = sum(info.file_size for info in archive.infolist())
    if upload.unpacked_limit is not None and unpacked > upload.unpacked_limit:
        raise ValueError(
            f"the zip unpacks to {counted(unpacked, 'byte')}, more than the "
            f"{counted(upload.unpacked_limit, 'byte')} an upload may hold"
        )
    yield from _zip_files(archive, upload.name)


def _zip_files(archive: zipfile.ZipFile, root: str) -> Iterator[CorpusFile]:
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        parts = tuple(p for p in PurePosixPath(info.filename).parts if p not in ("", "/"))
        if info.is_dir() or not parts or _hidden(parts) or ".." in parts:
            continue
        yield CorpusFile(parts, f"{root}/{'/'.join(parts)}", _member(archive, info.filename))


def _member(archive: zipfile.ZipFile, name: str) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return archive.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            # A damaged or oddly compressed member is a problem of that file, not a crash.
            raise FormatError(f"cannot be read from the zip ({exc})") from None

    return read
