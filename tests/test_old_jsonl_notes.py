"""A jsonl export written before notes were kept on spans carries ``meta.brat_notes``.

Imported as it was (``annotator import``, the API's upload, the project page), those notes went
back into the document's shared ``meta``, which every annotator of the document reads. The
import now moves each onto the span of its layer with its label and offsets, as a project
file's load does, and counts those it cannot place; nothing of them stays in ``meta``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.models import Document
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import span_at
from tests.helpers import login
from tests.test_brat_import import SCHEMA

TEXT = "Officials said the plan will cut costs."
SECRET = "bob thinks this is false - secret"
LEFT_OUT = (
    "brat notes in meta.brat_notes left out: no span of their layer has their label and offsets"
)


def _span(ident: str, label: str, phrase: str) -> dict[str, Any]:
    start, end = span_at(TEXT, phrase)
    return {"id": ident, "label": label, "start": start, "end": end, "attributes": {}}


def old_record() -> dict[str, Any]:
    """A record as the jsonl export wrote it when notes were kept in the shared meta."""
    start, end = span_at(TEXT, "the plan will cut costs")
    return {
        "id": "n1",
        "text": TEXT,
        "meta": {
            "outlet": "Wire",
            "brat_notes": [
                {
                    "annotator": "bob",
                    "on": "T1",
                    "note": SECRET,
                    "label": "CLAIM",
                    "start": start,
                    "end": end,
                },
                {"annotator": "bob", "on": "R1", "note": "on a relation - secret"},
            ],
        },
        "annotations": [
            {
                "annotator": "alice",
                "status": "done",
                "spans": [_span("a1", "SOURCE", "Officials")],
                "relations": [],
            },
            {
                "annotator": "bob",
                "status": "done",
                "spans": [_span("b1", "CLAIM", "the plan will cut costs")],
                "relations": [],
            },
        ],
        "gold": None,
    }


def _nothing_of_bobs_note_for_alice(client: Any, token: dict[str, str], document: int) -> None:
    for path in (
        f"/api/v1/documents/{document}",
        f"/api/v1/documents/{document}/annotations",
        "/api/v1/projects/fc/documents",
    ):
        answer = client.get(path, headers=token)
        assert answer.status_code == 200, (path, answer.get_json())
        body = answer.get_data(as_text=True)
        assert "secret" not in body and "brat_notes" not in body, path
    login(client, "alice")
    page = client.get(f"/projects/fc/documents/{document}")
    assert page.status_code == 200
    assert "secret" not in page.get_data(as_text=True)


def _bobs_layer(client: Any, token: dict[str, str], document: int) -> list[Any]:
    layer = client.get(f"/api/v1/documents/{document}/annotations?annotator=bob", headers=token)
    return [(s["label"], s.get("note")) for s in layer.get_json()["spans"]]


def test_an_old_export_posted_to_the_api_puts_each_note_on_its_span(
    session: Any, client: Any, make_user: Any, make_token: Any, make_project: Any
) -> None:
    alice, _bob, ada = make_user("alice"), make_user("bob"), make_user("ada", "admin")
    make_project("fc", SCHEMA)
    answer = client.post(
        "/api/v1/projects/fc/documents", json=[old_record()], headers=make_token(ada)
    )
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["tallies"] == {LEFT_OUT: 1}
    document = answer.get_json()["ids"]["n1"]

    _nothing_of_bobs_note_for_alice(client, make_token(alice), document)
    assert _bobs_layer(client, make_token(ada), document) == [("CLAIM", SECRET)]
    stored = session.get(Document, document)
    assert stored.meta == {"outlet": "Wire"}


def test_an_old_export_file_imported_puts_each_note_on_its_span(
    session: Any, client: Any, make_user: Any, make_token: Any, make_project: Any, tmp_path: Path
) -> None:
    alice, _bob, ada = make_user("alice"), make_user("bob"), make_user("ada", "admin")
    project = make_project("fc", SCHEMA)
    plain = {
        "id": "n2",
        "text": "Nobody believed it.",
        "meta": {
            "brat_notes": [{"annotator": "bob", "on": "T1", "note": "a note with no span - secret"}]
        },
    }
    file = tmp_path / "old.jsonl"
    file.write_text("".join(json.dumps(r) + "\n" for r in (old_record(), plain)), "utf-8")
    report = import_paths(session, project, [file], options=DatasetOptions())
    session.commit()
    assert report.as_dict()["tallies"] == {LEFT_OUT: 2}
    assert LEFT_OUT.replace("brat notes", "2 brat notes") in report.summary()

    documents = {
        d.external_id: d
        for d in session.scalars(select(Document).where(Document.project_id == project.id))
    }
    assert documents["n1"].meta == {"outlet": "Wire"} and documents["n2"].meta == {}
    _nothing_of_bobs_note_for_alice(client, make_token(alice), documents["n1"].id)
    assert _bobs_layer(client, make_token(ada), documents["n1"].id) == [("CLAIM", SECRET)]
