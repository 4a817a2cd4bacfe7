"""A span's note: what a write keeps of one, and the note gold's span gets from the
annotators' spans it was accepted from.

Pure. A note is its span's own, a line per note (brat's ``#`` AnnotatorNotes, kept by an
import, or written by its annotator: "unsure of the source"). A write keeps
:func:`written_note`; gold takes one version's note as it is; every unanimous span is several
versions, whose notes :func:`joined_notes` puts together.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.errors import Invalid

#: The longest note a write keeps, in characters (after trimming): a remark on a span, not a
#: text. Imports and gold's joined notes are not held to it (they keep what they were given).
MAX_WRITTEN_NOTE = 2_000


def written_note(note: str | None) -> str | None:
    """Return the note a write of ``note`` keeps: trimmed, None for none or a blank one.

    :raises Invalid: naming the field ``note``, when it is longer than
        :data:`MAX_WRITTEN_NOTE` characters once trimmed.
    """
    if note is None:
        return None
    kept = note.strip()
    if len(kept) > MAX_WRITTEN_NOTE:
        raise Invalid(
            f"the note is {len(kept):,} characters long; at most {MAX_WRITTEN_NOTE:,} are kept",
            details={"field": "note", "length": len(kept), "most": MAX_WRITTEN_NOTE},
        )
    return kept or None


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
