"""A split export with a filter (gold status, status) states the sizes of the files it writes.

On :mod:`tests.split_filter_world` (the filter keeps some documents of each split and none of
test's), each split's count (the header, the hf
card) must be the documents in its file, the emptied split must be warned about, naming the
split and the filter, and every kept document must stay in the split it has without the filter.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.extras import need
from tests.helpers import login
from tests.split_filter_world import (
    KEPT,
    SPLIT,
    UNFILTERED,
    build_split_world,
    ids_of,
    zip_files,
)

#: (CLI options, query string, how the warning names the filter)
FILTERS = {
    "gold_status": (["--gold-status", "final"], {"gold_status": "final"}, "gold status final"),
    "status": (["--status", "done"], {"status": "done"}, "status done"),
    # Only the documents with gold have a gold layer to write: the same four, one and none.
    "layer": (["--layer", "gold"], {"layer": "gold"}, "layer gold"),
}


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, str]:  # noqa: ANN001
    return build_split_world(session, make_user, make_project, make_document, assign)


def check_counts(meta: dict[str, Any], files: dict[str, bytes], splits: dict[str, str]) -> None:
    """The header counts the documents in each file; each kept one is in its unfiltered split."""
    written = {name.removesuffix(".jsonl"): ids_of(data) for name, data in files.items()}
    assert {name: len(ids) for name, ids in written.items()} == KEPT
    assert meta["split"]["documents"] == KEPT
    for name, ids in written.items():
        assert all(splits[document] == name for document in ids)


@pytest.mark.parametrize("chosen", list(FILTERS))
def test_cli_counts_each_split_by_its_file_and_warns_of_the_emptied_one(
    runner, world, tmp_path: Path, chosen: str
) -> None:
    options, _, words = FILTERS[chosen]
    out = tmp_path / "parts"
    result = runner.invoke(args=["export", "news", *options, "--split", SPLIT, "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = {path.name: path.read_bytes() for path in out.glob("*.jsonl")}
    meta = json.loads((tmp_path / "parts.meta.json").read_text(encoding="utf-8"))
    check_counts(meta, files, world)
    assert f"Warning: 1 split left with no document by the filter {words}: test" in result.stderr
    assert "Exported 5 documents" in result.stderr


def test_cli_header_lines_state_the_written_counts(runner, world, tmp_path: Path) -> None:
    out = tmp_path / "parts"
    args = ["export", "news", "--gold-status", "final", "--split", SPLIT, "--header", "-o"]
    result = runner.invoke(args=[*args, str(out)])
    assert result.exit_code == 0, result.output
    first = json.loads((out / "train.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["_meta"]["split"]["documents"] == KEPT


def test_no_warning_without_a_filter_or_when_no_split_is_emptied(runner, world, tmp_path) -> None:
    out = tmp_path / "all"
    result = runner.invoke(args=["export", "news", "--split", SPLIT, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
    meta = json.loads((tmp_path / "all.meta.json").read_text(encoding="utf-8"))
    assert meta["split"]["documents"] == UNFILTERED


@pytest.mark.parametrize("chosen", list(FILTERS))
def test_api_header_counts_each_split_by_its_file_and_warns(
    client, world, make_token, make_user, chosen: str
) -> None:
    _, query, words = FILTERS[chosen]
    headers = make_token(make_user("ada", "admin"))
    response = client.get(
        "/api/v1/projects/news/export", query_string={**query, "split": SPLIT}, headers=headers
    )
    assert response.status_code == 200
    meta = json.loads(response.headers["X-Annotator-Export"])
    check_counts(meta, zip_files(response.get_data()), world)
    assert json.loads(response.headers["X-Annotator-Warnings"]) == [
        f"1 split left with no document by the filter {words}: test"
    ]


def test_api_without_warnings_sends_no_warnings_header(client, world, make_token, make_user):
    headers = make_token(make_user("ada", "admin"))
    response = client.get(
        "/api/v1/projects/news/export", query_string={"split": SPLIT}, headers=headers
    )
    assert response.status_code == 200
    assert "X-Annotator-Warnings" not in response.headers


@pytest.mark.parametrize("chosen", list(FILTERS))
def test_hf_card_counts_the_written_documents_and_leaves_the_emptied_split_out(
    runner, world, tmp_path: Path, chosen: str
) -> None:
    need("pyarrow")
    options, _, words = FILTERS[chosen]
    out = tmp_path / "hf"
    args = ["export", "news", "--format", "hf", *options, "--split", SPLIT, "-o", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "data").iterdir()) == [
        "dev-00000-of-00001.parquet",
        "train-00000-of-00001.parquet",
    ]
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "| `train` | 4 |" in card and "| `dev` | 1 |" in card and "`test`" not in card
    assert "- name: test" not in card and "split: test" not in card
    gold_filter = "final" if chosen == "gold_status" else "none"
    assert f"gold status filter `{gold_filter}`" in card
    meta = json.loads((tmp_path / "hf.meta.json").read_text(encoding="utf-8"))
    assert meta["split"]["documents"] == {"train": 4, "dev": 1, "test": 0}
    assert f"1 split left with no document by the filter {words}: test" in result.stderr


def test_export_page_downloads_at_once_and_says_the_emptied_split(client, world) -> None:
    login(client, "rita")
    query = {"format": "jsonl", "gold_status": "final", "split": SPLIT}
    download = client.get("/projects/news/export", query_string=query)
    assert download.status_code == 200 and download.mimetype == "application/zip"
    # The warning rides with the file, for the page to show beside the button.
    assert json.loads(download.headers["X-Annotator-Warnings"]) == [
        "1 split left with no document by the filter gold status final: test"
    ]
    meta = json.loads(download.headers["X-Annotator-Export"])
    check_counts(meta, zip_files(download.get_data()), world)
    plain = client.get("/projects/news/export", query_string={"format": "jsonl", "split": SPLIT})
    assert plain.mimetype == "application/zip"


def test_documents_without_the_group_field_are_counted_among_those_written(session, world) -> None:
    """The split is drawn over every document, so that a filter moves none; the warning of
    documents without the group field counts only those the file writes (a team lead's
    export of final gold was told of a document it did not hold)."""
    from sqlalchemy import select

    from annotator.models import Document, Project
    from annotator.services.datasets.export import start_export, warnings_said
    from annotator.services.datasets.export_options import ExportOptions

    project = session.scalars(select(Project).where(Project.slug == "news")).one()
    documents = session.scalars(select(Document).where(Document.project_id == project.id)).all()
    done = {
        split_name: [doc for doc, name in world.items() if name == split_name]
        for split_name in set(world.values())
    }
    unwritten = done["test"][0]  # test's document is not done: the filter leaves it out
    for document in documents:
        if document.external_id != unwritten:
            document.meta = {"outlet": f"o{document.id % 3}"}
    session.commit()
    options = {"split": SPLIT, "group_by": "outlet"}

    def group_warnings(**filters: Any) -> list[str]:
        export = start_export(session, project, ExportOptions(**options, **filters))
        b"".join(export.chunks)  # the folder's plan is made as it is written
        return [line for line in warnings_said(export.warnings) if "group field" in line]

    assert group_warnings() == ["1 document without the group field (kept together as one group)"]
    assert group_warnings(status="done") == []
