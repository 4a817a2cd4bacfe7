"""brat folders and annotators, both ways: the export names each annotator's folder by the
username as it is, and the import reads a folder as an annotator only where it is one.

A Cyrillic username's layers were written to ``document/`` (the ASCII-only file name of
nothing) and came back as a user "document"; two such annotators on a document gave a zip
with duplicate entries. A zip of a flat corpus made by "compress folder" was read as the
layer of an annotator named after the folder.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import ImportFailed
from annotator.core.formats.brat.files import corpus_files
from annotator.core.formats.brat.folders import LayerFolders
from annotator.core.formats.records import Upload
from annotator.models import Layer, Span, User
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.helpers import login

TEXT = "Officials said the plan will cut costs.\n"
SOURCE = "T1\tSOURCE 0 9\tOfficials\n"
CLAIM = "T2\tCLAIM 15 38\tthe plan will cut costs\n"


def exported_zip(session: Any, project: Any) -> bytes:
    export = start_export(session, project, ExportOptions(format="brat"))
    return b"".join(export.chunks)


def zipped(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def layers_by_user(session: Any, project: Any) -> dict[str, list[tuple[str, int, int]]]:
    """Return each user's spans in ``project``, by username."""
    from annotator.models import Document

    session.commit()
    rows = session.execute(
        select(User.username, Span.label, Span.start, Span.end)
        .join(Layer, Span.layer_id == Layer.id)
        .join(User, Layer.user_id == User.id)
        .join(Document, Layer.document_id == Document.id)
        .where(Document.project_id == project.id)
        .order_by(User.username, Span.start)
    ).all()
    found: dict[str, list[tuple[str, int, int]]] = {}
    for name, label, start, end in rows:
        found.setdefault(name, []).append((label, start, end))
    return found


def annotated_project(
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    names: list[str],
) -> tuple[Any, Any]:
    """A project of one document that each of ``names`` annotated with a span of their own."""
    project = make_project("src")
    document = make_document(project, TEXT, external_id="d01")
    users = [make_user(name) for name in names]
    assign(document, *users)
    for n, user in enumerate(users):
        layer = open_layer(session, user, document, None)
        add_span(session, layer, "SOURCE", 0, 9)
        if n % 2:
            add_span(session, layer, "CUE", 10, 14)
    session.commit()
    return project, document


def test_cyrillic_and_emoji_annotators_keep_their_names_through_a_brat_round_trip(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    names = ["ольга", "🦊лиса"]
    project, _ = annotated_project(session, make_user, make_project, make_document, assign, names)
    data = exported_zip(session, project)
    entries = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert len(entries) == len(set(entries)), entries  # no entry twice
    assert {"ольга/d01.ann", "ольга/d01.txt", "🦊лиса/d01.ann", "🦊лиса/d01.txt"} <= set(entries)
    assert not any(name.startswith("document/") for name in entries)
    archive = tmp_path / "all.brat.zip"
    archive.write_bytes(data)

    copy = make_project("copy")
    options = DatasetOptions(create_users=True)
    report = import_paths(session, copy, [archive], options=options, format="brat")
    session.commit()
    assert report.users_created == []  # they are the users they were, not new ones
    assert layers_by_user(session, copy) == layers_by_user(session, project)
    assert sorted(layers_by_user(session, copy)) == sorted(names)
    assert session.scalar(select(User).where(User.username == "document")) is None
    # How each folder was read is said, by name.
    assert "read the .ann files in folder 'ольга' as annotator ольга" in report.notices


def test_names_that_would_share_a_folder_get_folders_of_their_own_recorded_in_meta(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    """Case variants (a loaded project may hold both), a backslash and a leading dot (which
    the import would pass by as a hidden folder): each its own folder, read back as its own."""
    names = ["Ann", "ann", "x\\y", "x_y", ".dot", "meta.json"]
    project, _ = annotated_project(session, make_user, make_project, make_document, assign, names)
    data = exported_zip(session, project)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.namelist()
        meta = json.loads(archive.read("meta.json"))
    folders = {name.split("/")[0] for name in entries if name.endswith(".ann")}
    assert len(folders) == len(names)
    # No two folders that a case-blind file system would take for one; none hidden.
    assert len({folder.casefold() for folder in folders}) == len(names)
    assert not any(folder.startswith(".") or "\\" in folder for folder in folders)
    assert "meta.json" not in folders
    assert "Ann" in folders  # a name that a path holds stays as it is
    # Each folder named otherwise than its annotator is recorded, and only those.
    recorded = meta["annotators"]
    assert set(recorded) <= folders
    assert all(recorded[f] != f for f in recorded)
    assert {recorded.get(folder, folder) for folder in folders} == set(names)
    archive_path = tmp_path / "all.brat.zip"
    archive_path.write_bytes(data)
    copy = make_project("copy")
    import_paths(session, copy, [archive_path], format="brat")
    assert layers_by_user(session, copy) == layers_by_user(session, project)


#: What Windows takes for a device wherever it stands, whatever follows a dot.
WINDOWS_DEVICES = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {
    f"{port}{n}" for port in ("com", "lpt") for n in "123456789\u00b9\u00b2\u00b3"
}


def portable_problem(folder: str) -> str | None:
    """Say why Linux, macOS or Windows could not create ``folder``, or None if all can."""
    if len(folder.encode("utf-8")) > 255:
        return f"{len(folder.encode('utf-8'))} bytes (ENAMETOOLONG)"
    if any(c in '<>:"|?*/\\' for c in folder):
        return "a character Windows refuses"
    if folder.split(".")[0].rstrip(" ").casefold() in WINDOWS_DEVICES:
        return "a Windows device name"
    if folder.endswith((".", " ")):
        return "a trailing dot or space, which Windows drops"
    return None


def windows_key(folder: str) -> str:
    """Return what a case-blind file system that drops trailing dots keeps of ``folder``."""
    return folder.rstrip(". ").casefold()


FOX = "\N{FOX FACE}"


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("a:b?", "a_b_"),
        ('x<y>z"w|v*', "x_y_z_w_v_"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("Lpt9", "_Lpt9"),
        ("COM\u00b9", "_COM\u00b9"),
        ("nul .x", "_nul .x"),
        ("CONSOLE", "CONSOLE"),  # only the device names themselves
        ("COM10", "COM10"),
        ("bob.", "bob_"),
        ("bob. .", "bob___"),
        ("...", "___"),
        (FOX * 100, FOX * 50),  # 200 bytes of 400
        ("a" * 199 + FOX, "a" * 199),  # cut between characters, never within one
    ],
)
def test_a_folder_is_a_name_every_file_system_can_hold(name: str, folder: str) -> None:
    found = LayerFolders().folder(name)
    assert found == folder
    assert portable_problem(found) is None


def test_names_cut_to_the_same_folder_or_folded_by_windows_get_folders_of_their_own() -> None:
    folders = LayerFolders()
    names = [FOX * 60 + "a", FOX * 60 + "b", "bob.", "bob_", "BOB_"]
    found = [folders.folder(name) for name in names]
    assert found == [FOX * 50, f"{FOX * 50}-2", "bob_", "bob_-2", "BOB_-3"]
    assert all(portable_problem(folder) is None for folder in found)
    assert folders.renamed() == {f: n for f, n in zip(found, names, strict=True) if f != n}


def test_names_no_file_system_could_hold_come_back_from_an_unzipped_export_and_the_zip(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    """The longest username of four-byte characters (320 bytes: ENAMETOOLONG on Linux and
    macOS), characters and a device name Windows refuses, and ``bob.`` beside ``bob``
    (one folder to Windows): each its own folder that unzips anywhere, read back as its
    annotator from the unzipped folder and from the zip."""
    names = [FOX * 80, "a:b?", "CON", "bob.", "bob"]
    project, _ = annotated_project(session, make_user, make_project, make_document, assign, names)
    data = exported_zip(session, project)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        folders = {name.split("/")[0] for name in archive.namelist() if name.endswith(".ann")}
        assert {folder: portable_problem(folder) for folder in folders} == dict.fromkeys(folders)
        assert len({windows_key(folder) for folder in folders}) == len(names)
        unzipped = tmp_path / "unzipped"
        archive.extractall(unzipped)
    archive_path = tmp_path / "all.brat.zip"
    archive_path.write_bytes(data)
    expected = layers_by_user(session, project)
    assert sorted(expected) == sorted(names)
    for n, source in enumerate([unzipped, archive_path]):
        copy = make_project(f"copy{n}")
        report = import_paths(session, copy, [source], format="brat")
        assert layers_by_user(session, copy) == expected, source
        assert "read the .ann files in folder '_CON' as annotator CON (as meta.json says)" in (
            report.notices
        )


@pytest.mark.parametrize(
    ("members", "read_as"),
    [
        # "Compress folder" of a flat corpus: the folder holding the .txt files is the root.
        (["corpus/one.ann", "corpus/one.txt"], [("one.ann",)]),
        (
            ["corpus/one.txt", "corpus/one.ann", "corpus/bob/one.ann"],
            [("bob", "one.ann"), ("one.ann",)],
        ),
        # Our export's layer folder, zipped alone: its status.json says it is a layer's.
        (["alice/one.ann", "alice/one.txt", "alice/status.json"], [("alice", "one.ann")]),
        # Beside files at the top, a folder is an annotator's (CONTRACT 12); gold is gold's.
        (["gold/one.ann", "gold/one.txt"], [("gold", "one.ann")]),
        (["one.txt", "alice/one.ann"], [("alice", "one.ann")]),
    ],
)
def test_a_zips_one_top_folder_of_txt_and_ann_pairs_is_the_corpus_root(
    members: list[str], read_as: list[tuple[str, ...]]
) -> None:
    files = list(corpus_files(Upload("up.zip", zipped(dict.fromkeys(members, "")))))
    assert [f.parts for f in files if f.suffix == ".ann"] == read_as


def test_the_command_line_reads_a_compressed_flat_corpus_as_the_given_annotators(
    runner, session, make_user, make_project, tmp_path: Path
) -> None:
    make_user("alice")
    project = make_project("p")
    archive = tmp_path / "corpus.zip"
    archive.write_bytes(zipped({"corpus/d01.txt": TEXT, "corpus/d01.ann": SOURCE + CLAIM}))
    result = runner.invoke(
        args=["import", "p", str(archive), "--format", "brat", "--annotator", "alice"]
        + ["--create-users"]
    )
    assert result.exit_code == 0, result.output
    assert layers_by_user(session, project) == {"alice": [("SOURCE", 0, 9), ("CLAIM", 15, 38)]}
    assert session.scalar(select(User).where(User.username == "corpus")) is None
    assert "as annotator" not in result.output


def test_the_api_reads_a_compressed_flat_corpus_and_says_how_it_read_a_sub_folder(
    client, session, make_user, make_token, make_project
) -> None:
    headers = make_token(make_user("ada", "admin"))
    make_user("alice")
    project = make_project("demo")
    files = {
        "corpus/d01.txt": TEXT,
        "corpus/d01.ann": SOURCE,
        "corpus/bob/d01.ann": CLAIM,
    }
    data = {
        "format": "brat",
        "annotator": "alice",
        "create_users": "true",
        "files": [(io.BytesIO(zipped(files)), "corpus.zip")],
    }
    response = client.post("/api/v1/projects/demo/documents", data=data, headers=headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["annotations"]["users_created"] == ["bob"]
    assert body["notices"] == ["read the .ann files in folder 'bob' as annotator bob"]
    assert layers_by_user(session, project) == {
        "alice": [("SOURCE", 0, 9)],
        "bob": [("CLAIM", 15, 38)],
    }


def test_the_import_page_reads_a_compressed_flat_corpus_as_the_annotator_on_the_form(
    client, session, make_user, make_project
) -> None:
    from tests.helpers import csrf_token_from

    make_user("ada", "admin")
    make_user("alice")
    project = make_project("demo")
    login(client, "ada")
    page = client.get("/projects/demo/import").get_data(as_text=True)
    archive = zipped(
        {"corpus/d01.txt": TEXT, "corpus/d01.ann": SOURCE, "corpus/bob/d01.ann": CLAIM}
    )
    response = client.post(
        "/projects/demo/import",
        data={
            "format": "brat",
            "annotator": "alice",
            "create_users": "y",
            "csrf_token": csrf_token_from(page),
            "files": [(io.BytesIO(archive), "corpus.zip")],
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "Read the .ann files in folder &#39;bob&#39; as annotator bob.</li>" in html
    assert sorted(layers_by_user(session, project)) == ["alice", "bob"]


ATTRIBUTED = {
    "name": "s",
    "span_labels": [
        {"name": "SOURCE"},
        {
            "name": "CLAIM",
            "attributes": [{"name": "claimer", "values": ["REPORTED", "JOURNALIST"]}],
        },
    ],
    "relation_types": [{"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["SOURCE"]}],
}
ATTRIBUTED_ANN = (
    "T1\tSource 0 9\tOfficials\n"
    "T3\tContent 15 38\tthe plan will cut costs\n"
    "A1\tClaimer T3 Reported\n"
    "M1\tConfidence T3 High\n"
    "R1\tAttribution Arg1:T3 Arg2:T1\n"
)
NAMES = "Source=SOURCE,Content=CLAIM,Attribution=ATTRIBUTED_TO,Claimer=claimer"


@pytest.mark.parametrize(
    ("values", "line", "said"),
    [
        (
            ",claimer.Reported=REPORTED",
            4,
            "M1: span label 'CLAIM' has no attribute 'Confidence'; it has claimer; map it "
            "with --map Confidence=OURS, or leave it out with Confidence=-",
        ),
        (
            ",Confidence=-,claimer.Reported=REPORTD",
            3,
            "A1: attribute 'claimer': 'REPORTD' is not one of REPORTED or JOURNALIST; "
            "it is what --map's claimer.Reported=REPORTD gives for the file's 'Reported': "
            "correct that entry, or leave it out with claimer.Reported=-",
        ),
        (
            ",Confidence=-",
            3,
            "A1: attribute 'claimer': 'Reported' is not one of REPORTED or JOURNALIST; "
            "map it with --map claimer.Reported=OURS, or leave it out with claimer.Reported=-",
        ),
        (
            ",claimer.Reported=REPORTED,Confidence=confidence",
            4,
            "M1: span label 'CLAIM' has no attribute 'confidence'; it has claimer; it is "
            "what --map's Confidence=confidence gives: correct it",
        ),
    ],
    ids=["attribute not ours", "misspelt map value", "value not ours", "misspelt map name"],
)
def test_a_brat_attribute_error_names_its_ann_line_and_nothing_after_it(
    session, make_project, tmp_path: Path, values: str, line: int, said: str
) -> None:
    root = tmp_path / "corpus"
    (root / "gold").mkdir(parents=True)
    (root / "gold" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "gold" / "a.ann").write_text(ATTRIBUTED_ANN, encoding="utf-8")
    project = make_project("p", ATTRIBUTED)
    options = DatasetOptions(label_map=NAMES + values)
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [root], options=options, format="brat")
    # One problem: the relation from the span is not refused as if the span were not there.
    assert failure.value.details == [
        {"file": str(root / "gold" / "a.ann"), "line": line, "message": said}
    ]


def test_our_brat_export_imported_again_says_brat_has_no_room_for_the_labels_that_differ(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    project, document = annotated_project(
        session, make_user, make_project, make_document, assign, ["ivan"]
    )
    [ivan] = session.scalars(select(User).where(User.username == "ivan"))
    layer = open_layer(session, ivan, document, None)
    set_label(session, layer, 0, "stance", "AGAINST")
    session.commit()
    archive = tmp_path / "all.brat.zip"
    archive.write_bytes(exported_zip(session, project))
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [archive], format="brat")
    [problem] = failure.value.details
    assert "already has a different layer" in problem["message"]
    assert (
        "it differs only in its sentence and document labels, which brat has no room for"
        in problem["message"]
    ), problem["message"]


def test_a_jsonl_span_refused_for_its_attribute_brings_no_false_relation_error(
    session, make_project, tmp_path: Path
) -> None:
    """The layer check's rule for every format: a relation from a span refused for its own
    problem is not refused again ("'from' names no span of this layer"); a label value's hint
    names the file's value, not the one a misspelt map entry gave."""
    record = {
        "id": "a",
        "text": TEXT,
        "annotations": [
            {
                "annotator": "gold",
                "spans": [
                    {"id": 1, "label": "SOURCE", "start": 0, "end": 9, "attributes": {}},
                    {"id": 2, "label": "CLAIM", "start": 15, "end": 38, "attributes": {"x": 1}},
                ],
                "relations": [{"type": "ATTRIBUTED_TO", "from": 2, "to": 1}],
                "sentence_labels": [{"sentence": 0, "name": "stance", "value": "Against"}],
            }
        ],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    options = DatasetOptions(annotator="gold", label_map="stance.Against=AGAINS")
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, make_project("p"), [path], options=options)
    messages = [d["message"] for d in failure.value.details]
    assert len(messages) == 2, messages
    assert "has no attribute 'x'" in messages[0]
    assert "the file's 'Against'" in messages[1] and "stance.Against=AGAINS" in messages[1]
