"""The files of a brat corpus: a folder or a zip of ``.txt`` and ``.ann`` pairs.

Pure (it reads the files it is given, nothing else). Each file is named by its path inside
the folder or zip, as ``/``-separated parts; hidden files and folders (a name starting with
``.``, or a Mac ``__MACOSX`` folder) are ignored.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annotator.core.formats.records import NO_SUCH_PATH

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


def corpus_files(path: Path) -> Iterator[CorpusFile]:
    """Yield the files of the folder or zip at ``path``, in sorted order.

    :raises OSError: when ``path`` cannot be read.
    :raises ValueError: when it is neither a folder nor a zip, or not there at all.
    """
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
    archive = zipfile.ZipFile(path)
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        parts = tuple(p for p in PurePosixPath(info.filename).parts if p not in ("", "/"))
        if info.is_dir() or not parts or _hidden(parts) or ".." in parts:
            continue
        yield CorpusFile(parts, f"{path}/{'/'.join(parts)}", _member(archive, info.filename))


def _member(archive: zipfile.ZipFile, name: str) -> Callable[[], bytes]:
    return lambda: archive.read(name)
