"""Writing into one document's gold the items its annotators agree on.

Each item written records its source (:mod:`annotator.core.gold_source`): the quorum, over
how many annotators, and those who gave exactly it (a span's holder who gave its attributes
otherwise is not named).
"""

from __future__ import annotations

from annotator.core.caller import Actor
from annotator.core.gold_source import quorum_source
from annotator.core.quorum import UNANIMOUS
from annotator.db import AppSession
from annotator.models import Document
from annotator.services.accounts.permissions import require_review
from annotator.services.annotation import relations, spans
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.provenance import record_decision
from annotator.services.gold.lock import require_gold_open
from annotator.services.history import acts_as, deciding
from annotator.services.review.adjudication import set_gold_label
from annotator.services.review.gold_status import mark_in_review
from annotator.services.review.unanimous.items import check_quorum, items_to_accept
from annotator.services.review.unanimous.result import Accepted


@acts_as("reviewer")
def accept_unanimous(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    result: Accepted | None = None,
    *,
    quorum: str = UNANIMOUS,
) -> Accepted:
    """Accept into gold every item of :func:`items_to_accept`; gold keeps what it has.

    :param quorum: ``unanimous`` (all the annotators) or ``majority`` (more than half).
    :raises Invalid: another quorum (the field named).
    """
    require_review(session, reviewer, document.project_id, "adjudicate")
    check_quorum(quorum)
    require_gold_open(session, document)
    return accept_items(session, reviewer, document, result or Accepted(), quorum, None)


def accept_items(
    session: AppSession,
    reviewer: Actor,
    document: Document,
    result: Accepted,
    quorum: str,
    decisions: bool | None,
) -> Accepted:
    """Write into ``document``'s gold every item of :func:`items_to_accept`, counting them
    into ``result``; the caller has asked that the reviewer may and that gold is open.

    :param decisions: whether the document has a "none taken" decision, when known.
    """
    items = items_to_accept(session, document, quorum, decisions=decisions)
    if items is None:
        result.skipped.append(document.external_id)
        return result
    if not items.total:
        # Gold's layer is made only when something goes into it: a document with nothing
        # agreed keeps no gold (and exports none) and stays open.
        return result
    gold = ensure_layer(session, document, None)
    ends = dict(items.gold_spans)
    of = len(items.annotators)
    for key, attributes, note, givers in items.spans:
        decided = quorum_source(quorum, givers, of)
        with deciding(session, decided):
            span = spans.add_span(session, gold, key[0], key[1], key[2], attributes, note=note)
        record_decision(span, reviewer, decided)
        ends[key] = span
    for kind, source, target, note, givers in items.relations:
        decided = quorum_source(quorum, givers, of)
        with deciding(session, decided):
            relation = relations.add_relation(
                session, gold, kind, ends[source].id, ends[target].id, note=note
            )
        record_decision(relation, reviewer, decided)
    for unit, name, value, givers in items.labels:
        decided = quorum_source(quorum, givers, of)
        # Gold was held and found open before the first item: not asked again a label.
        set_gold_label(session, reviewer, document, unit, name, value, decided, held=True)
    result.add(items)
    mark_in_review(session, document, reviewer)
    session.flush()
    return result
