"""Each path a history row can name is said in plain words, from one map, and the API
document lists the same paths the database takes."""

from __future__ import annotations

from annotator.api.openapi_history import CHANGE
from annotator.core.history import SOURCES, path_words


def test_every_source_has_plain_words() -> None:
    said = {source: path_words(source) for source in SOURCES}
    assert said["schema"] == "schema rename"
    assert said["merge"] == "copies merge"
    assert said["sentence-edit"] == "sentence edit"
    assert said["reviewer"] == "reviewer"
    # Every path its own words: none taken for another.
    assert len(set(said.values())) == len(SOURCES)
    assert all(words and "-" not in words for words in said.values())


def test_a_source_the_map_does_not_know_is_said_as_stored() -> None:
    assert path_words("something-new") == "something-new"


def test_the_api_document_lists_every_source() -> None:
    assert CHANGE["properties"]["source"]["enum"] == list(SOURCES)
    summary = CHANGE["properties"]["summary"]
    assert "path" in summary["required"]
