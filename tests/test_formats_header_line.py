"""The line-based formats' first line: ``{"_meta": ...}`` when the export asks for it, then
one line per document (or sentence) and layer, as without it."""

from __future__ import annotations

import json

import pytest

from annotator.core.formats import FORMAT_NAMES, ExportContext, get_format
from tests.conftest import SEED_SCHEMA

RECORD = {
    "id": "doc-1",
    "project": "demo",
    "title": "",
    "meta": {},
    "text": "Officials said it. Moscow denied it.",
    "sentences": [{"index": 0, "start": 0, "end": 18}, {"index": 1, "start": 19, "end": 36}],
    "annotations": [
        {
            "annotator": "alice",
            "status": "done",
            "spans": [
                {"id": 1, "label": "CLAIM", "start": 10, "end": 17, "text": "said it",
                 "sentence": 0, "attributes": {}},
            ],
            "relations": [],
            "sentence_labels": [],
            "document_labels": [],
        }
    ],
    "gold": None,
}  # fmt: skip
LINE_BASED = [n for n in FORMAT_NAMES if (f := get_format(n)) is not None and f.line_based]


def _lines(name: str, header: bool) -> list[str]:
    found = get_format(name)
    assert found is not None
    meta = {"project": "demo", "schema_version": 3}
    context = ExportContext(schema=SEED_SCHEMA, meta=meta, header_line=header)
    return b"".join(found.writer([RECORD], context)).decode("utf-8").splitlines()


def test_the_line_based_formats_are_those_that_take_a_header_line() -> None:
    assert LINE_BASED == ["jsonl", "sentences", "doccano", "doccano-relations"]


@pytest.mark.parametrize("name", LINE_BASED)
def test_a_header_line_comes_first_and_only_when_asked(name: str) -> None:
    plain = _lines(name, header=False)
    assert plain and all("_meta" not in json.loads(line) for line in plain)
    headed = _lines(name, header=True)
    assert json.loads(headed[0]) == {"_meta": {"project": "demo", "schema_version": 3}}
    assert headed[1:] == plain
