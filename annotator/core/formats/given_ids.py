"""An annotator given as a number: another tool's user id, which names nobody here.

Label Studio writes its users' ids where a name would be: JSON-MIN's ``annotator`` and its
own JSON export's ``completed_by``; doccano's older exports did the same with ``user``. An
id names nobody here: a reader never guesses a user from it, and the layer takes the
annotator given for the import (``--annotator``), as a layer that names nobody does. The
reader keeps the number on the layer (:data:`GIVEN_ID`) so that the import's refusals say
the cause: a layer that names no annotator, or two layers of one document that both took
the import's annotator and so became one layer twice.
"""

from __future__ import annotations

from typing import Any

#: The layer's key for the number it gave, as ``"FIELD NUMBER"`` (``"annotator 7"``).
GIVEN_ID = "given_id"


def keep_given_id(layer: dict[str, Any], field: str, value: Any) -> None:
    """Keep on ``layer`` the number its ``field`` gave, when it gave a number (not a bool)."""
    if isinstance(value, int) and not isinstance(value, bool):
        layer[GIVEN_ID] = f"{field} {value}"


def why_unnamed(layer: Any) -> str:
    """Return the words that say why ``layer`` names nobody ('' when it gave no number)."""
    given = layer.get(GIVEN_ID) if isinstance(layer, dict) else None
    if not given:
        return ""
    field, _, number = given.partition(" ")
    return (
        f"its {field} is {number}, a number (a user id of the tool that wrote the file), "
        "which names nobody here"
    )
