"""What comes back of each layer's status when an export or another tool's corpus is imported.

brat, CoNLL and doccano exports carry every layer's status (a ``status.json`` in each layer's
folder, a ``# status =`` comment after each layer's ``# annotator =``, a ``status`` on each
doccano line), so a re-import restores them. A file that says no status (another tool's
corpus, doccano's own lines) gives ``done`` to a layer that holds annotations and ``new`` to
an empty one.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed
from annotator.core.formats.records import Upload
from annotator.models import Assignment, Document, Layer
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from annotator.services.review.gold_status import set_gold_status
from tests.export_world import World, build_world, span_at


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def statuses(session, project) -> dict[tuple[str, str], str | None]:  # noqa: ANN001
    """Return each layer's status, by document id and annotator (gold's is its review's)."""
    export = start_export(session, project, ExportOptions())
    found = {}
    for line in b"".join(export.chunks).decode("utf-8").splitlines():
        record = json.loads(line)
        layers = record["annotations"] + ([record["gold"]] if record["gold"] else [])
        for layer in layers:
            found[(record["id"], layer["annotator"])] = layer["status"]
    return found


def round_trip(session, world: World, tmp_path: Path, format: str) -> Any:  # noqa: ANN001
    """Export the world's project in ``format`` and import it into a new project."""
    export = start_export(session, world.project, ExportOptions(format=format))
    path = tmp_path / f"export.{'zip' if format == 'brat' else 'conll'}"
    if format.startswith("doccano"):
        path = tmp_path / "export.jsonl"
    path.write_bytes(b"".join(export.chunks))
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    import_paths(session, copy, [path], format=None if format.startswith("doccano") else format)
    session.commit()
    return copy


@pytest.mark.parametrize("format", ["brat", "conll", "doccano", "doccano-relations"])
def test_a_round_trip_gives_every_layer_its_status_back(
    session, world: World, tmp_path: Path, format: str
) -> None:
    # Gold's status (the review's) comes back too: a final one is no longer derived.
    set_gold_status(session, world.users["rita"], world.documents["emoji"], "final")
    session.commit()
    before = statuses(session, world.project)
    assert before[("doc-emoji", "gold")] == "final"
    # The world holds every status: done, in_progress, skipped (empty), new (untouched).
    assert {s for (_, who), s in before.items() if who != "gold"} == {
        "done",
        "in_progress",
        "skipped",
        "new",
    }
    copy = round_trip(session, world, tmp_path, format)
    assert statuses(session, copy) == before


def test_an_unpacked_brat_export_picked_as_files_gives_the_statuses_back(
    session, world: World
) -> None:
    # A browser sends a picked folder's files one by one, our export's own files too.
    export = start_export(session, world.project, ExportOptions(format="brat"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks)))
    files = [Upload(f"corpus/{name}", archive.read(name)) for name in archive.namelist()]
    assert "corpus/alice/status.json" in [f.name for f in files]
    copy = create_project(session, "copy", "Copy", world.project.schema)
    import_paths(session, copy, files, format="brat")
    session.commit()
    assert statuses(session, copy) == statuses(session, world.project)


def test_doccano_lines_without_a_status_give_done_to_annotated_layers_and_new_to_empty_ones(
    session, world: World, tmp_path: Path
) -> None:
    # doccano's own lines carry no status: the rule of a corpus from elsewhere.
    export = start_export(session, world.project, ExportOptions(format="doccano-relations"))
    lines = [json.loads(line) for line in b"".join(export.chunks).decode().splitlines()]
    assert all("status" in line for line in lines)
    path = tmp_path / "doccano.jsonl"
    path.write_text(
        "".join(
            json.dumps({k: v for k, v in line.items() if k != "status"}) + "\n" for line in lines
        ),
        encoding="utf-8",
    )
    copy = create_project(session, "copy", "Copy", world.project.schema)
    import_paths(session, copy, [path])
    session.commit()
    after = statuses(session, copy)
    assert {k: v for k, v in after.items() if k[1] != "gold"} == {
        ("doc-emoji", "alice"): "done",
        ("doc-emoji", "bob"): "done",  # in_progress in the project: the line does not say so
        ("doc-plain", "alice"): "done",
        ("doc-plain", "bob"): "new",  # skipped and empty
        ("doc-untouched", "alice"): "new",
        ("doc-untouched", "bob"): "new",
    }


def test_a_doccano_status_that_is_no_layer_status_stays_the_document_s_meta(
    session, make_project, tmp_path: Path
) -> None:
    # A doccano project's own metadata may be called "status" ("published"): it was kept as
    # the document's meta before lines carried a layer's status, and still is.
    rows = [
        {
            "id": "one",
            "text": TEXT,
            "label": [[0, 9, "SOURCE"]],
            "annotator": "alice",
            "status": "published",
        },
        {"id": "two", "text": TEXT, "label": [], "annotator": "alice", "status": "skipped"},
    ]
    path = tmp_path / "own.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    project = make_project("own")
    import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert statuses(session, project) == {("one", "alice"): "done", ("two", "alice"): "skipped"}
    metas = dict(session.execute(select(Document.external_id, Document.meta)).all())
    assert metas["one"].get("status") == "published"
    assert "status" not in (metas["two"] or {})


TEXT = "Officials said the plan will cut costs."


def test_a_label_studio_json_min_record_is_a_submitted_annotation_done_even_when_empty(
    session, make_project, tmp_path: Path
) -> None:
    # JSON-MIN comes through doccano's reader, but each record is an annotation someone
    # submitted in Label Studio: done, as its JSON export's annotations are.
    region = {"start": 0, "end": 9, "text": "Officials", "labels": ["SOURCE"]}
    rows = [
        {"id": "one", "text": TEXT, "label": [region], "annotator": "alice", "annotation_id": 1},
        {"id": "two", "text": TEXT, "label": [], "annotator": "alice", "annotation_id": 2},
        {"id": "two", "text": TEXT, "label": [], "annotator": "bob"},  # doccano: nothing done
    ]
    path = tmp_path / "min.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    project = make_project("min")
    import_paths(session, project, [path], options=DatasetOptions(create_users=True))
    session.commit()
    assert statuses(session, project) == {
        ("one", "alice"): "done",
        ("two", "alice"): "done",
        ("two", "bob"): "new",
    }


def _t_line(label: str, phrase: str) -> str:
    start, end = span_at(TEXT, phrase)
    return f"T1\t{label} {start} {end}\t{phrase}\n"


def test_a_brat_corpus_without_statuses_gives_done_to_annotated_layers_and_new_to_empty_ones(
    session, make_project, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    for owner, stem, ann in [
        ("alice", "one", _t_line("SOURCE", "Officials")),
        ("alice", "two", ""),
        ("bob", "one", ""),
        ("bob", "two", _t_line("CUE", "said")),
    ]:
        (corpus / owner).mkdir(parents=True, exist_ok=True)
        (corpus / owner / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
        (corpus / owner / f"{stem}.ann").write_text(ann, encoding="utf-8")
    project = make_project("brat")
    import_paths(
        session, project, [corpus], options=DatasetOptions(create_users=True), format="brat"
    )
    session.commit()
    assert statuses(session, project) == {
        ("one", "alice"): "done",
        ("one", "bob"): "new",
        ("two", "alice"): "new",
        ("two", "bob"): "done",
    }


def test_a_conll_file_without_statuses_gives_done_to_annotated_layers_and_new_to_empty_ones(
    session, make_project, tmp_path: Path
) -> None:
    blocks = [
        ("one", "alice", "B-SOURCE"),
        ("one", "bob", "O"),
        ("two", "alice", "O"),
        ("two", "bob", "B-SOURCE"),
    ]
    lines = [
        f"# id = {doc}\n# annotator = {who}\nOfficials 0 9 {tag}\nsaid 10 14 O\n\n"
        for doc, who, tag in blocks
    ]
    path = tmp_path / "corpus.conll"
    path.write_text("".join(lines), encoding="utf-8")
    # A plain CoNLL-2003 file: its documents go to --annotator.
    plain = tmp_path / "plain.conll"
    plain.write_text(
        "-DOCSTART- -X- -X- O\nOfficials NNS B-NP B-SOURCE\n\n"
        "-DOCSTART- -X- -X- O\nNobody NN B-NP O\n\n",
        encoding="utf-8",
    )
    project = make_project("conll")
    options = DatasetOptions(create_users=True, annotator="carol")
    import_paths(session, project, [path, plain], options=options, format="conll")
    session.commit()
    assert statuses(session, project) == {
        ("one", "alice"): "done",
        ("one", "bob"): "new",
        ("two", "alice"): "new",
        ("two", "bob"): "done",
        ("plain.conll:1", "carol"): "done",
        ("plain.conll:4", "carol"): "new",
    }


def _counts(session) -> tuple[int, ...]:  # noqa: ANN001
    models = (Document, Layer, Assignment)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def test_a_brat_status_file_with_an_unknown_status_is_refused_naming_it(
    session, make_project, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "alice").mkdir(parents=True)
    (corpus / "alice" / "one.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "alice" / "one.ann").write_text("", encoding="utf-8")
    (corpus / "alice" / "status.json").write_text('{"one": "finished"}', encoding="utf-8")
    project = make_project("brat")
    before = _counts(session)
    with pytest.raises(ImportFailed) as failure:
        import_paths(
            session, project, [corpus], options=DatasetOptions(create_users=True), format="brat"
        )
    session.rollback()
    assert _counts(session) == before
    (problem,) = failure.value.details
    assert problem["file"].endswith("status.json")
    assert "'one'" in problem["message"] and "'finished'" in problem["message"]
    assert "new, in_progress, done, skipped" in problem["message"]


def test_a_conll_status_comment_with_an_unknown_status_is_refused_naming_its_line(
    session, make_project, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.conll"
    path.write_text(
        "# id = one\n# annotator = alice\n# status = finished\nOfficials 0 9 O\n\n",
        encoding="utf-8",
    )
    project = make_project("conll")
    before = _counts(session)
    with pytest.raises(ImportFailed) as failure:
        import_paths(
            session, project, [path], options=DatasetOptions(create_users=True), format="conll"
        )
    session.rollback()
    assert _counts(session) == before
    (problem,) = failure.value.details
    assert (problem["file"], problem["line"]) == (str(path), 3)
    assert "'finished'" in problem["message"]
