"""An imported span whose offsets cut a word in half is warned of, on every face.

doccano records (and Label Studio regions or ``jsonl`` spans given without their text) carry
no span text, so their offsets were taken unchecked: offsets 1-6 meant to cover "Greta" stored
"hen G", and offsets counted in UTF-16 units or bytes by an older tool (an emoji before the
span) look exactly like that. Such a span is still imported (a warning, not a refusal: a
refusal is for what is surely wrong), and the warning names the file, the line, the span's
text and offsets, and says what the offsets may count. A span whose text is given is checked
against it already, and refused when it differs.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.models import Span
from tests.helpers import csrf_token_from, login

TEXT = "Then Greta spoke to the crowd."
# "hen G": 1-6 where "Greta" is 5-10, as offsets of a tool that counted otherwise.
CUT = {"id": "d1", "text": TEXT, "annotator": "bob", "label": [[1, 6, "SOURCE"]]}
WHOLE = {"id": "d1", "text": TEXT, "annotator": "bob", "label": [[5, 10, "SOURCE"]]}
MAY_COUNT = "no text of the span to check its offsets against: they may count UTF-16 units or bytes"
URL = "/api/v1/projects/demo/documents"


@pytest.fixture
def world(make_project: Any, make_user: Any) -> None:
    make_project("demo")
    make_user("bob", "annotator")


def _jsonl(tmp_path: Path, records: list[dict[str, Any]], name: str = "doccano.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _spans(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Span)) or 0


def test_the_command_line_warns_of_a_doccano_span_cutting_a_word_and_imports_it(
    world: None, runner: Any, session: Session, tmp_path: Path
) -> None:
    path = _jsonl(tmp_path, [CUT])
    result = runner.invoke(args=["import", "demo", str(path)])
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert f"{path}:1: document 'd1', layer 'bob', span 0" in warning
    assert "its text 'hen G' cuts a word at its start and at its end" in warning
    assert MAY_COUNT in warning
    assert _spans(session) == 1


def test_a_span_on_word_boundaries_is_not_warned_of(
    world: None, runner: Any, tmp_path: Path
) -> None:
    result = runner.invoke(args=["import", "demo", str(_jsonl(tmp_path, [WHOLE]))])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output


def test_a_span_inside_a_text_written_without_spaces_is_not_warned_of(
    world: None, runner: Any, tmp_path: Path
) -> None:
    """Chinese has no spaces between words: any span there has letters on both sides."""
    record = {"id": "zh", "text": "我们今天去北京。", "annotator": "bob"}
    record["label"] = [[5, 7, "SOURCE"]]
    result = runner.invoke(args=["import", "demo", str(_jsonl(tmp_path, [record]))])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output


def test_many_cuts_are_said_ten_then_counted(world: None, runner: Any, tmp_path: Path) -> None:
    # A text each: one text under two ids is warned of too.
    records = [{**CUT, "id": f"d{i}", "text": f"{TEXT} ({i})"} for i in range(13)]
    result = runner.invoke(args=["import", "demo", str(_jsonl(tmp_path, records))])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 11
    assert warnings[-1] == "Warning: and 3 more spans whose offsets cut a word"


def test_a_label_studio_region_without_its_text_is_warned_of(
    world: None, runner: Any, tmp_path: Path
) -> None:
    region = {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text"}
    region["value"] = {"start": 1, "end": 6, "labels": ["SOURCE"]}
    task = {"id": "t1", "data": {"text": TEXT}, "annotations": [{"result": [region]}]}
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(path), "--annotator", "bob"])
    assert result.exit_code == 0, result.output
    assert "its text 'hen G' cuts a word" in result.stderr


def test_a_span_whose_text_is_given_is_checked_against_it_instead(
    world: None, runner: Any, session: Session, tmp_path: Path
) -> None:
    layer = {"annotator": "bob", "spans": [{"label": "SOURCE", "start": 1, "end": 6}]}
    layer["spans"][0]["text"] = "Greta"
    record = {"id": "d1", "text": TEXT, "annotations": [layer]}
    result = runner.invoke(args=["import", "demo", str(_jsonl(tmp_path, [record], "in.jsonl"))])
    assert result.exit_code == 1
    assert "its text 'Greta' does not match the document's text at those offsets" in (result.output)
    assert _spans(session) == 0


def test_the_api_lists_the_warning_in_its_answer(
    world: None, client: Any, admin_headers: Any
) -> None:
    response = client.post(URL, json=[CUT], headers=admin_headers)
    assert response.status_code == 201, response.get_json()
    [warning] = response.get_json()["warnings"]
    assert warning.startswith("request:1: document 'd1', layer 'bob', span 0")
    assert "'SOURCE' [1, 6)): its text 'hen G' cuts a word" in warning and MAY_COUNT in warning


def test_the_project_pages_upload_shows_the_warning(
    world: None, client: Any, make_user: Any, session: Session
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/demo").get_data(as_text=True))
    data = {"csrf_token": token, "files": [(io.BytesIO(json.dumps(CUT).encode()), "cut.jsonl")]}
    answer = client.post("/projects/demo/upload", data=data, content_type="multipart/form-data")
    assert answer.status_code == 303
    page = client.get("/projects/demo").get_data(as_text=True)
    assert 'class="flash flash--warning"' in page
    assert "cut.jsonl:1: document &#39;d1&#39;, layer &#39;bob&#39;, span 0" in page
    assert MAY_COUNT in page
    assert _spans(session) == 1


def test_the_import_page_shows_the_warning(world: None, client: Any, make_user: Any) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/demo/import").get_data(as_text=True))
    data = {"csrf_token": token, "format": "records"}
    data["files"] = [(io.BytesIO(json.dumps(CUT).encode()), "cut.jsonl")]  # type: ignore[assignment]
    answer = client.post("/projects/demo/import", data=data, content_type="multipart/form-data")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    warnings = page[page.index('data-report="warnings"') :].split("</ul>")[0]
    assert "&#39;hen G&#39; cuts a word" in warnings


def test_a_brat_span_of_part_of_a_word_is_not_warned_of(
    world: None, runner: Any, session: Session, tmp_path: Path
) -> None:
    """brat gives each span's text, checked by its reader: a part of a word is meant there."""
    root = tmp_path / "corpus"
    (root / "bob").mkdir(parents=True)
    (root / "bob" / "one.txt").write_text(TEXT, encoding="utf-8")
    (root / "bob" / "one.ann").write_text("T1\tSOURCE 1 6\then G\n", encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(root), "--format", "brat"])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    assert _spans(session) == 1
