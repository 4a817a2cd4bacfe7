"""What an annotator may not see is answered exactly as what does not exist: 404, never 403.

The routes are read from the app itself (its URL map, and the OpenAPI document's paths), so a
route added later is checked without a change here, or the test fails naming the path
parameter it has no filler for. Every route with a path parameter is called by an annotator,
once with ids of things that exist but are hidden from them (another project, a document not
theirs, another annotator's span, relation, token, account, suggestion) and once with ids of
nothing; both answers must be 404 and alike but for the id they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from tests.helpers import csrf_token_from, login

TEXT = "Officials said the talks failed. Moscow denied it."
# Path parameters that name no hidden thing: files served to everyone who may load a page.
PUBLIC_PARAMETERS = {"filename", "name"}
MISSING_ID = 987_654
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass
class Hidden:
    """One way to fill every path parameter: with things alice may not see, or with nothing."""

    label: str
    values: dict[str, Any]


@pytest.fixture
def world(session, make_user, make_token, make_project, make_document, assign) -> Any:
    from annotator.core.vocabulary import SUGGESTIONS
    from annotator.models import ApiToken, LabelValue, Layer, LayerChange
    from annotator.services.accounts.tokens import create_token
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.relations import add_relation
    from annotator.services.annotation.spans import add_span

    alice = make_user("alice", "annotator")
    bob = make_user("bob", "annotator")
    mine = make_project("mine")
    theirs = make_project("theirs")
    shared = make_document(mine, TEXT, external_id="shared.txt")  # alice's and bob's
    unassigned = make_document(mine, TEXT, external_id="nobody.txt")  # in alice's project
    elsewhere = make_document(theirs, TEXT, external_id="theirs.txt")  # bob's only
    assign(shared, alice, bob)
    assign(elsewhere, bob)

    def bobs_rows(document: Any) -> tuple[int, int]:
        layer = ensure_layer(session, document, bob.id)
        claim = add_span(session, layer, "CLAIM", 0, 9)
        source = add_span(session, layer, "SOURCE", 33, 39)
        relation = add_relation(session, layer, "ATTRIBUTED_TO", claim.id, source.id)
        return claim.id, relation.id

    span_elsewhere, relation_elsewhere = bobs_rows(elsewhere)
    span_shared, relation_shared = bobs_rows(shared)
    suggested = Layer(document_id=elsewhere.id, user_id=None, key=SUGGESTIONS)
    session.add(suggested)
    session.flush()
    suggestion = add_span(session, suggested, "CLAIM", 0, 9)
    suggested_label = LabelValue(
        layer_id=suggested.id, sentence_index=0, name="stance", value="FAVOR", model="1"
    )
    session.add(suggested_label)
    session.flush()
    create_token(session, bob)
    session.commit()
    bobs_token = session.scalar(select(ApiToken.id).where(ApiToken.user_id == bob.id))
    # A sentence index names no row by itself: the document it is in is what is hidden.
    common = {"token_id": bobs_token, "username": "bob", "slug": "theirs", "index": 0}
    # A difference's key names content, not a row: the document it is in is what is hidden.
    common["key"] = "0123456789abcdef0123"
    ids = {"suggestion_id": suggestion.id, "label_id": suggested_label.id}

    def change_on(document: Any) -> int:
        # A change of bob's layer: its history is hidden from alice as the layer is.
        query = select(LayerChange.id).where(LayerChange.document_id == document.id)
        return session.scalar(query.limit(1))

    return {
        "alice": make_token(alice),
        "hidden": [
            Hidden(
                "another project's things",
                common
                | ids
                | {
                    "document_id": elsewhere.id,
                    "number": elsewhere.number,
                    "span_id": span_elsewhere,
                    "relation_id": relation_elsewhere,
                    "change_id": change_on(elsewhere),
                },
            ),
            Hidden(
                "a document of alice's project not hers, bob's rows on hers",
                common
                | ids
                | {
                    "document_id": unassigned.id,
                    "number": unassigned.number,
                    "span_id": span_shared,
                    "relation_id": relation_shared,
                    "change_id": change_on(shared),
                },
            ),
        ],
        "missing": {
            "token_id": MISSING_ID,
            "username": "nobody-at-all",
            "slug": "no-such-project",
            "suggestion_id": MISSING_ID,
            "label_id": MISSING_ID,
            "document_id": MISSING_ID,
            "number": MISSING_ID,
            "span_id": MISSING_ID,
            "relation_id": MISSING_ID,
            "change_id": MISSING_ID,
            "index": 0,
            "key": "fedcba9876543210fedc",
        },
        "shared": shared,
        "unassigned": unassigned,
    }


def _routes(app: Any) -> list[tuple[Rule, str]]:
    """Every (rule, method) of the app that takes a path parameter naming something."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.arguments or rule.arguments <= PUBLIC_PARAMETERS:
            continue
        for method in sorted((rule.methods or set()) & set(METHODS)):
            found.append((rule, method))
    return sorted(found, key=lambda pair: (pair[0].rule, pair[1]))


def _path(rule: Rule, values: dict[str, Any]) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _normalised(response: TestResponse, values: dict[str, Any]) -> Any:
    """The answer with the ids it was asked about (and per-request nonces) blotted out."""
    text = response.get_data(as_text=True)
    # A page's head is the same template for both; ids are blotted out of what it says only.
    head, main, said = text.partition("<main")
    if main:
        # Per request: a CSP nonce; per second: the signed CSRF token of the logout form.
        head = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', head)
        text = main + said
    else:
        head = ""
    # Not inside a character reference: an id of 39 took the 39 of "&#39;" (an apostrophe).
    for name, value in sorted(values.items()):
        text = re.sub(rf"(?<![\w#-]){re.escape(str(value))}(?![\w-])", f"<{name}>", text)
    return head + text


def _page_client(app: Any) -> tuple[FlaskClient, str]:
    client = app.test_client()
    assert login(client, "alice").status_code == 302
    return client, csrf_token_from(client.get("/account/tokens").get_data(as_text=True))


def test_every_route_lists_fillers_for_its_path_parameters(app: Any, world: Any) -> None:
    """A new route with a parameter this test cannot fill fails here, naming it."""
    known = set(world["missing"]) | PUBLIC_PARAMETERS
    lacking = [
        f"{rule.rule}: no filler for {sorted(rule.arguments - known)} in {__name__}.world"
        for rule, _method in _routes(app)
        if rule.arguments - known
    ]
    assert not lacking, "\n".join(lacking)


def test_every_openapi_path_is_a_route_checked_here(app: Any, client: FlaskClient) -> None:
    """The described API has no path that the URL map (and so this test) does not have."""
    rules = {re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", r.rule) for r in app.url_map.iter_rules()}
    spec = client.get("/api/v1/openapi.json").get_json()
    assert sorted(f"/api/v1{path}" for path in spec["paths"] if f"/api/v1{path}" not in rules) == []


@pytest.mark.parametrize("variant", [0, 1])
def test_an_annotator_gets_the_same_404_for_hidden_and_missing_things(
    app: Any, client: FlaskClient, world: Any, variant: int
) -> None:
    """API by token, pages by session with a good CSRF token; no body, so nothing but the ids
    can decide the answer."""
    hidden: Hidden = world["hidden"][variant]
    missing = world["missing"]
    known = set(missing) | PUBLIC_PARAMETERS
    pages, csrf = _page_client(app)
    leaks = []
    checked = 0
    for rule, method in _routes(app):
        if rule.arguments - known:
            continue  # reported by the test above
        if rule.arguments & PUBLIC_PARAMETERS:
            continue
        answers = []
        for values in (hidden.values, missing):
            path = _path(rule, values)
            if path.startswith("/api/"):
                response = client.open(path, method=method, headers=world["alice"])
            else:
                response = pages.open(
                    path, method=method, data={"csrf_token": csrf}, headers={"X-CSRFToken": csrf}
                )
            asked = {name: values[name] for name in rule.arguments}
            answers.append((response.status_code, _normalised(response, asked)))
        checked += 1
        (hidden_status, hidden_body), (missing_status, missing_body) = answers
        if hidden_status != 404 or missing_status != 404 or hidden_body != missing_body:
            leaks.append(
                f"{method} {rule.rule}: {hidden_status} for {hidden.label}, "
                f"{missing_status} for nothing"
                + ("" if hidden_body == missing_body else f"; {hidden_body!r} != {missing_body!r}")
            )
    assert checked > 40
    assert not leaks, "\n".join(leaks)


def test_what_an_annotator_sees_but_may_not_do_is_still_403(
    client: FlaskClient, world: Any
) -> None:
    """Export and agreement of her own project, another layer of her document, gold."""
    alice, shared = world["alice"], world["shared"]
    asks = [
        ("GET", "/api/v1/projects/mine/export"),
        ("GET", "/api/v1/projects/mine/agreement"),
        ("GET", "/api/v1/projects/mine/members"),
        ("DELETE", "/api/v1/projects/mine"),
        ("GET", f"/api/v1/documents/{shared.id}/annotations?annotator=bob"),
        ("GET", f"/api/v1/documents/{shared.id}/annotations?annotator=gold"),
        ("PATCH", "/api/v1/users/alice"),
        ("DELETE", f"/api/v1/documents/{shared.id}"),
    ]
    for method, path in asks:
        response = client.open(path, method=method, headers=alice, json={"role": "admin"})
        assert (method, path, response.status_code) == (method, path, 403)
        assert response.get_json()["error"]["code"] == "forbidden"
    gold = client.post(
        f"/api/v1/documents/{shared.id}/spans?layer=gold",
        headers=alice,
        json={"label": "CLAIM", "start": 0, "end": 9},
    )
    assert gold.status_code == 403


def test_a_page_of_a_project_or_document_not_hers_is_404(app: Any, world: Any) -> None:
    pages, _csrf = _page_client(app)
    assert pages.get("/projects/mine").status_code == 200
    assert pages.get(f"/projects/mine/documents/{world['shared'].id}").status_code == 200
    assert pages.get("/projects/theirs").status_code == 404
    unassigned = pages.get(f"/projects/mine/documents/{world['unassigned'].id}")
    missing = pages.get(f"/projects/mine/documents/{MISSING_ID}")
    assert unassigned.status_code == missing.status_code == 404
    assert _normalised(unassigned, {"id": world["unassigned"].id}) == _normalised(
        missing, {"id": MISSING_ID}
    )
