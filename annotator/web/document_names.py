"""How a page names a document: the one markup of it, for every page that lists documents.

The rule is :func:`annotator.core.document_naming.page_name`'s: the number in the project
(``#N``, what every form reads), the title, and the external id under it only where it
differs. A Python function rather than a macro: the project page draws hundreds of rows, and
a macro call per row cost more than the rest of the row.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from annotator.core.document_naming import page_name


def document_name(
    number: int | None, title: str | None, external_id: str, href: str | None = None
) -> Markup:
    """Return a document's name as a page shows it: ``#N`` (left out for None, where a ``#``
    column shows it), its title or external id (a link to ``href`` if given), and its
    external id under it where that differs from the title."""
    name, under = page_name(title, external_id)
    shown = Markup('<a href="{}">{}</a>').format(href, name) if href else escape(name)
    if number is not None:
        shown = Markup('<span class="document-number">#{}</span> {}').format(number, shown)
    if under is not None:
        shown += Markup(' <span class="muted slug">{}</span>').format(under)
    return shown
