"""The export service: the jsonl shape, layers and filters, and its CLI, API and page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.formats import RawJSON, dumps, dumps_record
from annotator.models import Document, Layer
from annotator.services import id_rows
from annotator.services.annotation.payloads import layer_payload
from annotator.services.datasets.batches import DocumentFilter, iter_batches
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.review.gold_status import document_gold_status
from tests.export_world import TEXTS, World, build_world, span_at
from tests.extras import need
from tests.helpers import login


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def export_records(session, project, **options: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(**options))
    data = b"".join(export.chunks).decode("utf-8")
    return [json.loads(line) for line in data.splitlines()]


def test_batched_loader_gives_each_layer_exactly_as_layer_payload(session, world: World) -> None:
    where = DocumentFilter(world.project.id)
    loaded = [doc for batch in iter_batches(session.connection(), where, batch=2) for doc in batch]
    assert [d.external_id for d in loaded] == ["doc-emoji", "doc-plain", "doc-untouched"]
    compared = 0
    for doc in loaded:
        document = session.get(Document, doc.id)
        for layer in session.scalars(select(Layer).where(Layer.document_id == doc.id)):
            if layer.is_gold:
                # Gold's status is the document's gold status, as the review list says it.
                got, status = doc.gold, document_gold_status(session, document)
            else:
                status, got = doc.layers[layer.name]
            expected = layer_payload(session, document, layer, annotator=layer.name, status=status)
            assert got == expected
            compared += 1
    assert compared == 4  # alice, bob and gold on one document, alice on another


def test_jsonl_fast_path_writes_each_layer_byte_for_byte_as_layer_payload(
    session, world: World
) -> None:
    # The jsonl export serialises spans without dicts (RawJSON); the layer it writes must be
    # the general path's layer_payload, encoded exactly as dumps encodes it: emoji, overlapping
    # spans, attributes, relations, labels and gold included.
    where = DocumentFilter(world.project.id)
    connection = session.connection()
    fast = [d for b in iter_batches(connection, where, batch=2, raw_spans=True) for d in b]
    compared = spliced = 0
    for doc in fast:
        document = session.get(Document, doc.id)
        for layer in session.scalars(select(Layer).where(Layer.document_id == doc.id)):
            if layer.is_gold:
                got, status = doc.gold, document_gold_status(session, document)
            else:
                status, got = doc.layers[layer.name]
            expected = layer_payload(session, document, layer, annotator=layer.name, status=status)
            assert expected["spans"], "the world gives every stored layer spans"
            assert isinstance(got["spans"], RawJSON)
            spliced += 1
            assert dumps_record({"gold": got}) == dumps({"gold": expected})
            assert dumps_record({"annotations": [got]}) == dumps({"annotations": [expected]})
            compared += 1
    assert compared == spliced == 4
    emoji = next(d for d in fast if d.external_id == "doc-emoji")
    assert '"text": "Officials 😀"' in emoji.layers["alice"][1]["spans"].text
    # Whole lines: what the export writes is what dumps writes for the parsed line.
    export = start_export(session, world.project, ExportOptions())
    lines = b"".join(export.chunks).decode("utf-8").splitlines()
    assert len(lines) == 3
    assert all(dumps(json.loads(line)) == line for line in lines)


def test_jsonl_holds_every_assigned_annotator_gold_and_exact_offsets(session, world) -> None:
    records = export_records(session, world.project)
    assert [r["id"] for r in records] == ["doc-emoji", "doc-plain", "doc-untouched"]
    emoji = records[0]
    assert set(emoji) == {
        "id",
        "project",
        "title",
        "meta",
        "text",
        "sentences",
        "annotations",
        "gold",
    }
    assert emoji["project"] == "src" and emoji["text"] == TEXTS["emoji"]
    assert [(a["annotator"], a["status"]) for a in emoji["annotations"]] == [
        ("alice", "done"),
        ("bob", "in_progress"),
    ]
    # Gold's status is its gold status: decided items and no reviewer's word yet: in review.
    assert emoji["gold"]["annotator"] == "gold" and emoji["gold"]["status"] == "in_review"
    source = next(s for s in emoji["annotations"][0]["spans"] if s["label"] == "SOURCE")
    # Code points: the emoji counts as one, so "Officials 😀" is 11 long.
    assert (source["start"], source["end"], source["text"]) == (0, 11, "Officials 😀")
    for record in records:
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            for span in layer["spans"]:
                assert record["text"][span["start"] : span["end"]] == span["text"]
    untouched = records[2]
    assert [a["spans"] for a in untouched["annotations"]] == [[], []]
    assert untouched["gold"] is None
    alice = emoji["annotations"][0]
    assert alice["document_labels"] == [{"name": "genre", "value": "NEWS"}]
    assert {"sentence": 0, "name": "stance", "value": "AGAINST"} in alice["sentence_labels"]
    assert sorted(r["type"] for r in alice["relations"]) == ["ATTRIBUTED_TO", "CUED_BY"]


def test_layer_gold_exports_only_documents_with_gold(session, world) -> None:
    records = export_records(session, world.project, layer="gold")
    assert [r["id"] for r in records] == ["doc-emoji"]
    assert records[0]["annotations"] == [] and len(records[0]["gold"]["spans"]) == 2


def test_layer_name_exports_only_that_annotator(session, world) -> None:
    records = export_records(session, world.project, layer="bob")
    assert all([a["annotator"] for a in r["annotations"]] == ["bob"] for r in records)
    assert all(r["gold"] is None for r in records)


@pytest.mark.parametrize("layer", ["bob", "majority", "suggestions", "gold"])
def test_a_layer_choice_leaves_out_a_document_without_such_a_layer(
    session, world, make_document, layer: str
) -> None:
    """The selection is the one home of which documents a layer choice writes: a document no
    one was assigned to has no annotator's layer, no suggestions and no gold, and is left out
    (with ``all`` it is written, with its empty annotations)."""
    make_document(world.project, "Nobody was assigned this text.", external_id="doc-unassigned")
    ids = [r["id"] for r in export_records(session, world.project, layer=layer)]
    assert "doc-unassigned" not in ids
    everything = export_records(session, world.project)
    assert [r["annotations"] for r in everything if r["id"] == "doc-unassigned"] == [[]]


def test_majority_keeps_what_more_than_half_agree_on(session, world) -> None:
    [emoji, *_] = export_records(session, world.project, layer="majority")
    [layer] = emoji["annotations"]
    assert layer["annotator"] == "majority"
    # alice and bob share only the claim (with its attribute) and the stance of sentence 0.
    text = TEXTS["emoji"]
    start, end = span_at(text, "the plan will cut costs by 10%")
    assert [(s["label"], s["start"], s["end"], s["attributes"]) for s in layer["spans"]] == [
        ("CLAIM", start, end, {"claimer": "REPORTED"})
    ]
    assert layer["sentence_labels"] == [{"sentence": 0, "name": "stance", "value": "AGAINST"}]
    assert layer["document_labels"] == [] and layer["relations"] == []


def test_status_filter_keeps_layers_in_that_status_and_drops_empty_documents(
    session, world
) -> None:
    records = export_records(session, world.project, status="done")
    assert [(r["id"], [a["annotator"] for a in r["annotations"]]) for r in records] == [
        ("doc-emoji", ["alice"]),
        ("doc-plain", ["alice"]),
    ]
    assert records[0]["gold"] is not None


def test_document_selection_and_unknown_ids(session, world) -> None:
    records = export_records(session, world.project, documents=["doc-plain"])
    assert [r["id"] for r in records] == ["doc-plain"]
    from annotator.core.errors import Invalid

    with pytest.raises(Invalid, match="no document 'nope'"):
        start_export(session, world.project, ExportOptions(documents=["doc-plain", "nope"]))
    with pytest.raises(Invalid, match="unknown layer 'carol'") as refused:
        start_export(session, world.project, ExportOptions(layer="carol"))
    assert refused.value.details == {"field": "layer"}
    # Every refused choice names its field, so a script (or the page) can point at it.
    with pytest.raises(Invalid, match="unknown format") as refused:
        start_export(session, world.project, ExportOptions(format="xml"))
    assert refused.value.details == {"field": "format"}


def test_an_id_the_database_cannot_hold_is_named_as_no_document(session, world) -> None:
    # PostgreSQL refuses a NUL in any text it is sent: the id is no document, on every database.
    from annotator.core.errors import Invalid

    unstorable = "doc\x00plain"
    with pytest.raises(Invalid) as refused:
        start_export(session, world.project, ExportOptions(documents=["doc-plain", unstorable]))
    assert refused.value.message.startswith(f"no document {unstorable!r} in project")


def test_cli_writes_file_and_sidecar_header(runner, world, tmp_path: Path) -> None:
    out = tmp_path / "data.jsonl"
    result = runner.invoke(args=["export", "src", "--layer", "all", "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["doc-emoji", "doc-plain", "doc-untouched"]
    meta = json.loads((tmp_path / "data.jsonl.meta.json").read_text(encoding="utf-8"))
    assert meta["project"] == "src" and meta["schema_version"] == 1
    assert meta["layer"] == "all"
    assert meta["filters"] == {"status": None, "gold_status": None, "documents": None}


def test_gold_says_its_gold_status_in_jsonl_and_hf(runner, world, tmp_path: Path) -> None:
    """Gold's ``status`` is the document's gold status: a reader of a whole export can tell
    gold a reviewer marked final from gold still in review (it was null whatever the status)."""

    def gold_status() -> str | None:
        out = runner.invoke(args=["export", "src", "--layer", "gold"])
        assert out.exit_code == 0, out.output
        (line,) = out.stdout.splitlines()
        return json.loads(line)["gold"]["status"]  # type: ignore[no-any-return]

    assert gold_status() == "in_review"
    marked = ["adjudicate", "status", "src", "doc-emoji", "final", "--as", "rita"]
    assert runner.invoke(args=marked).exit_code == 0
    assert gold_status() == "final"
    hf = need("pyarrow.parquet")
    folder = tmp_path / "hf"
    out = runner.invoke(args=["export", "src", "--format", "hf", "-o", str(folder)])
    assert out.exit_code == 0, out.output
    rows = [row for part in folder.rglob("*.parquet") for row in hf.read_table(part).to_pylist()]
    # A row per layer: gold's row (the one document with gold) says final.
    assert [(r["id"], r["status"]) for r in rows if r["annotator"] == "gold"] == [
        ("doc-emoji", "final")
    ]
    reopened = ["adjudicate", "status", "src", "doc-emoji", "open", "--as", "rita"]
    assert runner.invoke(args=reopened).exit_code == 0
    assert gold_status() == "open"


def test_the_api_reads_gold_with_the_status_the_export_gives_it(client, runner, world) -> None:
    """``GET .../annotations?annotator=gold`` said ``"status": null`` of gold a reviewer had
    marked final, where the export of the same layer said ``final``."""
    emoji_id = world.documents["emoji"].id
    login(client, "rita")

    def read(document_id: int) -> Any:
        answer = client.get(f"/api/v1/documents/{document_id}/annotations?annotator=gold")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return answer.get_json()["status"]

    def exported() -> str:
        out = runner.invoke(args=["export", "src", "--layer", "gold"])
        return json.loads(out.stdout.splitlines()[0])["gold"]["status"]  # type: ignore[no-any-return]

    assert read(emoji_id) == exported() == "in_review"
    marked = ["adjudicate", "status", "src", "doc-emoji", "final", "--as", "rita"]
    assert runner.invoke(args=marked).exit_code == 0
    assert read(emoji_id) == exported() == "final"


def test_cli_says_each_warning_in_the_number_that_fits(runner, world) -> None:
    # alice's BIASED_WORD nests in her CLAIM, and BIO cannot hold both.
    result = runner.invoke(args=["export", "src", "--format", "conll"])
    assert result.exit_code == 0, result.output
    warning = "1 span left out because it overlaps a span already tagged (BIO cannot nest)"
    assert f"Warning: {warning}" in result.stderr.splitlines()


def test_cli_header_line_and_stdout(runner, world) -> None:
    result = runner.invoke(args=["export", "src", "--header", "--status", "done"])
    assert result.exit_code == 0, result.output
    first, *rest = result.stdout.splitlines()
    assert json.loads(first)["_meta"]["filters"]["status"] == "done"
    assert [json.loads(line)["id"] for line in rest] == ["doc-emoji", "doc-plain"]


def test_cli_refuses_unknown_layer_with_one_line(runner, world) -> None:
    result = runner.invoke(args=["export", "src", "--layer", "carol"])
    assert result.exit_code == 1
    assert "unknown layer 'carol'" in result.output


@pytest.mark.parametrize("fmt", ["jsonl", "sentences"])
def test_cli_names_an_output_it_cannot_write_in_one_line(
    runner, world, tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    # A file in a missing folder, and a split's folder under a file: no traceback, a reason.
    missing = tmp_path / "missing" / "out.jsonl"
    under_a_file = tmp_path / "a-file" / "splits"
    for output, split in ((missing, []), (under_a_file, ["--split", "train=0.5,test=0.5"])):
        args = ["export", "src", "--format", fmt, "-o", str(output), *split]
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert isinstance(result.exception, SystemExit), result.exception
        assert f"cannot write {output}" in result.output, result.output


def test_api_streams_a_named_download_for_reviewers(client, world, make_token) -> None:
    headers = make_token(world.users["rita"])
    response = client.get(
        "/api/v1/projects/src/export?format=sentences&layer=gold", headers=headers
    )
    assert response.status_code == 200
    assert response.is_streamed
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="src-gold-sentences-')
    assert disposition.endswith('.jsonl"')
    assert json.loads(response.headers["X-Annotator-Export"])["layer"] == "gold"
    rows = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert {row["annotator"] for row in rows} == {"gold"}


@pytest.mark.parametrize("name", ["名前", 'q"x;filename=evil.html'])
def test_a_download_named_after_any_username_has_a_header_a_server_can_send(
    client, world, make_user, assign, make_token, name: str
) -> None:
    """A layer's name goes into the download's file name: a name outside Latin-1 made a header
    gunicorn refuses (500), and a quote let the rest of the name out of the file name."""
    from werkzeug.http import parse_options_header

    assign(world.documents["emoji"], make_user(name, "annotator"))
    response = client.get(
        "/api/v1/projects/src/export",
        query_string={"format": "jsonl", "layer": name},
        headers=make_token(world.users["rita"]),
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii()
    kind, options = parse_options_header(disposition)
    # One file name (the full one, decoded from filename*), which holds the layer's name.
    assert kind == "attachment" and set(options) == {"filename"}
    assert options["filename"].startswith(f"src-{name}-jsonl-")
    plain = re.search(r'filename="([^"]*)"', disposition)
    assert plain is not None and re.fullmatch(r"[A-Za-z0-9._-]+", plain.group(1))


def test_api_refuses_annotators_and_bad_choices(client, world, make_token) -> None:
    response = client.get("/api/v1/projects/src/export", headers=make_token(world.users["alice"]))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    response = client.get(
        "/api/v1/projects/src/export?format=xml", headers=make_token(world.users["rita"])
    )
    assert response.status_code == 422
    assert client.get("/api/v1/projects/src/export").status_code == 401


def test_export_page_offers_choices_and_downloads(client, world) -> None:
    login(client, "rita")
    page = client.get("/projects/src/export")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for choice in ('value="jsonl"', 'value="conll"', 'value="majority"', 'value="alice"'):
        assert choice in html
    choices = {"format": "doccano", "layer": "alice"}
    # doccano has no room for alice's sentence labels: the page's download goes all the same
    # (what it loses was said by the question before the click, counted once: no header,
    # which a browser's download never shows, read from a second pass over the records).
    response = client.get("/projects/src/export", query_string=choices)
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert "X-Annotator-Warnings" not in response.headers
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert {line["annotator"] for line in lines} == {"alice"}
    response = client.get(
        "/projects/src/export", query_string={"format": "jsonl", "documents": "nope"}
    )
    assert response.status_code == 422
    # The reason sits under the field that caused it, not over the whole form.
    page = response.get_data(as_text=True)
    tag = re.search(r'<input[^>]*id="documents"[^>]*>', page)
    assert tag is not None and 'aria-invalid="true"' in tag.group(0)
    assert "no document &#39;nope&#39;" in page[tag.end() :].split("</div>", 1)[0]
    # Which id: the project page shows two, its # number and the name under its title.
    assert "# numbers or ids as exports name them (the name under each title" in html


def test_a_link_naming_some_choices_downloads_at_the_first_click(client, world) -> None:
    """A link (``?format=doccano&layer=alice``), or one bookmarked when the page asked for a
    second click (its ``anyway=``), downloads what it names at once."""
    login(client, "rita")
    for extra in ({}, {"anyway": "0123456789abcdef"}):
        response = client.get(
            "/projects/src/export", query_string={"format": "doccano", "layer": "alice", **extra}
        )
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
        assert {line["annotator"] for line in lines} == {"alice"}


def test_export_page_offers_the_suggestions_layer(client, session, world) -> None:
    from annotator.services.assist.predicting import predict_documents

    predict_documents(session, world.project)
    session.commit()
    login(client, "rita")
    html = client.get("/projects/src/export").get_data(as_text=True)
    assert '<option value="suggestions">' in html
    response = client.get(
        "/projects/src/export", query_string={"format": "jsonl", "layer": "suggestions"}
    )
    assert response.status_code == 200
    records = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert records and all(record["gold"] is None for record in records)
    layers = [layer for record in records for layer in record["annotations"]]
    assert layers and {layer["annotator"] for layer in layers} == {"suggestions"}
    spans = [span for layer in layers for span in layer["spans"]]
    assert spans and all(span["model"] == "rules" and 0 <= span["score"] <= 1 for span in spans)


def test_export_page_is_for_reviewers_only(client, world) -> None:
    login(client, "alice")
    assert client.get("/projects/src/export").status_code == 403


def test_ids_read_in_several_queries_give_the_same_export(session, world, monkeypatch) -> None:
    """More layers than one query binds (MOST ids) are read in several queries, chained in
    order: with one id per query the export is byte for byte the same."""
    whole = b"".join(start_export(session, world.project, ExportOptions()).chunks)
    monkeypatch.setattr(id_rows, "MOST", 1)
    split = b"".join(start_export(session, world.project, ExportOptions()).chunks)
    assert split == whole
    assert whole.count(b"\n") == 3 and b'"annotator": "bob"' in whole
