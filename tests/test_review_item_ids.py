"""Accepting an item into gold tells nothing of rows outside the document.

A reviewer names the item to accept by its kind and row id. A row of another document (of
their project or of a project they do not see) is answered exactly as a row that does not
exist: 404 "no span N". It said 422 "that item is not in document D", so that a manager of
one project learnt which ids exist elsewhere. The API, the page and the command line alike.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import LabelValue, Relation, Span
from tests.helpers import csrf_token_from, login

TEXT = "Officials said the talks failed. Moscow denied it."
MISSING_ID = 500_000
KINDS = ("span", "attribute", "relation", "label")


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> Any:
    from annotator.services.accounts.people import save_member
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.relations import add_relation
    from annotator.services.annotation.spans import add_span

    mona = make_user("mona", "annotator")
    bob = make_user("bob", "annotator")
    other, theirs = make_project("other"), make_project("theirs")
    save_member(session, None, other, mona, "manager")
    reviewed = make_document(other, TEXT, external_id="reviewed.txt")
    beside = make_document(other, TEXT, external_id="beside.txt")
    elsewhere = make_document(theirs, TEXT, external_id="elsewhere.txt")
    assign(reviewed, bob)
    assign(beside, bob)
    assign(elsewhere, bob)

    def rows(document: Any) -> dict[str, int]:
        layer = ensure_layer(session, document, bob.id)
        claim = add_span(session, layer, "CLAIM", 0, 9, {"claimer": "REPORTED"})
        source = add_span(session, layer, "SOURCE", 33, 39)
        relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        set_label(session, layer, 0, "stance", "NONE")
        label = session.scalar(select(LabelValue.id).where(LabelValue.layer_id == layer.id))
        return {"span": claim.id, "attribute": claim.id, "relation": relation.id, "label": label}

    rows(reviewed)
    made = {"beside": rows(beside), "elsewhere": rows(elsewhere)}
    # Gold's own span, which is never accepted: that refusal must not tell of it either.
    made["gold elsewhere"] = {
        "span": add_span(session, ensure_layer(session, elsewhere, None), "CLAIM", 0, 9).id
    }
    session.commit()
    return {"mona": make_token(mona), "document": reviewed.id, "rows": made}


def _gold_rows(session: Any) -> int:
    session.rollback()
    return sum(session.scalar(select(func.count()).select_from(m)) for m in (Span, Relation))


def _accept_body(kind: str, item_id: int) -> dict[str, Any]:
    return {"kind": kind, "id": item_id} | ({"attribute": "claimer"} if kind == "attribute" else {})


@pytest.mark.parametrize(
    ("kind", "where"),
    [
        *((kind, where) for kind in KINDS for where in ("beside", "elsewhere")),
        ("span", "gold elsewhere"),
    ],
)
def test_the_api_answers_a_row_of_another_document_as_one_that_does_not_exist(
    client: Any, session: Any, world: Any, kind: str, where: str
) -> None:
    url = f"/api/v1/projects/other/review/{world['document']}/accept"
    before = _gold_rows(session)
    hidden_id = world["rows"][where][kind]
    answers = []
    for item_id in (hidden_id, MISSING_ID):
        answer = client.post(url, json=_accept_body(kind, item_id), headers=world["mona"])
        error = answer.get_json()["error"]
        answers.append(
            (answer.status_code, error["code"], error["message"].replace(str(item_id), "N"))
        )
    assert answers[0] == answers[1], answers
    assert answers[0][0] == 404
    assert _gold_rows(session) == before


@pytest.mark.parametrize("where", ["beside", "elsewhere"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_page_answers_a_row_of_another_document_as_one_that_does_not_exist(
    app: Any, session: Any, world: Any, kind: str, where: str
) -> None:
    pages = app.test_client()
    assert login(pages, "mona").status_code == 302
    csrf = csrf_token_from(pages.get("/account/tokens").get_data(as_text=True))
    url = f"/projects/other/review/{world['document']}/accept"
    before = _gold_rows(session)
    answers = []
    for item_id in (world["rows"][where][kind], MISSING_ID):
        answer = pages.post(url, data={"csrf_token": csrf, **_accept_body(kind, item_id)})
        main = answer.get_data(as_text=True).partition("<main")[2]
        # Not the status in "Error 404": a row whose id is 404 would hide it from the compare.
        answers.append((answer.status_code, re.sub(rf"(?<!Error )\b{item_id}\b", "N", main)))
    assert answers[0] == answers[1], answers
    assert answers[0][0] == 404
    assert _gold_rows(session) == before


def test_the_command_line_answers_a_row_of_another_document_as_one_that_does_not_exist(
    runner: Any, session: Any, world: Any, make_user: Any
) -> None:
    make_user("rita", "reviewer")
    said = []
    for item_id in (world["rows"]["beside"]["span"], MISSING_ID):
        args = ["adjudicate", "accept", "other", "reviewed.txt", "span", str(item_id)]
        result = runner.invoke(args=[*args, "--as", "rita"])
        assert result.exit_code != 0
        said.append(result.output.replace(str(item_id), "N"))
    assert said[0] == said[1] and "no span N" in said[0], said
