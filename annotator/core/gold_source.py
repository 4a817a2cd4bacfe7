"""Where a gold item came from: how it was decided and which annotators gave exactly it.

Pure. Every gold span, relation and label value records its source (columns ``source_how``,
``source_of`` and ``source_layer`` of its row, :mod:`annotator.services.annotation.provenance`):

-   ``unanimous`` / ``majority``: accepted because that quorum of the document's ``of``
    annotators agreed on it (:mod:`annotator.core.quorum`);
-   ``chosen``: a reviewer took one annotator's version ("take this one", an accept), or a
    suggestion (``annotators`` is then ``["suggestions"]``);
-   ``written``: a reviewer wrote or changed it in the gold layer by hand.

``annotators`` names only the annotators whose own item is exactly what gold holds: the
same label, offsets and attributes for a span; type and ends for a relation; the same value
for a label (a multi-valued field's values as a set). A majority's span whose attributes one
holder gave otherwise does not name that holder; a span whose attributes nobody gave as
accepted (the quorum agreed on the span, not on its attributes) names nobody.

The exports, the layer history and its page say the source with :func:`source_json` and
:func:`source_words`, the one home of its shape and its words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from annotator.core.quorum import MAJORITY, UNANIMOUS

CHOSEN = "chosen"
WRITTEN = "written"
#: How a gold item came about, in the order the dataset card counts them.
HOWS = (UNANIMOUS, MAJORITY, CHOSEN, WRITTEN)
#: ``source_layer`` of an item written in the gold layer itself (before ``source_how`` was
#: kept, the only sign of it).
DIRECT_EDIT = "gold"


@dataclass(frozen=True, slots=True)
class Source:
    """How a gold item came about and who gave exactly it."""

    #: None for an item decided before how was kept (an import of such an export).
    how: str | None
    annotators: tuple[str, ...] = ()
    #: The number of annotators a quorum was counted over (None but for a quorum).
    of: int | None = None

    def as_json(self) -> dict[str, Any]:
        """Return the source as exports and the history show it."""
        return {"how": self.how, "of": self.of, "annotators": list(self.annotators)}


#: The keys of a source as exports and the history write it (:meth:`Source.as_json`).
SOURCE_KEYS = frozenset({"how", "of", "annotators"})


def source_problem(how: Any, of: Any = None, annotators: Any = ()) -> str | None:
    """Say what is wrong with a gold item's source read from a file, None when nothing: the
    one home of what a source may hold, for an import's ``source`` and a project file's
    ``source_how``/``source_of`` columns and history ``item_source``.

    ``how`` one of :data:`HOWS` or null, ``of`` a number of annotators (1 or more) or null,
    ``annotators`` a list of names. A source that breaks them would load and then fail
    the pages that say it (:func:`source_words`).
    """
    if how is not None and how not in HOWS:
        return f"how must be one of {', '.join(HOWS)} or null, not {how!r}"
    if of is not None and (isinstance(of, bool) or not isinstance(of, int) or of < 1):
        return f"of must be a number of annotators (1 or more) or null, not {of!r}"
    if not isinstance(annotators, list | tuple) or not all(
        isinstance(name, str) and name for name in annotators
    ):
        return "annotators must be a list of names"
    return None


def source_object_problem(value: Any) -> str | None:
    """Say what is wrong with a whole source object (``{"how", "of", "annotators"}``, as
    :meth:`Source.as_json` writes it), None when nothing."""
    if not isinstance(value, dict) or set(value) != SOURCE_KEYS:
        return 'must be an object, {"how", "of", "annotators"}'
    return source_problem(value["how"], value["of"], value["annotators"])


def quorum_source(quorum: str, annotators: Iterable[str], of: int) -> Source:
    """Return the source of an item ``quorum`` of ``of`` annotators agreed on."""
    return Source(quorum, tuple(sorted(set(annotators))), of)


def chosen_source(annotators: Iterable[str]) -> Source:
    """Return the source of an item a reviewer took from an annotator's version."""
    return Source(CHOSEN, tuple(sorted(set(annotators))))


WRITTEN_SOURCE = Source(WRITTEN)
#: The source of an item a reviewer accepted into gold from the suggestions layer (a
#: model's or the rules'): chosen, from ``suggestions`` (its ``suggested`` says which model).
FROM_SUGGESTION = Source(CHOSEN, ("suggestions",))


def after_an_end_moved(before: Source | None, annotators: Iterable[str]) -> Source | None:
    """Return the source of a gold relation one of whose ends moved (or changed label), given
    ``annotators``: those whose own relation is exactly what gold holds now.

    The same annotators: the source stands. An item written by hand, or one that never had
    a source, stays so (a written item names nobody). Otherwise the quorum or the choice
    that took it was of another relation: it is ``chosen`` from those who give it now (a
    reviewer moved its end), or ``written`` when nobody does.
    """
    names = tuple(sorted(set(annotators)))
    if before is None or before.how == WRITTEN or names == before.annotators:
        return before
    return chosen_source(names) if names else WRITTEN_SOURCE


def source_columns(source: Source | None) -> dict[str, Any]:
    """Return the columns a gold row records ``source`` in (all None for no source).

    ``source_layer`` holds the names of the annotators who gave exactly the item, sorted,
    comma-separated, cut to the column (``gold`` for an item written in gold by hand).
    """
    if source is None:
        return {"source_layer": None, "source_how": None, "source_of": None}
    names = [DIRECT_EDIT] if source.how == WRITTEN else source.annotators
    return {
        "source_layer": ",".join(sorted(set(names)))[:255] or None,
        "source_how": source.how,
        "source_of": source.of,
    }


def recorded_json(source: Source | None) -> dict[str, Any] | None:
    """Return ``source`` as the row that records it (:func:`source_columns`) says it
    (:func:`source_json`): what an item written with it shows in exports and in its history
    (a ``written`` item names nobody; names cut to the column stay cut)."""
    columns = source_columns(source)
    return source_json(columns["source_how"], columns["source_of"], columns["source_layer"])


def source_json(how: str | None, of: int | None, names: str | None) -> dict[str, Any] | None:
    """Return a gold row's source (its columns) as exports show it; None when it has none.

    A row decided before ``source_how`` was kept has ``how`` null (its names are those it
    recorded then), but one written in gold by hand, which said so in ``source_layer``.
    """
    if how is None and names is None:
        return None
    if how is None and names == DIRECT_EDIT:
        how = WRITTEN
    annotators = [] if how == WRITTEN or not names else names.split(",")
    return {"how": how, "of": of, "annotators": annotators}


def source_words(source: Mapping[str, Any] | None, shown: Callable[[str], str] = str) -> str:
    """Return a source in words: ``accepted: majority of 3 (alice, bob)`` ("" for none).

    :param shown: how the page names an annotator (``Annotator 2`` in the hidden-names mode:
        :class:`annotator.core.shown_names.ShownNames`).
    """
    if not source:
        return ""
    names = [shown(name) for name in source.get("annotators") or []]
    listed = f" ({', '.join(names)})" if names else " (no annotator gave exactly this)"
    how = source.get("how")
    if how in (UNANIMOUS, MAJORITY):
        return f"accepted: {how} of {source.get('of')}{listed}"
    if how == CHOSEN:
        return f"chosen by a reviewer{listed}"
    if how == WRITTEN:
        return "written by a reviewer"
    return f"accepted from{listed}" if names else ""


def column_source(how: str | None, of: int | None, names: str | None) -> Source | None:
    """Return the source a gold row's columns record (:func:`source_json`); None for none:
    what a restore records as the source of the item it puts back."""
    found = source_json(how, of, names)
    if found is None:
        return None
    return Source(found["how"], tuple(found["annotators"]), found["of"])
