"""The project file's format alone (no app): shapes, times, the gzip stream, errors by line."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from annotator.core.formats.project_file import SHAPES, ProjectFileError, build, check
from annotator.core.formats.project_ids import id_ranges
from annotator.core.formats.project_stream import read_file, write_file
from annotator.core.times import parse_stamp, stamp


def test_times_are_written_one_way_whatever_the_database_gives_back() -> None:
    naive = datetime(2026, 12, 3, 11, 42, 9)  # SQLite: UTC without a zone
    aware = datetime(2026, 12, 3, 12, 42, 9, tzinfo=timezone(timedelta(hours=1)))
    assert stamp(naive) == stamp(aware) == "2026-12-03T11:42:09.000000Z"
    assert stamp(datetime(2026, 1, 2, 3, 4, 5, 7, tzinfo=UTC)) == "2026-01-02T03:04:05.000007Z"
    assert parse_stamp("2026-12-03T11:42:09.000000Z") == naive.replace(tzinfo=UTC)
    assert stamp(None) is None
    with pytest.raises(ValueError):
        parse_stamp("2026-12-03 11:42:09")


def _header() -> dict[str, Any]:
    return build("header", {"format": "annotator-project", "version": 1, "annotator_version": "x"})


def _project() -> dict[str, Any]:
    return build(
        "project",
        {
            "slug": "p",
            "name": "P",
            "schema_version": 1,
            "documents_numbered": None,  # a version 1 file numbers none
            "created_at": "2026-12-03T11:42:09.000000Z",
            "schema": {},
        },
    )


def test_build_orders_fields_as_the_shape_lists_them() -> None:
    record = build("relation", {"to": 1, "from": 0, "type": "T", "decided_by": None,
                                "source_layer": None, "created_at": "t", "model": None,
                                "score": None, "id": 7, "note": None, "source_of": None,
                                "source_how": None})  # fmt: skip
    assert list(record) == [
        "id", "type", "from", "to", "score", "model", "note", "decided_by", "source_layer",
        "source_how", "source_of", "created_at",
    ]  # fmt: skip
    assert list(_header()) == [field.name for field in SHAPES["header"]]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"version": "1"}, 'line 4: version: expected an integer, got "1"'),
        ({"extra": 1}, "line 4: extra: unknown field in a schema_version record"),
        ({"created_at": "yesterday"}, "line 4: created_at: expected a time like"),
        ({"change": None}, "line 4: change: must not be null"),
        # No database stores these as text; PostgreSQL answered a load of them with a 500.
        ({"change": "a\x00"}, "line 4: change: contains a NUL character (U+0000)"),
        ({"created_by": "\ud800"}, "line 4: created_by: contains an unpaired surrogate at"),
        ({"schema": {"span_labels": ["\x00"]}}, "line 4: schema.span_labels[0]: contains a NUL"),
        ({"schema": {"k\x00": 1}}, "line 4: schema: a key contains a NUL character"),
        ({"version": 2**31}, "line 4: version: 2147483648 is out of range"),
    ],
)
def test_check_names_the_line_and_the_field(change: dict[str, Any], message: str) -> None:
    record = {
        "record": "schema_version",
        "version": 1,
        "change": "",
        "created_by": None,
        "created_at": "2026-12-03T11:42:09.000000Z",
        "schema": {},
    }
    changed = record | change
    check("schema_version", record, 4)  # reads its time into a datetime, in place
    with pytest.raises(ProjectFileError) as raised:
        check("schema_version", changed, 4)
    assert raised.value.message.startswith(message)
    assert raised.value.line == 4


def test_nested_paths_are_named() -> None:
    layer = {"name": "a", "created_at": "2026-12-03T11:42:09.000000Z", "seconds": 0,
             "relations": [], "labels": [], "spans": [{"id": 1, "label": "X"}]}  # fmt: skip
    with pytest.raises(ProjectFileError, match=r"^line 9: layers\[0\]\.spans\[0\]\.start: missing"):
        check("layer", layer, 9, "layers[0]")


def _lines(records: list[Any]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode("utf-8")


def _read(data: bytes) -> list[tuple[int, dict[str, Any]]]:
    return list(read_file(io.BytesIO(data)))


def test_the_gzip_differs_only_in_its_time_and_reads_back() -> None:
    records = [_header(), _project(), build("end", {"documents": 0})]
    first = b"".join(write_file(records, 1_000))
    second = b"".join(write_file(records, 2_000_000_000))
    assert first != second and first[:4] + first[8:] == second[:4] + second[8:]
    assert first[3] == 0  # no file name or comment in the header
    with gzip.GzipFile(fileobj=io.BytesIO(second)) as file:
        file.read()
        assert file.mtime == 2_000_000_000
    # Read back with its times as datetimes, for the load to store.
    expected = [dict(r) for r in records]
    expected[1]["created_at"] = datetime(2026, 12, 3, 11, 42, 9, tzinfo=UTC)
    assert [r for _, r in _read(first)] == expected
    assert [r for _, r in _read(gzip.decompress(first))] == expected


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([], "line 1: the file is empty"),
        (["H", "P"], "line 3: the file ends before its end record"),
        (["H", "P", "P"], "line 3: record: a project record is out of place here"),
        (["H", "P", "E", "E"], "line 4: a line after the end record"),
        (["H", "P", {"record": "document"}, "E"], "line 3: id: missing"),
        (["H", "E"], "line 2: record: the project record must follow the header"),
        (["H", "H"], "line 2: record: the project record must follow the header"),
        (["H", "P", {"record": "tag"}], 'line 3: record: unknown record kind "tag"'),
        (["H", "P", {"record": "end", "documents": 2}], "line 3: documents: the file holds 0"),
        (["P"], "line 1: record: not a project file"),
    ],
)
def test_reading_refuses_a_file_out_of_order_or_cut_off(records: list[Any], message: str) -> None:
    named = {"H": _header(), "P": _project(), "E": build("end", {"documents": 0})}
    data = _lines([named.get(r, r) if isinstance(r, str) else r for r in records])
    with pytest.raises(ProjectFileError) as raised:
        _read(data)
    assert raised.value.message.startswith(message), raised.value.message


def test_a_line_after_the_end_and_a_broken_line_are_named() -> None:
    good = _lines([_header(), _project(), build("end", {"documents": 0})])
    with pytest.raises(ProjectFileError, match="^line 4: a line after the end record"):
        _read(good + b"{}\n")
    with pytest.raises(ProjectFileError, match="^line 2: invalid JSON at column 2"):
        _read(_lines([_header()]) + b"{,\n")
    with pytest.raises(ProjectFileError, match="^line 2: not UTF-8"):
        _read(_lines([_header()]) + b'{"a": "\xff"}\n')
    with pytest.raises(ProjectFileError, match="^line 1: format: not a project file"):
        _read(_lines([_header() | {"format": "other"}]))


def test_a_line_too_long_is_refused_before_it_is_read_whole(monkeypatch: Any) -> None:
    from annotator.core.formats import project_stream

    monkeypatch.setattr(project_stream, "MAX_LINE", 200)
    data = _lines([_header(), {"record": "project", "name": "x" * 300}])
    with pytest.raises(ProjectFileError, match="^line 2: longer than 0 MB"):
        _read(gzip.compress(data))


def _document(span: dict[str, Any]) -> dict[str, Any]:
    moment = "2026-12-03T11:42:09.000000Z"
    span = {"label": "X", "start": 0, "end": 1, "attributes": {}, "version": 1, "score": None,
            "model": None, "decided_by": None, "source_layer": None, "created_at": moment,
            "updated_at": moment} | span  # fmt: skip
    layer = {"name": "gold", "created_at": moment, "seconds": 0, "spans": [span],
             "relations": [], "labels": []}  # fmt: skip
    return {"record": "document", "id": "d", "title": None, "meta": {},
            "segmenter_version": "1", "created_at": moment, "text": "ab", "sentences": [[0, 2]],
            "gold_status": None, "assignments": [], "notes": [], "layers": [layer],
            "rejections": [], "changes": [], "decisions": []}  # fmt: skip


def test_spans_of_files_before_version_4_are_read_without_ids() -> None:
    header = _header() | {"version": 3}
    end = build("end", {"documents": 1})
    read = _read(_lines([header, _project(), _document({}), end]))
    assert read[2][1]["layers"][0]["spans"][0]["id"] is None
    # From version 4 on a span must carry its id.
    header = _header() | {"version": 4}
    with pytest.raises(ProjectFileError, match=r"^line 3: layers\[0\]\.spans\[0\]\.id: missing"):
        _read(_lines([header, _project(), _document({}), end]))
    read = _read(_lines([header, _project(), _document({"id": 5}), end]))
    assert read[2][1]["layers"][0]["spans"][0]["id"] == 5


def test_ids_are_written_as_ranges_of_consecutive_ids() -> None:
    assert list(id_ranges([])) == []
    assert list(id_ranges([3, 4, 5, 9, 11, 12])) == [[3, 6], [9, 10], [11, 13]]
    assert list(id_ranges(iter([7]))) == [[7, 8]]


def test_label_values_of_files_before_version_5_are_read_without_ids() -> None:
    moment = "2026-12-03T11:42:09.000000Z"
    label = {"sentence": None, "name": "genre", "value": "NEWS", "decided_by": None,
             "source_layer": None, "created_at": moment, "updated_at": moment}  # fmt: skip
    end = build("end", {"documents": 1})

    def file(version: int, **given: Any) -> bytes:
        document = _document({"id": 5})
        document["layers"][0]["labels"] = [label | given]
        return _lines([_header() | {"version": version}, _project(), document, end])

    assert _read(file(4))[2][1]["layers"][0]["labels"][0]["id"] is None
    # From version 5 on a label value must carry its id too.
    with pytest.raises(ProjectFileError, match=r"^line 3: layers\[0\]\.labels\[0\]\.id: missing"):
        _read(file(5))
    assert _read(file(5, id=7))[2][1]["layers"][0]["labels"][0]["id"] == 7


@pytest.mark.parametrize(
    ("version", "kind", "message"),
    [
        (3, "span", "line 3: record: ids records came with format version 4"),
        (4, "label", "line 3: kind: 'label' is not one of 'span', 'relation'"),
        (5, "widget", "line 3: kind: 'widget' is not one of 'span', 'relation', 'label'"),
    ],
)
def test_reading_refuses_ids_of_a_kind_the_version_gives_none(
    version: int, kind: str, message: str
) -> None:
    """The reader itself refuses them, by line, before a load stores anything of the file."""
    ids = {"record": "ids", "kind": kind, "ranges": [[1, 2]]}
    data = _lines([_header() | {"version": version}, _project(), ids])
    with pytest.raises(ProjectFileError) as raised:
        _read(data)
    assert raised.value.message.startswith(message), raised.value.message


def test_the_readme_describes_every_version_up_to_the_one_written() -> None:
    """The README's format section names the version a dump writes and what each one added."""
    from annotator.core.formats.project_file import VERSION
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("The format (`annotator/core/formats/project_file.py`") :]
    section = " ".join(section[: section.index("\n\n")].split())
    assert f'`"version": {VERSION}`' in section
    assert f"reads versions 1 to {VERSION}" in section
    for version in range(2, VERSION + 1):
        assert f" {version} " in section.split("The versions:")[1], version


def test_relations_of_files_before_version_7_are_read_without_a_note() -> None:
    moment = "2026-12-03T11:42:09.000000Z"
    relation = {"id": 3, "type": "R", "from": 0, "to": 0, "score": None, "model": None,
                "decided_by": None, "source_layer": None, "created_at": moment}  # fmt: skip
    end = build("end", {"documents": 1})

    def file(version: int, **given: Any) -> bytes:
        document = _document({"id": 5, "note": None})
        document["layers"][0]["relations"] = [relation | given]
        return _lines([_header() | {"version": version}, _project(), document, end])

    assert _read(file(6))[2][1]["layers"][0]["relations"][0]["note"] is None
    # From version 7 on a relation must carry its note (null for none).
    with pytest.raises(ProjectFileError, match=r"^line 3: layers\[0\]\.relations\[0\]\.note"):
        _read(file(7))
    assert _read(file(7, note="why"))[2][1]["layers"][0]["relations"][0]["note"] == "why"


def test_labels_of_files_before_version_8_are_read_without_a_suggestion() -> None:
    moment = "2026-12-03T11:42:09.000000Z"
    label = {"id": 4, "sentence": 0, "name": "stance", "value": "FAVOR", "decided_by": None,
             "source_layer": None, "created_at": moment, "updated_at": moment}  # fmt: skip
    end = build("end", {"documents": 1})

    def file(version: int, **given: Any) -> bytes:
        document = _document({"id": 5, "note": None})
        document["layers"][0]["labels"] = [label | given]
        return _lines([_header() | {"version": version}, _project(), document, end])

    read = _read(file(7))[2][1]["layers"][0]["labels"][0]
    assert (read["score"], read["model"]) == (None, None)
    # From version 8 on a label must carry both (null for none).
    with pytest.raises(ProjectFileError, match="score"):
        _read(file(8))
    kept = _read(file(8, score=0.9, model="2"))[2][1]["layers"][0]["labels"][0]
    assert (kept["score"], kept["model"]) == (0.9, "2")
