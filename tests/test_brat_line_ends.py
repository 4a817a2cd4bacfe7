"""brat corpora as Windows and old Mac tools leave them: CR line ends, byte-order marks."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import ImportFailed
from tests.test_brat_import import SCHEMA, brat_import, export_records

TEXT = "Officials said it.\nCritics disagree.\n"


def _corpus(tmp_path: Path, txt: bytes, ann: bytes) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "doc.txt").write_bytes(txt)
    (root / "doc.ann").write_bytes(ann)
    return root


def _spans(session, project) -> list[tuple[str, int, int, str]]:  # noqa: ANN001
    (record,) = export_records(session, project)
    return [(s["label"], s["start"], s["end"], s["text"]) for s in record["gold"]["spans"]]


ANN_LINES = ["T1\tSource 0 9\tOfficials", "T2\tCue 10 14\tsaid"]


@pytest.mark.parametrize("line_end", ["\n", "\r", "\r\n"], ids=["LF", "CR", "CRLF"])
def test_an_ann_with_cr_line_ends_is_read(
    session, make_project, tmp_path: Path, line_end: str
) -> None:
    ann = "".join(line + line_end for line in ANN_LINES).encode()
    root = _corpus(tmp_path, TEXT.encode(), ann)
    project = make_project("p", SCHEMA)
    report = brat_import(session, project, [root], annotator="gold")
    assert report.spans == 2
    assert _spans(session, project) == [
        ("SOURCE", 0, 9, "Officials"),
        ("CUE", 10, 14, "said"),
    ]


def test_an_ann_starting_with_a_byte_order_mark_is_read(
    session, make_project, tmp_path: Path
) -> None:
    ann = "\ufeff" + "".join(line + "\n" for line in ANN_LINES)
    root = _corpus(tmp_path, TEXT.encode(), ann.encode())
    project = make_project("p", SCHEMA)
    brat_import(session, project, [root], annotator="gold")
    assert [s[0] for s in _spans(session, project)] == ["SOURCE", "CUE"]


@pytest.mark.parametrize("ann_end", ["\n", "\r\n"], ids=["LF-ann", "CRLF-ann"])
def test_a_span_across_a_crlf_of_the_txt_is_read(
    session, make_project, tmp_path: Path, ann_end: str
) -> None:
    """The span's text in the .ann holds the .txt's own line break, ``\\r\\n``."""
    txt = "Officials said it.\r\nCritics disagree.\r\n"
    start, end = txt.index("it."), txt.index(" disagree")
    line = f"T1\tSource {start} {end}\t{txt[start:end]}"
    root = _corpus(tmp_path, txt.encode(), (line + ann_end).encode())
    project = make_project("p", SCHEMA)
    brat_import(session, project, [root], annotator="gold")
    assert _spans(session, project) == [("SOURCE", 15, 26, "it.\nCritics")]


def test_an_empty_document_of_a_corpus_is_skipped_with_a_word(
    session, make_project, tmp_path: Path
) -> None:
    """brat corpora hold empty documents (an empty .txt, an empty .ann): nothing to annotate,
    they were refused as "'text' is empty" and the whole corpus with them."""
    root = _corpus(tmp_path, TEXT.encode(), (ANN_LINES[0] + "\n\n").encode())
    (root / "blank.txt").write_bytes(b"\r\n")
    (root / "blank.ann").write_bytes(b"")
    project = make_project("p", SCHEMA)
    report = brat_import(session, project, [root], annotator="gold")
    assert (report.created, report.spans) == (1, 1)
    # Listed by its files, the .ann with the .txt (a list; ``file`` names the .txt): the
    # .ann's layer is left out too. ``file`` joined them with commas, no path to open.
    files = [str(root / "blank.txt"), str(root / "blank.ann")]
    reason = "empty: no text to annotate"
    assert report.skipped == [{"file": files[0], "files": files, "reason": reason}]
    assert "Skipped 1 empty document." in report.summary()
    assert "other types" not in report.summary()


def test_every_annotators_copy_of_an_empty_document_is_named(
    session, make_project, tmp_path: Path
) -> None:
    """Each annotator's folder holds the document's .txt: the skip named one of them."""
    root = tmp_path / "corpus"
    for who in ("alice", "bob"):
        (root / who).mkdir(parents=True)
        (root / who / "doc.txt").write_text(TEXT, encoding="utf-8")
        (root / who / "doc.ann").write_text(ANN_LINES[0] + "\n", encoding="utf-8")
        (root / who / "blank.txt").write_bytes(b"")
        (root / who / "blank.ann").write_bytes(b"")
    project = make_project("p", SCHEMA)
    report = brat_import(session, project, [root], create_users=True)
    assert report.created == 1
    [skipped] = report.skipped
    assert skipped["file"] == str(root / "alice" / "blank.txt")
    for who in ("alice", "bob"):
        for name in ("blank.txt", "blank.ann"):
            assert str(root / who / name) in skipped["files"], skipped
    assert len(skipped["files"]) == 4


def test_an_empty_document_with_annotations_is_still_refused(
    session, make_project, tmp_path: Path
) -> None:
    root = _corpus(tmp_path, b"", b"T1\tSource 0 9\tOfficials\n")
    project = make_project("p", SCHEMA)
    with pytest.raises(ImportFailed, match=r"doc\.ann:1: T1: offset 9 is past the end"):
        brat_import(session, project, [root], annotator="gold")


@pytest.mark.parametrize(
    "conf",
    ["\ufeff[events]\nAttribution\tSource:Source\n", "[entities]\rSource\r[events]\rAttribution\r"],
    ids=["bom", "CR"],
)
def test_an_annotation_conf_with_a_bom_or_cr_line_ends_declares_its_events(
    session, make_project, tmp_path: Path, conf: str
) -> None:
    """A trigger of a declared event type is no span; unread, it was refused as unmapped."""
    ann = f"{ANN_LINES[0]}\nT2\tAttribution 10 14\tsaid\n"
    root = _corpus(tmp_path, TEXT.encode(), ann.encode())
    (root / "annotation.conf").write_bytes(conf.encode())
    project = make_project("p", SCHEMA)
    report = brat_import(session, project, [root], annotator="gold")
    assert report.spans == 1
    assert [s[0] for s in _spans(session, project)] == ["SOURCE"]


ANNOTATED = "Officials said it.\nCritics disagree.\nNobody else spoke.\n"
SHIFTED_ANN = "".join(
    f"T{n}\tSource {ANNOTATED.index(word)} {ANNOTATED.index(word) + len(word)}\t{word}\n"
    for n, word in enumerate(["Officials", "Critics", "Nobody"], start=1)
)


@pytest.mark.parametrize(
    ("txt", "said", "fix", "misses"),
    [
        (
            ANNOTATED.replace("\n", "\r\n"),
            "with its CRLF line ends turned into LF",
            "with LF line ends",
            "2 T lines of 3",
        ),
        (
            "\ufeff" + ANNOTATED,
            "without its byte-order mark",
            "without the byte-order mark",
            "3 T lines of 3",
        ),
    ],
    ids=["CRLF", "BOM"],
)
def test_offsets_counted_before_the_txt_was_converted_are_refused_once_with_the_cause(
    session, make_project, tmp_path: Path, txt: str, said: str, fix: str, misses: str
) -> None:
    root = _corpus(tmp_path, txt.encode(), SHIFTED_ANN.encode())
    project = make_project("p", SCHEMA)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [root], annotator="gold")
    [detail] = failure.value.details  # once for the file, not once a line
    assert (detail["file"], detail["line"]) == (str(root / "doc.ann"), None)
    message = detail["message"]
    assert message.startswith(f"offsets match the .txt {said} (converted after annotation?)")
    assert misses in message and f"save the .txt {fix}" in message, message


def test_offsets_that_fit_neither_text_are_refused_line_by_line(
    session, make_project, tmp_path: Path
) -> None:
    ann = SHIFTED_ANN + "T4\tSource 0 4\tNone\n"
    root = _corpus(tmp_path, ANNOTATED.replace("\n", "\r\n").encode(), ann.encode())
    project = make_project("p", SCHEMA)
    with pytest.raises(ImportFailed) as failure:
        brat_import(session, project, [root], annotator="gold")
    assert [d["line"] for d in failure.value.details] == [2, 3, 4]
