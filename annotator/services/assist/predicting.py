"""Writing the suggestions layer of a project's documents.

:func:`predict_documents` writes each document's suggestions layer (key ``suggestions``)
with the newest model of the project, or with the attribution rules when it has none,
replacing what was there, with each label field's value suggested by its newest classifier
(:mod:`annotator.services.assist.label_models`); a model's spans are tied into relations by
:func:`annotator.core.assist.linking.link_spans`. Each suggested span keeps its score and
the model that made it (``Span.score``, ``Span.model``: the version, or ``rules``). Reading
and accepting them is :mod:`annotator.services.assist.suggesting`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from annotator.core.assist.attribution import pre_annotate
from annotator.core.assist.linking import link_spans
from annotator.core.assist.roles import RoleMapping, role_mapping
from annotator.core.assist.suggestions import Suggestions
from annotator.core.assist.tagger import TrainedOnDocument, predict
from annotator.core.assist.uncertainty import Measure, document_uncertainty
from annotator.core.errors import Invalid, no_documents
from annotator.core.label_schema import entry_names
from annotator.core.rules import end_allows, exceeds_max_per_source
from annotator.core.schema_roles import played_roles
from annotator.core.text import unstorable_reason
from annotator.core.vocabulary import RULES, SUGGESTIONS
from annotator.db import AppSession
from annotator.models import (
    Document,
    DocumentUncertainty,
    LabelValue,
    Layer,
    Project,
    Relation,
    Span,
)
from annotator.services.annotation.span_checks import hold_layer
from annotator.services.assist.label_models import (
    SuggestedLabel,
    field_name,
    learned_from,
    newest_label_models,
    suggest_labels,
)
from annotator.services.assist.suggesting import suggestions_layer
from annotator.services.assist.training import newest_model

#: How a document's uncertainty is measured (:mod:`annotator.core.assist.uncertainty`): the
#: entropy of its most uncertain tokens' tag distributions.
UNCERTAINTY_MEASURE: Measure = "entropy"


def predict_documents(
    session: Session, project: Project, document_ids: Sequence[str] | None = None
) -> dict[str, Any]:
    """Write the suggestions layer of the project's documents (all, or these external ids).

    The newest model suggests; without one, the attribution rules do, under the span labels
    and relation types that play the roles (SOURCE, CUE, CLAIM; ATTRIBUTED_TO, CUED_BY) as
    the schema says (:func:`annotator.core.schema_roles.played_roles`); a model's spans are
    linked by the same roles. What an earlier run suggested on a document is replaced. A
    document the model was trained on gets no suggestions (its earlier ones and their layer
    are removed) and is reported as skipped. The model's uncertainty about each document it
    suggested for is kept (:class:`~annotator.models.DocumentUncertainty`), so that the
    uncertainty queue and the document list never run the model. A suggested span that
    copies one written on its document is left out, and counted (``copies``).

    The label fields are reported apart, their classifiers being of their own versions and
    learning from their own documents: ``label_models`` (each field's version),
    ``labels`` (values written), ``labels_documents`` (the documents that got one) and
    ``labels_skipped`` (per field, the documents its classifier learned from, where it
    suggested nothing; spans may still be suggested there, by the rules or a tagger that
    did not learn from them).

    :raises Invalid: an external id that is not in the project.
    """
    documents = _documents(session, project, document_ids)
    found = newest_model(session, project)
    field_models = newest_label_models(session, project)
    labels = set(entry_names(project.schema, "span_labels"))
    written: list[str] = []
    skipped: list[str] = []
    spans = relations = copies = values = 0
    labelled: list[str] = []
    labels_skipped: dict[str, list[str]] = {field_name(m): [] for m in field_models}
    for document in documents:
        sentences = [(s.start, s.end) for s in document.sentences]
        if found is None:
            suggested = pre_annotate(document.text, sentences, _roles(project))
            model_name = RULES
        else:
            model_name = str(found.version)
            try:
                prediction = predict(
                    found.model,
                    document.text,
                    sentences=sentences,
                    document_id=document.external_id,
                )
            except TrainedOnDocument:
                _remove(session, document)
                _forget_uncertainty(session, document)
                skipped.append(document.external_id)
                continue
            # Named as the schema names them now, whatever they were called when learned; a
            # label the schema removed since is forgotten (named "") and suggested no more.
            named = [
                replace(s, label=found.names[s.label])
                for s in prediction.spans
                if found.names[s.label]
            ]
            links = link_spans(document.text, named, sentences, _roles(project, found.names))
            suggested = Suggestions(named, links)
            _store_uncertainty(session, document, found.version, prediction.marginals)
        added = write_suggestions(session, document, suggested, model_name, labels, project.schema)
        added_labels = _write_labels(
            session, document, suggest_labels(field_models, project.schema, document, sentences)
        )
        values += added_labels
        if added_labels:
            labelled.append(document.external_id)
        for stored in field_models:
            if learned_from(stored, document):
                labels_skipped[field_name(stored)].append(document.external_id)
        spans += added[0]
        relations += added[1]
        copies += added[2]
        written.append(document.external_id)
    session.flush()
    return {
        "model": found.version if found is not None else RULES,
        "documents": written,
        "skipped": skipped,
        "spans": spans,
        "relations": relations,
        "copies": copies,
        "labels": values,
        "label_models": {field_name(m): m.version for m in field_models},
        "labels_documents": labelled,
        "labels_skipped": labels_skipped,
    }


def _store_uncertainty(session: Session, document: Document, version: int, marginals: Any) -> None:
    """Keep how unsure the model was about the document, for the uncertainty queue."""
    value = round(document_uncertainty(marginals, measure=UNCERTAINTY_MEASURE), 6)
    row = session.get(DocumentUncertainty, document.id)
    if row is None:
        session.add(
            DocumentUncertainty(
                document_id=document.id, value=value, model=version, measure=UNCERTAINTY_MEASURE
            )
        )
    else:
        row.value, row.model, row.measure = value, version, UNCERTAINTY_MEASURE


def _forget_uncertainty(session: Session, document: Document) -> None:
    """A document the model learned from has no uncertainty to queue it by."""
    session.execute(
        delete(DocumentUncertainty).where(DocumentUncertainty.document_id == document.id)
    )


def _documents(
    session: Session, project: Project, external_ids: Sequence[str] | None
) -> list[Document]:
    query = select(Document).where(Document.project_id == project.id).order_by(Document.id)
    if external_ids is None:
        return list(session.scalars(query))
    wanted = list(dict.fromkeys(external_ids))
    # An id the database cannot hold names no document (PostgreSQL would refuse the query).
    storable = [name for name in wanted if unstorable_reason(name) is None]
    found = {
        d.external_id: d for d in session.scalars(query.where(Document.external_id.in_(storable)))
    }
    missing = [name for name in wanted if name not in found]
    if missing:
        raise Invalid(no_documents(missing, project.slug))
    return [found[name] for name in wanted]


def _roles(project: Project, learned: Mapping[str, str] | None = None) -> RoleMapping:
    """The roles as the project's schema gives them (``learned``: a model's labels, by the
    name learned -> the name now, for a schema without roles; see ``played_roles``)."""
    played = played_roles(project.schema, learned)
    return role_mapping({name: role for role, name in played.items()})


def _clear(session: Session, document: Document) -> Layer | None:
    layer = suggestions_layer(session, document)
    if layer is not None:
        assert isinstance(session, AppSession)  # every session of the app is one
        hold_layer(session, layer.id)  # one run at a time replaces it (PostgreSQL)
        # Relations first, where the database does not cascade.
        session.execute(delete(Relation).where(Relation.layer_id == layer.id))
        session.execute(delete(Span).where(Span.layer_id == layer.id))
        session.execute(delete(LabelValue).where(LabelValue.layer_id == layer.id))
    return layer


def _write_labels(session: Session, document: Document, suggested: list[SuggestedLabel]) -> int:
    """Write the suggested sentence and document labels into the layer
    :func:`write_suggestions` just cleared and filled; return how many."""
    layer = suggestions_layer(session, document)
    assert layer is not None  # write_suggestions made it
    for label in suggested:
        session.add(
            LabelValue(
                layer_id=layer.id,
                sentence_index=label.unit,
                name=label.name,
                value=label.value,
                score=label.score,
                model=label.model,
            )
        )
    return len(suggested)


def _remove(session: Session, document: Document) -> None:
    """Remove the document's suggestions layer, so that no layer says "suggested nothing".

    The agreement report scores the model on the documents with a suggestions layer: an
    empty one left on a document the model was trained on would count as a miss of its gold.
    """
    layer = _clear(session, document)
    if layer is not None:
        session.delete(layer)


def write_suggestions(
    session: Session,
    document: Document,
    suggested: Suggestions,
    model: str,
    labels: set[str],
    schema: dict[str, Any],
) -> tuple[int, int, int]:
    """Replace the document's suggestions with ``suggested``; return how many spans and
    relations were written, and how many suggested spans were copies, left out.

    A layer holds a span once (:func:`annotator.core.rules.duplicate_span`), the suggestions
    layer too: a span of the label and offsets of one written before is not written again,
    and a relation at it goes to the one written (once: a second relation of a type between
    the same two spans is a copy too, :func:`annotator.core.rules.duplicate_relation`). A
    relation the schema forbids (its ends' labels, one more than its ``max_per_source``
    leaving a span) is left out, as a layer would refuse it. The
    layer is held while it is replaced (:func:`hold_layer`), so that two runs at once on
    PostgreSQL write one set of suggestions, not both.
    """
    layer = _clear(session, document)
    if layer is None:
        layer = Layer(document_id=document.id, user_id=None, key=SUGGESTIONS)
        session.add(layer)
        session.flush()
    rows: list[Span | None] = []
    written: dict[tuple[str, int, int], Span] = {}
    copies = 0
    for span in suggested.spans:
        if span.label not in labels:
            rows.append(None)
            continue
        key = (span.label, span.start, span.end)
        if key in written:
            rows.append(written[key])
            copies += 1
            continue
        row = written[key] = Span(
            layer_id=layer.id,
            label=span.label,
            start=span.start,
            end=span.end,
            attributes={},
            score=round(span.score, 4),
            model=model,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    types = {entry["name"]: entry for entry in schema.get("relation_types", [])}
    related: set[tuple[str, int, int]] = set()
    leaving_counts: dict[tuple[str, int], int] = {}
    for relation in suggested.relations:
        definition = types.get(relation.type)
        source, target = rows[relation.from_index], rows[relation.to_index]
        if definition is None or source is None or target is None:
            continue
        # As a live write checks them (a model's links may join labels the schema does not).
        if not (
            end_allows(definition, "from", source.label)
            and end_allows(definition, "to", target.label)
        ):
            continue
        ends = (relation.type, source.id, target.id)
        if ends in related:
            continue
        # Nor one more than the type's max_per_source leaving its claim ("Smith said: “…,”
        # Jones said." finds two sources for one quotation): a layer could never accept it,
        # and accepting the sentence named it as a refusal. The first found is kept.
        leaving = leaving_counts.get((relation.type, source.id), 0) + 1
        if exceeds_max_per_source(definition.get("max_per_source"), leaving):
            continue
        leaving_counts[(relation.type, source.id)] = leaving
        related.add(ends)
        session.add(
            Relation(
                layer_id=layer.id,
                type=relation.type,
                from_span_id=source.id,
                to_span_id=target.id,
            )
        )
    return len(written), len(related), copies
