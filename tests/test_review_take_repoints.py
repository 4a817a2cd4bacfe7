"""Taking bob's one claim instead of alice's two re-points her second claim's relations at his.

Gold held alice's two claims, her second with its source and its cue; "Take bob's instead"
moved her first onto his claim and removed her second with every relation at it, though the
source and the cue stay in gold and his claim stands where hers stood. Now a relation whose
other end stays in gold is re-pointed at the span replacing hers when that is unambiguous
(his version has one claim), unless gold may not hold it there (a second source where the
schema allows one: removed, as before), and the answer and the page name each.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from annotator.models import Layer, Relation, Span
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from tests.helpers import login, review_team
from tests.review_page_forms import accept_forms

TEXT = "Taxes will rise, the minister said. Schools will close in May, officials said."
RISE = (0, TEXT.index(","))
MINISTER = (TEXT.index("the minister"), TEXT.index("the minister") + len("the minister"))
MAY = (TEXT.index("Schools"), TEXT.index(", officials"))
OFFICIALS = (TEXT.index("officials"), TEXT.index("officials") + len("officials"))
SAID = (TEXT.rindex("said"), TEXT.rindex("said") + 4)
BOBS = (0, MAY[1])


def _words(label: str, bounds: tuple[int, int]) -> str:
    return f"{label} [{bounds[0]}, {bounds[1]}) “{TEXT[bounds[0] : bounds[1]]}”"


def _world(
    client, session, make_user, make_token, make_project, make_document, assign, bob_cues=False
) -> Any:
    """Gold holds alice's version: her two claims, her first attributed to the minister,
    her second to the officials and cued by "said"; bob marked one claim over both (and,
    ``bob_cues``, cued it by "said")."""
    doc = make_document(make_project("demo"), TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    first = add_span(session, alice, "CLAIM", *RISE)
    second = add_span(session, alice, "CLAIM", *MAY)
    minister = add_span(session, alice, "SOURCE", *MINISTER)
    officials = add_span(session, alice, "SOURCE", *OFFICIALS)
    said = add_span(session, alice, "CUE", *SAID)
    hers = [
        add_relation(session, alice, "ATTRIBUTED_TO", first.id, minister.id),
        add_relation(session, alice, "ATTRIBUTED_TO", second.id, officials.id),
        add_relation(session, alice, "CUED_BY", second.id, said.id),
    ]
    bob = open_layer(session, users["bob"], doc, None)
    bobs = add_span(session, bob, "CLAIM", *BOBS)
    if bob_cues:
        add_relation(session, bob, "CUED_BY", bobs.id, add_span(session, bob, "CUE", *SAID).id)
    session.commit()
    token = make_token(users["rita"])
    url = f"/api/v1/projects/demo/review/{doc.id}"
    for relation in hers:
        body = {"kind": "relation", "id": relation.id}
        answer = client.post(f"{url}/accept", headers=token, json=body)
        assert answer.status_code == 200, answer.get_json()
    return doc, token, url


def _claims_difference(client: Any, url: str, token: dict[str, str]) -> dict[str, Any]:
    (difference,) = [
        d
        for d in client.get(url, headers=token).get_json()["differences"]
        if d["kind"] == "boundary"
    ]
    assert difference["taken"] == ["alice"]
    return difference


def _gold_relations(session: Any, doc: Any) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    session.expire_all()
    gold = session.scalar(select(Layer).where(Layer.document_id == doc.id, Layer.user_id.is_(None)))
    spans = {
        s.id: (s.start, s.end)
        for s in session.scalars(select(Span).where(Span.layer_id == gold.id))
    }
    rows = session.scalars(select(Relation).where(Relation.layer_id == gold.id))
    return sorted((r.type, spans[r.from_span_id], spans[r.to_span_id]) for r in rows)


def test_the_api_take_repoints_what_it_may_and_names_what_it_removed(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, token, url = _world(
        client, session, make_user, make_token, make_project, make_document, assign
    )
    key = _claims_difference(client, url, token)["key"]

    answer = client.post(f"{url}/take", headers=token, json={"difference": key, "annotator": "bob"})

    assert answer.status_code == 200, answer.get_json()
    said = answer.get_json()
    second, bobs = _words("CLAIM", MAY), _words("CLAIM", BOBS)
    assert said["removed"] == [second]
    # The cue re-pointed at bob's claim; a second source is one more than the schema allows
    # (his claim, her first moved onto it, keeps the minister): removed, as before.
    assert said["relations_repointed"] == [
        {
            "before": f"CUED_BY {second} → {_words('CUE', SAID)}",
            "after": f"CUED_BY {bobs} → {_words('CUE', SAID)}",
        }
    ]
    assert said["relations_removed"] == [f"ATTRIBUTED_TO {second} → {_words('SOURCE', OFFICIALS)}"]
    assert said["relations_kept"] == [f"ATTRIBUTED_TO {bobs} → {_words('SOURCE', MINISTER)}"]
    assert _gold_relations(session, doc) == [
        ("ATTRIBUTED_TO", BOBS, MINISTER),
        ("CUED_BY", BOBS, SAID),
    ]
    # The history has the cue's relation deleted and added between the new ends.
    history = client.get(
        f"/api/v1/projects/demo/documents/{doc.id}/history?layer=gold&per_page=100",
        headers=token,
    )
    assert history.status_code == 200, history.get_json()
    cued = [
        c["action"]
        for c in history.get_json()["changes"]
        if c["kind"] == "relation" and "CUED_BY" in str(c)
    ]
    assert cued[:2] == ["create", "delete"], cued  # newest first


def _relation_sources(client: Any, token: dict[str, str]) -> dict[str, Any]:
    answer = client.get("/api/v1/projects/demo/export?format=jsonl&layer=gold", headers=token)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    gold = json.loads(answer.get_data(as_text=True).splitlines()[0])["gold"]
    return {relation["type"]: relation["source"] for relation in gold["relations"]}


def test_a_repointed_relation_names_who_gives_it_now(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """alice's cue relation, re-pointed at bob's claim, is now bob's exactly (he cued his
    claim by "said"), not alice's; the minister's relation, kept at her first claim moved
    onto his, is nobody's."""
    doc, token, url = _world(
        client, session, make_user, make_token, make_project, make_document, assign, True
    )
    alices = {"how": "chosen", "of": None, "annotators": ["alice"]}
    assert _relation_sources(client, token) == {"ATTRIBUTED_TO": alices, "CUED_BY": alices}
    key = _claims_difference(client, url, token)["key"]

    answer = client.post(f"{url}/take", headers=token, json={"difference": key, "annotator": "bob"})

    assert answer.status_code == 200, answer.get_json()
    assert len(answer.get_json()["relations_repointed"]) == 1
    assert _relation_sources(client, token) == {
        "ATTRIBUTED_TO": {"how": "written", "of": None, "annotators": []},
        "CUED_BY": {"how": "chosen", "of": None, "annotators": ["bob"]},
    }
    history = client.get(
        f"/api/v1/projects/demo/documents/{doc.id}/history?layer=gold&per_page=100",
        headers=token,
    ).get_json()["changes"]
    added = next(c for c in history if c["kind"] == "relation" and c["action"] == "create")
    assert added["item_source"] == {"how": "chosen", "of": None, "annotators": ["bob"]}


def test_a_relation_gold_would_hold_twice_is_removed_not_repeated(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """Both of alice's claims cued by the one "said": bob's claim, her first moved onto it,
    is cued by it already."""
    doc = make_document(make_project("demo"), TEXT, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    first = add_span(session, alice, "CLAIM", *RISE)
    second = add_span(session, alice, "CLAIM", *MAY)
    said = add_span(session, alice, "CUE", *SAID)
    hers = [add_relation(session, alice, "CUED_BY", claim.id, said.id) for claim in (first, second)]
    add_span(session, open_layer(session, users["bob"], doc, None), "CLAIM", *BOBS)
    session.commit()
    token = make_token(users["rita"])
    url = f"/api/v1/projects/demo/review/{doc.id}"
    for relation in hers:
        body = {"kind": "relation", "id": relation.id}
        assert client.post(f"{url}/accept", headers=token, json=body).status_code == 200
    key = _claims_difference(client, url, token)["key"]

    answer = client.post(f"{url}/take", headers=token, json={"difference": key, "annotator": "bob"})

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["relations_repointed"] == []
    assert answer.get_json()["relations_removed"] == [
        f"CUED_BY {_words('CLAIM', MAY)} → {_words('CUE', SAID)}"
    ]
    assert _gold_relations(session, doc) == [("CUED_BY", BOBS, SAID)]


def test_the_review_page_says_which_relation_now_ends_at_bobs_claim(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    doc, _, _ = _world(client, session, make_user, make_token, make_project, make_document, assign)
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True)
    (instead,) = [f for f in accept_forms(page) if f.button.strip() == "Take bob’s instead"]

    answer = client.post(instead.action, data=instead.fields, follow_redirects=True)

    shown = " ".join(answer.get_data(as_text=True).split())
    cue = _words("CUE", SAID)
    assert (
        f"1 relation at it now ends at the span that replaces it: CUED_BY "
        f"{_words('CLAIM', MAY)} → {cue} is now CUED_BY {_words('CLAIM', BOBS)} → {cue}."
    ) in shown
    assert "1 relation at it went with it: ATTRIBUTED_TO" in shown


def test_with_two_claims_of_his_to_choose_from_the_relation_goes_with_hers(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """alice's three claims against bob's two: her first two move onto his, her third goes,
    and which of his claims its cue was meant for is not to guess: removed, as before."""
    text = "One two three. Four five six. Seven eight nine, they said."
    doc = make_document(make_project("demo"), text, external_id="d1")
    users = review_team(make_user, assign, doc)
    alice = open_layer(session, users["alice"], doc, None)
    claims = [add_span(session, alice, "CLAIM", *b) for b in ((0, 14), (15, 29), (30, 46))]
    said = add_span(session, alice, "CUE", text.rindex("said"), len(text) - 1)
    hers = add_relation(session, alice, "CUED_BY", claims[2].id, said.id)
    bob = open_layer(session, users["bob"], doc, None)
    for bounds in ((0, 20), (22, 46)):
        add_span(session, bob, "CLAIM", *bounds)
    session.commit()
    token = make_token(users["rita"])
    url = f"/api/v1/projects/demo/review/{doc.id}"
    body = {"kind": "relation", "id": hers.id}
    assert client.post(f"{url}/accept", headers=token, json=body).status_code == 200
    key = _claims_difference(client, url, token)["key"]

    answer = client.post(f"{url}/take", headers=token, json={"difference": key, "annotator": "bob"})

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["removed"] == ["CLAIM [30, 46) “Seven eight nine”"]
    assert answer.get_json()["relations_repointed"] == []
    assert answer.get_json()["relations_removed"] == [
        "CUED_BY CLAIM [30, 46) “Seven eight nine” → CUE [53, 57) “said”"
    ]
    assert _gold_relations(session, doc) == []
