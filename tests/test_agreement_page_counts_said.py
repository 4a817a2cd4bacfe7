"""The agreement page says what its figures rest on.

Found by an analyst checking stance agreement by hand: the Units column said "20" beside an
alpha computed on the 7 units two annotators labelled (the count of those was only in the
JSON and CSV); an interval drawn from one unit showed "0.000 to 0.000" as if it said
something; resamples with no figure were left out without a word; and the spans against gold
gave P / R / F1 without saying they match exactly, a boundary shift reading 0.000 while its
overlap F1 (1.0) was only in the JSON.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.review import adjudication
from annotator.services.review.gold_status import set_gold_status
from tests.helpers import login
from tests.review_world import build_disagreement


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    # alice alone gives sentence 2 a stance: 2 units with a value, 1 both labelled.
    set_label(session, world["layers"]["alice"], 1, "stance", "FAVOR")
    # Gold takes bob's claim, whose start alice's differs from: a boundary shift.
    rita, doc = world["users"]["rita"], world["doc"]
    adjudication.accept_item(session, rita, doc, "span", world["claims"]["bob"].id)
    # Compared against only once final (a gold in review is left out of the figures).
    set_gold_status(session, rita, doc, "final")
    session.commit()
    return world


def _cell(page: str, row: str, label: str) -> str:
    """The text of the cell ``label`` in the table row headed ``row``."""
    row_html = re.search(
        rf'<th scope="row" role="rowheader">{re.escape(row)}</th>(.*?)</tr>', page, re.S
    )
    assert row_html, row
    cell = re.search(rf'data-label="{re.escape(label)}"[^>]*>(.*?)</td>', row_html.group(1), re.S)
    assert cell, label
    return " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())


def test_the_page_says_units_paired_intervals_from_one_unit_and_exact_matching(
    client: Any, world: dict[str, Any]
) -> None:
    login(client, "rita")
    page = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    stance = _cell(page, "stance", "Units paired")
    assert stance == "1 of 2"
    # One unit to draw from: no bounds, said why.
    alpha = _cell(page, "stance", "α nominal (95 % CI)")
    assert "no interval: only 1 unit to resample" in alpha
    assert " to 0." not in alpha and "rough" not in alpha
    # Against gold: exact P / R / F1 0 (the start differs), then the overlap F1 1.
    spans = _cell(page, "alice", "Spans (all labels): P / R / F1 exact; F1 overlap")
    assert spans == "0.000 / 0.000 / 0.000; 1.000"
    assert "F1 overlap matches a span to gold" in page


def test_resamples_with_no_figure_are_counted_beside_the_interval(
    session: Any, client: Any, world: dict[str, Any]
) -> None:
    """Two sentences, two annotators: a resample drawing only the one they agree on has no
    alpha (no variation), and is left out of the bounds: the page says how many."""
    layers = world["layers"]
    for sentence, (alices, bobs) in enumerate([("AGAINST", "NONE"), ("FAVOR", "FAVOR")]):
        set_label(session, layers["alice"], sentence, "stance", alices)
        set_label(session, layers["bob"], sentence, "stance", bobs)
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    alpha = _cell(page, "stance", "α nominal (95 % CI)")
    said = re.search(r"([\d,]+) of ([\d,]+) resamples had no figure, left out", alpha)
    assert said, alpha
    assert 0 < int(said.group(1).replace(",", "")) < int(said.group(2).replace(",", ""))
