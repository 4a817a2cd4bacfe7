"""brat ``#`` notes (AnnotatorNotes) belong to the layer of the annotator who wrote them.

They were kept in the document's shared ``meta`` as ``brat_notes``: every annotator of the
document read every other's notes (with their labels and offsets) in the API's document,
the workspace's header and the document list's search; and the brat export matched them to
spans by label and offsets, so a label renamed, or a span moved, lost its note with a
warning that said the span was gone. A note is now the span's own (``span.note``).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.models import Document, Project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.project_dump import dump_project
from annotator.services.datasets.project_load import load_project
from tests.export_world import span_at
from tests.helpers import login
from tests.test_brat_import import SCHEMA, brat_import

TEXT = "Officials said the plan will cut costs.\n"
SECRET = "bob thinks this is false - secret"


def t_line(ident: str, label: str, phrase: str) -> str:
    start, end = span_at(TEXT, phrase)
    return f"{ident}\t{label} {start} {end}\t{phrase}"


def write_corpus(root: Path, files: dict[str, list[str]]) -> Path:
    for name, lines in files.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        (root / name / "n1.txt").write_text(TEXT, encoding="utf-8")
        (root / name / "n1.ann").write_text("".join(f"{x}\n" for x in lines), encoding="utf-8")
    return root


def two_annotators(tmp_path: Path) -> Path:
    return write_corpus(
        tmp_path / "corpus",
        {
            "alice": [t_line("T1", "SOURCE", "Officials")],
            "bob": [
                t_line("T1", "CLAIM", "the plan will cut costs"),
                f"#1\tAnnotatorNotes T1\t{SECRET}",
            ],
        },
    )


def brat_files(session: Any, project: Any) -> tuple[dict[str, str], dict[str, int]]:
    export = start_export(session, project, ExportOptions(format="brat"))
    with zipfile.ZipFile(io.BytesIO(b"".join(export.chunks))) as archive:
        files = {n: archive.read(n).decode("utf-8") for n in archive.namelist()}
    return files, {phrase.one: n for phrase, n in export.warnings.items()}


def note_line(ann: str, label: str, note: str) -> bool:
    """Tell whether ``ann`` holds ``note`` on its span of ``label``."""
    lines = ann.splitlines()
    idents = [x.split("\t")[0] for x in lines if x.startswith("T") and f"\t{label} " in x]
    return any(f"#{n}\tAnnotatorNotes {i}\t{note}" in lines for i in idents for n in range(9))


def test_an_annotator_finds_no_trace_of_another_annotators_brat_note(
    session: Any, client: Any, make_user: Any, make_token: Any, make_project: Any, tmp_path: Path
) -> None:
    alice, _bob, rita = make_user("alice"), make_user("bob"), make_user("rita", "reviewer")
    project = make_project("fc", SCHEMA)
    brat_import(session, project, [two_annotators(tmp_path)], label_map=None)
    document = session.scalar(select(Document).where(Document.project_id == project.id))
    as_alice = make_token(alice)

    for path in (
        f"/api/v1/documents/{document.id}",
        f"/api/v1/documents/{document.id}/annotations",
        "/api/v1/projects/fc/documents",
    ):
        answer = client.get(path, headers=as_alice)
        assert answer.status_code == 200, (path, answer.get_json())
        body = answer.get_data(as_text=True)
        assert "secret" not in body and "brat_notes" not in body, path
    found = client.get("/api/v1/projects/fc/documents?q=secret", headers=as_alice)
    assert found.status_code == 200, found.get_json()
    assert found.get_json()["documents"] == []  # nor found by searching for its words

    login(client, "alice")
    page = client.get(f"/projects/fc/documents/{document.id}")
    assert page.status_code == 200
    assert "secret" not in page.get_data(as_text=True)
    listing = client.get("/projects/fc?q=secret").get_data(as_text=True)
    assert "n1" not in listing

    # The reviewer reads bob's layer, and his note on its span.
    as_rita = make_token(rita)
    layer = client.get(
        f"/api/v1/documents/{document.id}/annotations?annotator=bob", headers=as_rita
    ).get_json()
    assert [(s["label"], s.get("note")) for s in layer["spans"]] == [("CLAIM", SECRET)]
    # And the export writes each note back into its own annotator's file, nowhere else.
    files, warnings = brat_files(session, project)
    assert note_line(files["bob/n1.ann"], "CLAIM", SECRET)
    assert "AnnotatorNotes" not in files["alice/n1.ann"]
    assert warnings == {}


def test_a_label_rename_and_a_moved_span_keep_their_brat_note(
    session: Any, client: Any, make_user: Any, make_token: Any, make_project: Any, tmp_path: Path
) -> None:
    alice, ada = make_user("alice"), make_user("ada", "admin")
    project = make_project("fcn", SCHEMA)
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "alice": [
                t_line("T1", "SOURCE", "Officials"),
                t_line("T2", "CLAIM", "the plan will cut costs"),
                "#1\tAnnotatorNotes T1\twho exactly?",
                "#2\tAnnotatorNotes T2\tcheck the figure",
            ]
        },
    )
    brat_import(session, project, [corpus], label_map=None)
    renamed = client.patch(
        "/api/v1/projects/fcn",
        json={"renames": {"labels": {"SOURCE": "SPEAKER"}}},
        headers=make_token(ada),
    )
    assert renamed.status_code == 200, renamed.get_json()
    document = session.scalar(select(Document).where(Document.project_id == project.id))
    spans = client.get(
        f"/api/v1/documents/{document.id}/annotations", headers=make_token(alice)
    ).get_json()["spans"]
    claim = next(s for s in spans if s["label"] == "CLAIM")
    start, end = span_at(TEXT, "the plan will cut")
    # The import marked alice's annotated layer done: she reopens it to change it.
    reopen = {"status": "in_progress"}
    status = f"/api/v1/documents/{document.id}/status"
    assert client.put(status, json=reopen, headers=make_token(alice)).status_code == 200
    moved = client.patch(
        f"/api/v1/spans/{claim['id']}",
        json={"start": start, "end": end, "version": claim["version"]},
        headers=make_token(alice),
    )
    assert moved.status_code == 200, moved.get_json()

    session.expire_all()
    files, warnings = brat_files(session, session.get(Project, project.id))
    assert note_line(files["alice/n1.ann"], "SPEAKER", "who exactly?")
    assert note_line(files["alice/n1.ann"], "CLAIM", "check the figure")
    assert warnings == {}


def test_a_project_file_carries_each_note_on_its_span(
    session: Any, make_user: Any, make_project: Any, tmp_path: Path
) -> None:
    make_user("alice"), make_user("bob")
    project = make_project("fc", SCHEMA)
    brat_import(session, project, [two_annotators(tmp_path)], label_map=None)
    data = b"".join(dump_project(session, project).chunks)
    load_project(session, io.BytesIO(data), None, slug="fc-copy")
    session.commit()
    copy = session.scalar(select(Project).where(Project.slug == "fc-copy"))
    files, warnings = brat_files(session, copy)
    assert note_line(files["bob/n1.ann"], "CLAIM", SECRET)
    assert "AnnotatorNotes" not in files["alice/n1.ann"] and warnings == {}
