"""Malformed request bodies are 400 naming the field, never 500, and store nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import Assignment, LabelValue, Relation, Span
from tests.api_world import World, build_world
from tests.extras import need

need("hypothesis")

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:
    return build_world(client, make_user, make_token, make_project, make_document, assign)


def _state(session: Any) -> tuple[Any, ...]:
    """Return everything a write could change, straight from the database."""
    session.expire_all()
    rows = [
        session.scalar(select(func.count()).select_from(model))
        for model in (Span, Relation, LabelValue)
    ]
    spans = session.execute(select(Span.id, Span.label, Span.start, Span.end, Span.version)).all()
    statuses = session.execute(select(Assignment.id, Assignment.status)).all()
    return (rows, sorted(spans), sorted(statuses))


def _targets(world: World) -> dict[str, tuple[str, str]]:
    claim = world.span("alice", "CLAIM", 15, 31)
    source = world.span("alice", "SOURCE", 0, 9)
    cue = world.span("alice", "CUE", 10, 14)
    world.span_ids = [claim["id"], source["id"], cue["id"]]  # type: ignore[attr-defined]
    doc = world.doc.id
    return {
        "span": ("POST", f"/documents/{doc}/spans"),
        "patch": ("PATCH", f"/spans/{claim['id']}"),
        "relation": ("POST", f"/documents/{doc}/relations"),
        "label": ("PUT", f"/documents/{doc}/labels"),
        "status": ("PUT", f"/documents/{doc}/status"),
    }


HUGE = 10**30
MALFORMED = [
    ("span", {"start": 0, "end": 5}, "label"),
    ("span", {"label": "CLAIM", "end": 5}, "start"),
    ("span", {"label": "CLAIM", "start": 0}, "end"),
    ("span", {"label": 7, "start": 0, "end": 5}, "label"),
    ("span", {"label": "CLAIM", "start": True, "end": 5}, "start"),
    ("span", {"label": "CLAIM", "start": 0, "end": 5.5}, "end"),
    ("span", {"label": "CLAIM", "start": "0", "end": 5}, "start"),
    ("span", {"label": "CLAIM", "start": 0, "end": HUGE}, "end"),
    ("span", {"label": "CLAIM", "start": -HUGE, "end": 5}, "start"),
    ("span", {"label": "CLAIM", "start": 0, "end": 5, "attributes": "x"}, "attributes"),
    ("span", {"label": "CLAIM", "start": 0, "end": 5, "attributes": ["a"]}, "attributes"),
    ("patch", {}, "label"),
    ("patch", {"version": 1}, "label"),
    ("patch", {"end": False}, "end"),
    ("patch", {"end": 20, "version": "1"}, "version"),
    ("patch", {"label": None}, "label"),
    ("relation", {"from": 1, "to": 2}, "type"),
    ("relation", {"type": "CUED_BY", "from": True, "to": 2}, "from"),
    ("relation", {"type": "CUED_BY", "from": 1, "to": "2"}, "to"),
    ("relation", {"type": "CUED_BY", "from": 1, "to": HUGE}, "to"),
    ("label", {"name": "stance", "value": "NONE"}, "sentence"),
    ("label", {"sentence": "0", "name": "stance", "value": "NONE"}, "sentence"),
    ("label", {"sentence": False, "name": "stance", "value": "NONE"}, "sentence"),
    ("label", {"sentence": 0, "name": ["stance"], "value": "NONE"}, "name"),
    ("label", {"sentence": 0, "name": "stance"}, "value"),
    ("label", {"sentence": HUGE, "name": "stance", "value": "NONE"}, "sentence"),
    ("status", {}, "status"),
    ("status", {"status": 1}, "status"),
]


@pytest.mark.parametrize(("target", "body", "field"), MALFORMED)
def test_malformed_fields_are_400_naming_the_field(
    world: World, session: Any, target: str, body: dict[str, Any], field: str
) -> None:
    method, path = _targets(world)[target]
    before = _state(session)
    response = world.call("alice", method, path, body)
    assert response.status_code == 400, response.get_json()
    assert f"'{field}'" in response.get_json()["error"]["message"]
    assert _state(session) == before


def test_a_whole_number_written_with_a_point_is_an_integer(world: World) -> None:
    """JSON Schema (and so the OpenAPI document) calls 5.0 an integer: the server agrees."""
    method, path = _targets(world)["span"]  # alice has a CLAIM at [15, 31) already
    response = world.call("alice", method, path, {"label": "CLAIM", "start": 19.0, "end": 31.0})
    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["start"], response.get_json()["end"]) == (19, 31)
    assert isinstance(response.get_json()["start"], int)


# Strings that no database stores as text: PostgreSQL refuses NUL, UTF-8 a lone surrogate
# (a JSON "\\ud800" escape). Every string field says so (422: a string all the same).
UNSTORABLE = ["a\x00b", "a\ud800b"]
STRING_FIELDS = [
    ("alice", "PUT", "/documents/{doc}/note", {}, "note"),
    ("alice", "POST", "/documents/{doc}/spans", {"start": 0, "end": 5}, "label"),
    ("alice", "POST", "/tokens", {}, "name"),
    ("alice", "PUT", "/account/password", {"current_password": "x"}, "new_password"),
    ("ada", "POST", "/projects", {"slug": "fresh"}, "name"),
    ("ada", "PATCH", "/projects/demo", {}, "guidelines"),
    ("ada", "PATCH", "/projects/demo", {}, "license"),
    ("ada", "POST", "/users", {"username": "dora", "role": "annotator"}, "password"),
]


@pytest.mark.parametrize("bad", UNSTORABLE)
@pytest.mark.parametrize(("who", "method", "path", "rest", "field"), STRING_FIELDS)
def test_a_string_that_cannot_be_stored_is_422_naming_the_field(
    world: World,
    session: Any,
    who: str,
    method: str,
    path: str,
    rest: dict[str, Any],
    field: str,
    bad: str,
) -> None:
    path = path.format(doc=world.doc.id)
    response = world.call(who, method, path, {**rest, field: bad})
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["details"] == {"field": field} and f"'{field}'" in error["message"]
    session.refresh(world.project)
    schema = world.project.schema
    assert bad not in (world.project.name, schema.get("guidelines"), schema.get("license"))


RAW = [
    ("application/json", b"{", "not valid JSON: Expecting property name enclosed in double quotes"),
    ("application/json", b"[1, 2]", "must be a JSON object, not an array"),
    ("application/json", b'"text"', "must be a JSON object, not a string"),
    ("application/json", b"null", "must be a JSON object, not null"),
    ("application/json", b"\xff\xfe\x00", "not UTF-8 (byte 0xff at offset 0)"),
    (
        "text/plain",
        b'{"label": "CLAIM", "start": 0, "end": 5}',
        "must be a JSON object sent as application/json, not text/plain",
    ),
    ("application/json", b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
    # A span's fields: the span endpoints name the bad number, the others the fields they
    # do not take.
    ("application/json", b'{"label": "CLAIM", "start": NaN, "end": Infinity}', "field"),
    ("application/json", b'{"label": "CLAIM",\n "end": 5', "Expecting ',' delimiter (line 2,"),
    (
        "application/json",
        b'{"label": "CLAIM", "start": ' + b"9" * 4301 + b"}",
        "not valid JSON: a number of more than 4,300 digits (line 1, column 29)",
    ),
    ("application/json", b"", "the request body is empty"),
]


@pytest.mark.parametrize("target", ["span", "patch", "relation", "label", "status"])
@pytest.mark.parametrize(("content_type", "data", "said"), RAW)
def test_bodies_that_are_not_json_objects_are_400_saying_why(
    world: World, session: Any, target: str, content_type: str, data: bytes, said: str
) -> None:
    """What is wrong is said: "must be a JSON object" was said of them all alike."""
    method, path = _targets(world)[target]
    before = _state(session)
    response = world.client.open(
        "/api/v1" + path,
        method=method,
        data=data,
        content_type=content_type,
        headers=world.headers["alice"],
    )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "malformed"
    assert said in error["message"], error["message"]
    if said == "field":
        spans = target in ("span", "patch")
        expected = "the field 'start' must be" if spans else "unknown fields 'label', 'start'"
        assert expected in error["message"], error["message"]
    assert _state(session) == before


# -- fuzzing ------------------------------------------------------------------------------

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "CLAIM",
            "SOURCE",
            "CUE",
            "ATTRIBUTED_TO",
            "CUED_BY",
            "stance",
            "genre",
            "NONE",
            "NEWS",
            "done",
            "gold",
            "claimer",
            "REPORTED",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_small_ints = st.integers(min_value=-3, max_value=80)
_names = st.sampled_from(
    ["CLAIM", "SOURCE", "CUE", "ATTRIBUTED_TO", "CUED_BY", "stance", "genre", "bias"]
)
_values = st.sampled_from(["NONE", "FAVOR", "NEWS", "BIASED", "REPORTED", "JOURNALIST"])


def _mostly(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw a plausible value most of the time, and any JSON value otherwise."""
    return st.one_of(*[good] * 6, _json_values)


_offsets = st.integers(min_value=-1, max_value=72)
_ids = st.integers(min_value=0, max_value=3)  # the n-th span of the world (see the test)
_REQUIRED = {
    "span": {
        "label": _mostly(st.sampled_from(["CLAIM", "SOURCE", "CUE", "NOPE"])),
        "start": _mostly(_offsets),
        "end": _mostly(_offsets),
    },
    "patch": {},
    "relation": {
        "type": _mostly(st.sampled_from(["ATTRIBUTED_TO", "CUED_BY", "NOPE"])),
        "from": _mostly(_ids),
        "to": _mostly(_ids),
    },
    "label": {
        "sentence": _mostly(st.none() | st.integers(-1, 3)),
        "name": _mostly(st.sampled_from(["stance", "bias", "genre"])),
        "value": _mostly(st.none() | _values | st.lists(_values, max_size=3)),
    },
    "status": {"status": _mostly(st.sampled_from(["new", "in_progress", "done", "skipped"]))},
}
_OPTIONAL = {
    "attributes": _mostly(st.dictionaries(st.sampled_from(["claimer", "type", "x"]), _values)),
    "version": _mostly(_small_ints),
    "label": _mostly(st.sampled_from(["CLAIM", "SOURCE", "CUE", "NOPE"])),
    "start": _mostly(st.integers(min_value=-1, max_value=72)),
    "end": _mostly(st.integers(min_value=-1, max_value=72)),
    "extra": _json_values,
}
_CALLERS = [
    ("alice", ""),
    ("alice", ""),
    ("rita", "?layer=gold"),
    ("carol", ""),
    ("alice", "?layer=gold"),
]


@st.composite
def _requests(draw: Any) -> tuple[str, str, str, Any]:
    target = draw(st.sampled_from(sorted(_REQUIRED)))
    who, query = draw(st.sampled_from(_CALLERS))
    if draw(st.integers(0, 9)) == 0:
        body = draw(_json_values)  # anything at all
    else:
        required = _REQUIRED[target]
        optional = {k: v for k, v in _OPTIONAL.items() if k not in required}
        body = draw(st.fixed_dictionaries(required, optional=optional))
    return target, who, query, body


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=_requests())
def test_random_bodies_never_cause_a_server_error(
    world: World, request: tuple[str, str, str, Any]
) -> None:
    target, who, query, body = request
    method, path = _targets_once(world)[target]
    if target == "relation" and isinstance(body, dict):
        # Small ids stand for the world's spans, whose real ids vary from run to run.
        for end in ("from", "to"):
            value = body.get(end)
            if type(value) is int and 0 <= value < len(world.span_ids):  # type: ignore[attr-defined]
                body[end] = world.span_ids[value]  # type: ignore[attr-defined]
    response = world.client.open(
        "/api/v1" + path + query,
        method=method,
        data=json.dumps(body),
        content_type="application/json",
        headers=world.headers[who],
    )
    event(f"{target} {response.status_code}")
    assert response.status_code in (200, 201, 204, 400, 403, 404, 409, 422), response.get_json()
    assert response.is_json
    if response.status_code in (200, 201) and target in ("span", "patch"):
        span = response.get_json()
        assert span["text"] == world.doc.text[span["start"] : span["end"]]


def _targets_once(world: World) -> dict[str, tuple[str, str]]:
    # Hypothesis runs many examples on one world: make the spans the first time only.
    if not hasattr(world, "targets"):
        world.targets = _targets(world)  # type: ignore[attr-defined]
    return world.targets  # type: ignore[attr-defined]
