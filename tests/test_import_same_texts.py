"""A document whose text the project (or the same import) already has under another id is
stored, and said: by the command line, the API's ``warnings``, the project page's flash and
the corpus page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from annotator.services.datasets.same_texts import NAMED
from tests.helpers import csrf_token_from, login

CONLL = "-DOCSTART- -X- O O\n\nOfficials O\nsaid O\n\n-DOCSTART- -X- O O\n\nNobody O\nknew O\n"
KREMLIN = b"The Kremlin said nothing.\nThe talks went on.\n"


@pytest.fixture
def ada(client: Any, make_user: Any, make_project: Any) -> Any:
    """An admin signed in, with the project ``demo``."""
    make_project("demo")
    make_user("ada", "admin")
    login(client, "ada")
    return client


def test_the_command_line_names_each_copy_and_the_document_it_copies(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    for name in ("train.txt", "eng.train", "train.bio"):
        (tmp_path / name).write_text(CONLL, encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("train.txt", "eng.train", "train.bio")]
    args = ["import", "demo", *paths, "--format", "conll", "--annotator", "gold"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "same text" in line]
    # Within one import: the second and third file's documents, each named with the first's.
    assert len(warnings) == 4, result.stderr
    assert warnings[0].startswith(f"Warning: {tmp_path / 'eng.train'}:1: document ")
    assert "has the same text as document " in warnings[0]
    assert f"({tmp_path / 'train.txt'}:1) of this import" in warnings[0]
    assert "Imported 6 new documents" in result.stdout

    # Again under new names: each has the same text as a document already in the project.
    (tmp_path / "again.conll").write_text(CONLL, encoding="utf-8")
    args = ["import", "demo", str(tmp_path / "again.conll"), "--format", "conll"]
    result = runner.invoke(args=[*args, "--annotator", "gold"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "same text" in line]
    assert len(warnings) == 2
    assert warnings[0].endswith("already in the project"), warnings[0]
    assert "document #1 (" in warnings[0]


def test_the_api_answers_warnings_naming_the_document_already_there(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))

    def upload(name: str) -> Any:
        data = {"file": [(io.BytesIO(KREMLIN), name)]}
        return client.post("/api/v1/projects/demo/documents", data=data, headers=token)

    first = upload("kremlin.txt")
    assert first.status_code == 201 and "warnings" not in first.get_json()
    again = upload("kremlin (1).txt")
    assert again.status_code == 201
    body = again.get_json()
    assert body["created"] == 1  # stored all the same: an id is a document
    assert body["warnings"] == [
        "kremlin (1).txt: document 'kremlin (1).txt' has the same text as document "
        "#1 (kremlin.txt) already in the project"
    ]
    # The same file again under its own name is unchanged: no warning.
    assert "warnings" not in upload("kremlin.txt").get_json()


def test_the_project_page_flashes_a_warning_for_each_copy(ada: Any) -> None:
    page = ada.get("/projects/demo").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "files": [(io.BytesIO(KREMLIN), "kremlin.txt"), (io.BytesIO(KREMLIN), "copy.txt")],
    }
    response = ada.post("/projects/demo/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    followed = ada.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 2 new documents" in followed
    assert (
        "Warning: copy.txt: document &#39;copy.txt&#39; has the same text as document "
        "&#39;kremlin.txt&#39; (kremlin.txt) of this import"
    ) in followed


def test_the_corpus_page_lists_the_warnings(ada: Any) -> None:
    page = ada.get("/projects/demo/import").get_data(as_text=True)
    data = {
        "csrf_token": csrf_token_from(page),
        "format": "conll",
        "annotator": "gold",
        "files": [(io.BytesIO(CONLL.encode()), "a.conll"), (io.BytesIO(CONLL.encode()), "b.conll")],
    }
    response = ada.post("/projects/demo/import", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert html.count("has the same text as document") == 2
    assert "b.conll:1: document" in html


def test_many_copies_are_named_up_to_a_limit_and_counted(
    client: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))
    files = [(io.BytesIO(KREMLIN), f"k{n}.txt") for n in range(NAMED + 3)]
    response = client.post("/api/v1/projects/demo/documents", data={"file": files}, headers=token)
    warnings = response.get_json()["warnings"]
    assert len(warnings) == NAMED + 1
    assert warnings[-1] == "and 2 more documents whose text is there already"


def test_a_split_export_warns_of_a_text_in_two_splits_naming_the_ids(
    session: Any, make_project: Any, make_document: Any
) -> None:
    from annotator.services.datasets.export import start_export, warnings_said
    from annotator.services.datasets.export_options import ExportOptions

    project = make_project("demo")
    for n in range(40):
        make_document(project, f"Text number {n}.", external_id=f"d{n}")
    for n in range(40):
        make_document(project, f"Text number {n}.", external_id=f"copy-{n}")
    session.commit()

    def spread(split: str) -> list[str]:
        export = start_export(session, project, ExportOptions(split=split, seed=7))
        b"".join(export.chunks)  # the folder's plan is made as it is written
        return [line for line in warnings_said(export.warnings) if "more than one split" in line]

    [said] = spread("train=0.5,test=0.5")
    # Each text's two ids, each with its split; 80 documents drawn by their own ids.
    assert "texts in more than one split, under different document ids: " in said
    assert "(train) = " in said or "(test) = " in said
    assert " (test)" in said and " (train)" in said
    assert spread("train=1.0") == []  # one split: nothing to leak
