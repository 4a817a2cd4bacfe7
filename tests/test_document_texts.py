"""A span write takes its document's text from the process when the row's hash says it is
the one kept (annotator.services.annotation.document_texts), and reads it otherwise.

The text is never edited and its row holds its SHA-256, so the kept text is the row's. The
first test breaks that on purpose (a text changed behind the app's back, its hash left) to
see which text a write used; each test starts and ends with nothing kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import update

from annotator.core.text import content_hash
from annotator.engine import get_engine
from annotator.models import Document
from annotator.services.annotation import document_texts

# A character outside the BMP first: offsets count code points (CONTRACT section 1).
TEXT = "🦜 Who said it? Nobody knows. The minister denied it."


@pytest.fixture(autouse=True)
def _nothing_kept() -> Iterator[None]:
    document_texts.forget_all()
    yield
    document_texts.forget_all()


def _post(client: Any, setup: dict[str, Any], start: int, end: int) -> Any:
    return client.post(
        f"/api/v1/documents/{setup['document_id']}/spans",
        json={"label": "CLAIM", "start": start, "end": end},
        headers=setup["alice"],
    )


def _store(app: Any, document_id: int, text: str, hashed: str) -> None:
    with get_engine(app).begin() as connection:
        connection.execute(
            update(Document)
            .where(Document.id == document_id)
            .values(text=text, content_hash=hashed)
        )


def test_a_kept_text_is_not_read_again(app: Any, client: Any, make_span_writers: Any) -> None:
    setup = make_span_writers(TEXT)
    start = TEXT.index("Nobody")
    assert _post(client, setup, start, start + 6).get_json()["text"] == "Nobody"
    # Another text under the same hash: the write still answers with the kept one.
    _store(app, setup["document_id"], TEXT.upper(), content_hash(TEXT))
    answer = _post(client, setup, start + 7, start + 12).get_json()
    assert answer["text"] == "knows"


def test_a_text_of_another_hash_is_read(app: Any, client: Any, make_span_writers: Any) -> None:
    setup = make_span_writers(TEXT)
    assert _post(client, setup, 0, 1).get_json()["text"] == "🦜"
    # Another document under the same id (SQLite may give a deleted one's id again).
    other = "Short one."
    _store(app, setup["document_id"], other, content_hash(other))
    assert _post(client, setup, 0, 5).get_json()["text"] == "Short"
    refused = _post(client, setup, 6, len(TEXT))
    assert refused.status_code == 422
    assert f"<= {len(other)}" in refused.get_json()["error"]["message"]


def test_the_characters_kept_are_bounded(monkeypatch: Any) -> None:
    monkeypatch.setattr(document_texts, "MOST_CHARACTERS", 10)
    for number, text in enumerate(["abcd", "efgh", "ijkl"], start=1):
        assert document_texts.document_text(number, None, content_hash(text), text) == text
    # The oldest went first, to keep 8 characters of the 12.
    assert document_texts.kept_text(1) is None
    assert document_texts.kept_text(2) == (content_hash("efgh"), "efgh")
    assert document_texts.kept_text(3) == (content_hash("ijkl"), "ijkl")
    # A text longer than the whole allowance is used, not kept.
    long = "x" * 11
    assert document_texts.document_text(4, None, content_hash(long), long) == long
    assert document_texts.kept_text(4) is None
