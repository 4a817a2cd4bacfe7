"""brat ``T`` lines and the line breaks a reader of lines sees beyond ``\\n``.

A span's text is written on its ``T`` line; a LINE SEPARATOR, NEL, ``\\v`` or ``\\x1c`` in it,
raw, makes ``str.splitlines()`` (and brat's reader) read the line as two. The export splits a
span into fragments at each of them, as at ``\\n``, and our brat import joins the fragments
back into the one span, offsets exact.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from annotator.core.formats import LINE_BREAKS
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import ExportOptions, start_export
from annotator.services.datasets.imports import import_paths

TEXT = "Ann\u2028Lee said hi. Then Bo\x85Ray said no. Cy\vDu and Ed\x1cFo\u2029Gil agreed."
NAMES = ["Ann\u2028Lee", "Bo\x85Ray", "Cy\vDu", "Ed\x1cFo\u2029Gil"]


def _export(session, project, fmt: str) -> bytes:  # noqa: ANN001
    return b"".join(start_export(session, project, ExportOptions(format=fmt)).chunks)


def _spans(session, project) -> list[tuple[str, int, int, str]]:  # noqa: ANN001
    (record,) = [json.loads(x) for x in _export(session, project, "jsonl").splitlines()]
    (layer,) = record["annotations"]
    return [(s["label"], s["start"], s["end"], s["text"]) for s in layer["spans"]]


def test_line_breaks_are_every_character_splitlines_ends_a_line_at() -> None:
    found = {chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2}
    assert set(LINE_BREAKS) == found


def test_a_span_over_any_line_break_is_written_in_fragments_and_read_back_whole(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    alice = make_user("alice")
    project = make_project("breaks")
    document = make_document(project, TEXT, "d1")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    for name in NAMES:
        add_span(session, layer, "SOURCE", TEXT.index(name), TEXT.index(name) + len(name))
    session.commit()

    data = _export(session, project, "brat")
    ann = zipfile.ZipFile(io.BytesIO(data)).read("alice/d1.ann").decode("utf-8")
    lines = ann.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["T1", "T2", "T3", "T4"]
    assert lines[0] == "T1\tSOURCE 0 3;4 7\tAnn Lee"
    assert lines[3].split("\t")[1:] == ["SOURCE 48 50;51 53;54 57", "Ed Fo Gil"]

    path = tmp_path / "breaks.zip"
    path.write_bytes(data)
    copy = make_project("copy")
    import_paths(session, copy, [path], format="brat")
    session.commit()
    assert _spans(session, copy) == _spans(session, project)
    assert [s[3] for s in _spans(session, copy)] == NAMES
