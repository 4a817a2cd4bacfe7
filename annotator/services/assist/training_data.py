"""What a project's model learns from, and whether that is enough to train on.

Read by the training (:mod:`annotator.services.assist.training`), by the job that decides
whether one is due (:mod:`annotator.services.assist.jobs`), and by the model page, which
refuses the "Train now" button at once in the training's own words.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Row, Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from annotator.core.assist.gold import GoldDocument, LabeledSpan
from annotator.core.label_schema import entry_names
from annotator.core.schema_roles import SPAN_ROLES, played_roles
from annotator.core.vocabulary import DOCUMENT_UNIT, OPEN_STATUSES
from annotator.core.wording import counted
from annotator.models import (
    GOLD,
    Assignment,
    Document,
    LabelValue,
    Layer,
    Project,
    Sentence,
    Span,
)
from annotator.services.gold.state import (
    INCLUDE_IN_REVIEW_SAID,
    LeftOutGold,
    ReferenceGold,
    reference_gold,
)

#: The fewest gold documents a model is trained on.
MIN_GOLD_DOCUMENTS = 3
#: The order that puts each document's gold layer before its done layers (the first made
#: first): where a document has several, a model learns from the first.
GOLD_FIRST = (Layer.document_id, case((Layer.key == GOLD, 0), else_=1), Layer.id)
# Ids a statement takes at a time (a project may have more gold documents than parameters).
_CHUNK = 2000


def gold_documents(
    session: Session, project: Project, reference: ReferenceGold | None = None
) -> list[GoldDocument]:
    """Return the documents a model may learn from, each with the spans of one layer.

    What a model learns from (issue 12, "blind where it must be"):

    - the gold layer where its gold counts (``reference``, by default gold marked final:
      :class:`~annotator.services.gold.state.ReferenceGold`; gold that does not count is as
      if it were not there); and, when the project's ``train_on_done`` setting allows it, an
      annotator's layer marked done (gold wins where a document has both; among done
      layers, the first made). Never an open layer: an annotator's work in progress is
      neither checked nor theirs to share.
    - never a document somebody is still annotating (an assignment ``new`` or
      ``in_progress``): its suggestions would then echo what the model learned there.

    Only spans of the schema's span labels count; each document is named by its external
    id, as the exports name it (and as the model remembers what it was trained on).
    """
    labels = span_labels(project)
    chosen: dict[int, int] = {}  # document id -> the layer it is learned from
    for doc_id, layer_id, _key in session.execute(
        _training_layers(session, project, labels, reference).order_by(*GOLD_FIRST)
    ):
        chosen.setdefault(doc_id, layer_id)
    if not chosen:
        return []
    layer_ids = list(chosen.values())
    spans: dict[int, list[LabeledSpan]] = {}
    by_layer = {layer_id: doc_id for doc_id, layer_id in chosen.items()}
    for start in range(0, len(layer_ids), _CHUNK):
        for layer_id, label, begin, end in session.execute(
            select(Span.layer_id, Span.label, Span.start, Span.end)
            .where(Span.layer_id.in_(layer_ids[start : start + _CHUNK]), Span.label.in_(labels))
            .order_by(Span.layer_id, Span.start, Span.end)
        ):
            spans.setdefault(by_layer[layer_id], []).append(LabeledSpan(label, begin, end))
    doc_ids = sorted(spans)
    documents: list[Row[int, str, str]] = []
    sentences: dict[int, list[tuple[int, int]]] = {}
    for start in range(0, len(doc_ids), _CHUNK):
        chunk = doc_ids[start : start + _CHUNK]
        documents += session.execute(
            select(Document.id, Document.external_id, Document.text)
            .where(Document.id.in_(chunk))
            .order_by(Document.id)
        ).all()
        for doc_id, begin, end in session.execute(
            select(Sentence.document_id, Sentence.start, Sentence.end)
            .where(Sentence.document_id.in_(chunk))
            .order_by(Sentence.document_id, Sentence.index)
        ):
            sentences.setdefault(doc_id, []).append((begin, end))
    return [
        GoldDocument(external, text, spans[doc_id], sentences.get(doc_id, []))
        for doc_id, external, text in documents
    ]


def training_document_count(
    session: Session, project: Project, reference: ReferenceGold | None = None
) -> int:
    """Return how many documents a training learns from (one count query): those
    :func:`gold_documents` gives the tagger, and those whose layer a model learns from holds
    a value of a label field a classifier may learn (:func:`label_gold_held`).

    What training by itself (``train_every``) counts new documents by, and what the model
    page says qualify: a project of sentence or document labels alone has no span gold.
    """
    holds = or_(_holds_spans(span_labels(project)), label_gold_held(project))
    reference = reference or reference_gold(session, project)
    return _distinct_documents(session, learnable_layers(project, holds, reference))


def gold_left_out(session: Session, project: Project, reference: ReferenceGold) -> LeftOutGold:
    """Return the documents a training leaves out because their gold does not count
    (``reference``), by why: those :func:`training_document_count` would count with every
    gold layer and does not count with ``reference`` (a done layer learned in its place,
    with ``train_on_done``, does not leave its document out)."""
    holds = or_(_holds_spans(span_labels(project)), label_gold_held(project))
    counted = learnable_layers(project, holds, reference).subquery()
    every = learnable_layers(project, holds, None).subquery()
    found = set(
        session.scalars(
            select(every.c.document_id)
            .where(every.c.document_id.not_in(select(counted.c.document_id)))
            .distinct()
        )
    )
    return LeftOutGold(found - reference.unreviewed, found & reference.unreviewed)


def span_document_count(
    session: Session, project: Project, reference: ReferenceGold | None = None
) -> int:
    """Return how many distinct texts :func:`gold_documents` would give (one count query):
    what the tagger's :func:`too_little_to_learn` is asked about.

    Copies of one text count once, as the cross-validation's folds count them
    (:func:`~annotator.core.assist.crossval.distinct_documents`, on the stored text's hash):
    counting documents let five copies of two texts through, to fail in the folds.
    """
    found = _training_layers(session, project, span_labels(project), reference).subquery()
    texts = select(func.count(func.distinct(Document.content_hash))).where(
        Document.id.in_(select(found.c.document_id))
    )
    return session.scalar(texts) or 0


def _distinct_documents(session: Session, layers: Select[int, int, str]) -> int:
    found = layers.subquery()
    return session.scalar(select(func.count(func.distinct(found.c.document_id)))) or 0


def label_gold_held(project: Project) -> ColumnElement[bool]:
    """A condition on ``Layer``: it holds a value of a sentence or document label field that
    takes one value (a field taking several is not learned), the gold a classifier reads."""
    single = {
        kind: [f["name"] for f in project.schema.get(kind, []) if not f.get("multiple")]
        for kind in ("sentence_labels", "document_labels")
    }
    return exists().where(
        LabelValue.layer_id == Layer.id,
        or_(
            and_(
                LabelValue.sentence_index == DOCUMENT_UNIT,
                LabelValue.name.in_(single["document_labels"]),
            ),
            and_(
                LabelValue.sentence_index != DOCUMENT_UNIT,
                LabelValue.name.in_(single["sentence_labels"]),
            ),
        ),
    )


def too_little_to_learn(count: int) -> str | None:
    """Return why a training on ``count`` documents is refused, or None when it may run.

    Asked by :func:`~annotator.services.assist.training.train_gold` and, before queueing
    anything, by the "Train now" button, so that the page refuses at once, in the same words,
    what the training would refuse later.
    """
    if count >= MIN_GOLD_DOCUMENTS:
        return None
    # Say what counts (gold_documents' rule), so gold on a document still being annotated
    # does not look as if it had been lost.
    return (
        f"training needs at least {MIN_GOLD_DOCUMENTS} documents to learn from (gold spans "
        "marked final, or done layers with train_on_done, on documents nobody is still "
        f"annotating; copies of one text count once); the project has {count}"
    )


def left_out_said(left_out: LeftOutGold) -> str:
    """Say what a training left out because its gold does not count ("" when nothing), to
    follow a refusal: how to let it in is named on every face
    (:data:`~annotator.services.gold.state.INCLUDE_IN_REVIEW_SAID`)."""
    said = ""
    if left_out.in_review:
        n = len(left_out.in_review)
        said += (
            f"; {counted(n, 'document')} whose gold is still in review (not marked final) "
            f"{'was' if n == 1 else 'were'} left out: mark {'its' if n == 1 else 'their'} "
            f"gold final, or include gold still in review ({INCLUDE_IN_REVIEW_SAID})"
        )
    if left_out.unreviewed:
        n = len(left_out.unreviewed)
        said += (
            f"; {counted(n, 'document')} whose gold came in by an import that no reviewer "
            f"has touched {'was' if n == 1 else 'were'} left out"
        )
    return said


def _training_layers(
    session: Session, project: Project, labels: list[str], reference: ReferenceGold | None
) -> Select[int, int, str]:
    """(document id, layer id, key) of every layer a model may learn from (unordered)."""
    reference = reference or reference_gold(session, project)
    return learnable_layers(project, _holds_spans(labels), reference)


def _holds_spans(labels: list[str]) -> ColumnElement[bool]:
    """A condition on ``Layer``: it holds a span of one of ``labels``."""
    return exists().where(Span.layer_id == Layer.id, Span.label.in_(labels))


def learnable_layers(
    project: Project, holds: ColumnElement[bool], reference: ReferenceGold | None
) -> Select[int, int, str]:
    """(document id, layer id, key) of every layer a model may learn from that ``holds``
    something (a condition on ``Layer``): gold where it counts (``reference``; None: every
    gold layer, to count what the reference leaves out), done layers with
    ``train_on_done``, never a document somebody is still annotating (:func:`gold_documents`
    says why)."""
    readable = Layer.key == GOLD
    if reference is not None:
        readable = and_(readable, reference.counts())
    if project.schema.get("train_on_done"):
        done = exists().where(
            Assignment.document_id == Layer.document_id,
            Assignment.user_id == Layer.user_id,
            Assignment.status == "done",
        )
        readable = or_(readable, done)
    being_annotated = exists().where(
        Assignment.document_id == Layer.document_id, Assignment.status.in_(OPEN_STATUSES)
    )
    return (
        select(Layer.document_id, Layer.id, Layer.key)
        .join(Document, Document.id == Layer.document_id)
        .where(Document.project_id == project.id, readable, holds, ~being_annotated)
    )


def span_labels(project: Project) -> list[str]:
    """Return the names of the project's span labels, in the schema's order."""
    return entry_names(project.schema, "span_labels")


def span_roles(project: Project) -> dict[str, str]:
    """Return which span label plays each span role the schema gives (role -> label).

    A model learns them with its labels: what a label is called must not change what it
    learns (:mod:`annotator.core.assist.tagger`).
    """
    played = played_roles(project.schema)
    return {role: played[role] for role in SPAN_ROLES if role in played}
