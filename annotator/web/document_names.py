"""How a page names a document: the one markup of it, for every page that lists documents.

The rule is :func:`annotator.core.document_naming.page_name`'s: the number in the project
(``#N``, what every form reads), the title, and the external id under it only where it
differs. A Python function rather than a macro: the project page draws hundreds of rows, and
a macro call per row cost more than the rest of the row.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from annotator.core.document_naming import page_name

#: Where a name without spaces may break: after a run of ``_``, ``-`` or ``/``, or after a dot
#: that is not the last (a file's extension stays with the name before it).
_BREAKS = re.compile(r"[_\-/]+(?=.)|\.(?=[^.]*\.)")


def name_breaks(name: str) -> Markup:
    """Return ``name`` escaped, with a break opportunity (``<wbr>``) at each place a heading
    may break it: ``004_<wbr>b3889e6c0fe1530c.txt``.

    A long file name in a heading broke wherever the line was full, most often before its
    extension ("...1530c" over ".txt"); copied, the name is unchanged (``<wbr>`` is no
    character), and its heading's title attribute says it whole.
    """
    parts, at = [], 0
    for found in _BREAKS.finditer(name):
        parts.append(escape(name[at : found.end()]))
        at = found.end()
    parts.append(escape(name[at:]))
    return Markup("<wbr>").join(parts)


def document_name(
    number: int | None,
    title: str | None,
    external_id: str,
    href: str | None = None,
    breaks: bool = False,
) -> Markup:
    """Return a document's name as a page shows it: ``#N`` (left out for None, where a ``#``
    column shows it), its title or external id (a link to ``href`` if given), and its
    external id under it where that differs from the title; ``breaks``: for a heading, the
    name with the places it may break (:func:`name_breaks`)."""
    name, under = page_name(title, external_id)
    said = name_breaks(name) if breaks else escape(name)
    shown = Markup('<a href="{}">{}</a>').format(href, said) if href else said
    if number is not None:
        shown = Markup('<span class="document-number">#{}</span> {}').format(number, shown)
    if under is not None:
        shown += Markup(' <span class="muted slug">{}</span>').format(under)
    return shown
