"""brat documents both ways: the file names an export gives document ids, and the title an
import gives a document.

A document id outside ASCII (``доклад``) was written as ``_.txt``: its letters became ``_``,
and two Cyrillic ids of one length shared a stem told apart only by ``-2``. Ids that differ
only in case (``Doc``, ``doc``) were two files that a case-blind file system (Windows,
macOS) unzips into one. The file names now keep the letters of every script, and follow the
one rule of a portable file name that the layer folders follow. A brat import gave its
documents no title; now they get the title a ``.txt`` import gives, else the file's name.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core.formats.brat import file_base
from annotator.models import Document
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.imports import import_paths
from tests.test_brat_folders import (
    FOX,
    layers_by_user,
    portable_problem,
    windows_key,
    zipped,
)

#: Ids no two of which may share a file, each one a file every file system can hold.
IDS = [
    "доклад",
    "отчёт",
    "報告書",
    "Doc",
    "doc",
    "DOC.",
    "CON",
    "a/b",
    "a_b",
    ".hidden",
    "status.json",
    FOX * 80,
    FOX * 80 + "x",
]


def _brat(session: Any, project: Any) -> bytes:
    export = start_export(session, project, ExportOptions(format="brat"))
    return b"".join(export.chunks)


def _documents(session: Any, project: Any) -> dict[str, tuple[str, str | None]]:
    session.expire_all()
    rows = session.execute(
        select(Document.external_id, Document.text, Document.title).where(
            Document.project_id == project.id
        )
    )
    return {external_id: (text, title) for external_id, text, title in rows}


def test_ids_in_any_script_keep_their_letters_in_file_names() -> None:
    assert file_base("доклад") == "доклад"
    assert file_base("報告書.txt") == "報告書"
    assert file_base("Ελληνικά 2") == "Ελληνικά 2"
    # What a file system refuses is made portable by the layer folders' rule.
    assert file_base("a/b") == "a_b"
    assert file_base("CON") == "_CON"
    assert file_base("x:y?") == "x_y_"


def test_documents_never_share_a_file_and_come_back_as_themselves(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    project = make_project("src")
    alice = make_user("alice")
    for n, external_id in enumerate(IDS):
        document = make_document(project, f"Officials said plan {n} failed.\n", external_id)
        assign(document, alice)
        add_span(session, open_layer(session, alice, document, None), "SOURCE", 0, 9)
    session.commit()
    data = _brat(session, project)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name for name in archive.namelist() if name.startswith("alice/")]
        archive.extractall(tmp_path / "unzipped")
    stems = [name[len("alice/") : -len(".txt")] for name in names if name.endswith(".txt")]
    assert len(stems) == len(IDS)
    # Every script's letters kept; no two files one to a case-blind file system.
    assert {"доклад", "отчёт", "報告書"} <= set(stems)
    assert len({windows_key(stem) for stem in stems}) == len(IDS)
    assert {stem: portable_problem(f"{stem}.txt") for stem in stems} == dict.fromkeys(stems)
    assert not any(stem.startswith(".") for stem in stems)

    expected = _documents(session, project)
    archive_path = tmp_path / "all.brat.zip"
    archive_path.write_bytes(data)
    for n, source in enumerate([archive_path, tmp_path / "unzipped"]):
        copy = make_project(f"copy{n}")
        import_paths(session, copy, [source], format="brat")
        session.commit()
        assert {k: text for k, (text, _) in _documents(session, copy).items()} == {
            k: text for k, (text, _) in expected.items()
        }, source
        assert layers_by_user(session, copy) == layers_by_user(session, project)


HEADED = "Harbour strike ends\nDockers went back to work on Monday.\n"
UNHEADED = "Dockers went back to work on Monday.\nThe port reopened.\n"


def test_a_brat_document_is_titled_as_a_txt_import_would_be_else_by_its_file_name(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    alice = make_user("alice")
    texts = {
        "harbour-strike": HEADED,
        "port_reopens": UNHEADED,
        "доклад": UNHEADED.replace("Monday", "Tuesday"),
    }
    files = {f"{stem}.txt": text for stem, text in texts.items()}
    files |= {f"alice/{stem}.ann": "T1\tSOURCE 0 7\tDockers\n" for stem in texts}
    files["alice/harbour-strike.ann"] = "T1\tSOURCE 20 27\tDockers\n"
    path = tmp_path / "corpus.zip"
    path.write_bytes(zipped(files))
    project = make_project("p")
    import_paths(session, project, [path], format="brat")
    session.commit()
    found = {k: title for k, (_, title) in _documents(session, project).items()}
    assert found == {
        "harbour-strike": "Harbour strike ends",  # the first line reads as a heading
        "port_reopens": "port_reopens",  # a sentence: the file's name, as brat lists it
        "доклад": "доклад",
    }

    # Exported and imported back: the same ids, texts and titles, so the export does not
    # warn of titles left out; a title the import would not give back is warned of.
    export = start_export(session, project, ExportOptions(format="brat"))
    exported = tmp_path / "again.zip"
    exported.write_bytes(b"".join(export.chunks))
    assert {phrase.one: n for phrase, n in export.warnings.items()} == {}
    retitled = make_project("retitled")
    # Assigned: brat writes annotated documents only (one nobody has is left out, counted).
    assign(make_document(retitled, UNHEADED, "port_reopens", title="The port"), alice)
    warned = start_export(session, retitled, ExportOptions(format="brat"))
    b"".join(warned.chunks)
    assert {phrase.one for phrase in warned.warnings} == {
        "document title not written: brat has no room for it"
    }
    copy = make_project("copy")
    import_paths(session, copy, [exported], format="brat")
    session.commit()
    assert _documents(session, copy) == _documents(session, project)
    assert layers_by_user(session, copy) == layers_by_user(session, project)
