"""An ``.ann`` whose offsets count its ``.txt`` as it was before a conversion.

Pure. brat counts offsets in characters of the ``.txt`` as it is stored, a byte-order mark
and the ``\\r`` of each ``\\r\\n`` included (brat's standoff format documentation), and the
import reads them so. A ``.txt`` given a byte-order mark, or CRLF line ends, after it was
annotated (an editor's "save as", a git checkout on Windows) shifts every span after the
change by a character per mark or line end: each ``T`` line was refused on its own, one
mismatch a line, with no word of why. When every ``T`` line fits the text with those
characters taken out (the text as the annotator saw it), the file is refused once, naming
the conversion and the way back.
"""

from __future__ import annotations

from annotator.core.formats.brat.ann import Ann
from annotator.core.formats.brat.layer import check_offsets
from annotator.core.text import GivenText
from annotator.core.wording import counted


def shifted_offsets(ann: Ann, text: GivenText) -> str | None:
    """Return why ``ann``'s ``T`` lines do not fit ``text`` when they all fit it with its
    byte-order mark and ``\\r`` of each ``\\r\\n`` taken out, or None."""
    if text.dropped is None or not ann.texts:
        return None
    misfits = [bound for bound in ann.texts.values() if check_offsets(bound, text.given)]
    if not misfits or any(check_offsets(bound, text.stored) for bound in ann.texts.values()):
        return None
    bom = text.given.startswith("\ufeff")
    crlf = "\r\n" in text.given
    changes = []
    if bom:
        changes.append("without its byte-order mark")
    if crlf:
        changes.append("with its CRLF line ends turned into LF")
    fixes = []
    if bom:
        fixes.append("without the byte-order mark (UTF-8, not UTF-8 with BOM)")
    if crlf:
        fixes.append("with LF line ends (dos2unix, or an editor's line-end setting)")
    return (
        f"offsets match the .txt {' and '.join(changes)} (converted after annotation?): "
        f"{counted(len(misfits), 'T line')} of {len(ann.texts)} miss the .txt as it is, "
        "and brat counts offsets in the .txt as stored; save the .txt "
        f"{' and '.join(fixes)}, as it was when annotated, and import again"
    )
