"""The folder of each layer in our brat export: the annotator's username, as far as every
file system can hold it.

Pure. A zip entry's name holds any Unicode, so a username is a folder name unchanged
(``ольга/doc.ann``), and the import reads the folder back as that annotator. Only what some
file system cannot create, or what the import would read otherwise, is changed, by the rule
of :mod:`annotator.core.formats.file_names` (``a:b?`` is ``a_b_``, ``CON`` is ``_CON``).

Two annotators never share a folder, nor two folders that a file system would take for one
(case, composed characters, trailing dots and spaces): the later gets ``-2``, ``-3``... Each
folder not named as its annotator is recorded in ``meta.json`` (:meth:`LayerFolders.renamed`),
which the import reads to give each layer back to its annotator.
"""

from __future__ import annotations

from annotator.core.formats.brat.files import CONFIGURATION, STATUS_FILE
from annotator.core.formats.file_names import UniqueNames
from annotator.core.vocabulary import GOLD


class LayerFolders:
    """Give each layer of an export its folder, as the layers come (the export streams)."""

    def __init__(self) -> None:
        self._by_annotator: dict[str, str] = {}
        # The export's own files at the top, and the gold layer's folder, are no annotator's.
        self._names = UniqueNames(CONFIGURATION | {STATUS_FILE, GOLD})

    def folder(self, annotator: str) -> str:
        """Return the folder of ``annotator``'s layers (``gold`` for the gold layer)."""
        found = self._by_annotator.get(annotator)
        if found is None:
            found = GOLD if annotator == GOLD else self._names.take(annotator)
            self._by_annotator[annotator] = found
        return found

    def renamed(self) -> dict[str, str]:
        """Return the annotator of each folder named otherwise than them, by folder."""
        return {f: name for name, f in self._by_annotator.items() if f != name}
