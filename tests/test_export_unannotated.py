"""A document with no layer at all (nobody assigned, nothing annotated) is written by the
formats that hold bare texts (jsonl, Label Studio) and left out of the others, and every
count the export states (the split header, the summary, the card) counts what the files hold."""

from __future__ import annotations

import json
from typing import Any

import pytest

from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import warnings_said
from tests.test_export_datasets import SPLIT, build_corpus
from tests.test_export_datasets import _export as export_files
from tests.test_export_split_formats import _conll_ids, _jsonl_ids

BARE = ("bare-1", "bare-2", "bare-3")


@pytest.fixture
def corpus(session, make_user, make_project, make_document, assign) -> Any:  # noqa: ANN001
    """The 20 annotated documents of ``build_corpus``, three imported and never assigned,
    one with gold only (a reviewer wrote it, nobody was assigned)."""
    project = build_corpus(session, make_user, make_project, make_document, assign)
    for name in BARE:
        make_document(project, f"Nobody read {name} yet. It waits.", external_id=name)
    gold_only = make_document(project, "The minister said so. Others did not.", "gold-only")
    add_span(session, ensure_layer(session, gold_only, None), "SOURCE", 4, 12)
    session.commit()
    return project


def _held(files: dict[str, bytes], ids_of: Any) -> dict[str, set[str]]:
    return {name.split(".")[0]: ids_of(data) for name, data in files.items()}


def test_a_layers_only_format_leaves_them_out_and_its_header_counts_what_it_holds(
    session: Any, corpus: Any
) -> None:
    files, export = export_files(session, corpus, format="conll", split=SPLIT, seed=7)
    held = _held(files, _conll_ids)
    split = export.meta["split"]
    assert {name: len(ids) for name, ids in held.items() if ids} == {
        name: count for name, count in split["documents"].items() if count
    }
    assert {name: set(ids) for name, ids in split["ids"].items() if ids} == {
        name: ids for name, ids in held.items() if ids
    }
    written = set().union(*held.values())
    assert len(written) == 21 and "gold-only" in written
    assert not written & set(BARE)
    assert (
        "3 documents with no layer (nobody assigned, nothing annotated) not written: conll "
        "holds annotated documents only" in warnings_said(export.warnings)
    )


def test_jsonl_writes_them_as_bare_texts_and_counts_them(session: Any, corpus: Any) -> None:
    files, export = export_files(session, corpus, format="jsonl", split=SPLIT, seed=7)
    written = set().union(*_held(files, _jsonl_ids).values())
    assert set(BARE) <= written and len(written) == 24
    assert sum(export.meta["split"]["documents"].values()) == 24
    assert not any("no layer" in said for said in warnings_said(export.warnings))


def test_the_command_line_summary_counts_the_documents_written(
    runner: Any, corpus: Any, tmp_path: Any
) -> None:
    out = tmp_path / "news.conll"
    result = runner.invoke(args=["export", "news", "--format", "conll", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Exported 21 documents" in result.output
    assert len(_conll_ids(out.read_bytes())) == 21
    assert "3 documents with no layer" in result.output
    header = json.loads(out.with_suffix(".conll.meta.json").read_text())
    assert header["project"] == "news"
