"""Every export format read back with its own reader or a strict parser, against the source."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotator.core.tokens import tokenize
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from tests.export_world import GOLD_NOT_FINAL, TEXTS, World, build_world
from tests.extras import need
from tests.helpers import said


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def export_bytes(session, project, **options: Any) -> tuple[bytes, Any]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(**options))
    return b"".join(export.chunks), export


def source(session, project) -> dict[tuple[str, str], dict[str, Any]]:  # noqa: ANN001
    """Return every layer of the jsonl export by (document id, annotator)."""
    data, _ = export_bytes(session, project)
    layers = {}
    for line in data.decode("utf-8").splitlines():
        record = json.loads(line)
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            layers[(record["id"], layer["annotator"])] = {**layer, "record": record}
    return layers


def test_sentences_load_with_hugging_face_datasets(session, world, tmp_path: Path) -> None:
    datasets = need("datasets")  # the test extra: skipped without it, fails in CI

    data, _ = export_bytes(session, world.project, format="sentences")
    path = tmp_path / "sentences.jsonl"
    path.write_bytes(data)
    dataset = datasets.load_dataset(
        "json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache")
    )
    rows = list(dataset)
    layers = source(session, world.project)
    assert len(rows) == sum(len(layer["record"]["sentences"]) for layer in layers.values())
    assert set(rows[0]) == {
        "doc_id",
        "sentence",
        "text",
        "start",
        "end",
        "annotator",
        "status",
        "spans",
        "labels",
        "document_labels",
        "title",
        "meta",
    }
    for row in rows:
        layer = layers[(row["doc_id"], row["annotator"])]
        text = layer["record"]["text"]
        assert text[row["start"] : row["end"]] == row["text"]
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]
        expected = {
            x["name"]: x["value"]
            for x in layer["sentence_labels"]
            if x["sentence"] == row["sentence"]
        }
        assert {k: v for k, v in row["labels"].items() if v is not None} == expected
        # The layer's document labels on each of the document's rows.
        given = {x["name"]: x["value"] for x in layer["document_labels"]}
        assert {k: v for k, v in row["document_labels"].items() if v is not None} == given
        # The document's own fields on each of its rows, its meta as JSON text.
        assert row["title"] == layer["record"]["title"]
        assert json.loads(row["meta"]) == layer["record"]["meta"]
    first = next(
        r for r in rows if (r["doc_id"], r["annotator"], r["sentence"]) == ("doc-emoji", "alice", 0)
    )
    assert [(s["label"], s["text"]) for s in first["spans"]] == [
        ("SOURCE", "Officials 😀"),
        ("CUE", "said"),
        ("CLAIM", "the plan will cut costs by 10%"),
        ("BIASED_WORD", "cut costs"),
    ]
    assert first["labels"]["stance"] == "AGAINST"
    genres = {
        (r["annotator"], r["document_labels"]["genre"]) for r in rows if r["doc_id"] == "doc-emoji"
    }
    assert genres == {("alice", "NEWS"), ("bob", "OPINION"), ("gold", "NEWS")}


def test_sentences_cut_a_span_at_its_sentence_end_and_say_so(session, world) -> None:
    data, export = export_bytes(
        session, world.project, format="sentences", layer="alice", documents=["doc-plain"]
    )
    first = json.loads(data.decode("utf-8").splitlines()[0])
    claim = next(s for s in first["spans"] if s["label"] == "CLAIM")
    assert claim["text"] == "rose sharply."
    assert said(export.warnings) == ["1 span cut at the end of its sentence"]


def test_spacy_docbin_reads_back_with_spacy(session, world, tmp_path: Path) -> None:
    spacy = need("spacy")
    DocBin = need("spacy.tokens").DocBin

    data, export = export_bytes(session, world.project, format="spacy")
    path = tmp_path / "train.spacy"
    path.write_bytes(data)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))
    layers = source(session, world.project)
    assert len(docs) == len(layers)
    for doc in docs:
        layer = layers[(doc.user_data["id"], doc.user_data["annotator"])]
        assert doc.text == layer["record"]["text"]
        got = sorted((s.label_, s.start_char, s.end_char) for s in doc.spans["sc"])
        # Every source span is inside the token-aligned span that stands for it.
        want = sorted((s["label"], s["start"], s["end"]) for s in layer["spans"])
        assert len(got) == len(want)
        for (label, start, end), (label2, start2, end2) in zip(got, want, strict=True):
            assert label == label2 and start <= start2 and end2 <= end
        cats = {k for k, v in doc.cats.items() if v == 1.0}
        assert cats == {f"{x['name']}={x['value']}" for x in layer["document_labels"]}
        assert list(doc.user_data["spans"]) == [
            {k: s[k] for k in ("id", "label", "start", "end", "attributes")} for s in layer["spans"]
        ]
    alice = next(
        d for d in docs if (d.user_data["id"], d.user_data["annotator"]) == ("doc-emoji", "alice")
    )
    assert "Officials 😀" in [s.text for s in alice.spans["sc"]]
    assert any(s.label_ == "CLAIM" for s in alice.ents)


def test_doccano_lines_hold_each_layer(session, world) -> None:
    data, _ = export_bytes(session, world.project, format="doccano")
    layers = source(session, world.project)
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert len(lines) == len(layers)
    for line in lines:
        layer = layers[(line["id"], line["annotator"])]
        assert line["text"] == layer["record"]["text"]
        assert line["label"] == [[s["start"], s["end"], s["label"]] for s in layer["spans"]]
    data, _ = export_bytes(session, world.project, format="doccano-relations", layer="alice")
    line = json.loads(data.decode("utf-8").splitlines()[0])
    spans = {e["id"]: e for e in line["entities"]}
    for relation in line["relations"]:
        source_span, target = spans[relation["from_id"]], spans[relation["to_id"]]
        assert (source_span["label"], relation["type"]) == ("CLAIM", relation["type"])
        assert target["label"] in ("SOURCE", "CUE")
        text = line["text"][target["start_offset"] : target["end_offset"]]
        assert text in ("Officials 😀", "said")


def parse_conll(text: str) -> list[dict[str, Any]]:
    """Parse our CoNLL strictly: comment headers (id, annotator, status), label comments,
    'TOKEN START END TAG' lines, blank lines."""
    blocks: list[dict[str, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith("# id = "):
            blocks.append({"id": line[7:], "tokens": []})
        elif line.startswith("# annotator = "):
            blocks[-1]["annotator"] = line[14:]
        elif line.startswith("# status = "):
            blocks[-1]["status"] = line[11:]
        elif line.startswith(("# label ", "# document label ")):
            blocks[-1].setdefault("labels", []).append(line)
        elif line.startswith("# document "):  # text, title, meta: the document's first block
            name, _, value = line[len("# document ") :].partition(" = ")
            blocks[-1].setdefault("document", {})[name] = value
        elif line:
            token, start, end, tag = line.split(" ")
            assert re.fullmatch(r"O|[BI]-[A-Z_]+", tag), (number, line)
            blocks[-1]["tokens"].append((token, int(start), int(end), tag))
    return blocks


def bio_spans(tokens: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int]]:
    spans: list[list[Any]] = []
    for _, start, end, tag in tokens:
        if tag.startswith("B-"):
            spans.append([tag[2:], start, end])
        elif tag.startswith("I-"):
            assert spans and spans[-1][0] == tag[2:], "I- without its B-"
            spans[-1][2] = end
    return [tuple(s) for s in spans]


def test_conll_tokens_and_tags_match_the_source(session, world) -> None:
    data, export = export_bytes(session, world.project, format="conll")
    layers = source(session, world.project)
    blocks = parse_conll(data.decode("utf-8"))
    assert len(blocks) == len(layers)
    for block in blocks:
        layer = layers[(block["id"], block["annotator"])]
        assert block["status"] == layer["status"]  # so that a re-import gives it back
        text = layer["record"]["text"]
        for token, start, end, _ in block["tokens"]:
            assert text[start:end] == token and [t.text for t in tokenize(token)] == [token]
        got = bio_spans(block["tokens"])
        tagged = {(label, start) for label, start, _ in got}
        for span in layer["spans"]:
            if (span["label"], span["start"]) in tagged:
                [(_, start, end)] = [g for g in got if g[:2] == (span["label"], span["start"])]
                assert (start, end) == (span["start"], span["end"])
    # alice's BIASED_WORD nests in her CLAIM: BIO cannot hold both, and the export says so,
    # as it says the relations and attributes CoNLL has no room for.
    assert said(export.warnings) == [
        GOLD_NOT_FINAL,
        "1 span left out because it overlaps a span already tagged (BIO cannot nest)",
        "3 relations (ATTRIBUTED_TO, CUED_BY) not written: conll has no room for them",
        "4 span attribute values (claimer, type) not written: conll has no room for them",
    ]
    emoji = next(b for b in blocks if (b["id"], b["annotator"]) == ("doc-emoji", "alice"))
    assert ("SOURCE", 0, 11) in bio_spans(emoji["tokens"])
    # Each document's exact text, once, in its first block: what an import stores back.
    for block in blocks:
        first = next(b for b in blocks if b["id"] == block["id"])
        if block is first:
            text = layers[(block["id"], block["annotator"])]["record"]["text"]
            assert json.loads(block["document"]["text"]) == text
        else:
            assert "document" not in block


def test_conll_widens_spans_to_tokens_and_counts_them(
    session, make_user, make_project, make_document, assign
) -> None:
    from annotator.services.annotation.layers import open_layer
    from annotator.services.annotation.spans import add_span

    alice = make_user("alice")
    project = make_project("w")
    document = make_document(project, "Unbelievable results today.", external_id="d")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "BIASED_WORD", 2, 10)  # inside "Unbelievable"
    session.commit()
    data, export = export_bytes(session, project, format="conll")
    [block] = parse_conll(data.decode("utf-8"))
    assert bio_spans(block["tokens"]) == [("BIASED_WORD", 0, 12)]
    assert said(export.warnings) == ["1 span widened to token boundaries"]


def parse_ann(text: str) -> dict[str, Any]:
    """Parse a brat .ann strictly."""
    out: dict[str, Any] = {"T": {}, "R": [], "A": []}
    for line in text.splitlines():
        ident, rest = line.split("\t", 1)
        if ident.startswith("T"):
            head, shown = rest.split("\t")
            label, where = head.split(" ", 1)
            pieces = [tuple(map(int, p.split(" "))) for p in where.split(";")]
            out["T"][ident] = (label, pieces, shown)
        elif ident.startswith("R"):
            type_, arg1, arg2 = rest.split(" ")
            out["R"].append((type_, arg1.removeprefix("Arg1:"), arg2.removeprefix("Arg2:")))
        else:
            assert ident.startswith("A"), line
            name, target, value = rest.split(" ")
            out["A"].append((name, target, value))
    return out


def test_brat_zip_holds_txt_and_ann_per_layer(session, world) -> None:
    data, _ = export_bytes(session, world.project, format="brat")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert {"annotation.conf", "meta.json", "alice/doc-emoji.txt", "gold/doc-emoji.ann"} <= names
    assert json.loads(archive.read("meta.json"))["project"] == "src"
    layers = source(session, world.project)
    for (doc_id, annotator), layer in layers.items():
        text = archive.read(f"{annotator}/{doc_id}.txt").decode("utf-8")
        assert text == layer["record"]["text"]
        ann = parse_ann(archive.read(f"{annotator}/{doc_id}.ann").decode("utf-8"))
        spans = []
        for label, pieces, shown in ann["T"].values():
            assert shown == " ".join(text[s:e] for s, e in pieces)
            spans.append((label, pieces[0][0], pieces[-1][1]))
        assert sorted(spans) == sorted((s["label"], s["start"], s["end"]) for s in layer["spans"])
        assert len(ann["R"]) == len(layer["relations"])
        attributes = sum(len(s["attributes"]) for s in layer["spans"])
        assert len(ann["A"]) == attributes
    conf = archive.read("annotation.conf").decode("utf-8")
    assert "ATTRIBUTED_TO\tArg1:CLAIM, Arg2:SOURCE" in conf


def test_brat_splits_a_span_at_line_breaks(session, world) -> None:
    from annotator.core.formats.brat import fragments

    text = TEXTS["emoji"]
    start = text.index("10%.")
    end = text.index("denied")
    assert fragments(text, start, end) == [(start, text.index("\n")), (text.index("Critics"), end)]


def test_brat_leaves_out_line_breaks_a_fragment_cannot_hold_and_counts_them() -> None:
    from collections import Counter

    from annotator.core.formats.brat import ann_text
    from annotator.core.wording import CountedPhrase

    text = "Officials said.\n\nTaxes fell."
    gap = text.index("\n")
    record = {"text": text}
    layer = {
        "spans": [
            {"id": 1, "label": "CUE", "start": gap - 5, "end": gap + 2, "attributes": {}},
            {"id": 2, "label": "CUE", "start": gap, "end": gap + 2, "attributes": {}},
            {"id": 3, "label": "CLAIM", "start": gap + 2, "end": len(text), "attributes": {}},
        ],
        "relations": [{"id": 1, "type": "CUED_BY", "from": 3, "to": 2}],
    }
    warnings: Counter[CountedPhrase] = Counter()
    lines = ann_text(record, layer, warnings).splitlines()
    # Every line is an item: a span of nothing but line breaks would write its text's
    # breaks into the file, which no reader (ours included) takes back.
    assert lines == [
        f"T1\tCUE {gap - 5} {gap}\tsaid.",
        f"T2\tCLAIM {gap + 2} {len(text)}\tTaxes fell.",
    ]
    assert said(warnings) == [
        "1 relation left out because a span it joins was left out",
        "1 span left out because it holds nothing but line breaks",
        "1 span whose line breaks at the start or end were left out (brat cannot hold them)",
    ]


def test_label_studio_tasks_hold_one_annotation_per_annotator(session, world) -> None:
    data, _ = export_bytes(session, world.project, format="labelstudio")
    tasks = json.loads(data)
    layers = source(session, world.project)
    for task in tasks:
        assert {"id", "data", "annotations", "predictions"} <= set(task)
        names = [a["completed_by"]["username"] for a in task["annotations"]]
        assert len(names) == len(set(names))
        for annotation in task["annotations"]:
            layer = layers[(task["data"]["id"], annotation["completed_by"]["username"])]
            assert annotation["ground_truth"] == (layer["annotator"] == "gold")
            regions = [r for r in annotation["result"] if r["type"] == "labels"]
            assert sorted(
                (r["value"]["labels"][0], r["value"]["start"], r["value"]["end"]) for r in regions
            ) == sorted((s["label"], s["start"], s["end"]) for s in layer["spans"])
            for region in regions:
                value = region["value"]
                assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
            relations = [r for r in annotation["result"] if r["type"] == "relation"]
            assert len(relations) == len(layer["relations"])


def test_spacy_format_without_spacy_is_refused_clearly(session, world, monkeypatch) -> None:
    import importlib.util

    from annotator.core.errors import Invalid

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "spacy" else real(name, *a)
    )
    with pytest.raises(Invalid, match="needs the optional package 'spacy'"):
        start_export(session, world.project, ExportOptions(format="spacy"))
