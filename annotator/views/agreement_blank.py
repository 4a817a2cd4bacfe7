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
from annotator.core.wording import counted
from annotator.models import Project
from annotator.services.accounts.required_blank import blank_names, done_blank
from annotator.web.document_names import document_name

#: Layers named per field; the rest are counted.
LISTED = 50


@dataclass(frozen=True)
class ListedField:
    """One required field's line: its key as the report's (``document:genre``), how many done
    layers leave it blank, and the first :data:`LISTED` of them in words."""

    key: str
    layers: int
    named: list[Markup]

    @property
    def more(self) -> int:
        """Return how many layers are counted but not named."""
        return self.layers - len(self.named)


def done_blank_listed(
    session: Session, project: Project, shown: ShownNames, link: Callable[[int], str]
) -> list[ListedField] | None:
    """Return the project's required fields that layers marked done leave blank, each with
    those layers named, their documents linked to ``link(document id)``; None when the
    schema requires no field.
    """
    if not any(required_fields(project.schema)):
        return None
    found = done_blank(session, project)
    names = blank_names(session, found)
    listed = []
    for blank in found:
        layers = sorted(
            blank.layers,
            key=lambda layer: (
                names.documents[layer.document_id][0],
                shown.rank(names.users[layer.user_id]),
            ),
        )
        named = []
        for layer in layers[:LISTED]:
            number, title, external_id = names.documents[layer.document_id]
            where = document_name(number, title, external_id, link(layer.document_id))
            blanks = f" ({counted(layer.sentences, 'sentence')} blank)" if layer.sentences else ""
            who = shown(names.users[layer.user_id])
            named.append(Markup("{} by {}{}").format(where, who, blanks))
        key = f"document:{blank.name}" if blank.document else blank.name
        listed.append(ListedField(key, len(blank.layers), named))
    return listed
