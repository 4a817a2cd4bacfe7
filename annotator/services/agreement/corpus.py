"""Loading a project's layers for the agreement report: a handful of queries, whatever its size.

Spans, relations, label values, layers and assignments come back as integer arrays
(:mod:`annotator.services.agreement.packing`), never as ORM objects or one row each.

Which layers count: an annotator *annotated* a document when they wrote anything in it (a
layer exists) or their assignment is ``in_progress`` or ``done``; an assignment that is
``new`` or ``skipped`` with nothing written is left out. An annotator who annotated a
document and marked no span there marked "no span here", which counts against a partner.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid, no_documents
from annotator.core.label_schema import entry_names
from annotator.core.shown_names import AS_NAMED, ShownNames
from annotator.core.vocabulary import COUNTED_STATUSES, check_status
from annotator.models import GOLD, SUGGESTIONS, Assignment, Document, Layer, Project, User
from annotator.services.agreement.packing import Loader, integers
from annotator.services.agreement.tables import LabelTable, RelationTable, SpanTable
from annotator.services.gold.state import reference_gold

__all__ = ["Corpus", "LabelTable", "RelationTable", "SpanTable", "load_corpus"]


@dataclass
class Corpus:
    """Everything the report needs, by layer name (an annotator's, or ``gold``)."""

    project: Project
    annotators: list[str]
    layers: list[str]  # annotators, then gold: the order of LabelTable.layer
    documents: dict[int, str]  # document id -> external id, for the documents in scope
    lengths: dict[int, int]
    annotated: dict[str, set[int]]  # layer name -> documents it annotated
    span_labels: list[str]
    relation_types: list[str]
    attribute_sets: list[dict[str, Any]]
    label_names: list[str]
    label_values: list[Hashable]  # JSON values; a list becomes a sorted tuple
    spans: dict[str, SpanTable]
    relations: dict[str, RelationTable]
    labels: LabelTable
    #: Documents in scope whose gold is an import no reviewer has touched: left out of
    #: gold, as no reference (:func:`~annotator.services.gold.state.unreviewed_imported_gold`).
    unreviewed_gold: int = 0
    #: Documents in scope whose gold is not marked final, left out of gold unless asked for
    #: (:class:`~annotator.services.gold.state.ReferenceGold`).
    in_review_gold: int = 0
    #: Whether gold still in review was asked for (counted as a reference).
    include_in_review: bool = False


def load_corpus(
    session: Session,
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    status: str | None = None,
    shown: ShownNames = AS_NAMED,
    include_in_review: bool = False,
) -> Corpus:
    """Load the layers of ``project`` (optionally only some annotators and documents).

    Gold is loaded where it counts as the reference
    (:class:`~annotator.services.gold.state.ReferenceGold`): gold marked final, and gold still
    in review too when ``include_in_review``; the documents whose gold is left out are
    counted (``in_review_gold``, ``unreviewed_gold``).

    :param annotators: usernames to compare (as ``shown`` names them); default: everyone
        who annotated something.
    :param documents: external ids of the documents to include; default: all.
    :param status: keep only the annotators' layers whose assignment has this status (as the
        export's ``status``: ``done`` leaves out a half-done layer); gold is kept. Default:
        the layers above (in progress and done, and any with something written).
    :param shown: how to name the annotators' layers, and so every figure the report gives
        of them: by name, or by the project's numbers in their order (never the real names').
    :raises Invalid: an annotator or document named in a filter is not in the project.
    :raises Malformed: ``status`` is not an assignment status.
    """
    if status is not None:
        check_status(status)
    in_project = Document.project_id == project.id
    rows = session.execute(
        select(Document.id, Document.external_id, func.length(Document.text)).where(in_project)
    ).all()
    docs = {doc_id: external for doc_id, external, _ in rows}
    lengths = {doc_id: length for doc_id, _, length in rows}
    if documents:
        by_external = {external: doc_id for doc_id, external in docs.items()}
        missing = sorted(set(documents) - set(by_external))
        if missing:
            raise Invalid(no_documents(missing, project.slug), details={"field": "documents"})
        docs = {by_external[external]: external for external in documents}
    # Layers and assignments as integer arrays (tens of thousands of rows: no tuple each).
    layer_rows = integers(
        session,
        select(Layer.id, Layer.document_id, func.coalesce(Layer.user_id, -1))
        .join(Document, Document.id == Layer.document_id)
        # The suggestions layer has no user either: it is neither gold nor an annotator.
        .where(in_project, Layer.key != SUGGESTIONS),
    )
    assigned = integers(
        session,
        select(Assignment.document_id, Assignment.user_id)
        .join(Document, Document.id == Assignment.document_id)
        .where(
            in_project,
            Assignment.status.in_(COUNTED_STATUSES if status is None else (status,)),
        ),
    )
    if status is not None:
        layer_rows = _in_status(layer_rows, assigned)
    left_out = reference_gold(session, project, include_in_review=include_in_review).left_out(
        session, project
    )
    not_counted = np.array(sorted(left_out.in_review | left_out.unreviewed), dtype=np.int64)
    layer_rows = layer_rows[~((layer_rows[:, 2] < 0) & np.isin(layer_rows[:, 1], not_counted))]
    owners = np.unique(np.concatenate([layer_rows[:, 2], assigned[:, 1]]))
    usernames = dict(
        session.execute(
            select(User.id, User.username).where(User.id.in_(owners[owners >= 0].tolist()))
        ).all()
    )
    # Each layer by the name shown, ordered as the names shown are (by number when hidden).
    order = {shown(name): shown.rank(name) for name in usernames.values()}
    usernames = {owner: shown(name) for owner, name in usernames.items()}
    usernames[-1] = GOLD
    in_scope = np.array(sorted(docs), dtype=np.int64)
    annotated: dict[str, set[int]] = {}
    for owner in owners.tolist():
        found = np.concatenate(
            [layer_rows[layer_rows[:, 2] == owner, 1], assigned[assigned[:, 1] == owner, 0]]
        )
        annotated[usernames[owner]] = set(np.intersect1d(found, in_scope).tolist())
    chosen = _choose_annotators(annotated, annotators, project, order)
    layers = [*chosen, GOLD]
    index = {owner: layers.index(name) for owner, name in usernames.items() if name in layers}
    layer_index = np.array(
        [index.get(owner, -1) for owner in layer_rows[:, 2].tolist()], dtype=np.int64
    )
    keep = (layer_index >= 0) & np.isin(layer_rows[:, 1], in_scope)
    loader = Loader(
        session,
        layers,
        layer_rows[keep, 0],
        layer_index[keep],
        layer_rows[keep, 1],
        max(lengths.values(), default=0),
        project.schema,
    )
    span_labels = entry_names(project.schema, "span_labels")
    relation_types = entry_names(project.schema, "relation_types")
    spans, attribute_sets = loader.spans(span_labels)
    label_names, label_values, labels = loader.labels()
    return Corpus(
        project=project,
        annotators=chosen,
        layers=layers,
        documents=docs,
        lengths={doc_id: lengths[doc_id] for doc_id in docs},
        annotated={name: annotated.get(name, set()) for name in layers},
        span_labels=span_labels,
        relation_types=relation_types,
        attribute_sets=attribute_sets,
        label_names=label_names,
        label_values=label_values,
        spans=spans,
        relations=loader.relations(relation_types),
        labels=labels,
        unreviewed_gold=len(left_out.unreviewed & set(docs)),
        in_review_gold=len(left_out.in_review & set(docs)),
        include_in_review=include_in_review,
    )


def _choose_annotators(
    annotated: dict[str, set[int]],
    wanted: Sequence[str] | None,
    project: Project,
    order: dict[str, tuple[int, str]],
) -> list[str]:
    def rank(name: str) -> tuple[int, str]:
        return order.get(name, (0, name))

    present = sorted((name for name, docs in annotated.items() if name != GOLD and docs), key=rank)
    if not wanted:
        return present
    unknown = sorted(set(wanted) - set(present))
    if unknown:
        raise Invalid(
            f"{', '.join(map(repr, unknown))} annotated nothing in project {project.slug!r}; "
            f"annotators with work there: {', '.join(present) or 'none'}",
            details={"field": "annotators"},
        )
    return sorted(set(wanted), key=rank)


def _in_status(layer_rows: np.ndarray, assigned: np.ndarray) -> np.ndarray:
    """Return the rows of ``layer_rows`` (layer, document, owner) that are gold's (owner -1)
    or whose (document, owner) is one of ``assigned``'s: the layers of the status filtered on."""
    if not len(layer_rows):
        return layer_rows
    # One integer per (document, user) pair, compared at once (ids fit in 32 bits).
    shift = np.int64(1) << np.int64(32)
    pairs = layer_rows[:, 1].astype(np.int64) * shift + layer_rows[:, 2]
    wanted = assigned[:, 0].astype(np.int64) * shift + assigned[:, 1] if len(assigned) else []
    keep = (layer_rows[:, 2] < 0) | np.isin(pairs, wanted)
    return layer_rows[keep]
