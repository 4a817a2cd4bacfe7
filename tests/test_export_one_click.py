"""The export page downloads at the first click, and says what a format loses before it.

A format that cannot hold everything (brat, CoNLL, doccano, sentences...) is named beside the
format choice with what it has no room for, a line read from the format's own account of
what it leaves out (the one that counts the warnings): there before any click. The download
then starts at once, even without JavaScript. How many of each the file leaves out is said
once, before the click (tests/test_export_warnings_first.py): the download does not count it
again for a header no browser shows.
"""

from __future__ import annotations

import json
import re

import pytest

from annotator.core.formats import FORMAT_NAMES, get_format
from annotator.core.formats.left_out import no_room_for, no_room_said
from tests.export_world import GOLD_NOT_FINAL, World, build_world
from tests.helpers import login

BRAT_LABELS = [
    "3 document label values (genre) not written: brat has no room for them",
    GOLD_NOT_FINAL,
    "4 sentence label values (bias, stance) not written: brat has no room for them",
]


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def _nouns(name: str) -> list[str]:
    fmt = get_format(name)
    assert fmt is not None
    return [kind.many for kind in no_room_for(fmt)]


def test_what_each_format_has_no_room_for_is_read_from_its_own_account() -> None:
    assert _nouns("jsonl") == []
    assert _nouns("brat") == [
        "sentence label values",
        "document label values",
        "annotators' notes on the document",
        "document titles",
        "document meta fields",
    ]
    assert _nouns("conll") == [
        "span attribute values",
        "relations",
        "notes",
        "annotators' notes on the document",
        "label values' models and scores",
    ]
    assert _nouns("sentences") == ["relations", "annotators' notes on the document"]
    # doccano's relation lines hold relations, its sequence labelling lines do not.
    assert "relations" in _nouns("doccano") and "relations" not in _nouns("doccano-relations")
    sentences = get_format("sentences")
    assert sentences is not None
    assert no_room_said(sentences) == (
        "sentences has no room for relations and annotators' notes on the document"
    )


def test_the_page_names_what_each_format_loses_before_any_click(client, world) -> None:
    login(client, "rita")
    page = client.get("/projects/src/export")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    losses = re.search(r'<ul[^>]*id="format-losses"[^>]*>(.*?)</ul>', html, re.S)
    assert losses is not None
    lines = dict(re.findall(r'<li[^>]*data-format="([^"]+)"[^>]*>(.*?)</li>', losses.group(1)))
    for name in FORMAT_NAMES:
        fmt = get_format(name)
        assert fmt is not None
        if no_room_for(fmt):
            assert no_room_said(fmt).replace("'", "&#39;") in lines[name], name
        else:
            assert name not in lines
    assert "brat" in lines and "conll" in lines and "jsonl" not in lines


def test_a_lossy_format_downloads_at_the_first_request_counted_once(client, world) -> None:
    login(client, "rita")
    asked = client.get("/projects/src/export/warnings", query_string={"format": "brat"})
    assert asked.json["warnings"] == BRAT_LABELS  # said before the click
    response = client.get("/projects/src/export", query_string={"format": "brat"})
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.get_data()
    assert "X-Annotator-Warnings" not in response.headers  # not counted again
    # As the page's form sends it, every field and the button's name with it.
    as_the_form_sends = {
        "format": "doccano",
        "layer": "alice",
        "status": "",
        "gold_status": "",
        "documents": "",
        "split": "",
        "seed": "13",
        "group_by": "",
        "submit": "Download",
    }
    response = client.get("/projects/src/export", query_string=as_the_form_sends)
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert {line["annotator"] for line in lines} == {"alice"}
    assert "X-Annotator-Warnings" not in response.headers
    # A lossless format says nothing.
    jsonl = client.get("/projects/src/export", query_string={"format": "jsonl"})
    assert jsonl.mimetype == "application/x-ndjson" and "X-Annotator-Warnings" not in jsonl.headers


def test_a_refused_choice_still_shows_the_page(client, world) -> None:
    login(client, "rita")
    response = client.get("/projects/src/export", query_string={"format": "brat", "split": "x"})
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert 'id="format-losses"' in response.get_data(as_text=True)
