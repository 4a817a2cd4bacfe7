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

#: The longest note kept on a span or relation (after trimming) or a document, in characters,
#: by a write and an import alike: one rule, so that a note imported from a real corpus (a pasted
#: paragraph) can be written back as it is by the workspace's undo. Generous for a remark,
#: and small enough that the workspace's last save as the page goes away (a keepalive
#: request, whose body browsers hold to 64 KiB) fits it at four bytes a character. Gold's
#: joined notes (several annotators' at once) are cut to it (:func:`gold_note`).
MAX_NOTE = 10_000

#: What ends a gold note cut to :data:`MAX_NOTE`: how much was left out, and where it is.
CUT_MARK = (
    "\n[cut: {left:,} more characters of the annotators' notes, each whole in their own layer]"
)


def too_long(note: str) -> str | None:
    """Say how ``note`` (as it is kept, trimmed) is over :data:`MAX_NOTE`, or None."""
    if len(note) <= MAX_NOTE:
        return None
    return f"is {len(note):,} characters long; at most {MAX_NOTE:,} are kept"


def written_note(note: str | None) -> str | None:
    """Return the note a write of ``note`` keeps: trimmed, None for none or a blank one.

    :raises Invalid: naming the field ``note``, when it is longer than :data:`MAX_NOTE`
        characters once trimmed.
    """
    if note is None:
        return None
    kept = note.strip()
    require_short(kept)
    return kept or None


def require_short(note: str) -> None:
    """Raise unless ``note`` (as it is kept) is at most :data:`MAX_NOTE` characters: a span's,
    a relation's and a document's note alike.

    :raises Invalid: naming the field ``note``, with its ``length`` and the ``most``.
    """
    why = too_long(note)
    if why is not None:
        raise Invalid(
            f"the note {why}", details={"field": "note", "length": len(note), "most": MAX_NOTE}
        )


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


def gold_note(versions: Iterable[tuple[str, str | None]]) -> str | None:
    """Return the note gold's unanimous span or relation gets: :func:`joined_notes`, cut to
    :data:`MAX_NOTE` with :data:`CUT_MARK` when longer.

    Cut rather than refused: the accept takes every unanimous item at once (its count is
    the preview's), and refusing it, or leaving the span out of gold, for its note would
    hold back the annotators' agreement over a remark. Each annotator's note is within the
    limit and stays whole in their layer, which the mark says, so nothing is lost; and gold's
    note is one the workspace and the API can write back as it is.
    """
    joined = joined_notes(versions)
    if joined is None or too_long(joined) is None:
        return joined
    # Room for the mark at its longest (the number in it is at most the whole length).
    room = MAX_NOTE - len(CUT_MARK.format(left=len(joined)))
    return joined[:room] + CUT_MARK.format(left=len(joined) - room)
