"""``--split`` in every format: one file per split, holding the documents of that split."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.imports import import_paths
from tests.extras import need
from tests.test_export_datasets import SPLIT, build_corpus
from tests.test_export_datasets import _export as export_files

SPLITS = ("dev", "test", "train")


@pytest.fixture
def corpus(session, make_user, make_project, make_document, assign) -> Any:
    """Twenty documents from five outlets (``outlet`` in their meta), annotated by alice."""
    return build_corpus(session, make_user, make_project, make_document, assign)


def _ids_by_split(session, project) -> dict[str, set[str]]:  # noqa: ANN001
    """Each split's document ids as the jsonl split writes them, seed 3."""
    files, _ = export_files(session, project, format="jsonl", split=SPLIT, seed=3)
    return {
        name.split(".")[0]: {json.loads(line)["id"] for line in data.splitlines()}
        for name, data in files.items()
    }


def _conll_ids(data: bytes) -> set[str]:
    return {line[7:] for line in data.decode("utf-8").splitlines() if line.startswith("# id = ")}


def _jsonl_ids(data: bytes) -> set[str]:
    return {json.loads(line)["id"] for line in data.decode("utf-8").splitlines()}


def _labelstudio_ids(data: bytes) -> set[str]:
    return {task["data"]["id"] for task in json.loads(data)}


def _brat_ids(data: bytes) -> set[str]:
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return {name.split("/")[-1][: -len(".txt")] for name in names if name.endswith(".txt")}


def _spacy_ids(data: bytes) -> set[str]:
    spacy = need("spacy")
    from spacy.tokens import DocBin

    docs = DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab)
    return {doc.user_data["id"] for doc in docs}


@pytest.mark.parametrize(
    ("format", "extension", "ids_of"),
    [
        ("conll", "conll", _conll_ids),
        ("doccano", "jsonl", _jsonl_ids),
        ("doccano-relations", "jsonl", _jsonl_ids),
        ("labelstudio", "json", _labelstudio_ids),
        ("brat", "zip", _brat_ids),
        ("spacy", "spacy", _spacy_ids),
    ],
)
def test_every_format_splits_into_one_file_per_split(
    session, corpus, format: str, extension: str, ids_of: Any
) -> None:
    wanted = _ids_by_split(session, corpus)
    files, export = export_files(session, corpus, format=format, split=SPLIT, seed=3)
    assert sorted(files) == [f"{name}.{extension}" for name in SPLITS]
    assert {name: ids_of(files[f"{name}.{extension}"]) for name in SPLITS} == wanted
    assert export.meta["split"]["documents"] == {"train": 13, "dev": 4, "test": 3}


def test_a_labelstudio_project_splits_its_tasks_beside_one_config(session, corpus) -> None:
    wanted = _ids_by_split(session, corpus)
    files, _ = export_files(session, corpus, format="labelstudio-project", split=SPLIT, seed=3)
    assert sorted(files) == ["dev.json", "labeling_config.xml", "test.json", "train.json"]
    assert {name: _labelstudio_ids(files[f"{name}.json"]) for name in SPLITS} == wanted
    # Without a split it stays one tasks.json.
    whole, _ = export_files(session, corpus, format="labelstudio-project")
    assert sorted(whole) == ["labeling_config.xml", "tasks.json"]


def test_a_split_conll_file_imports_its_documents_back(
    runner, session, corpus, tmp_path: Path
) -> None:
    folder = tmp_path / "splits"
    args = ["export", "news", "--format", "conll", "-o", str(folder), "--split", SPLIT]
    result = runner.invoke(args=[*args, "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [f"{n}.conll" for n in SPLITS]
    copy = create_project(session, "copy", "Copy", corpus.schema)
    session.commit()
    report = import_paths(session, copy, [folder / "dev.conll"], format="conll")
    session.commit()
    assert report.created == 4
    export = start_export(session, copy, ExportOptions())
    back = [json.loads(line) for line in b"".join(export.chunks).splitlines()]
    assert {record["id"] for record in back} == _ids_by_split(session, corpus)["dev"]
    assert all(record["meta"]["outlet"] for record in back)


def test_the_api_splits_any_format_and_its_refusals_name_no_flag(
    client, session, corpus, make_token
) -> None:
    from annotator.models import User

    rita = session.query(User).filter_by(username="rita").one()
    response = client.get(
        "/api/v1/projects/news/export",
        query_string={"format": "conll", "split": SPLIT},
        headers=make_token(rita),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    assert sorted(names) == ["dev.conll", "meta.json", "test.conll", "train.conll"]
    bad = client.get(
        "/api/v1/projects/news/export",
        query_string={"format": "conll", "group_by": "outlet"},
        headers=make_token(rita),
    )
    assert bad.status_code == 422
    message = bad.get_json()["error"]["message"]
    assert "--" not in message and "split" in message
