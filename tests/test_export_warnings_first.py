"""The export page asks what a download will leave out before the click, and posts a split file.

``/projects/<slug>/export/warnings`` answers, as JSON, the warnings the API's download of the
same choices carries in ``X-Annotator-Warnings`` (the one count, made before the first byte;
the page's own download does not count again what the page said before the click), the
format's line of what it has no room for, and a split's documents per split: without the
file, so that every download can be the browser's own request, streamed to disk. A POST of
the form with an earlier export's ``meta.json`` (``split_from``) downloads a zip whose
documents keep that split; a bad file is refused on the page, naming the problem.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from annotator.core.formats import get_format
from annotator.core.formats.left_out import no_room_said
from annotator.views.export import FILE_NOT_SENT
from tests.export_world import GOLD_NOT_FINAL, World, build_world
from tests.helpers import csrf_token_from, login
from tests.split_filter_world import KEPT, SPLIT, build_split_world, split_of, zip_files

BRAT_LABELS = [
    "3 document label values (genre) not written: brat has no room for them",
    GOLD_NOT_FINAL,
    "4 sentence label values (bias, stance) not written: brat has no room for them",
]
#: KEPT as the page is answered it: in the spec's order.
SPLIT_KEPT = [{"name": name, "documents": n} for name, n in KEPT.items()]
EMPTIED = "1 split left with no document by the filter gold status final: test"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


@pytest.fixture
def split_world(session, make_user, make_project, make_document, assign) -> dict[str, str]:  # noqa: ANN001
    return build_split_world(session, make_user, make_project, make_document, assign)


@pytest.mark.parametrize(
    "query",
    [
        {"format": "brat"},
        {"format": "conll", "layer": "alice"},
        {"format": "doccano"},
        {"format": "sentences", "status": "done"},
        {"format": "jsonl"},
    ],
)
def test_the_warnings_are_those_the_api_download_carries(client, world, query, make_token) -> None:
    login(client, "rita")
    answer = client.get("/projects/src/export/warnings", query_string=query)
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    download = client.get(
        "/api/v1/projects/src/export", query_string=query, headers=make_token(world.users["rita"])
    )
    assert download.status_code == 200
    carried = download.headers.get("X-Annotator-Warnings")
    assert answer.json["warnings"] == ([] if carried is None else json.loads(carried))
    fmt = get_format(query["format"])
    assert fmt is not None
    assert answer.json["no_room"] == (no_room_said(fmt) or None)
    assert answer.json["split"] is None
    if query["format"] == "brat":
        assert answer.json["warnings"] == BRAT_LABELS


def test_a_split_says_its_documents_and_what_the_filters_emptied(client, split_world) -> None:
    login(client, "rita")
    query = {"format": "jsonl", "split": SPLIT, "gold_status": "final"}
    answer = client.get("/projects/news/export/warnings", query_string=query)
    assert answer.status_code == 200
    assert answer.json == {"warnings": [EMPTIED], "no_room": None, "split": SPLIT_KEPT}


@pytest.mark.parametrize(
    ("query", "field", "said"),
    [
        ({"format": "conll", "split": "train=0.5"}, "split", "sum to 0.5, not 1"),
        ({"format": "nope"}, "format", "Not a valid choice"),
        ({"format": "jsonl", "seed": "abc"}, "seed", "Seed: "),
        ({"format": "jsonl", "documents": "doc-emoji,doc-none"}, "documents", "doc-none"),
    ],
)
def test_a_refused_choice_is_said_with_its_field(client, world, query, field, said) -> None:
    login(client, "rita")
    answer = client.get("/projects/src/export/warnings", query_string=query)
    assert answer.status_code == 422
    error = answer.json["error"]
    assert error["details"]["field"] == field
    assert said in error["message"]


def test_only_those_who_may_export_are_answered(client, world) -> None:
    anonymous = client.get("/projects/src/export/warnings", query_string={"format": "brat"})
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    login(client, "alice")
    refused = client.get("/projects/src/export/warnings", query_string={"format": "brat"})
    assert refused.status_code == 403


def _released(client: Any) -> bytes:
    """Download a split export by the page's GET; return its zip's meta.json."""
    response = client.get("/projects/news/export", query_string={"format": "jsonl", "split": SPLIT})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.get_data())).read("meta.json")


def _form(token: str, meta: bytes, name: str = "meta.json", **choices: str) -> dict[str, Any]:
    """The export form as the page's script posts it with a split file."""
    sent = {"format": "jsonl", "layer": "all", "seed": "13", "split": "", "group_by": ""}
    sent.update(choices)
    return {**sent, "csrf_token": token, "split_from": (io.BytesIO(meta), name)}


def _token(client: Any) -> str:
    return csrf_token_from(client.get("/projects/news/export").get_data(as_text=True))


def test_a_posted_split_file_downloads_the_same_split(client, split_world) -> None:
    login(client, "rita")
    meta = _released(client)
    response = client.post(
        "/projects/news/export",
        data=_form(_token(client), meta),
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert split_of(zip_files(response.get_data())) == split_world
    header = json.loads(response.headers["X-Annotator-Export"])
    assert header["split"]["split_from"] == {"gone": []}
    # What it will warn of, asked with the file before the click.
    answer = client.post(
        "/projects/news/export/warnings",
        data=_form(_token(client), meta, gold_status="final"),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200
    assert answer.json["warnings"] == [EMPTIED] and answer.json["split"] == SPLIT_KEPT


def test_a_split_file_with_the_seed_emptied_takes_the_file_s_seed(client, split_world) -> None:
    """An emptied Seed field is left out, as the default left unchanged is: the file's seed
    (7 here) is the split's, not a clash with the default 13."""
    login(client, "rita")
    released = client.get(
        "/projects/news/export", query_string={"format": "jsonl", "split": SPLIT, "seed": "7"}
    )
    meta = zipfile.ZipFile(io.BytesIO(released.get_data())).read("meta.json")
    for seed in ("", "13"):
        response = client.post(
            "/projects/news/export",
            data=_form(_token(client), meta, seed=seed),
            content_type="multipart/form-data",
        )
        assert response.status_code == 200, (seed, response.get_data(as_text=True)[:300])
        header = json.loads(response.headers["X-Annotator-Export"])
        assert header["split"]["seed"] == 7


@pytest.mark.parametrize(
    ("meta", "said"),
    [
        (b'{"format": "jsonl"}', "has no split"),
        (b"not json", "is not JSON"),
        (b"\xff\xfe{", "meta.json is not UTF-8 text"),
    ],
)
def test_a_bad_split_file_is_refused_naming_the_problem(client, split_world, meta, said) -> None:
    login(client, "rita")
    response = client.post(
        "/projects/news/export",
        data=_form(_token(client), meta),
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert "Content-Disposition" not in response.headers
    html = response.get_data(as_text=True)
    errors = html[html.index('id="split_from-errors"') :]
    assert said in errors[: errors.index("</ul>")]
    answer = client.post(
        "/projects/news/export/warnings",
        data=_form(_token(client), meta),
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert answer.json["error"]["details"]["field"] == "split_from"
    assert said in answer.json["error"]["message"]


def test_a_split_file_post_needs_the_csrf_token(client, split_world) -> None:
    login(client, "rita")
    meta = _released(client)
    sent = _form("", meta)
    del sent["csrf_token"]
    response = client.post("/projects/news/export", data=sent, content_type="multipart/form-data")
    assert response.status_code in (400, 403)
    assert "Content-Disposition" not in response.headers


def test_a_file_named_in_a_query_is_refused_under_its_field(client, split_world) -> None:
    # A form sent with GET (no script) carries the file's name only.
    login(client, "rita")
    query = {"format": "jsonl", "split_from": "meta.json"}
    response = client.get("/projects/news/export", query_string=query)
    # A refused form answers 400, as every page form does.
    assert response.status_code == 400 and "Content-Disposition" not in response.headers
    assert FILE_NOT_SENT.replace("'", "&#39;") in response.get_data(as_text=True)
    # An empty file field (the form's, with no file chosen) is no file at all.
    empty = client.get("/projects/news/export", query_string={"format": "jsonl", "split_from": ""})
    assert empty.status_code == 200 and empty.mimetype == "application/x-ndjson"
