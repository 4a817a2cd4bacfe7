"""The ``conll-2003`` export: CoNLL-2003 NER columns that spaCy's converter and our own CoNLL
import read as they are, with the same entities as our spans; what it leaves out is said.

Our ``conll`` export's ``#`` comments and its ``\\#`` before a token starting with ``#`` made
``python -m spacy convert -c ner`` fail on it, and other CoNLL-2003 readers show the ``\\#``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from annotator.core.formats.conll_tags import OVERLAPPING
from annotator.core.tokens import tokenize
from annotator.models import Span
from annotator.services.accounts.projects import create_project
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import GOLD_NOT_FINAL, build_world
from tests.extras import need
from tests.helpers import login, said

#: Each document's text and its spans, as (label, words), all on token boundaries: a token
#: starting with ``#`` first and inside a span, non-ASCII words, three sentences.
DOCUMENTS = {
    "d-hash": (
        "# 1 said Ann about #Ecuador today, and #MeToo.",
        [("SOURCE", "Ann"), ("CLAIM", "#Ecuador today"), ("CLAIM", "#MeToo")],
    ),
    "d-intl": (
        "Ünal Çelik of Zürich said 😀 “no” to Ελλάδα’s plan, naïvely.",
        [("SOURCE", "Ünal Çelik of Zürich"), ("CLAIM", "“no” to Ελλάδα’s plan")],
    ),
    "d-multi": (
        "Officials said the plan will cut costs. Critics denied it at once.\n\n"
        "The ministry did not comment.",
        [("CLAIM", "the plan will cut costs"), ("SOURCE", "Critics"), ("SOURCE", "The ministry")],
    ),
}


@pytest.fixture
def project(session, make_user, make_project, make_document, assign) -> Any:  # noqa: ANN001
    """A project whose annotator alice marked :data:`DOCUMENTS`' spans."""
    alice = make_user("alice")
    made = make_project("c03")
    for external_id, (text, spans) in DOCUMENTS.items():
        document = make_document(made, text, external_id)
        assign(document, alice)
        layer = open_layer(session, alice, document, None)
        for label, words in spans:
            start = text.index(words)
            add_span(session, layer, label, start, start + len(words))
    session.commit()
    return made


def _export(session, project, fmt: str, **options: Any) -> tuple[str, list[str]]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(format=fmt, **options))
    data = b"".join(export.chunks).decode("utf-8")
    return data, said(export.warnings)


def _words(text: str) -> list[str]:
    return [token.text for token in tokenize(text)]


def _entities(session, project) -> list[list[tuple[str, list[str]]]]:  # noqa: ANN001
    """Return each exported document's spans as (label, tokens), in order of start."""
    data, _ = _export(session, project, "jsonl")
    found = []
    for line in data.splitlines():
        (layer,) = json.loads(line)["annotations"]
        spans = sorted(layer["spans"], key=lambda s: s["start"])
        found.append([(s["label"], _words(s["text"])) for s in spans])
    return found


def test_spacy_convert_reads_the_same_entities_tokens_and_sentences(
    session, project, tmp_path: Path
) -> None:
    spacy = need("spacy")
    doc_bin = need("spacy.tokens").DocBin
    data, _ = _export(session, project, "conll-2003")
    path = tmp_path / "c03.conll"
    path.write_text(data, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # The very command a model builder runs, with this Python's spaCy.
    command = [sys.executable, "-m", "spacy", "convert", "-c", "ner", str(path), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Generated output file (3 documents)" in done.stdout
    docs = list(doc_bin().from_disk(out / "c03.spacy").get_docs(spacy.blank("xx").vocab))
    assert [[(e.label_, [t.text for t in e]) for e in doc.ents] for doc in docs] == _entities(
        session, project
    )
    for doc, (text, _spans) in zip(docs, DOCUMENTS.values(), strict=True):
        assert [t.text for t in doc] == _words(text)
    assert [len(list(doc.sents)) for doc in docs] == [1, 1, 3]


def test_the_lines_are_plain_conll_2003_with_no_comment_and_no_escape(session, project) -> None:
    data, _ = _export(session, project, "conll-2003")
    lines = data.split("\n")
    assert lines[:3] == ["-DOCSTART- -X- O O", "", "# _ _ O"]
    assert data.count("-DOCSTART- -X- O O\n\n") == len(DOCUMENTS)
    assert "# _ _ B-CLAIM" in lines and "MeToo _ _ I-CLAIM" in lines
    assert "Ελλάδα’s _ _ I-CLAIM" in lines and "😀 _ _ O" in lines
    assert "\\" not in data
    tokens = [line for line in lines if line and not line.startswith("-DOCSTART-")]
    assert all(len(line.split(" ")) == 4 and line.split(" ")[1:3] == ["_", "_"] for line in tokens)
    assert len(tokens) == sum(len(_words(text)) for text, _ in DOCUMENTS.values())


def test_our_conll_import_reads_it_back_as_token_texts(session, project, tmp_path: Path) -> None:
    data, _ = _export(session, project, "conll-2003")
    path = tmp_path / "c03.conll"
    path.write_text(data, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", project.schema)
    session.commit()
    options = DatasetOptions(annotator="alice")
    report = import_paths(session, copy, [path], options=options, format="conll")
    session.commit()
    assert report.created == len(DOCUMENTS)
    assert _entities(session, copy) == _entities(session, project)
    # No ids nor exact texts in the file: named by place, texts rebuilt from the tokens.
    records = [json.loads(line) for line in _export(session, copy, "jsonl")[0].splitlines()]
    starts = [n for n, line in enumerate(data.split("\n"), 1) if line.startswith("-DOCSTART-")]
    assert [r["id"] for r in records] == [f"c03.conll:{n}" for n in starts]
    assert records[2]["text"] == (
        "Officials said the plan will cut costs .\nCritics denied it at once .\n"
        "The ministry did not comment ."
    )


def test_an_overlapping_span_is_left_out_and_said_as_conll_says_it(
    session, make_user, make_project, make_document, assign
) -> None:
    alice = make_user("alice")
    made = make_project("nested")
    text = "Officials said the plan will cut costs."
    document = make_document(made, text, "d1")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "CLAIM", text.index("the"), text.index("."))
    add_span(session, layer, "SOURCE", text.index("plan"), text.index("plan") + 4)
    session.commit()
    for fmt in ("conll", "conll-2003"):
        data, warnings = _export(session, made, fmt)
        assert OVERLAPPING.said(1) in warnings, fmt
        assert "B-SOURCE" not in data
    assert "plan _ _ I-CLAIM" in data.split("\n")


def test_it_says_what_it_leaves_out(
    session, make_user, make_project, make_document, assign
) -> None:
    world = build_world(session, make_user, make_project, make_document, assign)
    titled = make_document(world.project, "Ann said so.", "d-titled", title="T", meta={"a": 1})
    assign(titled, world.users["alice"])
    layer = open_layer(session, world.users["alice"], titled, None)
    session.execute(
        update(Span)
        .where(Span.id == add_span(session, layer, "SOURCE", 0, 3).id)
        .values(model="rules", score=0.9)
    )
    session.commit()
    _, warnings = _export(session, world.project, "conll-2003")
    why = "conll-2003 has no room for them"
    assert warnings == sorted(
        [
            GOLD_NOT_FINAL.replace("1 of 3 documents", "1 of 4 documents"),
            OVERLAPPING.said(1),
            "1 document meta field (a) not written: conll-2003 has no room for it",
            "1 document title not written: conll-2003 has no room for it",
            "1 span's model and score not written: conll-2003 has no room for it",
            "3 document label values (genre) not written: " + why,
            "3 relations (ATTRIBUTED_TO, CUED_BY) not written: " + why,
            "4 document ids not written: " + why,
            "4 documents' exact texts (their spacing and offsets) not written: " + why,
            "4 sentence label values (bias, stance) not written: " + why,
            "4 span attribute values (claimer, type) not written: " + why,
            "8 layers' annotators and statuses not written: " + why,
        ]
    )


def test_the_page_the_api_and_the_command_line_offer_it(
    session, client, runner, project, make_user, make_token, tmp_path: Path
) -> None:
    rita = make_user("rita", "reviewer")
    expected, _ = _export(session, project, "conll-2003")

    login(client, "rita")
    page = client.get("/projects/c03/export").get_data(as_text=True)
    assert 'value="conll-2003"' in page
    assert "conll-2003 has no room for" in page
    response = client.get("/projects/c03/export", query_string={"format": "conll-2003"})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == expected

    response = client.get("/api/v1/projects/c03/export?format=conll-2003", headers=make_token(rita))
    assert response.status_code == 200
    assert response.get_data(as_text=True) == expected
    disposition = response.headers["Content-Disposition"]
    assert "c03-conll-2003-" in disposition and disposition.endswith('.conll"')
    assert json.loads(response.headers["X-Annotator-Export"])["format"] == "conll-2003"
    assert "3 document ids not written" in response.headers["X-Annotator-Warnings"]
    schema = client.get("/api/v1/openapi.json", headers=make_token(rita)).get_json()
    assert "conll-2003" in json.dumps(schema)

    out = tmp_path / "c03.conll"
    result = runner.invoke(args=["export", "c03", "--format", "conll-2003", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == expected
    assert "3 document ids not written: conll-2003 has no room for them" in result.output
