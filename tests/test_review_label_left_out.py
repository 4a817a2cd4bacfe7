"""A label one annotator gave and another left out counts against the document's agreement.

"Fuel prices soar": tom gave a stance to two sentences, maria to neither, and both gave the
same genre. The review list said label agreement 1.00, disagreement 0.00, and sorted it last,
while its review page had two differences to decide. Alpha and kappa leave a missing value out
by definition (they still do); the review list's disagreement now counts such a pair as one
that disagrees, in a new field beside the old ``label_agreement``, whose meaning is kept.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report, document_agreement
from annotator.services.agreement.table import report_csv
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from tests.helpers import login, review_team

TEXT = "Fuel prices soar again.\n\nDrivers blame the tax.\n\nThe minister denies it."


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:  # noqa: ANN001
    """``soar``: alice gave a stance to sentences 0 and 2, bob to none, both the genre NEWS,
    and carol, assigned too, has not started; ``same``: both gave the same stance to sentence
    0; ``carols``: carol's and alice's document, which bob is not on (his missing values there
    are no one's business)."""
    project = make_project("demo")
    docs = {name: make_document(project, TEXT, external_id=name) for name in ("soar", "same")}
    users = review_team(make_user, assign, *docs.values())
    carol = make_user("carol", "annotator")
    docs["carols"] = make_document(project, TEXT, external_id="carols")
    assign(docs["carols"], users["alice"], carol)
    assign(docs["soar"], carol)  # not started: she has left nothing out there yet
    alice, bob = (open_layer(session, users[n], docs["soar"], None) for n in ("alice", "bob"))
    for layer in (alice, bob):
        set_label(session, layer, None, "genre", "NEWS")
    for sentence in (0, 2):
        set_label(session, alice, sentence, "stance", "AGAINST")
    for user in (users["alice"], users["bob"]):
        set_label(session, open_layer(session, user, docs["same"], None), 0, "stance", "FAVOR")
    for user in (users["alice"], carol):
        set_label(session, open_layer(session, user, docs["carols"], None), 1, "bias", "BIASED")
    session.commit()
    return {"project": project, "docs": docs, "rita": make_token(users["rita"])}


def test_a_value_left_out_counts_as_a_disagreeing_pair(session: Any, world: Any) -> None:
    rows = {row["external_id"]: row for row in document_agreement(session, world["project"])}
    soar = rows["soar"]
    assert soar["label_agreement"] == 1.0  # the pairs where both gave a value: as before
    assert soar["label_pairs_left_out"] == 2  # sentences 0 and 2: alice's, not bob's
    assert soar["label_agreement_with_left_out"] == pytest.approx(1 / 3)
    same = rows["same"]
    assert (same["label_pairs_left_out"], same["label_agreement_with_left_out"]) == (0, 1.0)
    # bob has no layer on carol's document: only alice and carol are compared there.
    carols = rows["carols"]
    assert (carols["label_pairs_left_out"], carols["label_agreement_with_left_out"]) == (0, 1.0)
    report = agreement_report(session, world["project"], per_document=True)
    assert report["per_document"] == list(rows.values())
    assert "documents,soar,,label_agreement_with_left_out,0.3333" in report_csv(report)


def test_the_review_list_orders_and_says_by_it(client: Any, world: Any) -> None:
    answer = client.get("/api/v1/projects/demo/review", headers=world["rita"])
    assert answer.status_code == 200, answer.get_data(as_text=True)
    rows = answer.get_json()["documents"]
    assert [row["external_id"] for row in rows][:1] == ["soar"]
    soar = rows[0]
    assert (soar["label_agreement"], soar["label_pairs_left_out"]) == (1.0, 2)
    assert soar["disagreement"] == pytest.approx(2 / 3)  # no spans: 1 - 1/3
    assert {row["external_id"]: row["disagreement"] for row in rows[1:]} == {
        "same": 0.0,
        "carols": 0.0,
    }
    login(client, "rita")
    html = client.get("/projects/demo/review").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "a label one annotator gave and another left out counts as a disagreeing pair" in text
    row = html.split(">soar<", 1)[1].split("</tr>", 1)[0]
    assert 'data-label="Label agreement (left out counted)">0.33<' in row
    assert 'data-label="Disagreement">0.67<' in row


def test_the_agreement_page_orders_least_agreement_alike(client: Any, world: Any) -> None:
    login(client, "rita")
    # In progress and done: the page opens on "Done only", and these layers are not done.
    html = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    least = html.split("Least agreement", 1)[1]
    assert least.index(">soar<") < least.index(">same<")
    cell = 'data-label="Label agreement (left out counted)" class="num">0.333<'
    assert cell in least.split(">same<", 1)[0]
