"""What the review pages say an accept did to gold: a relation names the end spans it
brought along. Taking another version instead and reopening are said by
:mod:`annotator.core.gold_changes`, which the command line and the API share."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.wording import sentence_said, value_words
from annotator.models import LabelValue


def label_named(label: LabelValue) -> str:
    """Name a label value accepted into gold: "stance AGAINST on sentence 3", "genre news
    (document label)"; a reviewer taking values one after another sees which went in."""
    where = (
        "(document label)"
        if label.sentence_index < 0
        else f"on {sentence_said(label.sentence_index, 'page')}"
    )
    return f"{label.name} {value_words(label.value)} {where}"


def accepted(
    what: str,
    brought: list[str],
    standing: Iterable[tuple[str, str]] = (),
    along: tuple[str, list[str]] = ("", []),
) -> str:
    """Say an accept of ``what`` ("the span", or a label by :func:`label_named`): a
    relation names the end spans it brought into gold with it (they decide their own
    differences too, which the reviewer can change), and the ends it takes at gold's span of
    their difference, decided with another version (``standing``: the end's words, gold's
    span's); the rest of the annotator's version of a span difference an accepted span or
    end took along (``along``: whose, and those spans' words) is named."""
    said = (
        f"Accepted {what} into gold."
        if not brought
        else f"Accepted {what} into gold; it brought its "
        f"{'end' if len(brought) == 1 else 'ends'} into gold too: {'; '.join(brought)}."
    )
    owner, rest = along
    if rest:
        said += f" With it came the rest of {owner}’s version of that difference: "
        said += f"{'; '.join(rest)}."
    for end, gold in standing:
        said += f" Its end {end} is gold’s {gold}, which decided that span’s difference."
    return said
