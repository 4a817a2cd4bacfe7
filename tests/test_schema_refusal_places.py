"""A refused schema says where the problem is as data, in the API's 422 ``details``: the
entry's list, position and name, the attribute within a span label, the setting and value."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from annotator.core.errors import SchemaError
from annotator.core.label_schema import validate_schema
from annotator.core.schema_place import Place, said_on_page
from annotator.core.schema_text import entry_line
from tests.conftest import SEED_SCHEMA
from tests.extras import need

Change = Callable[[dict[str, Any]], Any]


def _entry(kind: str | None, index: int | None, name: str | None, **more: Any) -> dict[str, Any]:
    return {"entry": kind, "index": index, "name": name, "attribute": None} | more


#: A change to the seed schema, and where the refusal of it is.
REFUSALS: list[tuple[str, Change, dict[str, Any]]] = [
    (
        "a colour",
        lambda s: s["span_labels"][2].update(color="red"),
        _entry("span_labels", 2, "CUE", setting="color"),
    ),
    (
        "a description that cannot be stored",
        lambda s: s["span_labels"][1].update(description="nul \x00 here"),
        _entry("span_labels", 1, "SOURCE", setting="description"),
    ),
    (
        "an attribute's values",
        lambda s: s["span_labels"][0]["attributes"][0].update(values=[]),
        _entry("span_labels", 0, "CLAIM", attribute={"index": 0, "name": "claimer"})
        | {"setting": "values"},
    ),
    (
        "a relation type's end",
        lambda s: s["relation_types"][1].update(to=["SPEAKER"]),
        _entry("relation_types", 1, "CUED_BY", setting="to"),
    ),
    (
        "a value said twice",
        lambda s: s["sentence_labels"][1].update(values=["FAVOR", "NONE", "FAVOR"]),
        _entry("sentence_labels", 1, "stance", setting="values", value="FAVOR"),
    ),
    (
        "a name said twice: at the second entry",
        lambda s: s["document_labels"].append({"name": "genre", "values": ["X"]}),
        _entry("document_labels", 1, "genre", setting="name"),
    ),
    (
        "a value's key taken by a span label",
        lambda s: s["sentence_labels"][1].update(keys=["f", "c", None]),
        _entry("sentence_labels", 1, "stance", setting="keys", value="AGAINST", key="c")
        | {"taken_by": _entry("span_labels", 0, "CLAIM", setting="key")},
    ),
    (
        "a value's key taken by another value's",
        lambda s: s["sentence_labels"][2].update(keys=["a", None]),
        _entry("sentence_labels", 2, "bias", setting="keys", value="BIASED", key="a")
        | {"taken_by": _entry("sentence_labels", 1, "stance", setting="keys", value="AGAINST")},
    ),
    (
        "an entry with no name",
        lambda s: s["sentence_labels"][2].pop("name"),
        _entry("sentence_labels", 2, None, setting="name"),
    ),
    (
        "a setting of the schema itself",
        lambda s: s.update(queue_order="random"),
        _entry(None, None, None, setting="queue_order"),
    ),
]


def _broken(change: Change) -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    change(schema)
    return schema


@pytest.mark.parametrize(
    ("change", "details"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_the_api_answers_where_a_refused_schema_is_wrong(
    client: Any, make_project: Any, admin_headers: dict[str, str], change: Change, details: Any
) -> None:
    make_project("demo")
    answer = client.patch(
        "/api/v1/projects/demo", json={"schema": _broken(change)}, headers=admin_headers
    )
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert error["code"] == "invalid_schema"
    assert error["details"] == details
    # The words say the same place: the message starts with it.
    place = Place(details["entry"], details["index"], details["name"])
    if details["attribute"] is not None:
        place = place.attribute_at(details["attribute"]["index"], details["attribute"])
    if "twice" not in error["message"]:  # said of the list, the place being the second
        assert error["message"].startswith(f"{place}"), error["message"]


def test_a_new_project_s_refused_schema_says_where_too(
    client: Any, admin_headers: dict[str, str]
) -> None:
    schema = {"span_labels": [{"name": "A"}, {"name": "B", "key": "jj"}]}
    answer = client.post(
        "/api/v1/projects", json={"slug": "x", "name": "X", "schema": schema}, headers=admin_headers
    )
    assert answer.status_code == 422
    details = _entry("span_labels", 1, "B", setting="key", key="jj")
    assert answer.get_json()["error"]["details"] == details


@pytest.mark.parametrize(
    ("raw", "entry", "setting"),
    [
        (["CLAIM"], None, None),
        ({"span_labels": {}}, None, "span_labels"),
        ({"span_labels": ["CLAIM"]}, "span_labels", None),
        ({"span_labels": [{"name": "A", "colour": "#ffffff"}]}, "span_labels", "colour"),
        ({"span_labels": [{"name": "A", "attributes": "x"}]}, "span_labels", "attributes"),
        ({"relation_types": [{"name": "R", "from": [], "to": ["A"]}]}, "relation_types", "from"),
        (
            {
                "span_labels": [{"name": "A"}],
                "relation_types": [{"name": "R", "from": ["A"], "to": ["A"], "max_per_source": 0}],
            },
            "relation_types",
            "max_per_source",
        ),
        (
            {"sentence_labels": [{"name": "s", "values": ["A"], "keys": ["j"]}]},
            "sentence_labels",
            "keys",
        ),
        (
            {"document_labels": [{"name": "d", "values": ["A"], "multiple": "yes"}]},
            "document_labels",
            "multiple",
        ),
        (
            {"document_labels": [{"name": "d", "values": ["A"], "target": 3}]},
            "document_labels",
            "target",
        ),
        ({"train_every": -1}, None, "train_every"),
        ({"license": "x" * 201}, None, "license"),
    ],
)
def test_every_kind_of_refusal_carries_its_place(raw: Any, entry: Any, setting: Any) -> None:
    """The schema's own settings' refusals too: every key there, the entry's list and the
    setting as the schema names them."""
    with pytest.raises(SchemaError) as caught:
        validate_schema(raw)
    details = caught.value.details
    assert isinstance(details, dict)
    assert {"entry", "index", "name", "attribute", "setting"} <= set(details)
    assert (details["entry"], details["setting"]) == (entry, setting)
    assert (details["index"] is None) == (entry is None)


def test_the_details_match_the_described_schema_place(
    client: Any, make_project: Any, admin_headers: dict[str, str]
) -> None:
    """The OpenAPI description the app serves says the shape every example above answers."""
    validators = need("openapi_schema_validator")
    make_project("demo")
    components = client.get("/api/v1/openapi.json").get_json()["components"]
    described = {"$ref": "#/components/schemas/SchemaPlace", "components": components}
    for _about, change, _details in REFUSALS:
        answer = client.patch(
            "/api/v1/projects/demo", json={"schema": _broken(change)}, headers=admin_headers
        )
        validators.validate(
            answer.get_json()["error"]["details"], described, cls=validators.OAS31Validator
        )


def _refused(change: Change) -> SchemaError:
    with pytest.raises(SchemaError) as caught:
        validate_schema(_broken(change))
    return caught.value


@pytest.mark.parametrize(
    ("change", "details"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_the_reason_is_the_message_after_its_place(change: Change, details: Any) -> None:
    """What a page says beside its own words for the place: the message, the place left out
    (the message itself, which the API and the command line say, is as it was)."""
    error = _refused(change)
    assert error.message.endswith(f": {error.reason}"), (error.message, error.reason)
    if "taken_by" in error.details:
        return  # the key's first owner is said in the message's notation: pages say it anew
    for notation in ("span_labels[", "sentence_labels[", "document_labels[", "the schema"):
        assert notation not in error.reason, error.reason


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda s: s["span_labels"][2].update(color="red"), "span label CUE: color must look"),
        (
            lambda s: s["sentence_labels"][1].update(keys=["f", "c", None]),
            "sentence label stance, value AGAINST: key 'c' is already used by span label CLAIM",
        ),
        (
            lambda s: s["sentence_labels"][2].update(keys=["a", None]),
            "sentence label bias, value BIASED: key 'a' is already used by sentence label "
            "stance, value AGAINST",
        ),
        (
            lambda s: s["span_labels"][0]["attributes"][0].update(values=[]),
            "span label CLAIM, attribute claimer: 'values' must be a non-empty list",
        ),
        (
            lambda s: s["relation_types"][1].update(to=["SPEAKER"]),
            "relation type CUED_BY: 'to' names unknown span labels ['SPEAKER']",
        ),
        (lambda s: s["sentence_labels"][2].pop("name"), "sentence label number 3: 'name' must"),
        (lambda s: s.update(queue_order="random"), "'queue_order' must be one of"),
        (
            lambda s: s.update(roles={"CLAIM": "CUED_BY"}),
            "role CLAIM: names the relation type 'CUED_BY'; CLAIM is played by a span label",
        ),
        (lambda s: s.update(roles={"CLAIM": 3}), "role CLAIM: must be the name of a span label"),
        (
            lambda s: s.update(roles={"CLAIM": "CLAIM", "SOURCE": "CLAIM"}),
            "role CLAIM: 'CLAIM' is given two roles, SOURCE and CLAIM; a label plays one",
        ),
    ],
)
def test_a_page_says_the_place_in_its_words(change: Change, said: str) -> None:
    """Every class of refusal, its place said from the details as pages name entries."""
    assert said_on_page(_refused(change)).startswith(said)


def test_the_line_an_entry_starts_on_is_found_in_json_and_yaml() -> None:
    text = '{"span_labels": [\n  {"name": "A"},\n  {\n    "name": "B",\n    "attributes": [\n'
    text += '      {"name": "x", "values": []}]}]}'
    assert entry_line(text, _entry("span_labels", 1, "B")) == 3
    at_attribute = _entry("span_labels", 1, "B", attribute={"index": 0, "name": "x"})
    assert entry_line(text, at_attribute) == 6
    assert entry_line("span_labels:\n- name: A\n- name: B\n", _entry("span_labels", 1, "B")) == 3
    assert entry_line(text, _entry(None, None, None)) is None
    assert entry_line(text, _entry("span_labels", 5, None)) is None  # no such entry
    assert entry_line('{\t"span_labels": [}', _entry("span_labels", 0, "A")) is None
