"""How a document without a title is named: by its opening words, at most 90 characters.

Pure. The one home of the rule: the project page shows an untitled document so (the
``opening_title`` template filter), and imports whose files name documents by place alone
(a CoNLL file's ``news.conll:17``) store it as their title, so that a document reads the same
on the page whichever way it came in.
"""

from __future__ import annotations

#: The longest opening :func:`opening_title` makes, its ellipsis counted: as much of a line as
#: the project page shows of a document without a title.
OPENING_MAX_CHARS = 90


def opening_title(text: str | None) -> str | None:
    """Return a title made of the start of ``text``: its first line that is not blank,
    spaces around it dropped, cut at a word with an ellipsis when longer than
    :data:`OPENING_MAX_CHARS`; None for a blank text (or none).

    A ``.txt`` upload's first line is its title only when it reads as a heading
    (:func:`annotator.core.formats.readers.txt_title`).
    """
    line = next((line.strip() for line in (text or "").splitlines() if line.strip()), None)
    if line is None or len(line) <= OPENING_MAX_CHARS:
        return line
    cut = line[: OPENING_MAX_CHARS - 1]
    if not line[len(cut)].isspace() and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"
