"""Importing CoNLL: our conll export back, and plain CoNLL-2003 columns with the text rebuilt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed
from annotator.core.formats.conll_reader import REBUILT
from annotator.services.accounts.projects import create_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import World, build_world
from tests.test_brat_import import SCHEMA, export_records


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def conll_of(session, project) -> str:  # noqa: ANN001
    export = start_export(session, project, ExportOptions(format="conll"))
    return b"".join(export.chunks).decode("utf-8")


def test_our_conll_export_imports_back_to_the_same_tags(session, world, tmp_path: Path) -> None:
    first = conll_of(session, world.project)
    path = tmp_path / "first.conll"
    path.write_text(first, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    report = import_paths(session, copy, [path], format="conll")
    session.commit()
    assert report.created == 3
    assert report.tallies == {}  # the texts come back as they were, not rebuilt
    # A span crossing a sentence boundary comes back whole (an I- tag after the blank line).
    assert "\nAnalysts 40 48 I-CLAIM\n" in first
    assert conll_of(session, copy) == first
    # Offsets are the original document's: a span covers the same words as before.
    original = {r["id"]: r for r in export_records(session, world.project)}
    for record in export_records(session, copy):
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            for span in layer["spans"]:
                was = original[record["id"]]["text"][span["start"] : span["end"]]
                assert span["text"] == was
    assert any(
        r["annotations"] and r["annotations"][0]["spans"] for r in export_records(session, copy)
    )


CONLL_2003 = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

Officials NNS B-NP B-ORG
said VBD B-VP O
so RB O O
"""


def test_conll_2003_imports_with_the_text_rebuilt(session, make_project, tmp_path: Path) -> None:
    path = tmp_path / "train.txt"
    path.write_text(CONLL_2003, encoding="utf-8")
    project = make_project("p", SCHEMA)
    options = DatasetOptions(
        annotator="alice", create_users=True, label_map="ORG=SOURCE,PER=SOURCE,MISC=-"
    )
    report = import_paths(session, project, [path], options=options, format="conll")
    session.commit()
    # MISC=- left one span out, counted as brat's are.
    left_out = options.mapping().left_out_phrase()
    assert (report.created, report.layers, report.tallies) == (2, 2, {REBUILT: 2, left_out: 1})
    first, second = export_records(session, project)
    assert first["id"] == "train.txt:1" and second["id"] == "train.txt:12"
    assert first["text"] == "EU rejects German call .\nPeter Blackburn"
    assert [(s["start"], s["end"]) for s in first["sentences"]] == [(0, 24), (25, 40)]
    spans = [(s["label"], s["text"]) for s in first["annotations"][0]["spans"]]
    assert spans == [("SOURCE", "EU"), ("SOURCE", "Peter Blackburn")]
    assert second["text"] == "Officials said so"


def test_unmapped_conll_tags_are_refused_with_their_counts(
    session, make_project, tmp_path: Path
) -> None:
    path = tmp_path / "train.conll"
    path.write_text(CONLL_2003, encoding="utf-8")
    project = make_project("p", SCHEMA)
    options = DatasetOptions(annotator="alice", create_users=True, label_map="PER=SOURCE")
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [path], options=options, format="conll")
    session.rollback()
    # Each label at its own first line, with its own count.
    said = [(d["file"], d["line"], d["message"]) for d in failure.value.details]
    assert [(file, line, message.split(" is ")[0]) for file, line, message in said] == [
        (str(path), 3, "label 'ORG'"),
        (str(path), 5, "label 'MISC'"),
    ]
    assert "(used 2 times, the first here)" in said[0][2] and "(used once)" in said[1][2]


def test_a_json_file_given_as_conll_is_named_as_json(session, make_project, tmp_path: Path) -> None:
    # Split on spaces, the record's tail would be taken for a label and refused as unknown.
    path = tmp_path / "data.jsonl"
    path.write_text('{"id": "d1", "text": "Officials said so."}\n', encoding="utf-8")
    options = DatasetOptions(annotator="alice", create_users=True)
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, make_project("p", SCHEMA), [path], options=options, format="conll")
    session.rollback()
    assert failure.value.details == [
        {
            "file": str(path),
            "line": 1,
            "message": "a JSON record, not a CoNLL token line: import JSON without --format",
        }
    ]


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_end_reads_the_same_tokens_and_tags(
    session, make_project, tmp_path: Path, line_end: str
) -> None:
    """Lines ended by a lone CR (old Mac files) were one line: its whitespace split it into
    columns, so that the file's first token with its last tag was all that was stored."""
    path = tmp_path / "train.conll"
    path.write_bytes(CONLL_2003.replace("\n", line_end).encode("utf-8"))
    project = make_project("p", SCHEMA)
    label_map = "ORG=SOURCE,PER=-,MISC=-"
    options = DatasetOptions(annotator="alice", create_users=True, label_map=label_map)
    report = import_paths(session, project, [path], options=options, format="conll")
    session.commit()
    assert (report.created, report.layers) == (2, 2)
    first, second = export_records(session, project)
    assert first["text"] == "EU rejects German call .\nPeter Blackburn"
    assert [s["text"] for s in first["annotations"][0]["spans"]] == ["EU"]
    assert [s["text"] for s in second["annotations"][0]["spans"]] == ["Officials"]


def test_the_command_line_imports_a_file_with_lone_cr_line_ends_whole(
    runner, session, make_user, make_project, tmp_path: Path
) -> None:
    make_user("alice", "annotator")
    project = make_project("p", SCHEMA)
    path = tmp_path / "mac.conll"
    path.write_bytes(b"Officials B-SOURCE\rsaid B-CUE\r\rso O\r")
    args = ["import", "p", str(path), "--format", "conll", "--annotator", "alice"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    [record] = export_records(session, project)
    assert record["text"] == "Officials said\nso"
    spans = [(s["label"], s["text"]) for s in record["annotations"][0]["spans"]]
    assert spans == [("SOURCE", "Officials"), ("CUE", "said")]


@pytest.mark.parametrize(
    "line",
    ["Officials 0 " + "9" * 5000 + " B-SOURCE", "Officials 0 99999999999 B-SOURCE"],
    ids=["past Python's 4,300 digits", "past a column's integers"],
)
def test_an_offset_no_text_reaches_is_named_with_its_line(
    runner, session, make_user, make_project, tmp_path: Path, line: str
) -> None:
    """The first was a Python traceback from int()."""
    make_user("alice", "annotator")
    project = make_project("p", SCHEMA)
    path = tmp_path / "doc.conll"
    path.write_text(f"# id = d1\nsaid 10 14 O\n{line}\n", encoding="utf-8")
    args = ["import", "p", str(path), "--format", "conll", "--annotator", "alice"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    [said] = result.stderr.splitlines()
    assert said == f"Error: nothing was imported: {path}:3: an offset is larger than any text"
    assert export_records(session, project) == []


def test_a_column_of_other_digits_is_no_offset(session, make_project, tmp_path: Path) -> None:
    """ "²" is a digit to str.isdigit and not to int(): read as offsets, a traceback. It is a
    column like any other of a TOKEN ... TAG line."""
    path = tmp_path / "doc.conll"
    path.write_text("Officials 0 ² B-SOURCE\nsaid 1 ² O\n", encoding="utf-8")
    project = make_project("p", SCHEMA)
    options = DatasetOptions(annotator="alice", create_users=True)
    import_paths(session, project, [path], options=options, format="conll")
    session.commit()
    [record] = export_records(session, project)
    assert record["text"] == "Officials said"
    assert [(s["label"], s["text"]) for s in record["annotations"][0]["spans"]] == [
        ("SOURCE", "Officials")
    ]


# Whitespace the rebuild would get wrong: a trailing line break, two spaces, a tab, a
# sentence ending on the same line as the next one starts, and a blank line.
EXACT = "Officials  said\tthe plan 😀 works. Critics denied it.\n\nNobody commented.\n"


def _annotated_document(session, make_user, make_project, make_document, assign):  # noqa: ANN001, ANN202
    from annotator.services.annotation.labels import set_status
    from annotator.services.annotation.layers import open_layer
    from annotator.services.annotation.spans import add_span

    project = make_project("exact", SCHEMA)
    alice = make_user("alice", "annotator")
    document = make_document(
        project, EXACT, external_id="d01", title="Lavrov  on sanctions ", meta={"outlet": "TASS"}
    )
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "SOURCE", 0, 9)
    add_span(session, layer, "CLAIM", EXACT.index("the plan"), EXACT.index(" works") + 6)
    set_status(session, alice, document, "done")
    session.commit()
    return project


def test_our_conll_export_imports_back_into_its_own_project(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    project = _annotated_document(session, make_user, make_project, make_document, assign)
    path = tmp_path / "out.conll"
    path.write_text(conll_of(session, project), encoding="utf-8")
    report = import_paths(session, project, [path], format="conll")
    session.commit()
    # The document is matched by id and text, its layer compared: nothing changes.
    assert (report.created, report.unchanged, report.layers_unchanged) == (0, 1, 1)
    assert REBUILT not in report.tallies


def test_our_conll_export_keeps_text_title_and_meta_exact(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    project = _annotated_document(session, make_user, make_project, make_document, assign)
    written = conll_of(session, project)
    path = tmp_path / "out.conll"
    path.write_text(written, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", project.schema)
    session.commit()
    report = import_paths(session, copy, [path], format="conll")
    session.commit()
    assert report.created == 1 and REBUILT not in report.tallies
    (original,) = export_records(session, project)
    (back,) = export_records(session, copy)
    for key in ("text", "title", "meta", "sentences"):
        assert back[key] == original[key], key

    def placed(record):  # noqa: ANN001, ANN202  (span ids are the database's own)
        return [(s["label"], s["start"], s["end"]) for s in record["annotations"][0]["spans"]]

    assert placed(back) == placed(original) and placed(back)
    assert conll_of(session, copy) == written


def test_a_conll_text_comment_that_does_not_hold_its_tokens_is_refused(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    project = _annotated_document(session, make_user, make_project, make_document, assign)
    written = conll_of(session, project).replace("Officials 0 9", "Officers! 0 9")
    path = tmp_path / "out.conll"
    path.write_text(written, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", project.schema)
    session.commit()
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, copy, [path], format="conll")
    session.rollback()
    (detail,) = failure.value.details
    line = written.splitlines().index("Officers! 0 9 B-SOURCE") + 1
    assert (detail["file"], detail["line"]) == (str(path), line)
    assert "'Officers!'" in detail["message"] and "'Officials'" in detail["message"]


@pytest.mark.parametrize(
    ("external_id", "as_json"),
    [
        ("two\nlines", True),
        ("para\u2029graph and line\u2028sep\x85nel", True),
        (" spaced ", True),
        ('"quoted" id', True),
        ("# looks like a comment", False),
        ("a = b # c", False),
    ],
)
def test_an_id_is_escaped_as_every_comment_value_and_read_back(
    session, make_user, make_project, make_document, assign, tmp_path: Path, external_id, as_json
) -> None:
    """A document id with a line break (U+2028 too), spaces at its ends or a quote first is
    written as a JSON string, on one line, and imported back as the very id."""
    project = make_project("ids", SCHEMA)
    document = make_document(project, EXACT, external_id=external_id, title=external_id)
    assign(document, make_user("alice", "annotator"))
    session.commit()
    written = conll_of(session, project)
    (id_line,) = [line for line in written.splitlines() if line.startswith("# id = ")]
    assert id_line == f"# id = {json.dumps(external_id) if as_json else external_id}"
    path = tmp_path / "ids.conll"
    path.write_text(written, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", project.schema)
    session.commit()
    import_paths(session, copy, [path], format="conll")
    session.commit()
    (back,) = export_records(session, copy)
    assert (back["id"], back["title"]) == (external_id, external_id)
    assert conll_of(session, copy) == written


def test_an_id_comment_that_is_no_json_string_is_refused_naming_its_line(
    session, make_project, tmp_path: Path
) -> None:
    path = tmp_path / "bad.conll"
    path.write_text('# id = "unclosed\nWord 0 4 O\n', encoding="utf-8")
    project = make_project("bad", SCHEMA)
    with pytest.raises(ImportFailed) as failure:
        import_paths(session, project, [path], format="conll")
    session.rollback()
    detail = failure.value.details[0]
    assert (detail["file"], detail["line"]) == (str(path), 1), failure.value.details
    assert detail["message"].startswith("'# id': \"unclosed is not a JSON string")
