"""A brat zip entry whose name leads out of the zip is refused by name, not dropped.

``../up/doc.ann`` or ``gold/../../x.ann`` was left out without a word (nothing was ever
written to disk: the import reads members, it never extracts them), and a zip holding only
such entries said "no .txt or .ann files". The import is all or nothing: such an entry
refuses the whole zip, naming it, and nothing is stored.
"""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.test_corpus_import_faces import BOB_ANN, CORPUS, MAP, TEXT, _stored, brat_zip
from tests.test_corpus_import_faces import world as world  # noqa: F401  (the fixture)


def _api_import(world: SimpleNamespace, files: dict[str, str]) -> Any:
    data = {
        "format": "brat",
        "map": MAP,
        "create_users": "true",
        "files": [(io.BytesIO(brat_zip(files)), "corpus.zip")],
    }
    return world.client.post("/api/v1/projects/demo/documents", data=data, headers=world.token)


@pytest.mark.parametrize("escaping", ["../up/doc.ann", "corpus/gold/../../x.ann", "/etc/one.ann"])
def test_an_entry_leading_out_of_the_zip_refuses_it_by_name(
    world: SimpleNamespace, session: Session, escaping: str
) -> None:
    before = _stored(session)
    response = _api_import(world, {**CORPUS, escaping: BOB_ANN})
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "import_failed"
    (problem,) = error["details"]
    assert problem["file"] == "corpus.zip"
    assert repr(escaping) in problem["message"] and "leads out of the zip" in problem["message"]
    assert _stored(session) == before


def test_a_zip_of_only_such_entries_names_them_not_no_files(
    world: SimpleNamespace, session: Session
) -> None:
    before = _stored(session)
    response = _api_import(world, {"../up/doc.txt": TEXT, "../up/doc.ann": BOB_ANN})
    assert response.status_code == 422
    message = response.get_json()["error"]["details"][0]["message"]
    assert "'../up/doc.ann'" in message and "no .txt or .ann files" not in message
    assert _stored(session) == before


def test_loose_files_named_out_of_their_folder_are_refused_by_name(
    world: SimpleNamespace, session: Session
) -> None:
    before = _stored(session)
    data = {
        "format": "brat",
        "map": MAP,
        "create_users": "true",
        "files": [
            (io.BytesIO(TEXT.encode()), "corpus/alice/one.txt"),
            (io.BytesIO(BOB_ANN.encode()), "corpus/alice/one.ann"),
            (io.BytesIO(BOB_ANN.encode()), "corpus/../../bob/one.ann"),
        ],
    }
    response = world.client.post("/api/v1/projects/demo/documents", data=data, headers=world.token)
    assert response.status_code == 422, response.get_json()
    (problem,) = response.get_json()["error"]["details"]
    assert "'corpus/../../bob/one.ann'" in problem["message"]
    assert "leads out of its folder" in problem["message"]
    assert _stored(session) == before
