"""A brat or CoNLL corpus in another encoding than UTF-8: refused naming the encoding it
likely is (as a CSV file is), and read as ``--encoding`` (the API's ``encoding``) says."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.models import Document

# "Café" in Windows-1252: 0xe9 is no UTF-8.
CONLL = "Officials O\nsaid O\nin O\nCaf\xe9 O\n".encode("cp1252")
TEXT = "Officials met at the Caf\xe9.\n"


def test_a_cp1252_conll_file_is_refused_naming_the_encoding_and_the_option(
    runner: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    (tmp_path / "news.conll").write_bytes(CONLL)
    args = ["import", "demo", str(tmp_path / "news.conll"), "--format", "conll"]
    result = runner.invoke(args=[*args, "--annotator", "gold"])
    assert result.exit_code == 1
    assert "It reads as Windows-1252 (cp1252)" in result.stderr, result.stderr
    assert "import it with --encoding cp1252" in result.stderr


def test_encoding_with_format_reads_a_conll_file_on_the_command_line(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    (tmp_path / "news.conll").write_bytes(CONLL)
    args = ["import", "demo", str(tmp_path / "news.conll"), "--format", "conll"]
    result = runner.invoke(args=[*args, "--annotator", "gold", "--encoding", "cp1252"])
    assert result.exit_code == 0, result.output
    assert session.scalars(select(Document.text)).one() == "Officials said in Caf\xe9"


def test_the_api_reads_a_conll_file_in_the_encoding_sent(
    client: Any, session: Any, make_project: Any, make_user: Any, make_token: Any
) -> None:
    make_project("demo")
    token = make_token(make_user("ada", "admin"))

    def post(**fields: str) -> Any:
        data = {"format": "conll", "annotator": "gold", **fields}
        data["file"] = [(io.BytesIO(CONLL), "news.conll")]  # type: ignore[assignment]
        return client.post("/api/v1/projects/demo/documents", data=data, headers=token)

    refused = post()
    assert refused.status_code == 422
    message = str(refused.get_json()["error"])
    assert "send encoding=cp1252" in message and "--encoding" not in message, message
    assert post(encoding="cp1252").status_code == 201
    assert session.scalars(select(Document.text)).one() == "Officials said in Caf\xe9"


def test_encoding_with_format_reads_a_brat_corpus(
    runner: Any, session: Any, make_project: Any, tmp_path: Path
) -> None:
    make_project("demo")
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "doc.txt").write_bytes(TEXT.encode("cp1252"))
    start = TEXT.index("Caf\xe9")
    ann = f"T1\tSOURCE {start} {start + 4}\tCaf\xe9\n"
    (root / "doc.ann").write_bytes(ann.encode("cp1252"))
    args = ["import", "demo", str(root), "--format", "brat", "--annotator", "gold"]
    refused = runner.invoke(args=args)
    assert refused.exit_code == 1
    assert "--encoding cp1252" in refused.stderr, refused.stderr
    result = runner.invoke(args=[*args, "--encoding", "cp1252"])
    assert result.exit_code == 0, result.output
    assert "1 span" in result.stdout
