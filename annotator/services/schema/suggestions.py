"""What a schema change does to the suggestions, beyond the spans of the layers.

:func:`~annotator.services.schema.changes.change_schema` renames the spans of every
layer, the suggestions layer's among them. Suggestions keep span labels in two more places,
which a rename reaches here, so that neither is left naming what the schema no longer has:

-   each annotator's rejections (:class:`SuggestionRejection`, kept by label and offsets): a
    suggestion rejected under the old name stays rejected under the new one, and counts
    under it in the agreement report's suggestion rates. Where a merge makes two rejections
    one, one is kept.
-   each stored model's ``labels`` and ``scores``. A model's bytes keep the names it learned;
    its row's ``labels`` says, in the model's order, what each of them is called now, which
    is how its spans are named when it predicts
    (:func:`annotator.services.assist.training.newest_model`) and how the model list names
    them. Merged labels' scores are summed. A span label the change removes is forgotten
    there (:func:`forget_removed_labels`): called ``""``, no name a label can have, its
    predictions are dropped and its scores go, so that a label added back later under the
    same name, perhaps meaning something else, is not suggested from what the model learned
    of the old one (until a training on the new gold teaches it again).

A suggestion is no annotation: a model may still suggest what a change removes, and no
annotator can delete a suggestion. So the suggestions layer counts as no use that refuses a
removal (:func:`~annotator.services.schema.changes.count_uses`), as it counts for
no rule a change tightens, and what is removed goes from it with the change: spans and
relations (:func:`drop_removed_suggestions`), sentence and document label values
(:func:`drop_removed_label_suggestions`). A stored label classifier keeps its field's and
values' old names; it suggests no field or value the schema no longer has
(:mod:`annotator.services.assist.label_models`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, exists, or_, select, update
from sqlalchemy.orm import Session, aliased, defer

from annotator.core.schema_diff import SchemaDiff
from annotator.core.vocabulary import DOCUMENT_UNIT, SUGGESTIONS
from annotator.models import AssistModel, Document, LabelValue, Layer, Project, Relation, Span
from annotator.models import SuggestionRejection as Rejection

_QUIET = {"synchronize_session": False}


def rename_suggested(session: Session, project: Project, diff: SchemaDiff) -> None:
    """Carry the span label renames of ``diff`` into rejections and stored models."""
    names = {old: new for kind, old, new in diff.renamed if kind == "span"}
    if not names:
        return
    documents = select(Document.id).where(Document.project_id == project.id).scalar_subquery()
    for old, new in names.items():
        twin = aliased(Rejection)
        merged_away = exists().where(
            twin.document_id == Rejection.document_id,
            twin.user_id == Rejection.user_id,
            twin.label == new,
            twin.start == Rejection.start,
            twin.end == Rejection.end,
        )
        session.execute(
            delete(Rejection).where(
                Rejection.document_id.in_(documents), Rejection.label == old, merged_away
            ),
            execution_options=_QUIET,
        )
        session.execute(
            update(Rejection)
            .where(Rejection.document_id.in_(documents), Rejection.label == old)
            .values(label=new),
            execution_options=_QUIET,
        )
    for row in list(session.identity_map.values()):
        if isinstance(row, Rejection):
            session.expire(row)
    models = select(AssistModel).options(defer(AssistModel.data))
    for model in session.scalars(models.where(AssistModel.project_id == project.id)):
        # Position by position: labels[i] is the current name of the model's i-th label.
        model.labels = [names.get(name, name) for name in model.labels]
        model.scores = _renamed_scores(model.scores, names)


def forget_removed_labels(session: Session, project: Project, diff: SchemaDiff) -> None:
    """Call the span labels ``diff`` removes ``""`` in every stored model, and drop their scores."""
    removed = {name for kind, name in diff.removed if kind == "span"}
    if not removed:
        return
    models = select(AssistModel).options(defer(AssistModel.data))
    for model in session.scalars(models.where(AssistModel.project_id == project.id)):
        if removed & set(model.labels):
            model.labels = ["" if name in removed else name for name in model.labels]
            model.scores = {k: v for k, v in model.scores.items() if k not in removed}


def _renamed_scores(scores: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    renamed: dict[str, Any] = {}
    for label, figures in scores.items():
        name = names.get(label, label)
        if name in renamed:
            # NumPy comes with the scoring module: only a merge of two learned labels needs it.
            from annotator.core.assist.evaluation import merged_stored_scores

            figures = merged_stored_scores(renamed[name], figures)
        renamed[name] = figures
    return renamed


def _suggestions_layers(project: Project) -> Select[int]:
    return (
        select(Layer.id)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, Layer.key == SUGGESTIONS)
    )


def drop_removed_suggestions(session: Session, project: Project, diff: SchemaDiff) -> None:
    """Delete the suggested spans of removed span labels and relations of removed types.

    A relation that ends at a deleted span goes with it (relations first, where the database
    does not cascade).
    """
    labels = [name for kind, name in diff.removed if kind == "span"]
    types = [name for kind, name in diff.removed if kind == "relation"]
    if not labels and not types:
        return
    layers = _suggestions_layers(project).scalar_subquery()
    gone = select(Span.id).where(Span.layer_id.in_(layers), Span.label.in_(labels))
    ending = or_(Relation.from_span_id.in_(gone), Relation.to_span_id.in_(gone))
    session.execute(
        delete(Relation).where(
            Relation.layer_id.in_(layers), or_(Relation.type.in_(types), ending)
        ),
        execution_options=_QUIET,
    )
    session.execute(
        delete(Span).where(Span.layer_id.in_(layers), Span.label.in_(labels)),
        execution_options=_QUIET,
    )


def drop_removed_label_suggestions(session: Session, project: Project, diff: SchemaDiff) -> None:
    """Delete the suggested values of removed sentence and document label fields, and the
    suggested values the change removes from a field.

    Read and chosen here rather than compared in SQL: a value is JSON, which PostgreSQL's
    ``json`` type cannot compare, and a suggestions layer holds one value per unit and field.
    """
    fields = {(kind, name) for kind, name in diff.removed if kind in ("sentence", "document")}
    values = {(kind, owner, value) for (kind, owner, _), value in diff.removed_values}
    if not fields and not values:
        return
    layers = _suggestions_layers(project).scalar_subquery()
    gone = []
    for row_id, unit, name, value in session.execute(
        select(LabelValue.id, LabelValue.sentence_index, LabelValue.name, LabelValue.value).where(
            LabelValue.layer_id.in_(layers)
        )
    ):
        kind = "document" if unit == DOCUMENT_UNIT else "sentence"
        removed_value = isinstance(value, str) and (kind, name, value) in values
        if (kind, name) in fields or removed_value:
            gone.append(row_id)
    for start in range(0, len(gone), 500):
        session.execute(
            delete(LabelValue).where(LabelValue.id.in_(gone[start : start + 500])),
            execution_options=_QUIET,
        )
