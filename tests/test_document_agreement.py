"""The review list's measures (``document_agreement``) are the agreement report's per document.

The review list ordered documents by the full report, made for its ``per_document`` rows
alone; it now measures only those. The rows must stay what the report says, to the last digit.
"""

from __future__ import annotations

from typing import Any

from annotator.services.agreement.report import agreement_report, document_agreement
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.review_world import TEXT, build_disagreement


def test_the_rows_are_the_reports_per_document_rows(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    users, project = world["users"], world["project"]
    carol = make_user("carol", "annotator")
    for n in range(3):
        doc = make_document(project, TEXT, external_id=f"x{n}")
        assign(doc, users["alice"], users["bob"], carol)
        for k, who in enumerate((users["alice"], users["bob"], carol)):
            layer = open_layer(session, who, doc, None)
            add_span(session, layer, "CLAIM", 15 + (k * n) % 4, 31)
            add_span(session, layer, "SOURCE", 0, 9 - n * (k == 2))
            set_label(session, layer, 0, "stance", ["FAVOR", "NONE"][(k + n) % 2])
            set_label(session, layer, 1, "bias", "BIASED")
    alone = make_document(project, TEXT, external_id="alone")  # one annotator: not listed
    assign(alone, users["alice"])
    add_span(session, open_layer(session, users["alice"], alone, None), "CLAIM", 0, 9)
    session.commit()
    rows = document_agreement(session, project)
    assert rows == agreement_report(session, project, per_document=True)["per_document"]
    assert [row["external_id"] for row in rows] == ["d1", "x0", "x1", "x2"]
    assert len({row["f1_exact"] for row in rows}) > 1
    assert len({row["label_agreement"] for row in rows}) > 1
