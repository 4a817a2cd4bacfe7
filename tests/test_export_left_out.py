"""Exports that cannot hold a part of the layers say so; those that can carry labels do.

brat has no room for sentence or document labels, CoNLL none for relations and attributes,
doccano none for sentence labels: each export says what it left out, counted and named, on
the command line, the export page and the API. doccano carries document labels as ``cats``
and CoNLL sentence and document labels as ``# label`` comments, and both read them back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.errors import ImportFailed
from annotator.models import User
from annotator.services.accounts.projects import create_project
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import GOLD_NOT_FINAL, World, build_world
from tests.helpers import login, said

BRAT_LABELS = [
    "3 document label values (genre) not written: brat has no room for them",
    GOLD_NOT_FINAL,
    "4 sentence label values (bias, stance) not written: brat has no room for them",
]


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def _export(session, project, **options: Any) -> tuple[bytes, Any]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(**options))
    return b"".join(export.chunks), export


def _labels(session, project) -> dict[tuple[str, str], tuple[Any, Any]]:  # noqa: ANN001
    """Return each layer's sentence and document labels, by document and annotator."""
    data, _ = _export(session, project)
    found = {}
    for line in data.decode("utf-8").splitlines():
        record = json.loads(line)
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            sentence = sorted(
                (x["sentence"], x["name"], x["value"]) for x in layer["sentence_labels"]
            )
            document = sorted((x["name"], json.dumps(x["value"])) for x in layer["document_labels"])
            found[(record["id"], layer["annotator"])] = (sentence, document)
    return found


def _round_trip(session, project, tmp_path: Path, fmt: str, name: str = "copy") -> Any:  # noqa: ANN001
    data, _ = _export(session, project, format=fmt)
    path = tmp_path / ("export.conll" if fmt == "conll" else "export.jsonl")
    path.write_bytes(data)
    copy = create_project(session, name, "Copy", project.schema)
    session.commit()
    import_paths(session, copy, [path], format="conll" if fmt == "conll" else None)
    session.commit()
    return copy


@pytest.mark.parametrize("fmt", ["brat", "conll", "doccano", "doccano-relations"])
def test_each_format_says_what_it_left_out_counted_and_named(session, world, fmt) -> None:
    _, export = _export(session, world.project, format=fmt)
    expected = {
        "brat": sorted(BRAT_LABELS),
        "conll": [
            GOLD_NOT_FINAL,
            "1 span left out because it overlaps a span already tagged (BIO cannot nest)",
            "3 relations (ATTRIBUTED_TO, CUED_BY) not written: conll has no room for them",
            "4 span attribute values (claimer, type) not written: conll has no room for them",
        ],
        "doccano": [
            GOLD_NOT_FINAL,
            "3 relations (ATTRIBUTED_TO, CUED_BY) not written: doccano has no room for them",
            "4 sentence label values (bias, stance) not written: doccano has no room for them",
            "4 span attribute values (claimer, type) not written: doccano has no room for them",
        ],
        "doccano-relations": [
            GOLD_NOT_FINAL,
            "4 sentence label values (bias, stance) not written: "
            "doccano-relations has no room for them",
            "4 span attribute values (claimer, type) not written: "
            "doccano-relations has no room for them",
        ],
    }[fmt]
    assert said(export.warnings) == expected


@pytest.mark.parametrize("fmt", ["brat", "conll", "doccano"])
def test_counted_while_writing_when_said_after_the_file_with_the_same_words(
    session, world, fmt
) -> None:
    # The command line says its warnings after the file: it counts what is left out as the
    # records are written (one reading), not before the first byte as the page and API must.
    first = start_export(session, world.project, ExportOptions(format=fmt))
    before_any_byte = said(first.context.warnings)
    b"".join(first.chunks)
    after = start_export(session, world.project, ExportOptions(format=fmt, warnings_first=False))
    assert said(after.context.warnings) == []  # nothing known before the first byte
    b"".join(after.chunks)
    assert said(after.warnings) == said(first.warnings)
    # (CoNLL's writer adds what BIO cannot nest as it writes, whichever way.)
    assert before_any_byte != [] and set(before_any_byte) <= set(said(after.warnings))


def test_a_project_without_labels_gets_no_warning(
    session, make_user, make_project, make_document, assign
) -> None:
    alice = make_user("alice")
    project = make_project("plain")
    document = make_document(project, "Officials said so.", external_id="d")
    assign(document, alice)
    add_span(session, open_layer(session, alice, document, None), "SOURCE", 0, 9)
    session.commit()
    for fmt in ("brat", "conll", "doccano", "doccano-relations"):
        _, export = _export(session, project, format=fmt)
        assert said(export.warnings) == [], fmt


def test_the_command_line_says_what_brat_left_out(runner, world, tmp_path: Path) -> None:
    out = tmp_path / "data.zip"
    result = runner.invoke(args=["export", "src", "--format", "brat", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for warning in BRAT_LABELS:
        assert f"Warning: {warning}" in result.stderr


def test_the_page_and_the_api_say_what_brat_left_out(client, session, world, make_token) -> None:
    rita = session.query(User).filter_by(username="rita").one()
    response = client.get(
        "/api/v1/projects/src/export", query_string={"format": "brat"}, headers=make_token(rita)
    )
    assert response.status_code == 200 and response.get_data()
    assert json.loads(response.headers["X-Annotator-Warnings"]) == BRAT_LABELS
    login(client, "rita")
    # The page downloads at the first click; what it leaves out was said by the page's
    # question before it (counted once), so its download carries no header for it.
    page = client.get("/projects/src/export", query_string={"format": "brat"})
    assert page.mimetype == "application/zip" and page.get_data()
    assert "X-Annotator-Warnings" not in page.headers
    jsonl = client.get("/projects/src/export", query_string={"format": "jsonl"})
    assert jsonl.mimetype == "application/x-ndjson" and jsonl.get_data()


def test_what_the_writer_itself_drops_is_known_before_the_first_byte(
    client, session, make_user, make_project, make_document, assign, make_token
) -> None:
    # Found by a review: CoNLL left out a span nested in another (BIO cannot nest) and the
    # export page, which warns before the download, said nothing of it: only what the format
    # has no room for was counted before the first byte, not what its writer drops as it
    # writes. A plain project (no labels, relations or notes) at that.
    rita = make_user("rita", "reviewer")
    alice = make_user("alice")
    project = make_project("nested")
    document = make_document(project, "Officials said the border was closed.", external_id="d")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "CLAIM", 15, 37)
    add_span(session, layer, "CLAIM", 19, 37)  # inside the first
    session.commit()
    overlap = "1 span left out because it overlaps a span already tagged (BIO cannot nest)"
    started = start_export(session, project, ExportOptions(format="conll"))
    assert said(started.context.warnings) == [overlap]  # before any byte
    b"".join(started.chunks)
    assert said(started.warnings) == [overlap]  # counted once, not again as it was written
    response = client.get(
        "/api/v1/projects/nested/export", query_string={"format": "conll"}, headers=make_token(rita)
    )
    assert response.status_code == 200
    assert json.loads(response.headers["X-Annotator-Warnings"]) == [overlap]
    login(client, "rita")
    page = client.get("/projects/nested/export", query_string={"format": "conll"})
    assert page.mimetype == "text/plain" and page.get_data()
    assert "X-Annotator-Warnings" not in page.headers  # said by the page's question
    # A span across two sentences, exported as sentences in a folder of splits: its cut is
    # known before the first byte and counted once.
    across = make_document(project, "Officials said so. Others denied it.", external_id="e")
    assign(across, alice)
    add_span(session, open_layer(session, alice, across, None), "CLAIM", 10, 30)
    session.commit()
    split = start_export(
        session, project, ExportOptions(format="sentences", split="train=1", documents=["e"])
    )
    ahead = said(split.context.warnings)
    assert len(ahead) == 1 and "cut at the end of" in ahead[0], ahead
    for _name, chunks in split.members:
        b"".join(chunks)
    assert said(split.warnings) == ahead


@pytest.mark.parametrize("fmt", ["doccano", "doccano-relations"])
def test_doccano_carries_document_labels_as_cats_both_ways(
    session, world, tmp_path: Path, fmt: str
) -> None:
    data, _ = _export(session, world.project, format=fmt)
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    cats = {(line["id"], line["annotator"]): line.get("cats") for line in lines}
    assert cats[("doc-emoji", "alice")] == ["NEWS"]
    assert cats[("doc-emoji", "bob")] == ["OPINION"]
    assert cats[("doc-plain", "alice")] is None
    copy = _round_trip(session, world.project, tmp_path, fmt)
    before = {k: v[1] for k, v in _labels(session, world.project).items()}
    assert {k: v[1] for k, v in _labels(session, copy).items()} == before


def test_doccano_leaves_out_a_value_two_fields_offer_and_says_so(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    from annotator.services.annotation.labels import set_label
    from tests.conftest import SEED_SCHEMA

    schema = json.loads(json.dumps(SEED_SCHEMA))
    schema["document_labels"] = [
        {"name": "satire", "values": ["YES", "NO"]},
        {"name": "paywall", "values": ["YES", "NO"]},
        {"name": "genre", "values": ["NEWS", "OPINION"], "multiple": True},
    ]
    alice = make_user("alice")
    project = make_project("shared", schema=schema)
    document = make_document(project, "Officials said so.", external_id="d")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    set_label(session, layer, None, "satire", "YES")
    set_label(session, layer, None, "genre", ["NEWS", "OPINION"])
    session.commit()
    data, export = _export(session, project, format="doccano")
    [line] = [json.loads(x) for x in data.decode("utf-8").splitlines()]
    assert line["cats"] == ["NEWS", "OPINION"]
    assert said(export.warnings) == [
        "1 document label value (satire) not written: doccano's cats name a value alone, "
        "and not exactly one document label field offers it"
    ]
    copy = _round_trip(session, project, tmp_path, "doccano")
    assert _labels(session, copy)[("d", "alice")] == ([], [("genre", '["NEWS", "OPINION"]')])


def test_conll_carries_sentence_and_document_labels_both_ways(
    session, world, tmp_path: Path
) -> None:
    data, _ = _export(session, world.project, format="conll")
    text = data.decode("utf-8")
    assert "# document label genre = NEWS\n" in text
    assert "# label stance = AGAINST\nOfficials " in text
    assert "\n# label bias = BIASED\nCritics " in text
    copy = _round_trip(session, world.project, tmp_path, "conll")
    assert _labels(session, copy) == _labels(session, world.project)


CONLL = """# id = d
# annotator = alice
# status = done
# document label genre = NEWS
# label stance = AGAINST
Officials 0 9 B-SOURCE
said 10 14 O

"""


@pytest.mark.parametrize(
    ("line", "bad", "message"),
    [
        (4, "# document label genre = GOSSIP", "'GOSSIP' is not one of"),
        (5, "# label stance = AGAINST\n# label stance = FAVOR", "has a value already at line 5"),
        (5, "# label mood = AGAINST", "unknown sentence label 'mood'"),
        (5, '# label stance = "AGAINST', "is not a JSON string"),
    ],
)
def test_conll_refuses_a_bad_label_naming_file_and_line(
    session, make_project, tmp_path: Path, line: int, bad: str, message: str
) -> None:
    good = {4: "# document label genre = NEWS", 5: "# label stance = AGAINST"}[line]
    path = tmp_path / "bad.conll"
    path.write_text(CONLL.replace(good, bad), encoding="utf-8")
    project = make_project("target")
    with pytest.raises(ImportFailed) as refused:
        import_paths(session, project, [path], format="conll")
    shown = str(refused.value) + json.dumps(refused.value.details)
    at = line + 1 if "already" in message else line
    assert f"bad.conll:{at}" in shown and message in shown


def _titled(session, make_user, make_project, make_document, assign) -> Any:  # noqa: ANN001
    """Two documents with a title and meta, one without, each with alice's span."""
    alice = make_user("alice", "annotator")
    project = make_project("titled")
    given = [
        ("t1", "Budget", {"outlet": "Daily", "date": "2024-01-02"}),
        ("t2", "Reply", {"outlet": "Post"}),
        ("t3", None, {}),
    ]
    for ident, title, meta in given:
        document = make_document(
            project, "Officials said so.", external_id=ident, title=title, meta=meta
        )
        assign(document, alice)
        add_span(session, open_layer(session, alice, document, None), "SOURCE", 0, 9)
    session.commit()
    return project


@pytest.mark.parametrize(
    ("fmt", "warned", "options"),
    [
        ("brat", True, {}),
        ("doccano", True, {}),
        ("doccano-relations", True, {}),
        ("brat", True, {"warnings_first": False}),  # the command line counts as it writes
        ("conll", False, {}),
        ("jsonl", False, {}),
    ],
)
def test_titles_and_meta_left_out_are_counted(
    session, make_user, make_project, make_document, assign, fmt, warned, options
) -> None:
    project = _titled(session, make_user, make_project, make_document, assign)
    _, export = _export(session, project, format=fmt, **options)
    expected = [
        f"2 document titles not written: {fmt} has no room for them",
        f"3 document meta fields (date, outlet) not written: {fmt} has no room for them",
    ]
    assert [w for w in said(export.warnings) if "document" in w] == (expected if warned else [])
