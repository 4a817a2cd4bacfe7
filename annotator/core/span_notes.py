"""The note gold's span gets from the annotators' spans it was accepted from.

Pure. A note is its span's own, a line per note (brat's ``#`` AnnotatorNotes, kept by an
import). Gold takes one version's note as it is; every unanimous span is several versions,
whose notes :func:`joined_notes` puts together.
"""

from __future__ import annotations

from collections.abc import Iterable


def joined_notes(versions: Iterable[tuple[str, str | None]]) -> str | None:
    """Return the note gold's span gets from ``versions``, ``(annotator, note)`` each.

    None when no version has a note; the note as it is when every version with one has the
    same (so gold's span says what each said); else each annotator's lines, in the order
    given, each prefixed by ``NAME: `` so that gold still says who wrote what.
    """
    written = [(name, note) for name, note in versions if note]
    if not written:
        return None
    if len({note for _, note in written}) == 1:
        return written[0][1]
    return "\n".join(f"{name}: {line}" for name, note in written for line in note.split("\n"))
