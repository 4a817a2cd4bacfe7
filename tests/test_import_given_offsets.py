"""Offsets of imported records count the text as the file gives it (CRLF, a byte-order mark).

doccano and Label Studio keep a text as it was given and count their offsets in it; the
stored text has ``\\n`` line ends and no byte-order mark (CONTRACT section 1), so every
offset is moved onto it, the way the brat reader does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ImportFailed
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths

GIVEN = "Officials said it.\r\nCritics disagree.\r\n"
STORED = "Officials said it.\nCritics disagree.\n"


def _exported(session, project) -> dict[str, Any]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions())
    (line,) = b"".join(export.chunks).decode("utf-8").splitlines()
    return json.loads(line)


def _spans(record: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    layer = record["gold"] or record["annotations"][0]
    return [(s["label"], s["start"], s["end"], s["text"]) for s in layer["spans"]]


def _at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def _doccano(text: str, spans: list[tuple[int, int]]) -> dict[str, Any]:
    return {"id": "d1", "text": text, "label": [[s, e, "SOURCE"] for s, e in spans]}


def _labelstudio(text: str, spans: list[tuple[int, int]]) -> dict[str, Any]:
    result = [
        {
            "id": f"r{n}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s, "end": e, "text": text[s:e], "labels": ["SOURCE"]},
        }
        for n, (s, e) in enumerate(spans)
    ]
    return {"data": {"text": text, "id": "d1"}, "annotations": [{"result": result}]}


def _ours(text: str, spans: list[tuple[int, int]]) -> dict[str, Any]:
    items = [
        {"id": n, "label": "SOURCE", "start": s, "end": e, "text": text[s:e]}
        for n, (s, e) in enumerate(spans, start=1)
    ]
    layer = {"annotator": "gold", "spans": items, "relations": []}
    return {"id": "d1", "text": text, "annotations": [], "gold": layer}


SHAPES = {
    "doccano": (_doccano, "in.jsonl"),
    "labelstudio": (_labelstudio, "in.json"),
    "jsonl": (_ours, "in.jsonl"),
}


def _import(session, project, tmp_path: Path, shape: str, text: str, spans):  # noqa: ANN001, ANN202
    build, name = SHAPES[shape]
    path = tmp_path / name
    record = build(text, spans)
    data = json.dumps([record]) if name.endswith(".json") else json.dumps(record) + "\n"
    path.write_text(data, encoding="utf-8")
    return import_paths(session, project, [path], options=DatasetOptions(annotator="gold"))


@pytest.mark.parametrize("shape", SHAPES)
def test_offsets_counting_crlf_are_moved_onto_the_stored_text(
    session, make_project, tmp_path: Path, shape: str
) -> None:
    project = make_project("p")
    _import(session, project, tmp_path, shape, GIVEN, [_at(GIVEN, "Critics")])
    session.commit()
    record = _exported(session, project)
    assert record["text"] == STORED
    assert _spans(record) == [("SOURCE", 19, 26, "Critics")]


@pytest.mark.parametrize("shape", SHAPES)
def test_offsets_counting_a_byte_order_mark_in_the_text_are_moved(
    session, make_project, tmp_path: Path, shape: str
) -> None:
    given = "\ufeff" + GIVEN
    project = make_project("p")
    _import(session, project, tmp_path, shape, given, [_at(given, "Officials")])
    session.commit()
    assert _spans(_exported(session, project)) == [("SOURCE", 0, 9, "Officials")]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_boundary_between_cr_and_lf_lands_on_the_line_break(
    session, make_project, tmp_path: Path, shape: str
) -> None:
    """A span ending after the ``\\r`` stops before the line break; one starting at the
    ``\\n`` starts at it: the pair is one character, the line break, in the stored text."""
    cr = GIVEN.index("\r")
    project = make_project("p")
    _import(session, project, tmp_path, shape, GIVEN, [(0, cr + 1), (cr + 1, cr + 9)])
    session.commit()
    assert _spans(_exported(session, project)) == [
        ("SOURCE", 0, 18, "Officials said it."),
        ("SOURCE", 18, 26, "\nCritics"),
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_span_of_only_the_cr_of_a_crlf_is_refused_naming_it(
    session, make_project, tmp_path: Path, shape: str
) -> None:
    cr = GIVEN.index("\r")
    project = make_project("p")
    with pytest.raises(ImportFailed) as failure:
        _import(session, project, tmp_path, shape, GIVEN, [(cr, cr + 1)])
    session.rollback()
    (detail,) = failure.value.details
    assert detail["line"] == 1
    assert f"[{cr}, {cr + 1})" in detail["message"]
    assert "holds only the \\r of a \\r\\n line end" in detail["message"]


def _utf16(text: str, offset: int) -> int:
    """Return code point ``offset`` of ``text`` counted in UTF-16 code units, as a browser."""
    return len(text[:offset].encode("utf-16-le")) // 2


def test_label_studio_offsets_counted_in_utf16_are_read_by_the_regions_text(
    session, make_project, tmp_path: Path
) -> None:
    """Label Studio's browser counted offsets in UTF-16 code units for years: after an emoji,
    a region's offsets were one past per emoji. Its ``text`` says which reading is meant."""
    text = "Officials \U0001f600 said it.\r\nCritics \U0001f389 disagree."
    start, end = _at(text, "disagree")
    task = _labelstudio(text, [(start, end)])
    region = task["annotations"][0]["result"][0]["value"]
    region |= {"start": _utf16(text, start), "end": _utf16(text, end)}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    project = make_project("p")
    import_paths(session, project, [path], options=DatasetOptions(annotator="gold"))
    session.commit()
    stored = text.replace("\r\n", "\n")
    assert _spans(_exported(session, project)) == [("SOURCE", *_at(stored, "disagree"), "disagree")]


def test_a_region_whose_text_fits_no_reading_is_refused_as_before(
    session, make_project, tmp_path: Path
) -> None:
    text = "Officials \U0001f600 said it."
    task = _labelstudio(text, [_at(text, "said")])
    task["annotations"][0]["result"][0]["value"]["text"] = "told"
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    with pytest.raises(ImportFailed, match="its text 'told' does not match the document's text"):
        import_paths(session, make_project("p"), [path], options=DatasetOptions(annotator="gold"))
