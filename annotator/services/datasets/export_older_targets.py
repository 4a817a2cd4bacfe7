"""How many of the label values an export holds were given toward an earlier target of
their field, for its header (``label_fields``) and the ``hf`` card to say.

A field's target may change with the values given kept (:mod:`annotator.services.schema.
meaning`); an export that said only today's target would quietly re-label them. Which
target a value was given toward is :mod:`annotator.core.given_targets`' rule, by when it was
last written; here it is counted in one query over the layers the export writes, before its
first byte, so that even a header written first says it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from annotator.core.formats.majority import MAJORITY
from annotator.core.given_targets import TargetTimes, counted_older_targets
from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import GOLD, SUGGESTIONS, Assignment, LabelValue, Layer, User
from annotator.services.datasets.batches import DocumentFilter, selection
from annotator.services.schema.older_targets import version_at

_values, _layers, _users = LabelValue.__table__, Layer.__table__, User.__table__
_lv, _l, _u, _a = _values.c, _layers.c, _users.c, Assignment.__table__.c


def add_older_targets(
    session: Session,
    times: TargetTimes,
    where: DocumentFilter,
    label_fields: dict[str, dict[str, dict[str, Any]]],
) -> None:
    """Add ``older_targets`` to each field of ``label_fields`` (the header's) whose target
    changed: the values the export writes that were given toward an earlier target, by that
    target and by layer (an annotator's name, or ``gold``); an empty list when none were.

    Said of the stored layers only: the ``majority`` and ``suggestions`` layers are not given
    by anyone toward a target, and get no count.
    """
    changed = times.changed_fields()
    if not changed or where.layer in (MAJORITY, SUGGESTIONS):
        return
    layer_name = func.coalesce(_u.username, GOLD)
    kind = case((_lv.sentence_index == DOCUMENT_UNIT, "document"), else_="sentence")
    at = version_at(_lv.updated_at, times)
    query = (
        select(layer_name, kind, _lv.name, at, func.count())
        .select_from(_values.join(_layers, _l.id == _lv.layer_id))
        .outerjoin(_users, _u.id == _l.user_id)
        .where(
            _l.document_id.in_(selection(where)),
            _l.key != SUGGESTIONS,
            _lv.name.in_(sorted({name for _kind, name in changed})),
            _layers_written(where),
        )
        .group_by(layer_name, kind, _lv.name, at)
    )
    counts = (
        (layer, (unit, name), index, number)
        for layer, unit, name, index, number in session.execute(query)
    )
    for (unit, name), older in counted_older_targets(times, counts).items():
        label_fields[unit][name]["older_targets"] = older


def _layers_written(where: DocumentFilter) -> ColumnElement[bool]:
    """The layers of a selected document that the export writes, as
    :func:`annotator.services.datasets.export_records.build_record` keeps them: gold (unless one
    annotator's layer is asked for), and the annotators' (the one asked for), only those whose
    assignment is in the asked ``status``."""
    gold = _l.user_id.is_(None)
    annotator: ColumnElement[bool] = _l.user_id.is_not(None)
    if where.layer not in ("all", GOLD):
        annotator = and_(annotator, _u.username == where.layer)
    if where.status is not None:
        annotator = and_(
            annotator,
            exists().where(
                _a.document_id == _l.document_id,
                _a.user_id == _l.user_id,
                _a.status == where.status,
            ),
        )
    if where.layer == GOLD:
        return gold
    if where.layer == "all":
        return or_(gold, annotator)
    return annotator
