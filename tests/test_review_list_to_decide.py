"""The review list says how many differences each document has left to decide.

A document whose only difference is a boundary shift of two characters has a span F1 with
overlap matching of 1 and agreeing labels: its disagreement is 0.00 and a reviewer skipped it,
though it held something to decide. Each row of the list (page and API) now gives the same
count the document's review page shows as "N to decide".
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import login
from tests.review_world import TEXT, build_disagreement


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> dict[str, Any]:  # noqa: ANN001
    """d1 (the review world's span and label differences), ``shift`` (one claim whose end
    differs by two characters, the labels alike) and ``same`` (alike in everything)."""
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    alice, bob = world["users"]["alice"], world["users"]["bob"]
    for external_id, bob_end in (("shift", 29), ("same", 31)):
        doc = make_document(world["project"], TEXT, external_id=external_id)
        assign(doc, alice, bob)
        for user, end in ((alice, 31), (bob, bob_end)):
            layer = open_layer(session, user, doc, None)
            add_span(session, layer, "CLAIM", 15, end)
            set_label(session, layer, 0, "stance", "AGAINST")
        world[external_id] = doc
    session.commit()
    world["rita"] = make_token(world["users"]["rita"])
    return world


def _listed(client: Any, headers: dict[str, str], query: str = "") -> dict[str, dict[str, Any]]:
    answer = client.get(f"/api/v1/projects/demo/review{query}", headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return {row["external_id"]: row for row in answer.get_json()["documents"]}


def _to_decide_on_review_page(client: Any, headers: dict[str, str], document: int) -> int:
    answer = client.get(f"/api/v1/projects/demo/review/{document}", headers=headers)
    return sum(1 for item in answer.get_json()["differences"] if not item["decided"])


def test_a_boundary_shift_alone_is_counted_as_to_decide(client: Any, world: Any) -> None:
    rows = _listed(client, world["rita"])
    shift = rows["shift"]
    assert shift["disagreement"] == 0.0  # overlap F1 hides the shift ...
    assert shift["to_decide"] == 1  # ... the count does not
    assert rows["same"]["to_decide"] == 0
    # The same count as the document's own review page, whole list or a page of it.
    paged = _listed(client, world["rita"], "?page=1&per_page=2")
    for external_id, row in rows.items():
        assert row["to_decide"] == _to_decide_on_review_page(client, world["rita"], row["document"])
        if external_id in paged:
            assert paged[external_id]["to_decide"] == row["to_decide"]
    assert rows["d1"]["to_decide"] >= 2


def test_deciding_a_difference_lowers_the_count_and_final_gold_decides_none(
    client: Any, world: Any
) -> None:
    rita, doc = world["rita"], world["shift"].id
    review = client.get(f"/api/v1/projects/demo/review/{doc}", headers=rita).get_json()
    (boundary,) = review["differences"]
    accept = boundary["versions"][0]["accept"]
    url = f"/api/v1/projects/demo/review/{doc}/accept"
    assert client.post(url, json=accept, headers=rita).status_code == 200
    assert _listed(client, rita)["shift"]["to_decide"] == 0
    before = _listed(client, rita)["d1"]["to_decide"]
    assert before > 0
    url = f"/api/v1/projects/demo/review/{world['doc'].id}/status"
    answer = client.put(url, json={"status": "final"}, headers=rita)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["to_decide"] == before
    # Marking final decides nothing: the row still counts what nobody decided.
    assert _listed(client, rita)["d1"]["to_decide"] == before


def test_the_review_page_shows_the_count_on_each_row(client: Any, world: Any) -> None:
    login(client, "rita")
    html = client.get("/projects/demo/review").get_data(as_text=True)
    cells = dict(
        re.findall(
            r'<a href="[^"]+">([^<]+)</a>.*?<td role="cell" class="num" data-label="To decide">'
            r"(\d+)</td>",
            html,
            re.S,
        )
    )
    assert cells["shift"] == "1" and cells["same"] == "0"
    assert '<th scope="col" role="columnheader" class="num">To decide</th>' in html


def test_the_openapi_description_names_the_field(client: Any, world: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "to_decide" in str(spec["paths"]["/projects/{slug}/review"])


def test_a_none_taken_decision_counts_as_decided(client: Any, world: Any) -> None:
    rita, doc = world["rita"], world["doc"].id
    before = _listed(client, rita)["d1"]["to_decide"]
    review = client.get(f"/api/v1/projects/demo/review/{doc}", headers=rita).get_json()
    key = review["differences"][0]["key"]
    url = f"/api/v1/projects/demo/review/{doc}/none"
    answer = client.post(url, json={"difference": key}, headers=rita)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    after = _listed(client, rita)["d1"]["to_decide"]
    assert after == before - 1 == _to_decide_on_review_page(client, rita, doc)


@pytest.fixture
def mixed(world: Any, session: Any, make_document: Any, assign: Any) -> dict[str, Any]:
    """Two more documents of alice's and bob's: ``rel`` (a claim attributed to different
    sources, its claimer differing, a document label differing, a sentence label only alice
    gave) and ``twins`` (the same layer twice: two overlapping claims each, which differ in
    their bounds inside each layer)."""
    from annotator.services.annotation.relations import add_relation

    alice, bob = world["users"]["alice"], world["users"]["bob"]
    rel = make_document(world["project"], TEXT, external_id="rel")
    twins = make_document(world["project"], TEXT, external_id="twins")
    assign(rel, alice, bob)
    assign(twins, alice, bob)
    for user, claimer, source, genre in (
        (alice, "REPORTED", (0, 9), "NEWS"),
        (bob, "JOURNALIST", (34, 40), "OPINION"),
    ):
        layer = open_layer(session, user, rel, None)
        first = add_span(session, layer, "SOURCE", 0, 9)
        other = add_span(session, layer, "SOURCE", 34, 40)
        claim = add_span(session, layer, "CLAIM", 15, 31, {"claimer": claimer})
        target = first if source == (0, 9) else other
        add_relation(session, layer, "ATTRIBUTED_TO", claim.id, target.id)
        set_label(session, layer, None, "genre", genre)
        if user is alice:
            set_label(session, layer, 1, "stance", "FAVOR")
        twin = open_layer(session, user, twins, None)
        add_span(session, twin, "CLAIM", 15, 31)
        add_span(session, twin, "CLAIM", 19, 31)
    session.commit()
    return world | {"rel_doc": rel, "twins_doc": twins}


def _assert_counts_agree(client: Any, headers: dict[str, str]) -> dict[str, int]:
    """Assert that every row's count, whole list and a page, is its review page's count."""
    rows = _listed(client, headers)
    paged = _listed(client, headers, "?page=1&per_page=3")
    for external_id, row in rows.items():
        assert row["to_decide"] == _to_decide_on_review_page(client, headers, row["document"]), (
            external_id
        )
        if external_id in paged:
            assert paged[external_id]["to_decide"] == row["to_decide"]
    return {external_id: row["to_decide"] for external_id, row in rows.items()}


def test_relations_attributes_and_labels_count_as_on_the_review_page(
    client: Any, mixed: Any
) -> None:
    """The list counts without writing the differences' words; the count is the same for
    relations (a different target), attributes, sentence and document labels, a relation
    taken into gold, a "none taken" document label, and identical layers whose own spans
    overlap (they still differ inside each layer)."""
    rita, doc = mixed["rita"], mixed["rel_doc"].id
    counts = _assert_counts_agree(client, rita)
    # Identical layers (two overlapping claims each, alike): both claims are agreed, nothing
    # is left to decide (they were one cluster read as a boundary difference).
    assert counts["twins"] == 0
    review = client.get(f"/api/v1/projects/demo/review/{doc}", headers=rita).get_json()
    kinds = {item["kind"] for item in review["differences"]}
    assert {"relation_target", "attribute", "document_label", "sentence_label"} <= kinds
    relation = next(d for d in review["differences"] if d["kind"] == "relation_target")
    accept = relation["versions"][1]["accept"]
    url = f"/api/v1/projects/demo/review/{doc}/accept"
    assert client.post(url, json=accept, headers=rita).status_code == 200
    after_accept = _assert_counts_agree(client, rita)
    assert after_accept["rel"] < counts["rel"]
    label = next(d for d in review["differences"] if d["kind"] == "document_label")
    url = f"/api/v1/projects/demo/review/{doc}/none"
    answer = client.post(url, json={"difference": label["key"]}, headers=rita)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert _assert_counts_agree(client, rita)["rel"] == after_accept["rel"] - 1


def _page_rows(client: Any) -> dict[str, tuple[str, str]]:
    """Return each row of the review page's first page: external id -> (to decide, gold)."""
    html = client.get("/projects/demo/review").get_data(as_text=True)
    return {
        name: (count, gold)
        for name, count, gold in re.findall(
            r'<th scope="row" role="rowheader"><span class="document-number">#\d+</span> '
            r'<a href="[^"]+">([^<]+)</a>.*?data-label="To decide">(\d+)</td>'
            r'.*?<span class="gold-status gold-status--([a-z_]+)">',
            html,
            re.S,
        )
    }


def test_the_service_page_and_api_give_each_row_the_same_count_and_gold_status(
    client: Any, session: Any, mixed: Any
) -> None:
    """The review list's service fills each row's gold status and count once; the page and
    the API (whole list and a page) show those, and the status is the rule's
    (:func:`gold_statuses`) for a final, an in-review and an open document."""
    from annotator.services.review.gold_status import gold_statuses
    from annotator.services.review.queue import review_page

    rita = mixed["rita"]
    final = mixed["doc"].id
    url = f"/api/v1/projects/demo/review/{final}/status"
    assert client.put(url, json={"status": "final"}, headers=rita).status_code == 200
    shift = mixed["shift"].id
    review = client.get(f"/api/v1/projects/demo/review/{shift}", headers=rita).get_json()
    accept = review["differences"][0]["versions"][0]["accept"]
    url = f"/api/v1/projects/demo/review/{shift}/accept"
    assert client.post(url, json=accept, headers=rita).status_code == 200

    project = mixed["project"]
    session.expire_all()
    served = {
        item.external_id: (item.to_decide, item.gold_status)
        for item in review_page(session, project, None).rows
    }
    rule = gold_statuses(session, project)
    by_id = {item.external_id: item.document for item in review_page(session, project, None).rows}
    assert {name: status for name, (_, status) in served.items()} == {
        name: rule[document] for name, document in by_id.items()
    }
    assert {status for _, status in served.values()} == {"final", "in_review", "open"}
    api = {
        name: (row["to_decide"], row["gold_status"]) for name, row in _listed(client, rita).items()
    }
    paged = _listed(client, rita, "?page=1&per_page=3")
    assert api == served
    assert {name: (row["to_decide"], row["gold_status"]) for name, row in paged.items()} == {
        name: served[name] for name in paged
    }
    login(client, "rita")
    page = _page_rows(client)
    assert page == {name: (str(count), status) for name, (count, status) in served.items()}
