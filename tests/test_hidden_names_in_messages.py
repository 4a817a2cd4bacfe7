"""With names hidden, a refusal names each annotator as the page does, and nothing else changes.

The services word their refusals from the names as shown: a username that is also a word
("will") is replaced where it names its annotator, and stays a word everywhere else (the
quoted text of a span). will joined the project before amy, so will is Annotator 1 although
amy sorts first.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.review.adjudication import accept_item
from tests.helpers import csrf_token_from, login

TEXT = "Officials said prices will rise.\n\nMoscow denied it."
WILL, AMY = "Annotator 1", "Annotator 2"


@pytest.fixture
def world(session, make_world) -> dict[str, Any]:
    people = {"will": "annotator", "amy": "annotator", "rita": "reviewer"}
    made = make_world(people, doc=(TEXT, "d1"))
    doc, will, amy = made.doc, made.will, made.amy
    start = TEXT.index("prices")
    end = TEXT.index(".")
    layers = {user.username: open_layer(session, user, doc, None) for user in (will, amy)}
    spans = {
        "will": add_span(session, layers["will"], "CLAIM", start, end),
        "amy": add_span(session, layers["amy"], "CLAIM", TEXT.index("will"), end),
    }
    # Gold holds amy's version of the boundary difference.
    accept_item(session, made.rita, doc, "span", spans["amy"].id)
    session.commit()
    return {"doc": doc, "spans": spans, "layers": layers, "headers": made.tokens["rita"]}


def _post_hidden(client: Any, doc: int, action: str, data: dict[str, Any]) -> str:
    """Post a form of the review page with names hidden; return the page it comes back to."""
    page = f"/projects/demo/review/{doc}"
    token = csrf_token_from(client.get(f"{page}?anonymous=1").get_data(as_text=True))
    answer = client.post(f"{page}/{action}", data={"csrf_token": token, "anonymous": "1", **data})
    assert answer.status_code == 302
    assert "anonymous=1" in answer.headers["Location"]
    return " ".join(client.get(answer.headers["Location"]).get_data(as_text=True).split())


def _names_nobody(html: str) -> None:
    assert "will&#39;s" not in html and "amy" not in html
    assert ">will<" not in html and "will:" not in html


def test_a_refusal_names_will_by_number_and_keeps_the_word_will(client, world) -> None:
    login(client, "rita")
    said = _post_hidden(
        client, world["doc"].id, "accept", {"kind": "span", "id": world["spans"]["will"].id}
    )
    # The span's words keep "will"; its annotator is named by number.
    assert (
        "Not accepted: gold holds CLAIM [22, 31) “will rise” of difference 1 (CLAIM: same end; "
        f"the starts are 7 characters apart), of which {WILL}&#39;s CLAIM [15, 31) “prices will "
        "rise” is another version" in said
    )
    _names_nobody(said)


def test_taking_the_version_gold_holds_is_refused_naming_its_number(client, world) -> None:
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['doc'].id}?anonymous=1", headers=world["headers"]
    )
    (difference,) = answer.get_json()["differences"]
    login(client, "rita")
    said = _post_hidden(
        client,
        world["doc"].id,
        "accept",
        {"kind": "span", "id": world["spans"]["amy"].id, "difference": difference["key"]},
    )
    assert f"Not taken: gold holds {AMY}&#39;s version already." in said
    _names_nobody(said)


def test_a_merge_refused_on_the_hidden_page_names_the_layers_by_number(
    client, session, world
) -> None:
    set_label(session, world["layers"]["will"], 0, "stance", "FAVOR")
    set_label(session, world["layers"]["will"], 1, "stance", "AGAINST")
    session.commit()
    login(client, "rita")
    said = _post_hidden(client, world["doc"].id, "sentences/0/merge", {})
    assert (
        f"Not merged: the labels differ in 1 case ({WILL}: stance is FAVOR on the first sentence "
        "and AGAINST on the second); say which sentence&#39;s labels to keep" in said
    )
    _names_nobody(said)


def test_the_hidden_history_keeps_the_word_of_a_username_in_its_reasons(
    client, session, make_user, assign, world
) -> None:
    # "change", a username and a word of the reason for no Restore on a row that added an item.
    change = make_user("change", "annotator")
    assign(world["doc"], change)
    add_span(session, open_layer(session, change, world["doc"], None), "CLAIM", 0, 9)
    session.commit()
    login(client, "rita")
    html = client.get(f"/projects/demo/review/{world['doc'].id}/history?anonymous=1")
    said = " ".join(html.get_data(as_text=True).split())
    assert 'data-layer="Annotator 3"' in said
    assert "this change created its item" in said
    assert "Annotator 3 created its item" not in said
    assert ">change<" not in said and "change (" not in said


def _api_hidden(client: Any, world: dict[str, Any], method: str, action: str, body: Any) -> Any:
    """Send a review write to the API with ``?anonymous=1``; return the answer."""
    path = f"/api/v1/projects/demo/review/{world['doc'].id}/{action}?anonymous=1"
    return client.open(path, method=method, json=body, headers=world["headers"])


def _api_names_nobody(answer: Any) -> None:
    text = answer.get_data(as_text=True)
    assert "will's" not in text and "amy" not in text and '"will"' not in text


def test_the_apis_accept_refusal_with_names_hidden_names_will_by_number(client, world) -> None:
    answer = _api_hidden(
        client, world, "POST", "accept", {"kind": "span", "id": world["spans"]["will"].id}
    )
    assert answer.status_code == 409, answer.get_json()
    assert f"of which {WILL}'s CLAIM [15, 31)" in answer.get_json()["error"]["message"]
    _api_names_nobody(answer)


def test_the_apis_merge_refusal_with_names_hidden_names_the_layers_by_number(
    client, session, world
) -> None:
    set_label(session, world["layers"]["will"], 0, "stance", "FAVOR")
    set_label(session, world["layers"]["will"], 1, "stance", "AGAINST")
    session.commit()
    answer = _api_hidden(client, world, "POST", "sentences/0/merge", {})
    assert answer.status_code == 409, answer.get_json()
    assert f"({WILL}: stance is FAVOR" in answer.get_json()["error"]["message"]
    _api_names_nobody(answer)


def test_the_apis_split_with_names_hidden_names_the_spans_layers_by_number(client, world) -> None:
    at = TEXT.index("rise")  # through will's, amy's and gold's CLAIM
    answer = _api_hidden(client, world, "POST", "sentences/0/split", {"at": at})
    assert answer.status_code == 409, answer.get_json()
    error = answer.get_json()["error"]
    assert [span["layer"] for span in error["details"]["spans"]] == [WILL, AMY, "gold"]
    assert f"{WILL}'s CLAIM [15, 31)" in error["message"]
    _api_names_nobody(answer)
    answer = _api_hidden(client, world, "POST", "sentences/0/split", {"at": at, "force": True})
    assert answer.status_code == 200, answer.get_json()
    assert [span["layer"] for span in answer.get_json()["spans_across"]] == [WILL, AMY, "gold"]
    _api_names_nobody(answer)


def test_the_apis_final_with_names_hidden_names_who_is_not_done_by_number(client, world) -> None:
    body = {"status": "final", "unanimous": "leave"}
    answer = _api_hidden(client, world, "PUT", "status", body)
    assert answer.status_code == 200, answer.get_json()
    assert [row["annotator"] for row in answer.get_json()["not_done"]] == [WILL, AMY]
    _api_names_nobody(answer)


def test_the_apis_take_refusal_with_names_hidden_names_amy_by_number(client, world) -> None:
    answer = client.get(
        f"/api/v1/projects/demo/review/{world['doc'].id}?anonymous=1", headers=world["headers"]
    )
    (difference,) = answer.get_json()["differences"]
    body = {"difference": difference["key"], "kind": "span", "id": world["spans"]["amy"].id}
    answer = _api_hidden(client, world, "POST", "take", body)
    assert answer.status_code == 409, answer.get_json()
    assert f"gold holds {AMY}'s version already" in answer.get_json()["error"]["message"]
    _api_names_nobody(answer)
