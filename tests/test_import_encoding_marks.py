"""A file's byte-order mark decides its encoding, whatever encoding was chosen.

Excel's "CSV UTF-8" starts with UTF-8's mark; read as Windows-1252 (chosen for the team's
other, older CSVs) the mark was kept as "ï»¿" at the start of the first document's id or
text. Excel's "Unicode Text" and Notepad's "Unicode" start with UTF-16's mark, which said the
encoding as surely, yet the file was refused unless UTF-16 was chosen.
"""

from __future__ import annotations

import codecs
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.errors import ImportFailed
from annotator.core.formats.read_options import ENCODINGS, read_options
from annotator.core.formats.records import Upload
from annotator.models import Document
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths

TEXT = "Le café est servi à 8 h."
CSV = f"id,text\nc1,{TEXT}\n"


def _import(session: Any, project: Any, name: str, data: bytes, encoding: str) -> Any:
    options = DatasetOptions(reading=read_options(encoding=encoding))
    return import_paths(session, project, [Upload(name, data)], options=options)


def _stored(session: Any) -> list[tuple[str, str]]:
    return [(d.external_id, d.text) for d in session.scalars(select(Document))]


@pytest.mark.parametrize("chosen", list(ENCODINGS))
@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + CSV.encode("utf-8"),
        CSV.encode("utf-16"),  # Python writes the mark of the machine's byte order
        codecs.BOM_UTF16_BE + CSV.encode("utf-16-be"),
        codecs.BOM_UTF16_LE + CSV.encode("utf-16-le"),
    ],
    ids=["utf-8", "utf-16", "utf-16-be", "utf-16-le"],
)
def test_a_marked_csv_is_read_in_the_marks_encoding_whatever_was_chosen(
    session: Any, make_project: Any, data: bytes, chosen: str
) -> None:
    report = _import(session, make_project("demo"), "marked.csv", data, chosen)
    assert report.created == 1
    assert _stored(session) == [("c1", TEXT)]


@pytest.mark.parametrize("chosen", ["cp1252", "latin-1"])
def test_a_marked_txt_read_as_windows_1252_starts_with_its_text(
    session: Any, make_project: Any, chosen: str
) -> None:
    """The garbage sat at the start of the text and of the title taken from it."""
    data = codecs.BOM_UTF8 + f"Title\n{TEXT}\n".encode()
    _import(session, make_project("demo"), "doc.txt", data, chosen)
    document = session.scalars(select(Document)).one()
    assert document.text == f"Title\n{TEXT}\n"
    assert document.title == "Title"


def test_a_utf_8_mark_before_bytes_of_another_encoding_is_refused_saying_the_mark_decided(
    session: Any, make_project: Any
) -> None:
    """A file of Windows-1252 with UTF-8's mark before it (pasted together): read as UTF-8,
    as the mark says, it does not decode; the refusal says why the choice was not used."""
    data = codecs.BOM_UTF8 + CSV.encode("cp1252")
    with pytest.raises(ImportFailed) as caught:
        _import(session, make_project("demo"), "pasted.csv", data, "cp1252")
    session.rollback()
    (detail,) = caught.value.details
    said = detail["message"]
    assert detail["file"] == "pasted.csv" and detail["line"] == 2
    assert "not valid UTF-8 (byte 0xe9 at offset 20)" in said, said
    assert "starts with UTF-8's byte-order mark" in said, said
    assert "whatever is chosen (Windows-1252 was)" in said, said
    assert "save it without the mark and choose its encoding" in said, said
    assert _stored(session) == []


def test_an_unmarked_file_is_read_in_the_encoding_chosen(session: Any, make_project: Any) -> None:
    """Windows-1252 that happens to start with 'ï' is no mark: the choice reads it."""
    data = f"id,text\nc1,ï{TEXT}\n".encode("cp1252")
    _import(session, make_project("demo"), "plain.csv", data, "cp1252")
    assert _stored(session) == [("c1", f"ï{TEXT}")]
