"""A decided difference is said the same on the review page and in the curation view: "✓
Decided: gold holds alice’s", "... between gold’s spans for its ends (nobody’s exactly)" or
"none taken, by rita", written once (``review/_decided.html``) for both pages.

The review tests' world (alice's and bob's claims with different starts, their stances
apart), where alice also attributes her claim to "Officials" and bob marks the source only.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication, none_taken
from annotator.services.review.curation import curation_view
from annotator.services.review.decided_differences import CuratedDifference
from tests.helpers import login
from tests.review_world import build_disagreement

DECIDED_LINE = re.compile(r'<p class="cur-diff__decided">.*?</p>', re.DOTALL)


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    layers, claims = world["layers"], world["claims"]
    sources = {name: add_span(session, layer, "SOURCE", 0, 9) for name, layer in layers.items()}
    world["link"] = add_relation(
        session, layers["alice"], "ATTRIBUTED_TO", claims["alice"].id, sources["alice"].id
    )
    session.commit()
    return world


def _difference(session: Any, doc: Any, kind: str) -> CuratedDifference:
    session.expire_all()
    return next(d for d in curation_view(session, doc).differences if d.difference.kind == kind)


def _decided_lines(client: Any, doc: Any, number: int) -> tuple[str, str]:
    """The decided line of difference ``number``: its card in the curation view, its
    section on the review page."""
    curate = client.get(f"/projects/demo/review/{doc.id}/curate").get_data(as_text=True)
    card = curate.split(f'id="diff-{number}"')[1].split('id="diff-')[0]
    review = client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True)
    section = review.split(f'id="d-{number}"')[1].split("</section>")[0]
    (in_card,) = DECIDED_LINE.findall(card)
    (in_section,) = DECIDED_LINE.findall(section)
    return in_card, in_section


def _macro_line(app: Any, item: CuratedDifference) -> str:
    with app.test_request_context():
        template = app.jinja_env.get_template("review/_decided.html")
        return str(template.module.decided_line(item)).strip()


def _said(line: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", line).split())


def _take_alices_claim(session: Any, world: dict[str, Any]) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    adjudication.accept_item(session, rita, doc, "span", world["claims"]["alice"].id)


def _follow_alices_link_at_bobs_claim(session: Any, world: dict[str, Any]) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    adjudication.accept_item(session, rita, doc, "span", world["claims"]["bob"].id)
    adjudication.accept_item(session, rita, doc, "relation", world["link"].id)


def _take_none_of_the_stances(session: Any, world: dict[str, Any]) -> None:
    rita, doc = world["users"]["rita"], world["doc"]
    none_taken.decide_none(session, rita, doc, _difference(session, doc, "sentence_label").key)


@pytest.mark.parametrize(
    ("decide", "kind", "expected"),
    [
        (_take_alices_claim, "boundary", "✓ Decided: gold holds alice’s"),
        (
            _follow_alices_link_at_bobs_claim,
            "relation_only_some",
            "✓ Decided: gold holds alice’s between gold’s spans for its ends (nobody’s exactly)",
        ),
        (_take_none_of_the_stances, "sentence_label", "✓ Decided: none taken, by rita"),
    ],
    ids=["taken", "followed", "none-taken"],
)
def test_both_review_pages_say_a_decision_in_the_same_words(
    app, client, session, world, decide, kind, expected
) -> None:
    """The curation view's card and the review page's section hold the same decided line,
    the one ``review/_decided.html`` writes."""
    decide(session, world)
    session.commit()
    item = _difference(session, world["doc"], kind)
    assert item.decided

    login(client, "rita")
    in_card, in_section = _decided_lines(client, world["doc"], item.number)

    assert in_card == in_section == _macro_line(app, item)
    assert _said(in_card) == expected
