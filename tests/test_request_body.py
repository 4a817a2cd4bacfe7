"""A request body of known length, read in one call (annotator.web.request_body).

The outcomes are Werkzeug's own: the body as sent, a 400 when the client sends less than
its Content-Length says, a 413 over the upload limit, and a stream read to its end.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType


class Trickle(io.RawIOBase):
    """A client's stream that hands over a few bytes per read, as a slow socket may."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step = data, step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        taken = self.data[: min(self.step, len(buffer))]
        self.data = self.data[len(taken) :]
        buffer[: len(taken)] = taken
        return len(taken)


def _request(app: Any, body: Any, length: int) -> Any:
    environ = {"CONTENT_LENGTH": str(length), "CONTENT_TYPE": "application/json"}
    return app.test_request_context(
        "/api/v1/health", method="POST", environ_overrides={"wsgi.input": body, **environ}
    )


def test_a_body_is_read_whole_even_in_small_pieces(app: Any) -> None:
    sent = b'{"label": "CLAIM", "start": 0, "end": 3}'
    with _request(app, Trickle(sent, 7), len(sent)) as context:
        assert context.request.get_json() == {"label": "CLAIM", "start": 0, "end": 3}
        assert context.request.get_data() == sent
        assert context.request.stream.read() == b""


def test_a_body_shorter_than_its_length_is_a_bad_request(app: Any) -> None:
    with _request(app, io.BytesIO(b'{"label": "CL'), 40) as context, pytest.raises(BadRequest):
        context.request.get_data()


def test_a_body_over_the_limit_is_too_large(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 10)
    with _request(app, io.BytesIO(b"x" * 20), 20) as context, pytest.raises(RequestEntityTooLarge):
        context.request.get_data()


def _typed(app: Any, body: bytes, content_type: str) -> Any:
    environ = {"CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": content_type}
    return app.test_request_context(
        "/api/v1/health",
        method="POST",
        environ_overrides={"wsgi.input": io.BytesIO(body), **environ},
    )


SPAN = b'{"label": "CLAIM", "start": 0, "end": 3, "attributes": {"note": "\\u00e9"}}'
PARSED = {"label": "CLAIM", "start": 0, "end": 3, "attributes": {"note": "é"}}


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",  # the usual spelling, parsed by the app's request class
        "application/json; charset=utf-8",  # the others, by Werkzeug
        "Application/JSON",
        "application/vnd.annotator+json",
    ],
)
def test_a_json_body_is_parsed_once_for_every_kind_of_call(app: Any, content_type: str) -> None:
    with _typed(app, SPAN, content_type) as context:
        request = context.request
        first = request.get_json(silent=True)
        assert first == PARSED
        # Kept, as Werkzeug keeps it: the same value again, silent or not, and as .json.
        assert request.get_json() is first
        assert request.json is first
        assert request.get_data() == SPAN


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_body_of_another_type_is_not_json(app: Any, content_type: str) -> None:
    with _typed(app, SPAN, content_type) as context:
        assert context.request.get_json(silent=True) is None
        with pytest.raises(UnsupportedMediaType):
            context.request.get_json()
        assert context.request.get_json(force=True) == PARSED


@pytest.mark.parametrize("body", [b'{"label": "CL', b"", b"\xff\xfe{", b"[1, 2"])
def test_a_json_body_that_does_not_parse_is_none_or_a_bad_request(app: Any, body: bytes) -> None:
    with _typed(app, body, "application/json") as context:
        assert context.request.get_json(silent=True) is None
        with pytest.raises(BadRequest):
            context.request.get_json()
        assert context.request.get_json(silent=True) is None


def test_a_json_body_nested_too_deeply_raises_recursion(app: Any) -> None:
    # As json.loads raises it (not a ValueError); annotator.api turns it into a 400.
    deep = b"[" * 100_000 + b"]" * 100_000
    with _typed(app, deep, "application/json") as context, pytest.raises(RecursionError):
        context.request.get_json(silent=True)


def test_a_json_body_is_parsed_by_the_apps_provider(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Loud(type(app.json)):  # type: ignore[misc]
        def loads(self, s: Any, **kwargs: Any) -> Any:
            return {"parsed by": "the app", **super().loads(s, **kwargs)}

    monkeypatch.setattr(app, "json", Loud(app))  # the app is the run's: put back after
    with _typed(app, b'{"start": 1}', "application/json") as context:
        assert context.request.get_json() == {"parsed by": "the app", "start": 1}


def test_a_body_over_a_limit_of_the_request_is_too_large(app: Any) -> None:
    # Flask's request may hold its own limit, ahead of the app's setting.
    with _typed(app, SPAN, "application/json") as context:
        context.request.max_content_length = 10
        with pytest.raises(RequestEntityTooLarge):
            context.request.get_json(silent=True)


def test_a_request_outside_an_app_reads_and_parses_its_body() -> None:
    from annotator.web.request_body import BodyRequest

    environ = {
        "REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(SPAN)), "wsgi.input": io.BytesIO(SPAN),
    }  # fmt: skip
    assert BodyRequest(environ).get_json() == PARSED


def test_a_json_body_read_without_cache_is_not_kept(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[Any] = []

    class Counting(type(app.json)):  # type: ignore[misc]
        def loads(self, s: Any, **kwargs: Any) -> Any:
            parsed.append(s)
            return super().loads(s, **kwargs)

    monkeypatch.setattr(app, "json", Counting(app))
    with _typed(app, SPAN, "application/json") as context:
        # The body itself kept first: a body read without cache is gone, in Werkzeug too.
        assert context.request.get_data() == SPAN
        assert context.request.get_json(cache=False) == PARSED
        assert context.request.get_json() == PARSED  # parsed again: the first was not kept
        assert context.request.get_json(silent=True) == PARSED  # this one was
    assert len(parsed) == 2


def test_a_limit_of_the_request_comes_before_the_apps(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1234)
    with _typed(app, SPAN, "application/json") as context:
        request = context.request
        assert request.max_content_length == 1234
        request.max_content_length = 99
        assert request.max_content_length == 99
        request.max_content_length = None  # back to the app's setting, as Flask has it
        assert request.max_content_length == 1234
