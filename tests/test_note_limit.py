"""One limit on a note's length, for every way in: a write and an import.

A brat import kept a note of any length, where a write kept at most 2,000 characters: the
workspace's undo of a removal, or of a note's change, re-sends the note and was refused (422)
for an imported note over it. The limit is now one generous number
(:data:`annotator.core.span_notes.MAX_NOTE`) for both; an import refuses a longer note, naming
its file and line, a write with a 422 naming ``note``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import ImportFailed
from annotator.core.span_notes import MAX_NOTE
from annotator.models import Document
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.test_brat_import import SCHEMA, brat_import, export_records
from tests.test_brat_notes import TEXT, t_line, write_corpus

#: A note as a real corpus may hold one (a pasted paragraph): longer than 2,000 characters.
LONG = " ".join(["the quoted figure is from the 2019 report, not the 2021 one"] * 60)


def test_the_limit_is_generous_for_a_real_corpus_and_fits_a_keepalive_request() -> None:
    assert len(LONG) > 2_000
    assert len(LONG) <= MAX_NOTE
    # The workspace sends a note as the page goes away with keepalive, whose bodies browsers
    # hold to 64 KiB: a note of the most characters, each of four bytes, still fits.
    body = json.dumps({"note": "\U0001f600" * MAX_NOTE, "version": 2**31}, ensure_ascii=False)
    assert len(body.encode()) < 64 * 1024


def test_an_imported_long_note_is_sent_again_by_the_workspaces_undo(
    session: Any, client: Any, make_user: Any, make_token: Any, make_project: Any, tmp_path: Path
) -> None:
    alice = make_user("alice")
    project = make_project("fc", SCHEMA)
    corpus = write_corpus(
        tmp_path / "corpus",
        {"alice": [t_line("T1", "SOURCE", "Officials"), f"#1\tAnnotatorNotes T1\t{LONG}"]},
    )
    brat_import(session, project, [corpus], label_map=None)
    document = session.scalar(select(Document).where(Document.project_id == project.id))
    headers = make_token(alice)
    (span,) = client.get(
        f"/api/v1/documents/{document.id}/annotations", headers=headers
    ).get_json()["spans"]
    assert span["note"] == LONG
    # The import marked alice's annotated layer done: she reopens it to change it.
    reopen = {"status": "in_progress"}
    status = f"/api/v1/documents/{document.id}/status"
    assert client.put(status, json=reopen, headers=headers).status_code == 200
    # Undo of a note's change: the note before it, PATCHed back.
    changed = client.patch(f"/api/v1/spans/{span['id']}", json={"note": "short"}, headers=headers)
    assert changed.status_code == 200, changed.get_json()
    undone = client.patch(f"/api/v1/spans/{span['id']}", json={"note": LONG}, headers=headers)
    assert undone.status_code == 200, undone.get_json()
    # Undo of a removal: the span POSTed again with its note.
    assert client.delete(f"/api/v1/spans/{span['id']}", headers=headers).status_code == 204
    body = {key: span[key] for key in ("label", "start", "end", "note")}
    again = client.post(f"/api/v1/documents/{document.id}/spans", json=body, headers=headers)
    assert again.status_code == 201, again.get_json()
    assert again.get_json()["note"] == LONG


def test_a_brat_note_over_the_limit_is_refused_naming_its_file_and_line(
    session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("alice")
    project = make_project("fc", SCHEMA)
    half = "x" * (MAX_NOTE // 2)
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "alice": [
                t_line("T1", "SOURCE", "Officials"),
                t_line("T2", "CLAIM", "the plan will cut costs"),
                "R1\tATTRIBUTED_TO Arg1:T2 Arg2:T1",
                f"#1\tAnnotatorNotes T1\t{half}",
                f"#2\tAnnotatorNotes T1\t{half}",  # the two, a line each, are one too many
                f"#3\tAnnotatorNotes R1\t{'y' * (MAX_NOTE + 1)}",
            ]
        },
    )
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus], label_map=None)
    session.rollback()
    file = str(corpus / "alice" / "n1.ann")
    assert [(d["file"], d["line"]) for d in failure.value.details] == [(file, 5), (file, 6)]
    for detail in failure.value.details:
        assert f"at most {MAX_NOTE:,}" in detail["message"], detail
    assert export_records(session, project) == []


def test_a_jsonl_note_over_the_limit_is_refused_naming_its_line_and_note(
    session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("alice")
    project = make_project("fc", SCHEMA)
    span = {"id": 1, "label": "SOURCE", "start": 0, "end": 9, "attributes": {}}
    record = {
        "id": "n1",
        "text": TEXT,
        "annotations": [{"annotator": "alice", "spans": [span | {"note": "z" * (MAX_NOTE + 1)}]}],
    }
    file = tmp_path / "notes.jsonl"
    file.write_text(json.dumps({"text": "First."}) + "\n" + json.dumps(record) + "\n")
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [file], options=DatasetOptions())
    session.rollback()
    (detail,) = failure.value.details
    assert detail["line"] == 2
    assert "note" in detail["message"] and f"at most {MAX_NOTE:,}" in detail["message"]


def test_a_write_keeps_a_note_up_to_the_limit_and_refuses_a_longer_one_naming_note(
    client: Any,
    session: Any,
    make_user: Any,
    make_token: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    alice = make_user("alice")
    project = make_project("fc", SCHEMA)
    document = make_document(project, TEXT)
    assign(document, alice)
    headers = make_token(alice)
    path = f"/api/v1/documents/{document.id}/spans"
    kept = client.post(path, json={"label": "SOURCE", "start": 0, "end": 9, "note": "n" * MAX_NOTE},
                       headers=headers)  # fmt: skip
    assert kept.status_code == 201, kept.get_json()
    refused = client.post(
        path, json={"label": "CUE", "start": 10, "end": 14, "note": "n" * (MAX_NOTE + 1)},
        headers=headers,
    )  # fmt: skip
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"] == {
        "field": "note", "length": MAX_NOTE + 1, "most": MAX_NOTE
    }  # fmt: skip
