"""JSON text by encoders built once (annotator.core.json_text): the text json.dumps writes.

A span write encodes its attributes, its history snapshot and its answer; each encoder here
must write what ``JSONEncoder(<the same options>).encode`` writes, to the character.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from annotator.core import json_text

VALUES: list[Any] = [
    {},
    [],
    {"label": "CLAIM", "start": 12, "end": 30, "attributes": {"claimer": "JOURNALIST"}},
    {"b": [1, 2.5, None, True, False], "a": {"z": "ünïcode ✓ 🦜", "y": 'a "quote" \\ \n'}},
    ("a tuple", 1),
    "text alone",
    -(2**80),
    float("nan"),
    None,
]
OPTIONS: list[dict[str, Any]] = [
    {},
    {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True},
    {"ensure_ascii": True, "separators": (",", ":"), "sort_keys": False},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_an_encoder_writes_what_json_dumps_writes(options: dict[str, Any]) -> None:
    encode = json_text.encoder(**options)
    for value in VALUES:
        assert encode(value) == json.dumps(value, **options)


def test_a_value_json_cannot_write_is_refused_or_given_to_default() -> None:
    with pytest.raises(TypeError, match="datetime is not JSON serializable"):
        json_text.encoder()({"at": datetime(2026, 12, 5, tzinfo=UTC)})
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        json_text.encoder(sort_keys=True)([{1, 2}])
    encode = json_text.encoder(default=lambda value: value.isoformat())
    assert (
        encode({"at": datetime(2026, 12, 5, tzinfo=UTC)}) == '{"at": "2026-12-05T00:00:00+00:00"}'
    )


def test_an_encoder_can_be_used_again_after_a_refusal() -> None:
    encode = json_text.encoder(sort_keys=True)
    with pytest.raises(TypeError):
        encode({"a": [object()]})
    assert encode({"b": [1], "a": {}}) == '{"a": {}, "b": [1]}'


def test_an_answer_follows_the_providers_settings(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The app's provider keeps its encoder until a setting changes (annotator.web.flask_app).
    provider = app.json
    with app.test_request_context():
        answer = provider.response({"b": 1, "a": "é"})
        assert answer.get_data(as_text=True) == '{"a":"\\u00e9","b":1}\n'
        monkeypatch.setattr(provider, "sort_keys", False)
        monkeypatch.setattr(provider, "ensure_ascii", False)
        assert provider.response({"b": 1, "a": "é"}).get_data(as_text=True) == '{"b":1,"a":"é"}\n'
        monkeypatch.setattr(provider, "compact", False)
        assert provider.response({"b": 1}).get_data(as_text=True) == '{\n  "b": 1\n}\n'
        monkeypatch.setattr(provider, "compact", None)
        monkeypatch.setattr(provider, "mimetype", "text/json")
        assert provider.response([1]).content_type == "text/json; charset=utf-8"


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), (({"a": 1},), {}), ((1, "two", None), {}), ((), {"b": 2, "a": [1]}), ((None,), {})],
)
def test_an_answer_holds_what_flasks_own_provider_answers(
    app: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    # One value as itself, several as a list, keywords as an object, nothing as null: the
    # answer's text is the one Flask's provider writes for the same call.
    from flask.json.provider import DefaultJSONProvider

    flasks = DefaultJSONProvider(app)
    flasks.compact = True
    with app.test_request_context():
        ours = app.json.response(*args, **kwargs).get_data(as_text=True)
        assert ours == flasks.response(*args, **kwargs).get_data(as_text=True)
        with pytest.raises(TypeError):
            app.json.response(1, a=2)
