"""Fleiss' kappa left blank says why.

Fleiss' kappa assumes the same number of annotators on every unit. With three annotators and
one layer left out of a document ("Done only", or an annotator not given every document) the
units have two or three values, and the report's Fleiss column showed a bare dash with no word
of why, beside an alpha that was there. The page now says under the table why it is blank and
that Krippendorff's alpha takes any number; a field whose units all have the same number shows
its kappa and no such word.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from tests.helpers import login

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."


@pytest.fixture
def world(session, make_world) -> dict[str, Any]:
    people = {name: "annotator" for name in ("alice", "bob", "carol")} | {"rita": "reviewer"}
    made = make_world(people, d1=(TEXT, "d1"), d2=(TEXT, "d2"))
    users = {name: getattr(made, name) for name in ("alice", "bob", "carol")}
    for doc in (made.d1, made.d2):
        for n, (name, user) in enumerate(users.items()):
            layer = open_layer(session, user, doc, None)
            for index in range(2):
                stance = "FAVOR" if (n + index) % 3 else "AGAINST"
                set_label(session, layer, index, "stance", stance)
            set_status(
                session,
                user,
                doc,
                "done" if (name, doc.external_id) != ("carol", "d2") else "in_progress",
            )
    session.commit()
    return {"project": made.project}


def _stance(report: dict[str, Any]) -> dict[str, Any]:
    return report["labels"]["stance"]


def test_every_unit_with_three_values_has_its_kappa(session, world) -> None:
    stance = _stance(agreement_report(session, world["project"]))
    assert stance["units"] == 4
    assert stance["fleiss_kappa"] is not None


def test_a_layer_left_out_blanks_kappa_and_the_page_says_why(session, client, world) -> None:
    stance = _stance(agreement_report(session, world["project"], status="done"))
    assert stance["units"] == 4  # d2's units now have two values, d1's three
    assert stance["fleiss_kappa"] is None
    assert stance["alpha_nominal"] is not None
    login(client, "rita")
    done = " ".join(
        client.get("/projects/demo/agreement?status=done").get_data(as_text=True).split()
    )
    assert 'id="fleiss-blank"' in done
    assert "the same number of annotators on every unit" in done
    every = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    assert 'id="fleiss-blank"' not in every
