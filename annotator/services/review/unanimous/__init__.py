"""Accepting into gold every item enough of a document's annotators agree on.

The quorum is :mod:`annotator.core.quorum`'s: ``unanimous`` (all of them, the default) or
``majority`` (more than half, the rule of the export's ``majority`` layer). One job a module:

- :mod:`.items`: what the quorum agrees on and gold does not hold yet
  (:func:`items_to_accept`, reading only), and which quorums there are (:func:`check_quorum`);
- :mod:`.result`: what an accept wrote or would write, and what it left out (:class:`Accepted`);
- :mod:`.write`: writing one document's items into gold (:func:`accept_unanimous`);
- :mod:`.many`: the accept of the documents a scope asks for
  (:class:`~annotator.core.unanimous_scope.UnanimousScope`: a whole project's, the review
  list's filter, named documents; which documents it takes is
  :mod:`annotator.services.review.accept_scope`'s rule);
- :mod:`.preview`: counting what an accept would write, writing nothing (the pages' question).

The callers (the review pages, the API, ``annotator adjudicate unanimous``, marking final)
import from here.
"""

from __future__ import annotations

from annotator.services.review.unanimous.items import ToAccept, check_quorum, items_to_accept
from annotator.services.review.unanimous.many import accept_unanimous_in
from annotator.services.review.unanimous.preview import preview_unanimous, preview_unanimous_in
from annotator.services.review.unanimous.result import Accepted
from annotator.services.review.unanimous.write import accept_unanimous

__all__ = [
    "Accepted",
    "ToAccept",
    "accept_unanimous",
    "accept_unanimous_in",
    "check_quorum",
    "items_to_accept",
    "preview_unanimous",
    "preview_unanimous_in",
]
