"""The import's messages that ask for another way in say it in the words of the face used.

A JSON record inside a CoNLL file is pointed at the plain import: ``--format`` on the command
line, the project page's form on the corpus page, the ``format`` field over the API. The
project page's plain upload has no annotator or create-users field, so its refusal of an
unknown annotator points at the users page, never at a command line flag; a layer naming no
annotator is pointed at every way to name one: the file, the import page's Annotator field
(a link) and the command line's ``--annotator``.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.helpers import csrf_token_from, login

# A line of a JSON record inside a CoNLL file: someone chose the wrong format.
CONLL_WITH_JSON = b'Officials B-SOURCE\n{"text": "A JSON record."}\n'
FLAGS = ("--format", "--create-users", "--annotator", "annotator users create")


@pytest.fixture
def ada(client: Any, make_user: Any, make_project: Any) -> Any:
    """An admin signed in, with the project ``demo``."""
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    return client


def _post(
    client: Any, page: str, action: str, files: list[tuple[str, bytes]], **fields: Any
) -> str:
    form = client.get(page)
    data: dict[str, Any] = {"csrf_token": csrf_token_from(form.get_data(as_text=True)), **fields}
    data["files"] = [(io.BytesIO(content), name) for name, content in files]
    response = client.post(action, data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_the_corpus_page_points_a_json_record_at_the_project_pages_form(ada: Any) -> None:
    html = _post(
        ada,
        "/projects/demo/import",
        "/projects/demo/import",
        [("news.conll", CONLL_WITH_JSON)],
        format="conll",
        annotator="gold",
    )
    problems = html[html.index('id="import-problems"') :].split("</div>")[0]
    said = "a JSON record, not a CoNLL token line: import JSON with the project page&#39;s form"
    assert said in problems, problems
    assert not any(flag in problems for flag in FLAGS), problems


def test_the_api_points_a_json_record_at_a_request_without_a_format(
    ada: Any, make_token: Any, make_user: Any
) -> None:
    token = make_token(make_user("root", "admin"))
    data = {"format": "conll", "annotator": "gold"}
    data["file"] = (io.BytesIO(CONLL_WITH_JSON), "news.conll")  # type: ignore[assignment]
    response = ada.post("/api/v1/projects/demo/documents", data=data, headers=token)
    assert response.status_code == 422
    message = str(response.get_json()["error"])
    assert "import JSON by sending it without a 'format' field" in message, message


def test_the_command_line_keeps_its_flag(runner: Any, make_project: Any, tmp_path: Any) -> None:
    make_project("demo")
    path = tmp_path / "news.conll"
    path.write_bytes(CONLL_WITH_JSON)
    args = ["import", "demo", str(path), "--format", "conll", "--annotator", "gold"]
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert "a JSON record, not a CoNLL token line: import JSON without --format" in result.output


LAYER = {"id": "d", "text": "Officials said so.", "gold": None}


@pytest.mark.parametrize(
    ("record", "said"),
    [
        (
            {**LAYER, "annotations": [{"annotator": "zoe", "spans": [], "relations": []}]},
            "1 unknown annotator: zoe; create them first (on the users page), then import again",
        ),
    ],
    ids=["unknown-annotator"],
)
def test_the_project_pages_upload_says_its_refusals_without_flags(
    ada: Any, record: dict[str, Any], said: str
) -> None:
    files = [("layers.jsonl", json.dumps(record).encode() + b"\n")]
    html = _post(ada, "/projects/demo", "/projects/demo/upload", files)
    assert said in html, html
    assert not any(flag in html for flag in FLAGS), html


def test_the_project_pages_upload_names_every_way_to_give_a_layer_its_annotator(
    ada: Any,
) -> None:
    """A doccano line names no annotator: the file can, and so can the import page's
    Annotator field (a link away) and the command line's --annotator; it said the file alone."""
    record = {"id": "d", "text": "Officials said so.", "label": [[0, 9, "SOURCE"]]}
    files = [("layers.jsonl", json.dumps(record).encode() + b"\n")]
    html = _post(ada, "/projects/demo", "/projects/demo/upload", files)
    said = (
        "a layer names no annotator; name it in the file (a username, or gold), under Annotator "
        'on the page <a href="/projects/demo/import">Import another tool&#39;s corpus</a> '
        "(its Format &#39;doccano, Label Studio, jsonl&#39;), or with annotator import "
        "--annotator NAME"
    )
    assert said in html, html
