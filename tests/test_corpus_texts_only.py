"""Bringing in a corpus's texts alone, to annotate from scratch.

``--texts-only`` (the import page's and the API's ``texts_only``) stores a brat or CoNLL
corpus's documents and sentences and no layer at all, saying what it left out, counted; a
layer that names nobody and that the label map emptied (``PER=-``) makes no layer either,
and so needs no annotator.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.errors import Invalid
from annotator.models import Document, Layer, Sentence, Span
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.helpers import csrf_token_from, login
from tests.test_corpus_import_faces import ALICE_ANN, BOB_ANN, CORPUS, TEXT, brat_zip

# Tags the seed schema has none of (PER, LOC): without texts only they are refused unmapped.
CONLL = "Officials B-PER\nsaid O\nit O\n.\tO\n\nMoscow B-LOC\ndenied O\n"


def _counts(session: Session) -> tuple[int, int, int, int]:
    session.commit()
    return tuple(  # type: ignore[return-value]
        session.scalar(select(func.count()).select_from(m)) or 0
        for m in (Document, Sentence, Layer, Span)
    )


def _said(report: Any) -> dict[str, int]:
    return {what.one: count for what, count in report.tallies.items()}


def test_texts_only_brings_a_conll_file_in_with_its_sentences_and_no_layer(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    path = tmp_path / "news.conll"
    path.write_text(CONLL, encoding="utf-8")
    project = make_project("p")
    options = DatasetOptions(texts_only=True)
    report = import_paths(session, project, [path], options=options, format="conll")
    assert _counts(session) == (1, 2, 0, 0)
    assert (report.created, report.layers, report.spans) == (1, 0, 0)
    summary = report.summary()
    assert "1 annotation layer left out (texts only)" in summary
    assert "2 spans and relations left out with the layers (texts only)" in summary


def test_texts_only_leaves_every_layer_of_a_brat_corpus_out(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.zip"
    path.write_bytes(brat_zip(CORPUS))
    project = make_project("p")
    report = import_paths(
        session, project, [path], options=DatasetOptions(texts_only=True), format="brat"
    )
    documents, _sentences, layers, spans = _counts(session)
    assert (documents, layers, spans) == (1, 0, 0)
    assert session.scalar(select(Document.text)) == TEXT
    summary = report.summary()
    assert "2 annotation layers left out (texts only)" in summary
    # alice's two spans and relation, bob's two spans
    assert "5 spans and relations left out with the layers (texts only)" in summary


@pytest.mark.parametrize("field", ["annotator", "label_map"])
def test_texts_only_refuses_an_annotator_or_a_map_by_name(
    session: Session, make_project: Any, tmp_path: Path, field: str
) -> None:
    path = tmp_path / "news.conll"
    path.write_text(CONLL, encoding="utf-8")
    project = make_project("p")
    options = DatasetOptions(
        texts_only=True, **{field: "alice" if field == "annotator" else "PER=-"}
    )
    with pytest.raises(Invalid) as refused:
        import_paths(session, project, [path], options=options, format="conll")
    said = refused.value.message
    assert said.startswith("--texts-only brings the texts in with no layer, so it takes no ")
    assert ("--annotator" if field == "annotator" else "--map") in said
    session.rollback()
    assert _counts(session) == (0, 0, 0, 0)


def test_a_conll_layer_the_map_empties_needs_no_annotator_and_makes_no_layer(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    path = tmp_path / "news.conll"
    path.write_text(CONLL, encoding="utf-8")
    project = make_project("p")
    options = DatasetOptions(label_map="PER=-,LOC=-")
    report = import_paths(session, project, [path], options=options, format="conll")
    assert _counts(session) == (1, 2, 0, 0)
    assert _said(report)["span or relation left out by --map NAME=-"] == 2
    said = "1 annotation layer naming no annotator left empty by the map, not made"
    assert said in report.summary()


def test_a_brat_layer_the_map_empties_needs_no_annotator(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    path = tmp_path / "corpus.zip"
    path.write_bytes(brat_zip({"one.txt": TEXT, "one.ann": BOB_ANN}))
    project = make_project("p")
    options = DatasetOptions(label_map="Source=-,Cue=-")
    report = import_paths(session, project, [path], options=options, format="brat")
    documents, _sentences, layers, spans = _counts(session)
    assert (documents, layers, spans) == (1, 0, 0)
    said = "1 annotation layer naming no annotator left empty by the map, not made"
    assert said in report.summary()


def test_a_layer_that_keeps_a_span_still_needs_its_annotator(
    session: Session, make_project: Any, tmp_path: Path
) -> None:
    path = tmp_path / "news.conll"
    path.write_text(CONLL, encoding="utf-8")
    project = make_project("p")
    options = DatasetOptions(label_map="PER=SOURCE,LOC=-")
    with pytest.raises(Invalid) as refused:
        import_paths(session, project, [path], options=options, format="conll")
    assert "a layer names no annotator" in refused.value.message
    session.rollback()


def test_the_import_page_and_the_api_take_texts_only(
    client: Any, session: Session, make_user: Any, make_project: Any, make_token: Any
) -> None:
    make_project("demo")
    ada = make_user("ada", "admin")
    headers = make_token(ada)
    session.commit()
    login(client, "ada")
    page = client.get("/projects/demo/import").get_data(as_text=True)
    assert 'name="texts_only"' in page
    data: dict[str, Any] = {
        "format": "brat",
        "texts_only": "y",
        "csrf_token": csrf_token_from(page),
        "files": [(io.BytesIO(brat_zip(CORPUS)), "corpus.zip")],
    }
    response = client.post("/projects/demo/import", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "2 annotation layers left out (texts only)" in html
    client.post("/auth/logout")
    files = {"files": (io.BytesIO(CONLL.encode()), "news.conll")}
    response = client.post(
        "/api/v1/projects/demo/documents",
        data={"format": "conll", "texts_only": "true", **files},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["annotations"]["layers"] == 0
    assert answer["tallies"]["annotation layers left out (texts only)"] == 1
    bad = client.post(
        "/api/v1/projects/demo/documents",
        data={"format": "conll", "texts_only": "maybe", "files": (io.BytesIO(b"a O\n"), "x.conll")},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "'texts_only' must be true or false" in json.dumps(
        bad.get_json()
    )
    assert _counts(session)[2:] == (0, 0)


def test_the_command_line_takes_texts_only(
    runner: Any, session: Session, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    session.commit()
    path = tmp_path / "corpus.zip"
    path.write_bytes(brat_zip({"one.txt": TEXT, "one.ann": ALICE_ANN}))
    result = runner.invoke(args=["import", "demo", str(path), "--format", "brat", "--texts-only"])
    assert result.exit_code == 0, result.output
    assert "1 annotation layer left out (texts only)" in result.output
    assert "3 spans and relations left out with the layers (texts only)" in result.output
    assert _counts(session)[0::2] == (1, 0)


def test_a_project_manager_may_bring_texts_in_alone(
    client: Any, session: Session, make_user: Any, make_project: Any
) -> None:
    """Layers in someone's name are an admin's to import; texts alone store no one's work."""
    from annotator.services.accounts import membership

    project = make_project("demo")
    mona = make_user("mona", "annotator")
    membership.set_member(session, project, mona, "manager")
    session.commit()
    login(client, "mona")

    def send(**fields: Any) -> Any:
        page = client.get("/projects/demo/import").get_data(as_text=True)
        data: dict[str, Any] = {"format": "brat", "csrf_token": csrf_token_from(page), **fields}
        data["files"] = [(io.BytesIO(brat_zip(CORPUS)), "corpus.zip")]
        return client.post("/projects/demo/import", data=data, content_type="multipart/form-data")

    assert send(create_users="y").status_code == 403
    response = send(texts_only="y")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert _counts(session)[0::2] == (1, 0)
