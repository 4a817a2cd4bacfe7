"""The agreement page's list of layers marked done that leave a required field blank.

Beside the "Left blank" counts, which hold their blanks among others: the layers themselves,
by field, each document linked to its review page, where a reviewer reads what each layer
gave. Annotators are named as the page names them (numbers under ``?anonymous=1``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy.orm import Session

from annotator.core.required_fields import required_fields
from annotator.core.shown_names import ShownNames
from annotator.core.wording import counted, listed
from annotator.models import Project
from annotator.services.schema.required_blank import DoneBlank, blank_names, done_blank
from annotator.web.document_names import document_name

#: Layers named per field; the rest are counted.
LISTED = 50


@dataclass(frozen=True)
class ListedField:
    """One required field's line: its key as the report's (``document:genre``), how many done
    layers leave it blank, and the first :data:`LISTED` of them in words, by document."""

    key: str
    layers: int
    named: list[Markup]

    @property
    def more(self) -> int:
        """Return how many layers are counted but not named."""
        return max(self.layers - LISTED, 0)


def page_done_blank(session: Session, project: Project) -> list[DoneBlank] | None:
    """Return the done layers that leave the project's required fields blank, found once for
    the page's list and its report's counts; None when the schema requires no field."""
    if not any(required_fields(project.schema)):
        return None
    return done_blank(session, project)


def done_blank_listed(
    session: Session,
    project: Project,
    shown: ShownNames,
    link: Callable[[int], str],
    found: list[DoneBlank] | None,
    send_back: Callable[[int, str, str], Markup] | None = None,
) -> list[ListedField] | None:
    """Return the project's required fields that layers marked done leave blank, each with
    those layers named, their documents linked to ``link(document id)``; None when the
    schema requires no field (``found`` None: :func:`page_done_blank`'s answer then).

    :param send_back: the Send back button of a layer, by document id, username and reason,
        put after its annotator's name (None: no buttons, as for hidden names).
    """
    if found is None:
        return None
    names = blank_names(session, found)
    fields = []
    for blank in found:
        layers = sorted(
            blank.layers,
            key=lambda layer: (
                names.documents[layer.document_id][0],
                shown.rank(names.users[layer.user_id]),
            ),
        )
        # A document once, with each of its layers: "#1 d1 by alice (1 sentence blank) and bob".
        key = f"document:{blank.name}" if blank.document else blank.name
        by_document: dict[int, list[Markup]] = {}
        for layer in layers[:LISTED]:
            blanks = f" ({counted(layer.sentences, 'sentence')} blank)" if layer.sentences else ""
            username = names.users[layer.user_id]
            who = Markup("{}{}").format(shown(username), blanks)
            if send_back is not None:
                who += send_back(layer.document_id, username, f"{key} blank")
            by_document.setdefault(layer.document_id, []).append(who)
        named = []
        for document_id, whose in by_document.items():
            number, title, external_id = names.documents[document_id]
            where = document_name(number, title, external_id, link(document_id))
            # Each name escaped above: joined as markup, the buttons kept.
            named.append(Markup("{} by {}").format(where, Markup(listed(whose))))
        fields.append(ListedField(key, len(blank.layers), named))
    return fields
