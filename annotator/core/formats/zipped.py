"""Reading a zip safely: the one home of its rules, for a brat corpus and a zip of documents.

Nothing is ever extracted to disk; still, an entry whose name leads out of the zip (``..``,
a leading ``/``) is refused by name rather than dropped (a corpus read short would be imported
short without a word), and an upload may unpack to no more than the upload limit, so that a
small archive cannot expand past it (a zip bomb). Hidden files and folders (a name starting
with ``.``, a Mac ``__MACOSX`` folder) are passed by.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from annotator.core.document_naming import names_said
from annotator.core.errors import echoed
from annotator.core.formats.records import FormatError

#: How many entries leading out of a zip its refusal names (the rest are counted).
_NAMED = 5


def hidden(parts: tuple[str, ...]) -> bool:
    """Tell whether a path's parts name a hidden file or folder, or a Mac ``__MACOSX`` one."""
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def unpacked_refusal(archive: zipfile.ZipFile, limit: int | None) -> str | None:
    """Say why the zip unpacks to too much for ``limit`` bytes (None: no cap), or None."""
    # A member's declared size bounds what reading it yields, so their sum bounds the whole.
    unpacked = sum(info.file_size for info in archive.infolist())
    if limit is None or unpacked <= limit:
        return None
    return (
        f"the zip unpacks to {_megabytes(unpacked)}, more than the "
        f"{_megabytes(limit)} an upload may hold"
    )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0") + " MB"


def leading_out(archive: zipfile.ZipFile) -> str | None:
    """Name the entries whose names lead out of the zip (:func:`named_leading`), or None."""
    escaping = [info.filename for info in archive.infolist() if leads_out(info.filename)]
    return named_leading(escaping) if escaping else None


def named_leading(escaping: list[str]) -> str:
    """Name the entries that lead out ("the entry '../a.ann' leads"), the first few only."""
    named = names_said([echoed(name) for name in escaping], _NAMED)
    return f"the entry {named} leads" if len(escaping) == 1 else f"the entries {named} lead"


def leads_out(name: str) -> bool:
    """Tell whether a path's name leads out of its zip or folder: a ``..`` part, or absolute."""
    return name.startswith(("/", "\\")) or ".." in PurePosixPath(name.replace("\\", "/")).parts


def entries(archive: zipfile.ZipFile) -> list[tuple[tuple[str, ...], str]]:
    """Return the zip's files (no folders, nothing hidden) in sorted order, each as its path's
    parts and its name in the zip."""
    found = []
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        parts = tuple(p for p in PurePosixPath(info.filename).parts if p not in ("", "/"))
        if info.is_dir() or not parts or hidden(parts):
            continue
        found.append((parts, info.filename))
    return found


def member(archive: zipfile.ZipFile, name: str) -> Callable[[], bytes]:
    """Return a reader of one member's bytes; a damaged one raises :class:`FormatError`."""

    def read() -> bytes:
        try:
            return archive.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            # A damaged or oddly compressed member is a problem of that file, not a crash.
            raise FormatError(f"cannot be read from the zip ({exc})") from None

    return read
