"""Importing brat standoff: mapping, events, discontinuous spans, notes, zips, round trips."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.core.errors import ImportFailed, Invalid
from annotator.core.formats.brat.files import corpus_files
from annotator.core.formats.brat.layer import SPLIT, TRIGGERS
from annotator.core.formats.records import Upload
from annotator.models import Document, Layer, Relation, Span, User
from annotator.services.accounts.projects import create_project
from annotator.services.agreement.report import agreement_report
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.datasets.import_options import DatasetOptions
from annotator.services.datasets.imports import import_paths
from tests.export_world import World, build_world, span_at

SCHEMA: dict[str, Any] = {
    "name": "Attribution",
    "span_labels": [
        {
            "name": "CLAIM",
            "attributes": [
                {"name": "claimer", "values": ["REPORTED", "JOURNALIST"]},
                {"name": "negated", "values": ["true"]},
            ],
        },
        {"name": "SOURCE"},
        {"name": "CUE"},
    ],
    "relation_types": [
        {"name": "ATTRIBUTED_TO", "from": ["CLAIM"], "to": ["SOURCE"]},
        {"name": "CUED_BY", "from": ["CLAIM"], "to": ["CUE"]},
    ],
}
MAP = (
    "Source=SOURCE,Cue=CUE,Content=CLAIM,Claimer=claimer,Negated=negated,"
    "Content->Source=ATTRIBUTED_TO,Content->Cue=CUED_BY"
)
TEXTS = {
    "one": "Officials said the plan will cut costs.\nNobody 😀 believed it.\n",
    "two": "Critics, according to the report, disagree strongly.\n",
}
CONF = "[entities]\nSource\nCue\nContent\n[relations]\n[events]\n"
CONF += "Attribution\tSource:Source, Cue:Cue, Content:Content\n[attributes]\n"
CONF += "Claimer\tArg:Content, Value:REPORTED|JOURNALIST\nNegated\tArg:Content\n"


def t_line(ident: str, label: str, text: str, *phrases: str) -> str:
    """Return a T line over ``phrases`` (fragments of one span when several)."""
    places = [span_at(text, p) for p in phrases]
    offsets = ";".join(f"{s} {e}" for s, e in places)
    return f"{ident}\t{label} {offsets}\t{' '.join(phrases)}"


def ann(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


# The same annotations twice: as brat files and as our jsonl, span by span.
def alice_one() -> str:
    text = TEXTS["one"]
    return ann(
        t_line("T1", "Source", text, "Officials"),
        t_line("T2", "Cue", text, "said"),
        t_line("T3", "Content", text, "the plan will cut costs"),
        t_line("T4", "Attribution", text, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        "A1\tClaimer T3 REPORTED",
        "A2\tNegated T3",
        "#1\tAnnotatorNotes T3\tcheck the figure",
    )


def alice_two() -> str:
    text = TEXTS["two"]
    return ann(
        # Fragments listed out of the text's order; the line's text follows the line's order.
        t_line("T1", "Content", text, "disagree strongly", "Critics"),
        t_line("T2", "Cue", text, "according to"),
        t_line("T3", "Source", text, "the report"),
        t_line("T4", "Attribution", text, "according to"),
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
    )


def bob_one() -> str:
    text = TEXTS["one"]
    return ann(
        t_line("T1", "Source", text, "Officials"),
        t_line("T2", "Content", text, "the plan will cut costs."),
        "R1\tATTRIBUTED_TO Arg1:T2 Arg2:T1",
        "M1\tClaimer T2 JOURNALIST",
    )


def bob_two() -> str:
    text = TEXTS["two"]
    return ann(
        t_line("T1", "Source", text, "the report"),
        t_line("T2", "Content", text, "disagree strongly"),
        "E1\tAttribution:T1 Content:T2 Source2:T1",
    )


def jsonl_records() -> list[dict[str, Any]]:
    one, two = TEXTS["one"], TEXTS["two"]

    def span(i: int, label: str, text: str, phrase: str, **attributes: Any) -> dict[str, Any]:
        start, end = span_at(text, phrase)
        return {"id": i, "label": label, "start": start, "end": end, "attributes": attributes}

    def rel(a: int, b: int, kind: str) -> dict[str, Any]:
        return {"type": kind, "from": a, "to": b}

    return [
        {
            "id": "one",
            "text": one,
            "annotations": [
                {
                    "annotator": "alice",
                    "status": "done",
                    "spans": [
                        span(1, "SOURCE", one, "Officials"),
                        span(2, "CUE", one, "said"),
                        span(
                            3,
                            "CLAIM",
                            one,
                            "the plan will cut costs",
                            claimer="REPORTED",
                            negated="true",
                        ),
                    ],
                    "relations": [rel(3, 1, "ATTRIBUTED_TO"), rel(3, 2, "CUED_BY")],
                },
                {
                    "annotator": "bob",
                    "status": "done",
                    "spans": [
                        span(1, "SOURCE", one, "Officials"),
                        span(2, "CLAIM", one, "the plan will cut costs.", claimer="JOURNALIST"),
                    ],
                    "relations": [rel(2, 1, "ATTRIBUTED_TO")],
                },
            ],
        },
        {
            "id": "two",
            "text": two,
            "annotations": [
                {
                    "annotator": "alice",
                    "status": "done",
                    "spans": [
                        span(1, "CLAIM", two, "Critics"),
                        span(2, "CLAIM", two, "disagree strongly"),
                        span(3, "CUE", two, "according to"),
                        span(4, "SOURCE", two, "the report"),
                    ],
                    # A discontinuous span's relations leave its first fragment only.
                    "relations": [rel(1, 4, "ATTRIBUTED_TO"), rel(1, 3, "CUED_BY")],
                },
                {
                    "annotator": "bob",
                    "status": "done",
                    "spans": [
                        span(1, "SOURCE", two, "the report"),
                        span(2, "CLAIM", two, "disagree strongly"),
                    ],
                    "relations": [rel(2, 1, "ATTRIBUTED_TO")],
                },
            ],
        },
    ]


def write_corpus(root: Path, files: dict[str, str] | None = None) -> Path:
    files = files or {
        "alice/one.ann": alice_one(),
        "alice/two.ann": alice_two(),
        "bob/one.ann": bob_one(),
        "bob/two.ann": bob_two(),
    }
    root.mkdir(parents=True, exist_ok=True)
    (root / "annotation.conf").write_text(CONF, encoding="utf-8")
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="")
        doc = path.with_suffix(".txt")
        doc.write_text(TEXTS[path.stem], encoding="utf-8", newline="")
    return root


def brat_import(session, project, paths, **options: Any):  # noqa: ANN001, ANN201
    options.setdefault("label_map", MAP)
    options.setdefault("create_users", True)
    report = import_paths(session, project, paths, options=DatasetOptions(**options), format="brat")
    session.commit()
    return report


def export_records(session, project) -> list[dict[str, Any]]:  # noqa: ANN001
    export = start_export(session, project, ExportOptions())
    text = b"".join(export.chunks).decode("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def layers_of(records: list[dict[str, Any]]) -> dict[tuple[str, str], Any]:
    """Return each layer's spans and relations, ids replaced by what they point at."""
    out = {}
    for record in records:
        for layer in record["annotations"] + ([record["gold"]] if record["gold"] else []):
            key = {s["id"]: (s["label"], s["start"], s["end"]) for s in layer["spans"]}
            spans = sorted(
                (s["label"], s["start"], s["end"], s["text"], json.dumps(s["attributes"]))
                for s in layer["spans"]
            )
            relations = sorted(
                (r["type"], key[r["from"]], key[r["to"]]) for r in layer["relations"]
            )
            out[(record["id"], layer["annotator"])] = (spans, relations)
    return out


def counts(session) -> tuple[int, ...]:  # noqa: ANN001
    models = (Document, Layer, Span, Relation, User)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def test_brat_corpus_imports_like_the_same_annotations_in_jsonl(
    session, make_project, tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    brat = make_project("brat", SCHEMA)
    report = brat_import(session, brat, [corpus])
    assert (report.created, report.layers, report.users_created) == (2, 4, ["alice", "bob"])
    # alice's claim in "two" is discontinuous: one span per fragment; triggers are no spans.
    assert report.tallies[SPLIT] == 1
    assert report.tallies[TRIGGERS] == 2
    # Each said in the number that fits; the API's report keys them by the plural alike.
    assert "1 discontinuous brat span, each fragment stored as a span." in report.summary()
    assert "2 brat event triggers left out (their type is not mapped)." in report.summary()
    assert report.as_dict()["tallies"][TRIGGERS.many] == 2

    plain = make_project("plain", SCHEMA)
    path = tmp_path / "same.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in jsonl_records()), encoding="utf-8")
    import_paths(session, plain, [path])
    session.commit()

    from_brat, from_jsonl = export_records(session, brat), export_records(session, plain)
    assert layers_of(from_brat) == layers_of(from_jsonl)
    reports = [agreement_report(session, p) for p in (brat, plain)]
    assert [r.pop("project") for r in reports] == ["brat", "plain"]
    assert reports[0] == reports[1]
    assert reports[0]["spans"] != {}  # the comparison is not between two empty reports
    # The note is kept on the span it was written on, in its annotator's layer only.
    start, end = span_at(TEXTS["one"], "the plan will cut costs")
    noted = [
        (layer["annotator"], s["label"], s["start"], s["end"], s["note"])
        for record in from_brat
        for layer in record["annotations"]
        for s in layer["spans"]
        if "note" in s
    ]
    assert noted == [("alice", "CLAIM", start, end, "check the figure")]
    assert "brat_notes" not in json.dumps(from_brat)


def test_a_zip_of_the_corpus_imports_the_same(session, make_project, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    archive = tmp_path / "corpus.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(corpus.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(corpus).as_posix())
    from_folder, from_zip = make_project("folder", SCHEMA), make_project("zip", SCHEMA)
    brat_import(session, from_folder, [corpus])
    report = brat_import(session, from_zip, [archive])
    assert (report.created, report.layers) == (2, 4)
    assert layers_of(export_records(session, from_zip)) == layers_of(
        export_records(session, from_folder)
    )


def test_a_span_whose_text_does_not_match_stores_nothing(
    session, make_project, tmp_path: Path
) -> None:
    bad = bob_one().replace("\tOfficials", "\tOfficers")
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": alice_one(), "bob/one.ann": bad})
    project = make_project("p", SCHEMA)
    before = counts(session)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus])
    session.rollback()
    assert counts(session) == before
    details = failure.value.details
    assert [(d["file"], d["line"]) for d in details] == [(str(corpus / "bob" / "one.ann"), 1)]
    assert "'Officers' does not match" in details[0]["message"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("a stray remark", "not a brat annotation line (no ID<TAB> at its start)"),
        ("R1 ATTRIBUTED_TO Arg1:T2 Arg2:T1", "R1: not a brat annotation line (a tab, not"),
        # A tab later in the line (before the span's text) does not stand for the id's.
        ("T2 Source 0 9\tOfficials", "T2: not a brat annotation line (a tab, not"),
        ("X1\tSource 0 9\tOfficials", "X1: not a brat annotation line (an id starts with"),
        ("T3\tContent\tthe plan", "T3: no offsets"),
        # str.isdigit takes "²", which int() refuses ("invalid literal for int()" was said).
        ("T3\tContent 0 ²\tthe plan", "T3: offsets '0 ²' are not START END[;START END...]"),
        ("T3\tContent 0 " + "9" * 5000 + "\tx", "T3: offset 9999999999...(5000 digits) is larger"),
    ],
)
def test_a_stray_line_after_a_span_is_named_with_its_own_line_and_reason(
    session, make_project, tmp_path: Path, line: str, reason: str
) -> None:
    # After T1, whose text is whole: the line is not more of T1's text, nor a mismatch of it.
    text = TEXTS["one"]
    content = ann(t_line("T1", "Source", text, "Officials"), line)
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": content})
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, make_project("p", SCHEMA), [corpus])
    [problem] = failure.value.details
    assert (problem["file"], problem["line"]) == (str(corpus / "alice" / "one.ann"), 2)
    assert problem["message"].startswith(reason), problem["message"]


@pytest.mark.parametrize(
    "phrases", [("the plan",), ("the plan", "costs")], ids=["one fragment", "two fragments"]
)
def test_a_relation_from_a_span_to_itself_is_refused_naming_its_line(
    runner, session, make_project, tmp_path: Path, phrases: tuple[str, ...]
) -> None:
    """It was left out without a word; from a span of two fragments to itself, it became
    relations between the fragments."""
    text = TEXTS["one"]
    content = ann(t_line("T1", "Content", text, *phrases), "R1\tATTRIBUTED_TO Arg1:T1 Arg2:T1")
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": content})
    project = make_project("p", SCHEMA)
    before = counts(session)
    result = runner.invoke(args=["import", "p", str(corpus), "--format", "brat", "--map", MAP])
    assert result.exit_code == 1
    where = corpus / "alice" / "one.ann"
    assert result.stderr.splitlines() == [
        f"Error: nothing was imported: {where}:2: R1: a relation from T1 to itself; it joins "
        "two spans"
    ]
    session.rollback()
    assert counts(session) == before
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus])
    assert [(d["line"], d["message"][:3]) for d in failure.value.details] == [(2, "R1:")]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "R2\tATTRIBUTED_TO Arg1:T1 Arg2:T9",
            "R2: T9 names no annotation (no T or E line has that id)",
        ),
        ("R2\tATTRIBUTED_TO Arg1:T1 Arg2:R1", "R2: R1 is a relation, not a T or E line"),
    ],
)
def test_a_relation_to_an_id_no_span_has_says_what_that_id_is(
    session, make_project, tmp_path: Path, line: str, problem: str
) -> None:
    """It said "T9 is not a T or E line" of an id no line of the file has."""
    text = TEXTS["one"]
    content = ann(
        t_line("T1", "Content", text, "the plan"),
        t_line("T2", "Source", text, "Officials"),
        "R1\tATTRIBUTED_TO Arg1:T1 Arg2:T2",
        line,
    )
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": content})
    project = make_project("p", SCHEMA)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus])
    session.rollback()
    assert [(d["line"], d["message"]) for d in failure.value.details] == [(4, problem)]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("#1\tAnnotatorNotes T9\tcheck it", "a note: T9 names no annotation"),
        ("A1\tNegated T9", "attribute Negated: T9 names no annotation"),
    ],
)
def test_a_note_or_attribute_on_an_id_no_line_has_is_refused_naming_its_line(
    runner, session, make_project, tmp_path: Path, line: str, problem: str
) -> None:
    """A note so placed was kept in the document's meta as a note on nothing."""
    text = TEXTS["one"]
    content = ann(t_line("T1", "Content", text, "the plan"), line)
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": content})
    project = make_project("p", SCHEMA)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus])
    session.rollback()
    assert failure.value.details == [
        {"file": str(corpus / "alice" / "one.ann"), "line": 2, "message": problem}
    ]
    result = runner.invoke(args=["import", "p", str(corpus), "--format", "brat", "--map", MAP])
    assert result.exit_code == 1 and problem in result.stderr
    assert export_records(session, project) == []


def test_a_span_text_written_with_its_line_break_as_is_continues_on_the_next_line(
    session, make_project, tmp_path: Path
) -> None:
    text = TEXTS["one"]
    start, end = text.index("costs."), text.index("Nobody") + len("Nobody")
    content = ann(f"T1\tContent {start} {end}\tcosts.", "Nobody", "T2\tSource 0 9\tOfficials")
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": content})
    project = make_project("p", SCHEMA)
    brat_import(session, project, [corpus])
    [record] = export_records(session, project)
    spans = {(s["label"], s["text"]) for s in record["annotations"][0]["spans"]}
    assert spans == {("CLAIM", "costs.\nNobody"), ("SOURCE", "Officials")}


def test_a_corpus_path_that_is_not_there_is_said_so(session, make_project, tmp_path: Path) -> None:
    missing = tmp_path / "corpus"
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, make_project("p", SCHEMA), [missing])
    assert failure.value.details == [
        {"file": str(missing), "line": None, "message": "no such file or folder"}
    ]


def test_unmapped_labels_are_refused_with_their_counts(
    session, make_project, tmp_path: Path
) -> None:
    text = TEXTS["one"]
    extra = ann(t_line("T9", "Discard", text, "Nobody"), t_line("T10", "Discard", text, "it"))
    corpus = write_corpus(
        tmp_path / "corpus", {"alice/one.ann": alice_one() + extra, "bob/one.ann": bob_one()}
    )
    project = make_project("p", SCHEMA)
    before = counts(session)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus])
    session.rollback()
    assert counts(session) == before
    (detail,) = failure.value.details
    assert (detail["file"], detail["line"]) == (str(corpus / "alice" / "one.ann"), 9)
    assert detail["message"].startswith("label 'Discard' is not in the project's schema")
    assert "(used 2 times, the first here)" in detail["message"]
    # Leaving the label out is a choice the map can make.
    report = brat_import(session, project, [corpus], label_map=MAP + ",Discard=-")
    assert report.layers == 2


def test_offsets_are_moved_when_the_text_has_crlf_and_a_bom(
    session, make_project, tmp_path: Path
) -> None:
    raw = "\ufeffOfficials said it.\r\nCritics disagree.\r\n"
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "doc.txt").write_text(raw, encoding="utf-8", newline="")
    start, end = span_at(raw, "Critics")
    (root / "doc.ann").write_text(f"T1\tSource {start} {end}\tCritics\n", encoding="utf-8")
    project = make_project("p", SCHEMA)
    brat_import(session, project, [root], annotator="gold")
    (record,) = export_records(session, project)
    assert record["text"] == "Officials said it.\nCritics disagree.\n"
    assert [s["text"] for s in record["gold"]["spans"]] == ["Critics"]


def test_a_bad_map_is_refused(session, make_project, tmp_path: Path) -> None:
    project = make_project("p", SCHEMA)
    with pytest.raises(Invalid, match="--map"):
        brat_import(session, project, [write_corpus(tmp_path / "c")], label_map="Source")


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:
    return build_world(session, make_user, make_project, make_document, assign)


def test_our_brat_export_imports_back_to_the_same_spans_and_relations(
    session, world, tmp_path: Path
) -> None:
    export = start_export(session, world.project, ExportOptions(format="brat"))
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"".join(export.chunks))
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    report = import_paths(session, copy, [archive], format="brat")
    session.commit()
    assert report.created == 3
    original = layers_of(export_records(session, world.project))
    imported = layers_of(export_records(session, copy))
    assert {k: v for k, v in imported.items() if v != ([], [])} == {
        k: v for k, v in original.items() if v != ([], [])
    }


def test_an_event_whose_roles_point_at_spans_of_other_labels_is_refused(
    session, make_project, tmp_path: Path
) -> None:
    # A slip PolNeAR has once: the spans' labels swapped against their roles in the event
    # (the Content role on a Source span). The relation it makes breaks the schema.
    text = TEXTS["one"]
    swapped = ann(
        t_line("T1", "Content", text, "Officials"),
        t_line("T2", "Cue", text, "said"),
        t_line("T3", "Source", text, "the plan will cut costs"),
        t_line("T4", "Attribution", text, "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    )
    corpus = write_corpus(tmp_path / "corpus", {"alice/one.ann": swapped})
    project = make_project("p", SCHEMA)
    before = counts(session)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [corpus])
    session.rollback()
    assert counts(session) == before
    messages = " ".join(d["message"] for d in failure.value.details)
    assert "relation type 'ATTRIBUTED_TO' cannot go from a 'SOURCE' span (span T3)" in messages
    assert "'CUED_BY'" in messages


def test_the_annotators_of_an_imported_corpus_become_members_of_the_project(
    session, make_project, tmp_path: Path
) -> None:
    # CONTRACT section 10: an assignment makes its annotator a member. An import assigned
    # alice and bob their layers but left them out of the project's people.
    from annotator.services.accounts.membership import list_members

    project = make_project("brat", SCHEMA)
    brat_import(session, project, [write_corpus(tmp_path / "corpus")])
    session.commit()
    members = {m.user.username: m.role for m in list_members(session, project)}
    assert members == {"alice": "annotator", "bob": "annotator"}
    # A second import of the same corpus adds no one twice.
    brat_import(session, project, [write_corpus(tmp_path / "again")])
    session.commit()
    assert len(list_members(session, project)) == 2


@pytest.mark.parametrize(
    ("members", "read_as"),
    [
        # A file manager's zip of the corpus folder: the folder is a wrapper, not an annotator.
        (["corpus/alice/one.ann", "corpus/alice/one.txt"], [("alice", "one.ann")]),
        # One folder holding the .txt files zipped: the corpus itself (tests/test_brat_folders).
        (["alice/one.ann", "alice/one.txt"], [("one.ann",)]),
        (["one.ann", "one.txt", "gold/one.ann"], [("gold", "one.ann"), ("one.ann",)]),
    ],
)
def test_a_zip_of_the_corpus_folder_itself_reads_as_its_contents(
    members: list[str], read_as: list[tuple[str, ...]]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "")
    files = list(corpus_files(Upload("up.zip", buffer.getvalue())))
    assert [f.parts for f in files if f.suffix == ".ann"] == read_as
    assert all(f.display.startswith("up.zip/") for f in files)


def test_files_named_one_by_one_import_as_one_corpus(session, make_project, tmp_path: Path) -> None:
    """`annotator import SLUG one.txt one.ann --format brat`: the files, without their folder."""
    corpus = write_corpus(tmp_path / "corpus")
    files = sorted((corpus / "alice").glob("*.*"))
    assert [f.suffix for f in files] == [".ann", ".txt", ".ann", ".txt"]
    from_folder = make_project("folder", SCHEMA)
    brat_import(session, from_folder, [corpus / "alice"], annotator="alice")
    from_files = make_project("files", SCHEMA)
    report = brat_import(session, from_files, files, annotator="alice")
    assert (report.created, report.layers) == (2, 2)
    assert layers_of(export_records(session, from_files)) == layers_of(
        export_records(session, from_folder)
    )
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, make_project("alone", SCHEMA), [files[0]], annotator="alice")
    assert failure.value.details[0]["file"] == str(files[0])
    assert failure.value.details[0]["message"] == f"no {files[0].stem}.txt beside it"


def test_a_brat_note_comes_back_in_the_brat_export_and_through_it(
    session, make_project, tmp_path: Path
) -> None:
    """The ``#`` notes an import kept in ``meta.brat_notes`` were not written back: a brat
    corpus passed through annotator lost its annotators' notes."""
    brat = make_project("brat", SCHEMA)
    brat_import(session, brat, [write_corpus(tmp_path / "corpus")])
    export = start_export(session, brat, ExportOptions(format="brat"))
    with zipfile.ZipFile(io.BytesIO(b"".join(export.chunks))) as archive:
        files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    lines = files["alice/one.ann"].splitlines()
    claim = next(line for line in lines if line.startswith("T") and "\tCLAIM " in line)
    ident = claim.split("\t")[0]
    assert f"AnnotatorNotes {ident}\tcheck the figure" in "\n".join(lines)
    assert not any("AnnotatorNotes" in line for line in files["bob/one.ann"].splitlines())
    assert export.warnings == {}
    # Through the export and back: the note is on the same span again.
    again = tmp_path / "again"
    for name, content in files.items():
        (again / name).parent.mkdir(parents=True, exist_ok=True)
        (again / name).write_text(content, encoding="utf-8")
    copy = make_project("copy", SCHEMA)
    brat_import(session, copy, [again], label_map=None)  # our own names: no map
    assert layers_of(export_records(session, copy)) == layers_of(export_records(session, brat))
    (note,) = [
        s for s in export_records(session, copy)[0]["annotations"][0]["spans"] if "note" in s
    ]
    assert (note["label"], note["note"]) == ("CLAIM", "check the figure")


def test_a_txt_documents_export_drops_the_extension_once_and_imports_back_under_its_id(
    session, world, tmp_path: Path
) -> None:
    """A document imported from ``harbour.txt`` keeps that name as its id: its brat files
    are ``harbour.txt`` and ``harbour.ann``, not ``harbour.txt.txt``; a document named
    ``harbour`` beside it gets ``harbour-2``, and the import gives each its own id back."""
    emoji, plain = world.documents["emoji"], world.documents["plain"]
    emoji.external_id, plain.external_id = "harbour.txt", "harbour"
    session.commit()
    export = start_export(session, world.project, ExportOptions(format="brat"))
    archive = tmp_path / "export.zip"
    archive.write_bytes(b"".join(export.chunks))
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"alice/harbour.txt", "alice/harbour.ann", "alice/harbour-2.txt"} <= names
    assert not any(".txt.txt" in name or ".txt.ann" in name for name in names), names
    copy = create_project(session, "copy", "Copy", world.project.schema)
    session.commit()
    import_paths(session, copy, [archive], format="brat")
    session.commit()
    ids = session.scalars(select(Document.external_id).where(Document.project_id == copy.id))
    assert sorted(ids) == ["doc-untouched", "harbour", "harbour.txt"]
    texts = {r["id"]: r["text"] for r in export_records(session, copy)}
    assert texts["harbour.txt"] == emoji.text and texts["harbour"] == plain.text
    original = layers_of(export_records(session, world.project))
    imported = layers_of(export_records(session, copy))
    assert {k: v for k, v in imported.items() if v != ([], [])} == {
        k: v for k, v in original.items() if v != ([], [])
    }
