"""The folder of each layer in our brat export: the annotator's username as it is.

Pure. A zip entry's name holds any Unicode, so a username is a folder name unchanged
(``ольга/doc.ann``), and the import reads the folder back as that annotator. Only what a path
cannot hold, or what the import would read otherwise, is changed: ``/``, ``\\`` and control
characters (NUL among them) become ``_``; a name that starts with ``.`` (``.`` and ``..``
too, or a hidden folder) or is ``__MACOSX`` (which unzipping tools pass by) gets a leading
``_``. Two annotators never share a folder, nor two folders that a case-blind file system
(macOS, Windows) would take for one: the later gets ``-2``, ``-3``... Each folder not named
as its annotator is recorded in ``meta.json`` (:meth:`LayerFolders.renamed`), which the
import reads.
"""

from __future__ import annotations

import unicodedata

from annotator.core.formats.brat.files import CONFIGURATION, STATUS_FILE
from annotator.core.vocabulary import GOLD

#: What the import passes by as a folder of no corpus (brat.files' hidden files).
_PASSED_BY = "__MACOSX"


def _key(name: str) -> str:
    """Return what a case-blind file system that composes names keeps of ``name``."""
    return unicodedata.normalize("NFC", name).casefold()


def _path_safe(name: str) -> str:
    """Return ``name`` with what a path cannot hold as one folder changed (see the module)."""
    cleaned = "".join("_" if c in "/\\" or unicodedata.category(c) == "Cc" else c for c in name)
    if not cleaned or cleaned.startswith(".") or cleaned == _PASSED_BY:
        cleaned = f"_{cleaned}"
    return cleaned


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
