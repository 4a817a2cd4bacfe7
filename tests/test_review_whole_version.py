"""Accepting an annotator's version of a difference takes all of it into gold.

alice marked two CLAIMs side by side, bob one CLAIM covering both: one difference, of which
gold holding alice's two is her version. "Accept alice's" on her first claim took only that
span; the page then said "0 to decide" and offered nothing for her second claim, which was
left out of gold silently. The page's forms, as a browser sends them, and the API.
"""

from __future__ import annotations

from typing import Any

from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import login, review_team
from tests.review_page_forms import PageForm, accept_forms

TEXT = "Taxes will rise next year. Schools will close in May."
FIRST = (0, TEXT.index(".") + 1)
SECOND = (TEXT.index("Schools"), len(TEXT))


def _world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any):
    doc = make_document(make_project("demo"), TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    bob = open_layer(session, users["bob"], doc, None)
    firsts = add_span(session, alice, "CLAIM", *FIRST)
    add_span(session, alice, "CLAIM", *SECOND)
    bobs = add_span(session, bob, "CLAIM", 0, len(TEXT))
    session.commit()
    return doc, users, firsts.id, bobs.id


def _page(client: Any, doc_id: int) -> str:
    answer = client.get(f"/projects/demo/review/{doc_id}")
    assert answer.status_code == 200
    return " ".join(answer.get_data(as_text=True).split())


def _send(client: Any, form: PageForm) -> None:
    answer = client.post(form.action, data=form.fields)
    assert answer.status_code == 302, answer.get_data(as_text=True)


def _gold_claims(client: Any, headers: dict[str, str], doc_id: int) -> list[tuple[str, int, int]]:
    answer = client.get(f"/api/v1/documents/{doc_id}/annotations?layer=gold", headers=headers)
    assert answer.status_code == 200
    return sorted((s["label"], s["start"], s["end"]) for s in answer.get_json()["spans"])


def test_accepting_alices_first_claim_on_the_page_takes_both(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, users, alices_first, _ = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])
    login(client, "rita")
    page = _page(client, doc.id)
    assert "Differences (1 to decide, 1 in all)" in page
    forms = accept_forms(page)
    assert [f.button.strip() for f in forms] == ["Accept alice’s", "Accept alice’s", "Accept bob’s"]
    (first,) = [f for f in forms if f.fields["id"] == str(alices_first)]

    _send(client, first)

    assert _gold_claims(client, token, doc.id) == [("CLAIM", *FIRST), ("CLAIM", *SECOND)]
    page = _page(client, doc.id)
    assert "Differences (0 to decide, 1 in all)" in page
    assert "With it came the rest of alice’s version of that difference: CLAIM [27, 53)" in page
    # Decided by alice's version: bob's may be taken instead, hers is not offered again.
    assert [f.button.strip() for f in accept_forms(page)] == ["Take bob’s instead"]


def test_taking_alices_version_instead_of_bobs_takes_both(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, users, alices_first, bobs = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])
    login(client, "rita")
    (bobs_form,) = [f for f in accept_forms(_page(client, doc.id)) if f.fields["id"] == str(bobs)]
    _send(client, bobs_form)
    assert _gold_claims(client, token, doc.id) == [("CLAIM", 0, len(TEXT))]

    page = _page(client, doc.id)
    instead = [f for f in accept_forms(page) if f.fields["id"] == str(alices_first)]
    assert [f.button.strip() for f in instead] == ["Take alice’s instead"]
    _send(client, instead[0])

    assert _gold_claims(client, token, doc.id) == [("CLAIM", *FIRST), ("CLAIM", *SECOND)]
    assert "Differences (0 to decide, 1 in all)" in _page(client, doc.id)


def test_the_api_accept_of_one_of_alices_claims_takes_both(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, users, alices_first, _ = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])
    answer = client.post(
        f"/api/v1/projects/demo/review/{doc.id}/accept",
        headers=token,
        json={"kind": "span", "id": alices_first},
    )
    assert answer.status_code == 200, answer.get_json()
    assert _gold_claims(client, token, doc.id) == [("CLAIM", *FIRST), ("CLAIM", *SECOND)]
    review = client.get(f"/api/v1/projects/demo/review/{doc.id}", headers=token)
    ((difference),) = review.get_json()["differences"]
    assert (difference["decided"], difference["taken"]) == (True, ["alice"])


SAID = "Taxes will rise next year. Schools will close in May, officials said."
MAY = (SAID.index("Schools"), SAID.index(","))
OFFICIALS = (SAID.index("officials"), SAID.index("officials") + len("officials"))


def test_accepting_alices_relation_brings_her_whole_version_of_its_ends_difference(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """Her relation starts at her second claim: accepting it brings that claim, and with it
    her first, into gold (her version of the claims' difference, which it decides)."""
    from annotator.services.annotation.relations import add_relation

    doc = make_document(make_project("demo"), SAID, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    bob = open_layer(session, users["bob"], doc, None)
    add_span(session, alice, "CLAIM", *FIRST)
    second = add_span(session, alice, "CLAIM", *MAY)
    source = add_span(session, alice, "SOURCE", *OFFICIALS)
    hers = add_relation(session, alice, "ATTRIBUTED_TO", second.id, source.id)
    claim = add_span(session, bob, "CLAIM", 0, MAY[1])
    add_relation(
        session, bob, "ATTRIBUTED_TO", claim.id, add_span(session, bob, "SOURCE", *OFFICIALS).id
    )
    session.commit()
    token = make_token(users["rita"])
    login(client, "rita")
    page = _page(client, doc.id)
    assert "Differences (2 to decide, 2 in all)" in page
    (relation,) = [f for f in accept_forms(page) if f.fields["id"] == str(hers.id)]

    _send(client, relation)

    assert _gold_claims(client, token, doc.id) == [
        ("CLAIM", *FIRST),
        ("CLAIM", *MAY),
        ("SOURCE", *OFFICIALS),
    ]
    page = _page(client, doc.id)
    assert "Differences (0 to decide, 2 in all)" in page
    assert "With it came the rest of alice’s version of that difference: CLAIM [0, 26)" in page


def test_the_api_take_by_annotator_takes_alices_version_whole(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """Named by whose it is (a script, ``annotator adjudicate take``): her two claims are one
    version, not two to choose from."""
    doc, users, _, bobs = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])
    url = f"/api/v1/projects/demo/review/{doc.id}"
    answer = client.post(f"{url}/accept", headers=token, json={"kind": "span", "id": bobs})
    assert answer.status_code == 200, answer.get_json()
    ((difference),) = client.get(url, headers=token).get_json()["differences"]

    answer = client.post(
        f"{url}/take", headers=token, json={"difference": difference["key"], "annotator": "alice"}
    )

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["added"] == ["CLAIM [27, 53) “Schools will close in May.”"]
    assert _gold_claims(client, token, doc.id) == [("CLAIM", *FIRST), ("CLAIM", *SECOND)]


def test_taking_bobs_version_instead_of_alices_two_claims_on_the_page(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """Gold holds both of alice's claims: "Take bob's instead" was refused (two spans of
    gold to choose from); her version is replaced whole by his one claim."""
    doc, users, alices_first, bobs = _world(session, make_user, make_project, make_document, assign)
    token = make_token(users["rita"])
    login(client, "rita")
    (first,) = [
        f for f in accept_forms(_page(client, doc.id)) if f.fields["id"] == str(alices_first)
    ]
    _send(client, first)
    (instead,) = accept_forms(_page(client, doc.id))
    assert (instead.fields["id"], instead.button.strip()) == (str(bobs), "Take bob’s instead")

    _send(client, instead)

    assert _gold_claims(client, token, doc.id) == [("CLAIM", 0, len(TEXT))]
    page = _page(client, doc.id)
    assert "Took that version into gold instead." in page
    assert "Removed with the version replaced: CLAIM [27, 53) “Schools will close in May.”" in page
    assert "Differences (0 to decide, 1 in all)" in page
    assert "Decided: gold holds bob’s" in page
    assert [f.button.strip() for f in accept_forms(page)] == ["Take alice’s instead"] * 2


def test_the_api_take_of_bobs_version_removes_alices_second_claim_repointing_its_relation(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    from annotator.services.annotation.relations import add_relation

    doc = make_document(make_project("demo"), SAID, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    bob = open_layer(session, users["bob"], doc, None)
    add_span(session, alice, "CLAIM", *FIRST)
    second = add_span(session, alice, "CLAIM", *MAY)
    source = add_span(session, alice, "SOURCE", *OFFICIALS)
    hers = add_relation(session, alice, "ATTRIBUTED_TO", second.id, source.id)
    add_span(session, bob, "CLAIM", 0, MAY[1])
    add_span(session, bob, "SOURCE", *OFFICIALS)
    session.commit()
    token = make_token(users["rita"])
    url = f"/api/v1/projects/demo/review/{doc.id}"
    answer = client.post(f"{url}/accept", headers=token, json={"kind": "relation", "id": hers.id})
    assert answer.status_code == 200, answer.get_json()
    (difference,) = [
        d
        for d in client.get(url, headers=token).get_json()["differences"]
        if d["kind"] == "boundary"
    ]
    assert difference["taken"] == ["alice"]

    answer = client.post(
        f"{url}/take", headers=token, json={"difference": difference["key"], "annotator": "bob"}
    )

    assert answer.status_code == 200, answer.get_json()
    said = answer.get_json()
    claim = f"CLAIM [{MAY[0]}, {MAY[1]}) “Schools will close in May”"
    assert said["removed"] == [claim]
    officials = f"SOURCE [{OFFICIALS[0]}, {OFFICIALS[1]}) “officials”"
    # Its relation now from bob's claim, where hers stood (tests/test_review_take_repoints.py).
    bobs = f"CLAIM [0, {MAY[1]}) “{SAID[: MAY[1]]}”"
    assert said["relations_removed"] == []
    assert said["relations_repointed"] == [
        {
            "before": f"ATTRIBUTED_TO {claim} → {officials}",
            "after": f"ATTRIBUTED_TO {bobs} → {officials}",
        }
    ]
    assert said["replaced"] == [
        {
            "before": "CLAIM [0, 26) “Taxes will rise next year.”",
            "after": f"CLAIM [0, {MAY[1]}) “{SAID[: MAY[1]]}”",
        }
    ]
    assert _gold_claims(client, token, doc.id) == [("CLAIM", 0, MAY[1]), ("SOURCE", *OFFICIALS)]
