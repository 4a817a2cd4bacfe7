"""Line exports escape NEL, U+2028 and U+2029, so that ``str.splitlines()`` reads one record a
line; the text and every offset come back the same through an import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.services.accounts.projects import create_project
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.imports import import_paths

RAW = ("\x85", "\u2028", "\u2029")
TEXT = "Officials\u2028said the plan\x85works.\n\nCritics\u2029disagree."
TITLE = "Budget\u2028talks"


@pytest.fixture
def project(session, make_user, make_project, make_document, assign) -> Any:  # noqa: ANN001
    project = make_project("src")
    document = make_document(project, TEXT, external_id="d1", title=TITLE)
    alice = make_user("alice", "annotator")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "SOURCE", 0, 9)
    add_span(session, layer, "CLAIM", 15, 29)  # "the plan\x85works"
    set_label(session, layer, 0, "stance", "AGAINST")
    session.commit()
    return project


def _export(session: Any, project: Any, fmt: str) -> str:
    export = start_export(session, project, ExportOptions(format=fmt, header_line=True))
    return b"".join(export.chunks).decode("utf-8")


@pytest.mark.parametrize("fmt", ["jsonl", "sentences", "doccano", "conll"])
def test_no_line_separator_is_left_raw(session: Any, project: Any, fmt: str) -> None:
    written = _export(session, project, fmt)
    assert not [c for c in RAW if c in written]
    assert written.splitlines() == written.split("\n")[:-1]
    if fmt != "conll":
        assert all(json.loads(line) for line in written.splitlines())


def test_jsonl_and_conll_import_back_with_the_same_text_and_offsets(
    session: Any, project: Any, tmp_path: Path
) -> None:
    jsonl = _export(session, project, "jsonl")
    [header, line] = jsonl.splitlines()
    assert "_meta" in json.loads(header)
    record = json.loads(line)
    assert record["text"] == TEXT and record["title"] == TITLE
    spans = record["annotations"][0]["spans"]
    assert [(s["start"], s["end"], s["text"]) for s in spans] == [
        (0, 9, "Officials"),
        (15, 29, "the plan\x85works"),
    ]
    for fmt, name in (("jsonl", "back.jsonl"), ("conll", "back.conll")):
        path = tmp_path / name
        path.write_text(_export(session, project, fmt), encoding="utf-8")
        copy = create_project(session, f"copy-{fmt}", f"Copy {fmt}", project.schema)
        session.commit()
        import_paths(session, copy, [path], format=None if fmt == "jsonl" else "conll")
        session.commit()
        [again] = [json.loads(x) for x in _export(session, copy, "jsonl").splitlines()[1:]]
        assert again["text"] == TEXT, fmt
        got = [(s["start"], s["end"], s["text"]) for s in again["annotations"][0]["spans"]]
        assert got == [(s["start"], s["end"], s["text"]) for s in spans], fmt
