"""The model against gold leaves out imported gold that no reviewer has touched, as "Against
gold" does (:func:`annotator.services.gold.state.unreviewed_imported_gold`), and counts it.

Pre-annotations imported as gold are no reference until a reviewer has looked at them:
scoring the suggestions against them scored a model against another model's (or a
corpus's unchecked) work.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.services.agreement.model import model_against_gold
from annotator.services.assist.predicting import predict_documents
from tests.assist_world import build_assist_world
from tests.helpers import login

# The rules find SOURCE "Mary Jones", CUE "said" and the claim in each.
IMPORTED = "Mary Jones said the ferry will stop in May. The quay was quiet."
REVIEWED = "Peter Brown said the port will close in June. The harbour was empty."


@pytest.fixture
def world(
    session: Any,
    client: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> Any:
    """The assist project, with ``imported`` (gold from a file, no reviewer's since) and
    ``reviewed`` (gold a reviewer wrote), both with the rules' suggestions."""
    world = build_assist_world(session, make_user, make_project, make_document, assign)
    world.heads = make_token(make_user("ada", "admin"))
    world.rita = make_token(world.reviewer)
    for external_id, text in (("imported", IMPORTED), ("reviewed", REVIEWED)):
        record = {
            "id": external_id,
            "text": text,
            "gold": {"spans": [{"id": 1, "label": "SOURCE", "start": 0, "end": 10}]},
        }
        answer = client.post(
            "/api/v1/projects/assist/documents",
            data=json.dumps(record),
            headers=world.heads | {"Content-Type": "application/jsonl"},
        )
        assert answer.status_code == 201, answer.get_json()
        world.__dict__[external_id] = answer.get_json()["ids"][external_id]
    # A reviewer's write makes ``reviewed``'s gold a reference.
    written = client.post(
        f"/api/v1/documents/{world.reviewed}/spans?layer=gold",
        json={"label": "CUE", "start": 12, "end": 16},
        headers=world.rita,
    )
    assert written.status_code == 201, written.get_json()
    predict_documents(session, world.project, ["imported", "reviewed"])
    session.commit()
    return world


def test_unreviewed_imported_gold_is_left_out_and_counted(session: Any, world: Any) -> None:
    # Neither gold is final: by default both are left out, each counted under its reason.
    found = model_against_gold(session, world.project)
    assert found is not None
    assert (found["documents"], found["unreviewed"], found["in_review"]) == (0, 1, 1)
    # Asked to count gold in review, the reviewer's counts; the untouched import never does.
    found = model_against_gold(session, world.project, include_in_review=True)
    assert found is not None
    assert (found["documents"], found["unreviewed"], found["in_review"]) == (1, 1, 0)
    # Scored on ``reviewed`` alone: its gold source and cue, both suggested.
    assert found["spans"]["SOURCE"]["gold"] == 1 and found["spans"]["CUE"]["gold"] == 1


def test_nothing_left_to_compare_still_says_what_was_left_out(session: Any, world: Any) -> None:
    found = model_against_gold(
        session, world.project, documents=["imported"], include_in_review=True
    )
    assert found is not None
    assert (found["documents"], found["unreviewed"]) == (0, 1)
    assert found["spans"] == {} and found["relations"] == {}
    reviewed = model_against_gold(
        session, world.project, documents=["reviewed"], include_in_review=True
    )
    assert (reviewed["documents"], reviewed["unreviewed"]) == (1, 0)


def test_a_reviewers_write_makes_imported_gold_count(client: Any, session: Any, world: Any) -> None:
    written = client.post(
        f"/api/v1/documents/{world.imported}/spans?layer=gold",
        json={"label": "CUE", "start": 11, "end": 15},
        headers=world.rita,
    )
    assert written.status_code == 201, written.get_json()
    session.commit()
    found = model_against_gold(session, world.project, include_in_review=True)
    assert (found["documents"], found["unreviewed"]) == (2, 0)


def test_the_pages_say_what_was_left_out(client: Any, session: Any, world: Any) -> None:
    login(client, "rita")
    said = "1 document’s gold came in by an import and no reviewer has touched it"
    report = client.get("/projects/assist/agreement").get_data(as_text=True)
    section = report.split('class="model-against-gold"')[1].split("</section>")[0]
    assert said in " ".join(section.split())
    review = client.get(f"/projects/assist/review/{world.imported}").get_data(as_text=True)
    section = review.split('class="model-against-gold"')[1].split("</section>")[0]
    assert said in " ".join(section.split())
    assert "<table" not in section  # nothing compared: no table of empty rows


def test_the_commands_table_says_what_unreviewed_gold_left_out(runner: Any, world: Any) -> None:
    """The plain-text report (and the CSV, the same rows) said neither count, which the
    pages and the JSON say: a reader of the table saw fewer documents and no reason."""
    printed = runner.invoke(args=["agreement", "assist"])
    assert printed.exit_code == 0, printed.output
    rows = [line.split() for line in printed.output.splitlines()]
    assert ["gold", "documents", "unreviewed", "1"] in rows
    assert ["model", "documents", "rules", "unreviewed", "1"] in rows
    csv = runner.invoke(args=["agreement", "assist", "--csv"])
    assert "gold,documents,,unreviewed,1" in csv.output.splitlines()
    assert "model,documents,rules,unreviewed,1" in csv.output.splitlines()
