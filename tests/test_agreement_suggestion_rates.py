"""The agreement report's accept and reject rates of suggestions, per model and label."""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.agreement.report import agreement_report
from annotator.services.annotation.span_deletion import delete_span
from annotator.services.annotation.spans import get_span
from tests.assist_world import attribution_text, build_assist_world
from tests.helpers import login


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    world = build_assist_world(session, make_user, make_project, make_document, assign)
    text, _ = attribution_text([("Anna Berg", "warned", "the bridge is unsafe")])
    world.second = make_document(world.project, text, "second")
    world.bob = make_user("bob")
    assign(world.unseen, world.bob)
    assign(world.second, world.annotator)
    return world


def _spans(client: Any, document: Any, headers: dict[str, str]) -> dict[str, int]:
    layer = client.get(f"/api/v1/documents/{document.id}/suggestions", headers=headers).get_json()
    return {s["label"]: s["id"] for s in layer["spans"]}


def _decide(client: Any, headers: dict[str, str], verdict: str, span_id: int) -> None:
    answer = client.post(f"/api/v1/suggestions/{span_id}/{verdict}", headers=headers)
    assert answer.status_code == 201, answer.get_json()


def test_rates_count_each_annotators_answers_per_model_and_label(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    alice, bob, rita = (make_token(u) for u in (world.annotator, world.bob, world.reviewer))
    assert runner.invoke(args=["assist", "predict", "assist"]).exit_code == 0
    rules = _spans(client, world.unseen, alice)
    _decide(client, alice, "accept", rules["CUE"])
    _decide(client, alice, "accept", rules["SOURCE"])
    _decide(client, alice, "reject", rules["CLAIM"])
    _decide(client, bob, "reject", rules["CUE"])
    # A reviewer's acceptance into gold, or rejection, is a decision, not an annotation:
    # not counted.
    gold = client.post(f"/api/v1/suggestions/{rules['CLAIM']}/accept?layer=gold", headers=rita)
    assert gold.status_code == 201
    _decide(client, rita, "reject", rules["SOURCE"])
    # An accepted span the annotator deleted again no longer counts as accepted.
    dropped = client.post(f"/api/v1/suggestions/{rules['SOURCE']}/accept", headers=bob)
    delete_span(session, get_span(session, dropped.get_json()["id"]))
    session.commit()

    trained = runner.invoke(args=["assist", "train", "assist"])
    assert trained.exit_code == 0, trained.output
    assert (
        runner.invoke(args=["assist", "predict", "assist", "--documents", "second"]).exit_code == 0
    )
    model = _spans(client, world.second, alice)
    _decide(client, alice, "accept", model["CUE"])

    rates = agreement_report(session, world.project)["suggestion_rates"]
    session.commit()
    assert rates == {
        "rules": {
            "CLAIM": {"accepted": 0, "rejected": 1, "accept_rate": 0.0, "reject_rate": 1.0},
            "CUE": {"accepted": 1, "rejected": 1, "accept_rate": 0.5, "reject_rate": 0.5},
            "SOURCE": {"accepted": 1, "rejected": 0, "accept_rate": 1.0, "reject_rate": 0.0},
            "_all": {"accepted": 2, "rejected": 2, "accept_rate": 0.5, "reject_rate": 0.5},
        },
        "1": {
            "CUE": {"accepted": 1, "rejected": 0, "accept_rate": 1.0, "reject_rate": 0.0},
            "_all": {"accepted": 1, "rejected": 0, "accept_rate": 1.0, "reject_rate": 0.0},
        },
    }
    only_bob = agreement_report(session, world.project, annotators=["bob"])["suggestion_rates"]
    session.commit()
    assert only_bob == {
        "rules": {
            "CUE": {"accepted": 0, "rejected": 1, "accept_rate": 0.0, "reject_rate": 1.0},
            "_all": {"accepted": 0, "rejected": 1, "accept_rate": 0.0, "reject_rate": 1.0},
        }
    }
    one_document = agreement_report(session, world.project, documents=["second"])
    session.commit()
    assert list(one_document["suggestion_rates"]) == ["1"]

    # The same figures over the API, in the CLI's CSV, and on the page.
    answer = client.get("/api/v1/projects/assist/agreement", headers=rita)
    assert answer.status_code == 200 and answer.get_json()["suggestion_rates"] == rates
    csv = runner.invoke(args=["agreement", "assist", "--csv"])
    assert csv.exit_code == 0, csv.output
    assert "suggestion_rates,CUE,model rules,accept_rate,0.5" in csv.output.splitlines()
    assert "suggestion_rates,_all,model 1,accepted,1" in csv.output.splitlines()
    login(client, "rita")
    page = client.get("/projects/assist/agreement").get_data(as_text=True)
    table = page[page.index('id="suggestion-rates-table"') :]
    rows = table.split("</thead>", 1)[1].split("</tbody>", 1)[0].split("</tr>")
    cells = [re.findall(r"<t[dh] [^>]*>([^<]*)</t[dh]>", row)[:4] for row in rows]
    assert ["rules", "CUE", "1", "1"] in cells
    assert "0.500" in table


def test_a_report_without_answers_to_suggestions_says_so(
    client: Any, runner: Any, session: Any, world: Any
) -> None:
    assert runner.invoke(args=["assist", "predict", "assist"]).exit_code == 0
    assert agreement_report(session, world.project)["suggestion_rates"] == {}
    session.commit()
    login(client, "rita")
    page = client.get("/projects/assist/agreement").get_data(as_text=True)
    assert "No suggestion accepted or rejected yet." in page


def test_accepted_label_suggestions_count_per_field_apart_from_the_spans(
    client: Any,
    runner: Any,
    session: Any,
    make_project: Any,
    make_document: Any,
    make_user: Any,
    make_token: Any,
    assign: Any,
) -> None:
    """A sentence label accepted from a suggestion keeps its model: the report counts it in a
    row of its field (``sentence:stance``), beside the span labels but not in their ``_all``;
    a label suggestion is never rejected per annotator, so it has no rejections or rates."""
    from tests.label_suggestions_world import build_label_world

    world = build_label_world(session, make_project, make_document)
    alice, bob = make_user("alice"), make_user("bob")
    make_user("rita", "reviewer")
    assign(world.unseen, alice)
    assign(world.unseen, bob)
    assert runner.invoke(args=["assist", "train", "stance"]).exit_code == 0
    assert runner.invoke(args=["assist", "predict", "stance"]).exit_code == 0
    headers = make_token(alice)
    shown = client.get(f"/api/v1/documents/{world.unseen.id}/suggestions", headers=headers)
    for label in shown.get_json()["sentence_labels"]:
        accepted = client.post(f"/api/v1/suggestions/labels/{label['id']}/accept", headers=headers)
        assert accepted.status_code == 201, accepted.get_json()
    # Bob chose a value of his own: not an accepted suggestion.
    own = client.put(
        f"/api/v1/documents/{world.unseen.id}/labels",
        json={"sentence": 0, "name": "stance", "value": "NONE"},
        headers=make_token(bob),
    )
    assert own.status_code == 200, own.get_json()

    rates = agreement_report(session, world.project)["suggestion_rates"]
    session.commit()
    unrated = {"rejected": None, "accept_rate": None, "reject_rate": None}
    assert rates == {"1": {"sentence:stance": {"accepted": 2, **unrated}}}
    assert agreement_report(session, world.project, annotators=["bob"])["suggestion_rates"] == {}
    session.commit()

    csv = runner.invoke(args=["agreement", "stance", "--csv"])
    assert "suggestion_rates,sentence:stance,model 1,accepted,2" in csv.output.splitlines()
    assert "suggestion_rates,sentence:stance,model 1,rejected," in csv.output.splitlines()
    login(client, "rita")
    page = client.get("/projects/stance/agreement").get_data(as_text=True)
    table = page[page.index('id="suggestion-rates-table"') :]
    row = table.split("</thead>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<t[dh] [^>]*>([^<]*)</t[dh]>", row)[:3] == ["1", "sentence:stance", "2"]
    assert "None" not in row


def test_an_undone_delete_of_an_accepted_suggestion_keeps_its_model_and_score(
    client: Any, runner: Any, session: Any, world: Any, make_token: Any
) -> None:
    alice = make_token(world.annotator)
    assert runner.invoke(args=["assist", "predict", "assist"]).exit_code == 0
    suggested = _spans(client, world.unseen, alice)
    accepted = client.post(f"/api/v1/suggestions/{suggested['CUE']}/accept", headers=alice)
    assert accepted.status_code == 201, accepted.get_json()
    span_id = accepted.get_json()["id"]
    kept = (get_span(session, span_id).model, get_span(session, span_id).score)
    assert kept[0] == "rules"
    rates = agreement_report(session, world.project)["suggestion_rates"]
    session.commit()
    assert rates["rules"]["CUE"]["accepted"] == 1
    # Delete, then Ctrl+Z: the same span, still the suggestion the annotator accepted.
    assert client.delete(f"/api/v1/spans/{span_id}", headers=alice).status_code == 204
    path = f"/api/v1/documents/{world.unseen.id}/spans/{span_id}/restore"
    assert client.post(path, headers=alice).status_code == 200
    session.expire_all()
    back = get_span(session, span_id)
    assert (back.model, back.score) == kept
    assert agreement_report(session, world.project)["suggestion_rates"] == rates
    session.commit()
