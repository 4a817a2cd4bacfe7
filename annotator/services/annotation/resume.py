"""Where a layer was last changed: the sentence the workspace opens at.

An annotator coming back to a document half done (the next day, after Continue annotating)
finds the text at the sentence of her newest change rather than at its start. The place is
read from the layer's history (``layer_change``), newest first, so that it is the same on
every browser and device she uses.
"""

from __future__ import annotations

from sqlalchemy import Integer, String, bindparam, select
from sqlalchemy.orm import Session

from annotator.core.history import PLACED_KINDS, decode, sentence_changed
from annotator.models import Document, Layer
from annotator.services.annotation.payloads import sentence_index
from annotator.tables import layer_change_table

# How many of the newest placed changes are looked at for one with a sentence: a run of
# document labels longer than this (there are seldom more than a few) leaves no place.
_LOOK_BACK = 20

_change = layer_change_table.c
# Newest first, from the index on (document_id, id).
_NEWEST = (
    select(_change.kind, _change.before, _change.after)
    .where(
        _change.document_id == bindparam("document_id", type_=Integer),
        _change.layer_key == bindparam("layer_key", type_=String),
        _change.kind.in_(PLACED_KINDS),
    )
    .order_by(_change.id.desc())
    .limit(_LOOK_BACK)
)


def last_changed_sentence(session: Session, document: Document, owner_id: int | None) -> int | None:
    """Return the index of the sentence of the newest change to a layer of ``document``
    (an annotator's by ``owner_id``, gold's for None), or None when none has a place.

    A deletion counts where the deleted item was.
    """
    params = {"document_id": document.id, "layer_key": Layer.key_for(owner_id)}

    # An offset's sentence is one seek in the sentences' index: the page does not load them all.
    def sentence_of(offset: int) -> int:
        return sentence_index(session, document.id, offset)

    for kind, before, after in session.connection().execute(_NEWEST, params):
        snapshot = decode(after if after is not None else before)
        sentence = sentence_changed(kind, snapshot, sentence_of)
        if sentence is not None:
            return sentence
    return None
