"""Which annotator's layer an item to accept into gold is in: never gold's, nor the
suggestions', whose items are not an annotator's version of anything."""

from __future__ import annotations

from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.models import Layer


def annotator_layer(session: Session, layer_id: int) -> Layer:
    """Return the annotator's layer ``layer_id`` an item to accept is in.

    :raises Invalid: it is gold, or the suggestions layer.
    """
    layer = session.get(Layer, layer_id)
    if layer is None or layer.user_id is None:  # gold, or the suggestions layer
        raise Invalid("only an annotator's item can be accepted into gold")
    return layer
