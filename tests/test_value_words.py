"""A multi-valued value as pages say it: its set joined by " + ".

The review page printed Python's list (``framing = ['LOADED', 'FRAMING']``) beside cards that
said ``alice=LOADED, FRAMING, bob=FRAMING``, where one comma parts the values and the next the
annotators. Both now say ``LOADED + FRAMING``.
"""

from __future__ import annotations

from typing import Any

from annotator.core.wording import value_words
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.review.differences import document_differences
from annotator.services.review.layers import document_layers
from tests.helpers import login, review_team

SCHEMA = {
    "name": "Framing",
    "span_labels": [{"name": "CLAIM"}],
    "sentence_labels": [
        {"name": "framing", "values": ["LOADED", "FRAMING", "OMISSION"], "multiple": True}
    ],
}


def test_a_set_is_joined_by_plus_and_anything_else_is_its_text() -> None:
    assert value_words(["LOADED", "FRAMING"]) == "LOADED + FRAMING"
    assert value_words("FAVOR") == "FAVOR"
    assert value_words(True) == "True"


def test_the_review_says_each_annotators_set_apart(
    session: Any, client: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    project = make_project("framing", SCHEMA)
    document = make_document(project, "The minister spoke. Nobody listened.", "d1")
    users = review_team(make_user, assign, document)
    set_label(
        session,
        open_layer(session, users["alice"], document, None),
        0,
        "framing",
        ["FRAMING", "LOADED"],
    )
    set_label(session, open_layer(session, users["bob"], document, None), 0, "framing", ["FRAMING"])
    session.commit()
    (difference,) = document_differences(session, document, document_layers(session, document))
    assert difference.summary == "framing: alice=LOADED + FRAMING, bob=FRAMING"
    login(client, "rita")
    page = client.get(f"/projects/framing/review/{document.id}").get_data(as_text=True)
    assert "framing = LOADED + FRAMING" in page
    assert "[&#39;" not in page and "['" not in page
