"""Each face of the corpus import names its own options in the import's shared messages.

The page (``/projects/<slug>/import``) says its fields ("Label map", "Annotator"), the API
its multipart fields ('map', 'annotator'), and the command line its flags (--map,
--annotator NAME); the messages come from the same services for all three.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest

from tests.helpers import csrf_token_from, login

# One sentence in a plain CoNLL file: no annotator named, and a label the seed schema lacks.
CONLL = b"Officials B-PER\nsaid O\n"
UNMAPPED = "schema and not in"


@pytest.fixture
def ada(client: Any, make_user: Any, make_project: Any) -> Any:
    """An admin signed in, with the project ``demo``."""
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    return client


def _page_import(client: Any, **fields: Any) -> str:
    page = client.get("/projects/demo/import")
    data: dict[str, Any] = {"format": "conll", **fields}
    data["files"] = [(io.BytesIO(CONLL), "news.conll")]
    data["csrf_token"] = csrf_token_from(page.get_data(as_text=True))
    response = client.post("/projects/demo/import", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    return response.get_data(as_text=True)


def _api_import(client: Any, token: Any, **fields: str) -> str:
    data: dict[str, Any] = {"format": "conll", **fields}
    data["files"] = [(io.BytesIO(CONLL), "news.conll")]
    response = client.post("/api/v1/projects/demo/documents", data=data, headers=token)
    assert response.status_code == 422
    return str(response.get_json()["error"])


def test_the_page_labels_its_fields_without_the_command_lines_flags(ada: Any) -> None:
    html = ada.get("/projects/demo/import").get_data(as_text=True)
    for label in ("Format", "Label map", "Annotator"):
        assert f">{label}</label>" in html, html
    assert "Create annotators that do not exist yet</label>" in html
    for flag in ("--format)", "--map SPEC", "--annotator)", "--create-users"):
        assert flag not in html


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"label_map": "PER"}, "Nothing was imported: the Label map: &#39;PER&#39; is not"),
        (
            {"annotator": "carla"},
            f"{UNMAPPED} the Label map (used once); map it with PER=OURS in the Label map",
        ),
        (
            {"label_map": "PER=SOURCE"},
            "a layer names no annotator; name one (a username, or gold) under Annotator",
        ),
        (
            {"label_map": "PER=SOURCE", "annotator": "carla"},
            "1 unknown annotator: carla; create them first (on the users page) or tick "
            "&#39;Create annotators that do not exist yet&#39;",
        ),
    ],
    ids=["map-unreadable", "label-unmapped", "no-annotator", "unknown-annotator"],
)
def test_the_pages_messages_name_its_fields(ada: Any, fields: Any, said: str) -> None:
    html = _page_import(ada, **fields)
    assert said in html, html
    assert "--map" not in html and "--annotator" not in html and "--create-users" not in html


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"format": "", "map": "PER=SOURCE"}, "A .conll file is part of a brat or CoNLL corpus"),
        ({"annotator": "carla"}, "map it with PER=OURS in the 'map' field"),
        ({"map": "PER=SOURCE"}, "name one (a username, or gold) in the 'annotator' field"),
        ({"map": "PER=SOURCE", "annotator": "carla"}, "or send create_users=true"),
    ],
)
def test_the_apis_messages_name_its_fields(
    ada: Any, make_token: Any, make_user: Any, fields: Any, said: str
) -> None:
    token = make_token(make_user("root", "admin"))
    message = _api_import(ada, token, **fields)
    assert said in message, message
    assert "--map" not in message and "--annotator" not in message


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--map", "PER"], "--map: 'PER' is not NAME=OURS"),
        (["--annotator", "carla"], "not in --map (used once); map it with --map PER=OURS"),
        (["--map", "PER=SOURCE"], "give one with --annotator NAME (or gold)"),
        (["--map", "PER=SOURCE", "--annotator", "carla"], "or import with --create-users"),
    ],
)
def test_the_command_line_keeps_its_flags(
    runner: Any, make_project: Any, tmp_path: Any, options: list[str], said: str
) -> None:
    make_project("demo")
    path = tmp_path / "news.conll"
    path.write_bytes(CONLL)
    result = runner.invoke(args=["import", "demo", str(path), "--format", "conll", *options])
    assert result.exit_code != 0
    assert said in result.output, result.output


def _files_note(html: str) -> str | None:
    """Return the note said beside the file chooser, or None."""
    found = re.search(r'<p class="field__note" id="files-note">([^<]*)</p>', html)
    return found.group(1) if found else None


def test_a_refused_import_asks_for_the_files_again_and_keeps_every_other_field(
    ada: Any,
) -> None:
    assert _files_note(ada.get("/projects/demo/import").get_data(as_text=True)) is None
    html = _page_import(ada, label_map="PER=SOURCE", annotator="carla", create_users="")
    # A browser cannot refill a file input: the page says so beside it, and only there.
    note = _files_note(html)
    assert note is not None and "choose the files again" in note, html
    assert 'aria-describedby="files-note files-hint"' in html
    assert 'value="PER=SOURCE"' in html and 'value="carla"' in html
    assert '<option selected value="conll">' in html
    refused = _page_import(ada, label_map="PER", create_users="y")
    assert _files_note(refused) is not None
    assert 'checked id="create_users"' in refused
