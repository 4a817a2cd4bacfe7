"""A suggestions layer on the export world's ``doc-emoji``, as two models and the rules leave it.

For the Label Studio export's tests (its ``predictions``), from the service to the browser.
"""

from __future__ import annotations

from typing import Any

from annotator.core.vocabulary import DOCUMENT_UNIT
from annotator.models import SUGGESTIONS, LabelValue, Layer, Relation, Span
from tests.export_world import TEXTS, World, span_at


def suggest(session: Any, world: World) -> None:
    """Give doc-emoji a suggestions layer: model 3's spans and relation, and a classifier's
    sentence label and the rules' document label (scored and unscored)."""
    document, text = world.documents["emoji"], TEXTS["emoji"]
    layer = Layer(document_id=document.id, user_id=None, key=SUGGESTIONS)
    session.add(layer)
    session.flush()
    claim = Span(
        layer_id=layer.id,
        label="CLAIM",
        attributes={},
        score=0.9,
        model="3",
        **dict(zip(("start", "end"), span_at(text, "the plan will cut costs by 10%"), strict=True)),
    )
    source = Span(
        layer_id=layer.id,
        label="SOURCE",
        attributes={},
        score=0.7,
        model="3",
        **dict(zip(("start", "end"), span_at(text, "Officials 😀"), strict=True)),
    )
    session.add_all([claim, source])
    session.flush()
    session.add(
        Relation(
            layer_id=layer.id,
            type="ATTRIBUTED_TO",
            from_span_id=claim.id,
            to_span_id=source.id,
            model="3",
        )
    )
    session.flush()
    session.add_all(
        [
            LabelValue(
                layer_id=layer.id,
                sentence_index=0,
                name="stance",
                value="AGAINST",
                score=0.6,
                model="stance-2",
            ),
            LabelValue(
                layer_id=layer.id,
                sentence_index=DOCUMENT_UNIT,
                name="genre",
                value="NEWS",
                model="rules",
            ),
        ]
    )
    session.commit()
