"""CoNLL lines of tokens that start with ``#``: no reader may take them for comments.

A reader that drops every line starting with ``#`` (our comments' mark) dropped the token
``#`` with them. The export writes such a token after a backslash (``\\# 19 20 B-SOURCE``),
its offsets still its own; our import takes the backslash off and gets the same tokens,
spans and text back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from annotator.core.tokens import tokenize
from annotator.services.accounts.projects import create_project
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.datasets.export import ExportOptions, start_export
from annotator.services.datasets.imports import import_paths

TEXT = "# 1 said Bob about #Ecuador today.\n# id = fake\nAnn said # yes."
#: Our comments: ``# NAME = VALUE``, ``# document NAME = ...``, ``# label NAME = ...``.
COMMENT = re.compile(r"^# [\w ]+ = ")


def _export(session, project, fmt: str) -> str:  # noqa: ANN001
    return b"".join(start_export(session, project, ExportOptions(format=fmt)).chunks).decode()


def _spans(session, project) -> list[tuple[str, int, int, str]]:  # noqa: ANN001
    (record,) = [json.loads(x) for x in _export(session, project, "jsonl").splitlines()]
    (layer,) = record["annotations"]
    return [(s["label"], s["start"], s["end"], s["text"]) for s in layer["spans"]]


def test_a_hash_token_is_no_comment_and_imports_back(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    alice = make_user("alice")
    project = make_project("hashes")
    document = make_document(project, TEXT, "d1")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    start = TEXT.index("#Ecuador")
    add_span(session, layer, "SOURCE", start, start + len("#Ecuador"))
    add_span(session, layer, "SOURCE", TEXT.index("Ann"), TEXT.index("Ann") + 3)
    session.commit()

    written = _export(session, project, "conll")
    lines = written.splitlines()
    assert f"\\# {start} {start + 1} B-SOURCE" in lines
    # Every line starting with "#" is one of our comments; a reader that drops them all
    # still reads every token of the text.
    assert all(COMMENT.match(line) for line in lines if line.startswith("#"))
    tokens = [line for line in lines if line and not line.startswith("#")]
    assert len(tokens) == len(list(tokenize(TEXT, 0, len(TEXT))))
    assert sum(line.startswith("\\#") for line in tokens) == TEXT.count("#")

    path = tmp_path / "hashes.conll"
    path.write_text(written, encoding="utf-8")
    report = import_paths(session, project, [path], format="conll")
    session.commit()
    assert (report.created, report.unchanged, report.layers_unchanged) == (0, 1, 1)
    copy = create_project(session, "copy", "Copy", project.schema)
    session.commit()
    import_paths(session, copy, [path], format="conll")
    session.commit()
    assert _spans(session, copy) == _spans(session, project)
    assert _export(session, copy, "conll") == written


def test_a_token_of_a_backslash_and_a_hash_in_the_text_stays_as_it_is(
    session, make_user, make_project, make_document, assign, tmp_path: Path
) -> None:
    # Offsets tell the escape from a text that holds "\#": "\" and "#" are tokens of one
    # character each, and "\" alone is written as it is.
    text = "Tag \\#News said so."
    alice = make_user("alice")
    project = make_project("slashes")
    document = make_document(project, text, "d1")
    assign(document, alice)
    add_span(session, open_layer(session, alice, document, None), "SOURCE", 4, 10)
    session.commit()
    written = _export(session, project, "conll")
    assert "\\ 4 5 B-SOURCE" in written.splitlines()
    assert "\\# 5 6 I-SOURCE" in written.splitlines()
    path = tmp_path / "slashes.conll"
    path.write_text(written, encoding="utf-8")
    copy = create_project(session, "copy", "Copy", project.schema)
    session.commit()
    import_paths(session, copy, [path], format="conll")
    session.commit()
    assert _spans(session, copy) == [("SOURCE", 4, 10, "\\#News")]
