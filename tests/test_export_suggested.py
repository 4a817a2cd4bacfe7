"""Every export format that carries spans says which came from a suggestion (CONTRACT 11)."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest

from annotator.models import Span
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import accept_suggestion
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from tests.assist_world import build_assist_world
from tests.extras import need


@pytest.fixture
def accepted(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> Any:
    """alice's layer of "unseen": the rules' CUE accepted, and a SOURCE she marked herself."""
    world = build_assist_world(session, make_user, make_project, make_document, assign, 0)
    predict_documents(session, world.project)
    cue = session.query(Span).filter(Span.model == "rules", Span.label == "CUE").one()
    accept_suggestion(session, world.annotator, cue.id)
    from annotator.services.annotation.layers import ensure_layer
    from annotator.services.annotation.spans import add_span

    add_span(session, ensure_layer(session, world.unseen, world.annotator.id), "SOURCE", 0, 11)
    session.commit()
    world.cue = (cue.start, cue.end, cue.score)
    return world


def _export(session: Any, world: Any, fmt: str) -> bytes:
    export = start_export(session, world.project, ExportOptions(format=fmt))
    return b"".join(export.chunks)


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines() if line.startswith("{")]


def test_jsonl_and_sentences_keep_the_suggested_key(session: Any, accepted: Any) -> None:
    start, end, score = accepted.cue
    want = {"model": "rules", "score": score}
    (record,) = [r for r in _lines(_export(session, accepted, "jsonl")) if r["id"] == "unseen"]
    spans = {s["label"]: s.get("suggested") for s in record["annotations"][0]["spans"]}
    assert spans == {"CUE": want, "SOURCE": None}
    (row,) = [r for r in _lines(_export(session, accepted, "sentences")) if r["doc_id"] == "unseen"]
    assert {s["label"]: s.get("suggested") for s in row["spans"]} == spans


def test_doccano_lists_them_and_its_entities_carry_them(session: Any, accepted: Any) -> None:
    start, end, score = accepted.cue
    want = {"model": "rules", "score": score}
    (line,) = [x for x in _lines(_export(session, accepted, "doccano")) if x["id"] == "unseen"]
    assert sorted(line["label"]) == [[0, 11, "SOURCE"], [start, end, "CUE"]]
    assert line["suggested"] == [{"start": start, "end": end, "label": "CUE", "suggested": want}]
    (line,) = [
        x for x in _lines(_export(session, accepted, "doccano-relations")) if x["id"] == "unseen"
    ]
    assert {e["label"]: e.get("suggested") for e in line["entities"]} == {
        "CUE": want,
        "SOURCE": None,
    }


def test_label_studio_regions_carry_them_in_their_meta(session: Any, accepted: Any) -> None:
    tasks = json.loads(_export(session, accepted, "labelstudio"))
    (task,) = [t for t in tasks if t["data"]["id"] == "unseen"]
    (annotation,) = task["annotations"]
    regions = {r["value"]["labels"][0]: r.get("meta") for r in annotation["result"]}
    assert regions == {
        "CUE": {"suggested": {"model": "rules", "score": accepted.cue[2]}},
        "SOURCE": None,
    }


def test_brat_notes_and_conll_comments_name_them(session: Any, accepted: Any) -> None:
    start, end, score = accepted.cue
    archive = zipfile.ZipFile(io.BytesIO(_export(session, accepted, "brat")))
    ann = archive.read("alice/unseen.ann").decode("utf-8").splitlines()
    cue = next(line.split("\t")[0] for line in ann if line.split("\t")[1].startswith("CUE "))
    assert f"#1\tAnnotatorNotes {cue}\tsuggested model=rules score={score}" in ann
    assert sum(line.startswith("#") for line in ann) == 1
    conll = _export(session, accepted, "conll").decode("utf-8").split("# id = ")
    (alice,) = [b for b in conll if b.startswith("unseen\n") and "\n# annotator = alice\n" in b]
    assert f"# suggested = CUE {start} {end} model=rules score={score}" in alice.splitlines()
    assert sum(line.startswith("# suggested") for line in alice.splitlines()) == 1


def test_spacy_docs_keep_them_in_their_user_data(
    session: Any, accepted: Any, tmp_path: Any
) -> None:
    spacy = need("spacy")
    DocBin = need("spacy.tokens").DocBin
    path = tmp_path / "x.spacy"
    path.write_bytes(_export(session, accepted, "spacy"))
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    (doc,) = [
        d for d in docs if (d.user_data["id"], d.user_data["annotator"]) == ("unseen", "alice")
    ]
    spans = {s["label"]: s.get("suggested") for s in doc.user_data["spans"]}
    assert spans == {"CUE": {"model": "rules", "score": accepted.cue[2]}, "SOURCE": None}


def test_an_accepted_relation_says_so_where_relations_are_exported(
    session: Any, accepted: Any
) -> None:
    from annotator.models import Relation
    from annotator.services.assist.decisions import accept_relation

    # The only relation so far: the suggestions layer's (alice's layer has none yet).
    suggested = session.query(Relation).filter(Relation.type == "CUED_BY").one()
    made = accept_relation(session, accepted.annotator, suggested.id).relations[0]
    session.commit()
    want = {"model": "rules", "score": None}
    (record,) = [r for r in _lines(_export(session, accepted, "jsonl")) if r["id"] == "unseen"]
    (relation,) = record["annotations"][0]["relations"]
    assert (relation["id"], relation["suggested"]) == (made.id, want)
    (line,) = [
        x for x in _lines(_export(session, accepted, "doccano-relations")) if x["id"] == "unseen"
    ]
    assert [r.get("suggested") for r in line["relations"]] == [want]
    archive = zipfile.ZipFile(io.BytesIO(_export(session, accepted, "brat")))
    ann = archive.read("alice/unseen.ann").decode("utf-8").splitlines()
    assert any(x.endswith("\tAnnotatorNotes R1\tsuggested model=rules score=None") for x in ann)
    tasks = json.loads(_export(session, accepted, "labelstudio"))
    (task,) = [t for t in tasks if t["data"]["id"] == "unseen"]
    links = [r for r in task["annotations"][0]["result"] if r["type"] == "relation"]
    assert [r.get("meta") for r in links] == [{"suggested": want}]


def _hf_rows(session: Any, project: Any, tmp_path: Any, **options: Any) -> tuple[Any, str]:
    """Export ``project`` as an hf folder, load it with ``datasets``; return it and its card."""
    datasets = need("datasets")
    export = start_export(session, project, ExportOptions(format="hf", **options))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks)))
    folder = tmp_path / "hf"
    for name in archive.namelist():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(archive.read(name))
    loaded = datasets.load_dataset(str(folder), cache_dir=str(tmp_path / "cache"))["train"]
    return loaded, archive.read("README.md").decode("utf-8")


def _accept_the_relation(session: Any, world: Any) -> Any:
    from annotator.models import Relation
    from annotator.services.assist.decisions import accept_relation

    suggested = session.query(Relation).filter(Relation.type == "CUED_BY").one()
    made = accept_relation(session, world.annotator, suggested.id).relations[0]
    session.commit()
    return made


def test_hf_spans_and_relations_say_which_came_from_a_suggestion(
    session: Any, accepted: Any, tmp_path: Any
) -> None:
    made = _accept_the_relation(session, accepted)  # and the CLAIM it links to the CUE
    (record,) = [r for r in _lines(_export(session, accepted, "jsonl")) if r["id"] == "unseen"]
    want = {s["label"]: s.get("suggested") for s in record["annotations"][0]["spans"]}
    assert want["CUE"] == {"model": "rules", "score": accepted.cue[2]} and want["SOURCE"] is None
    train, card = _hf_rows(session, accepted.project, tmp_path)
    (row,) = [r for r in train if (r["id"], r["annotator"]) == ("unseen", "alice")]
    labels = train.features["spans"].feature["label"]
    assert {labels.int2str(s["label"]): s["suggested"] for s in row["spans"]} == want
    # Only the suggestions layer's spans are suggestions themselves.
    assert {(s["score"], s["model"]) for s in row["spans"]} == {(None, None)}
    assert [(r["id"], r["suggested"]) for r in row["relations"]] == [
        (made.id, {"model": "rules", "score": None})
    ]
    assert "has `suggested`: that suggestion's `model` and `score`" in card
    assert "`model` is a trained model's version or `rules`, always as text" in card


def test_hf_suggestions_layer_gives_each_span_its_score_and_model(
    session: Any, accepted: Any, tmp_path: Any
) -> None:
    # A trained model's suggestion names its version (stored as text, a number in jsonl).
    version = session.query(Span).filter(Span.model == "rules", Span.label == "SOURCE").one()
    version.model = "7"
    session.commit()
    (record,) = [
        r
        for r in _lines(
            b"".join(
                start_export(session, accepted.project, ExportOptions(layer="suggestions")).chunks
            )
        )
        if r["id"] == "unseen"
    ]
    (layer,) = record["annotations"]
    want = {s["id"]: (s["score"], str(s["model"])) for s in layer["spans"]}
    assert 7 in {s["model"] for s in layer["spans"]} and len(want) >= 3
    train, _ = _hf_rows(session, accepted.project, tmp_path, layer="suggestions")
    (row,) = [r for r in train if r["id"] == "unseen"]
    assert row["annotator"] == "suggestions"
    assert {s["id"]: (s["score"], s["model"]) for s in row["spans"]} == want
    assert {s["suggested"] for s in row["spans"]} == {None}


def test_hf_without_suggestions_has_the_same_columns_all_null(
    session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any, tmp_path: Any
) -> None:
    from tests.export_world import build_world

    world = build_world(session, make_user, make_project, make_document, assign)
    train, _ = _hf_rows(session, world.project, tmp_path)
    spans = [s for row in train for s in row["spans"]]
    relations = [r for row in train for r in row["relations"]]
    assert spans and relations
    assert {(s["suggested"], s["score"], s["model"]) for s in spans} == {(None, None, None)}
    assert {r["suggested"] for r in relations} == {None}
    # The same types as a dataset with suggestions: its splits would share one schema.
    span_fields = train.features["spans"].feature
    assert span_fields["suggested"] == {
        "model": need("datasets").Value("string"),
        "score": need("datasets").Value("float64"),
    }
    assert span_fields["score"] == need("datasets").Value("float64")
    assert span_fields["model"] == need("datasets").Value("string")
    assert train.features["relations"].feature["suggested"] == span_fields["suggested"]
