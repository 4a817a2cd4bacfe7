"""A name every file system can hold: the one rule for the files and folders an export
writes under names it did not choose (brat's layer folders and document files).

Pure. A zip entry's name holds any Unicode, so a name keeps the letters of every script
(``ольга``, ``報告書``). Only what some file system cannot create, or what an import would
read otherwise, is changed, so that the zip unzips alike on Linux, macOS and Windows:

- ``/``, ``\\``, control characters (NUL among them) and what Windows refuses in a name
  (``<>:"|?*``) become ``_``: ``a:b?`` is ``a_b_``;
- a name longer than :data:`MOST_BYTES` bytes of UTF-8 is cut there, between characters
  (Linux and macOS refuse a name over 255 bytes; the rest is room for a ``-2`` and an
  extension);
- trailing dots and spaces, which Windows drops (``bob.`` would be ``bob``), become ``_``;
- a Windows device name (``CON``, ``nul.txt``, ``COM1``: :data:`_DEVICES`), an empty name, a
  name that starts with ``.`` (hidden, which imports pass by) and ``__MACOSX`` (which
  unzipping tools pass by) get a leading ``_``.

:class:`UniqueNames` gives out such names, never two that a file system would take for one
(:func:`same_file_key`: case, composed characters, trailing dots and spaces): the later gets
``-2``, ``-3``...
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

#: What imports pass by as no part of a corpus (the folder macOS adds to a zip).
_PASSED_BY = "__MACOSX"

#: The most bytes of UTF-8 a name is cut to: under the 255 of Linux and macOS, with room
#: for the leading ``_``, a ``-N`` that tells two cut names apart and an extension.
MOST_BYTES = 200

#: What Windows will not have in a name.
_REFUSED = frozenset('/\\<>:"|?*')

#: Windows' device names (case-blind; ``CON.txt`` and ``CON .txt`` are ``CON`` too), which
#: no file or folder may be named after: superscript digits count as digits in ``COM¹``.
_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$"}) | frozenset(
    f"{port}{digit}" for port in ("com", "lpt") for digit in "123456789\u00b9\u00b2\u00b3"
)


def same_file_key(name: str) -> str:
    """Return what a case-blind file system that composes names and drops trailing dots
    and spaces (Windows; macOS is case-blind too) keeps of ``name``: two names of one key
    are one file there."""
    return unicodedata.normalize("NFC", name).rstrip(". ").casefold()


def portable_name(name: str) -> str:
    """Return ``name`` made a file or folder name every file system holds (see the module)."""
    cleaned = "".join("_" if c in _REFUSED or unicodedata.category(c) == "Cc" else c for c in name)
    cleaned = _cut(cleaned, MOST_BYTES)
    kept = cleaned.rstrip(". ")
    cleaned = kept + "_" * (len(cleaned) - len(kept))
    device = cleaned.split(".")[0].rstrip(" ").casefold() in _DEVICES
    if not cleaned or cleaned.startswith(".") or cleaned == _PASSED_BY or device:
        cleaned = f"_{cleaned}"
    return cleaned


def _cut(name: str, most: int) -> str:
    """Return the longest start of ``name`` of at most ``most`` bytes of UTF-8."""
    encoded = name.encode("utf-8")
    if len(encoded) <= most:
        return name
    # The first bytes of a character cut in two are no character: leave them out.
    return encoded[:most].decode("utf-8", errors="ignore")


class UniqueNames:
    """Give out portable names in one folder, never two of one :func:`same_file_key`."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        #: The keys given out, and those of the names the folder holds besides.
        self._taken = {same_file_key(name) for name in reserved}

    def take(self, name: str) -> str:
        """Return ``name`` made portable, with ``-2``, ``-3``... when its key is taken."""
        base = found = portable_name(name)
        number = 1
        while same_file_key(found) in self._taken:
            number += 1
            found = f"{base}-{number}"
        self._taken.add(same_file_key(found))
        return found
