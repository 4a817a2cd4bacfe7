"""A request body of known length, read in one call (annotator.web.request_body).

The outcomes are Werkzeug's own: the body as sent, a 400 when the client sends less than
its Content-Length says, a 413 over the upload limit, and a stream read to its end.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge


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
