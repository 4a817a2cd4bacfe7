"""The folder of each layer in our brat export: the annotator's username, as far as every
file system can hold it.

Pure. A zip entry's name holds any Unicode, so a username is a folder name unchanged
(``ольга/doc.ann``), and the import reads the folder back as that annotator. Only what some
file system cannot create, or what the import would read otherwise, is changed, so that
the zip unzips alike on Linux, macOS and Windows:

- ``/``, ``\\``, control characters (NUL among them) and what Windows refuses in a name
  (``<>:"|?*``) become ``_``: ``a:b?`` is ``a_b_``;
- a name longer than :data:`MOST_BYTES` bytes of UTF-8 is cut there, between characters
  (Linux and macOS refuse a name over 255 bytes; the rest is room for a ``-2``);
- trailing dots and spaces, which Windows drops (``bob.`` would be ``bob``), become ``_``;
- a Windows device name (``CON``, ``nul.txt``, ``COM1``: :data:`_DEVICES`), a name that
  starts with ``.`` (a hidden folder to the import) and ``__MACOSX`` (which unzipping
  tools pass by) get a leading ``_``.

Two annotators never share a folder, nor two folders that a file system would take for one
(:func:`_key`: case, composed characters, trailing dots and spaces): the later gets ``-2``,
``-3``... Each folder not named as its annotator is recorded in ``meta.json``
(:meth:`LayerFolders.renamed`), which the import reads to give each layer back to its
annotator.
"""

from __future__ import annotations

import unicodedata

from annotator.core.formats.brat.files import CONFIGURATION, STATUS_FILE
from annotator.core.vocabulary import GOLD

#: What the import passes by as a folder of no corpus (brat.files' hidden files).
_PASSED_BY = "__MACOSX"

#: The most bytes of UTF-8 a folder's name is cut to: under the 255 of Linux and macOS,
#: with room for the leading ``_`` and a ``-N`` that tells two cut names apart.
MOST_BYTES = 200

#: What Windows will not have in a name.
_REFUSED = frozenset('/\\<>:"|?*')

#: Windows' device names (case-blind; ``CON.txt`` and ``CON .txt`` are ``CON`` too), which
#: no folder may be named after: superscript digits count as digits in ``COM¹``.
_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$"}) | frozenset(
    f"{port}{digit}" for port in ("com", "lpt") for digit in "123456789\u00b9\u00b2\u00b3"
)


def _key(name: str) -> str:
    """Return what a case-blind file system that composes names and drops trailing dots
    and spaces (Windows) keeps of ``name``: two names of one key are one folder there."""
    return unicodedata.normalize("NFC", name).rstrip(". ").casefold()


def _path_safe(name: str) -> str:
    """Return ``name`` made a folder name every file system holds (see the module)."""
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


class LayerFolders:
    """Give each layer of an export its folder, as the layers come (the export streams)."""

    def __init__(self) -> None:
        self._by_annotator: dict[str, str] = {}
        # The export's own files at the top, and the gold layer's folder, are no annotator's.
        self._taken = {_key(name) for name in CONFIGURATION | {STATUS_FILE, GOLD}}

    def folder(self, annotator: str) -> str:
        """Return the folder of ``annotator``'s layers (``gold`` for the gold layer)."""
        found = self._by_annotator.get(annotator)
        if found is not None:
            return found
        if annotator == GOLD:
            found = GOLD
        else:
            base = found = _path_safe(annotator)
            number = 1
            while _key(found) in self._taken:
                number += 1
                found = f"{base}-{number}"
            self._taken.add(_key(found))
        self._by_annotator[annotator] = found
        return found

    def renamed(self) -> dict[str, str]:
        """Return the annotator of each folder named otherwise than them, by folder."""
        return {f: name for name, f in self._by_annotator.items() if f != name}
