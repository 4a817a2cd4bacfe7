"""A label field's target from each document's meta (``target_from``): the schema's rule, the
one resolution, the API's answers, the review, the exports, the settings page asking first,
the older-target marks and project files."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.document_targets import target_of, targets_answer
from annotator.core.errors import SchemaError
from annotator.core.given_targets import TargetTimes
from annotator.core.label_schema import validate_schema
from annotator.models import Project
from annotator.services.accounts.membership import set_member
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from annotator.services.schema.meaning import MeaningUnconfirmed
from tests.conftest import SEED_SCHEMA
from tests.extras import need
from tests.helpers import csrf_token_from, login

FALLBACK = "Russian foreign policy"  # the seed schema's stance target
TEXT = "Officials said the talks failed. The ministry denied it."


def _schema(**stance: Any) -> dict[str, Any]:
    schema = copy.deepcopy(SEED_SCHEMA)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance").update(stance)
    return schema


def _stance(schema: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in schema["sentence_labels"] if f["name"] == "stance")


# The schema's rule ---------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "   ", 5, ["topic"], "x" * 81])
def test_a_bad_target_from_is_refused_naming_the_field(bad: Any) -> None:
    with pytest.raises(SchemaError) as refused:
        validate_schema(_schema(target_from=bad))
    message = str(refused.value)
    assert "sentence_labels[1] 'stance'" in message and "'target_from'" in message


def test_target_from_is_kept_when_given_and_absent_otherwise() -> None:
    assert _stance(validate_schema(_schema(target_from="topic")))["target_from"] == "topic"
    assert "target_from" not in _stance(validate_schema(_schema()))
    assert "target_from" not in _stance(validate_schema(_schema(target_from=None)))
    genre = copy.deepcopy(SEED_SCHEMA)
    genre["document_labels"][0]["target_from"] = "y" * 80
    assert validate_schema(genre)["document_labels"][0]["target_from"] == "y" * 80


def test_the_target_of_a_field_on_a_document() -> None:
    entry = {"name": "stance", "target": "NATO", "target_from": "topic"}
    assert target_of(entry, {"topic": "Vaccines"}) == "Vaccines"
    assert target_of(entry, {"topic": 2024}) == "2024"
    for meta in ({}, None, {"topic": ""}, {"topic": None}, {"topic": ["a"]}, {"topic": True}):
        assert target_of(entry, meta) == "NATO"
    assert target_of({"name": "stance", "target_from": "topic"}, {}) is None
    assert target_of({"name": "stance", "target": "NATO"}, {"topic": "Vaccines"}) == "NATO"
    schema = validate_schema(_schema(target_from="topic"))
    schema["document_labels"][0]["target_from"] = "outlet"
    assert targets_answer(schema, {"topic": "Vaccines", "outlet": "Daily"}) == {
        "stance": "Vaccines",
        "document:genre": "Daily",
    }


# The API's answers, the review and the command line ------------------------------------


@pytest.fixture
def world(session: Session, make_world: Any) -> SimpleNamespace:
    """Project desk: stance takes its target from meta ``topic``; doc v has one, doc n not.
    alice and bob gave v's first sentence different stances."""
    made = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        slug="desk",
        schema=_schema(target_from="topic"),
        vaccines=(TEXT, "v.txt", {"meta": {"topic": "Vaccines"}}),
        nato=(TEXT, "n.txt"),
    )
    for user, value in ((made.alice, "FAVOR"), (made.bob, "AGAINST")):
        set_label(session, open_layer(session, user, made.vaccines, None), 0, "stance", value)
    session.commit()
    return SimpleNamespace(
        project=made.project, vaccines=made.vaccines, nato=made.nato, tokens=made.tokens
    )


def test_the_document_and_layer_answers_carry_the_document_s_targets(
    client: FlaskClient, world: SimpleNamespace
) -> None:
    for document, target in ((world.vaccines, "Vaccines"), (world.nato, FALLBACK)):
        answer = client.get(f"/api/v1/documents/{document.id}", headers=world.tokens["alice"])
        assert answer.status_code == 200
        assert answer.get_json()["targets"] == {"stance": target}
        layer = client.get(
            f"/api/v1/documents/{document.id}/annotations", headers=world.tokens["alice"]
        )
        assert layer.get_json()["targets"] == {"stance": target}


def test_the_review_and_adjudicate_differences_name_the_document_s_target(
    client: FlaskClient, runner: Any, world: SimpleNamespace
) -> None:
    answer = client.get(
        f"/api/v1/projects/desk/review/{world.vaccines.id}", headers=world.tokens["rita"]
    )
    assert answer.status_code == 200, answer.get_json()
    labels = [d for d in answer.get_json()["differences"] if d["kind"] == "sentence_label"]
    assert labels and labels[0]["summary"].startswith("stance")
    assert {d["target"] for d in labels} == {"Vaccines"}
    login(client, "rita")
    for page in ("", "/curate"):
        html = client.get(f"/projects/desk/review/{world.vaccines.id}{page}")
        assert html.status_code == 200
        said = html.get_data(as_text=True)
        assert "stance (Vaccines)" in said and f"stance ({FALLBACK})" not in said
    result = runner.invoke(args=["adjudicate", "differences", "desk", "v.txt"])
    assert result.exit_code == 0, result.output
    assert "stance (Vaccines)" in result.output and FALLBACK not in result.output


# The exports ---------------------------------------------------------------------------


def _export(session: Session, project: Project, **options: Any) -> tuple[bytes, Any]:
    export = start_export(session, project, ExportOptions(**options))
    return b"".join(export.chunks), export


def test_the_header_says_target_from_and_sentence_rows_carry_the_target(
    session: Session, world: SimpleNamespace
) -> None:
    data, export = _export(session, world.project, format="sentences", header_line=True)
    lines = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    fields = lines[0]["_meta"]["label_fields"]
    assert fields["sentence"]["stance"]["target_from"] == "topic"
    assert fields["sentence"]["stance"]["target"] == FALLBACK
    assert fields["sentence"]["bias"]["target_from"] is None
    rows = {(r["doc_id"], r["annotator"], r["sentence"]): r for r in lines[1:]}
    first = rows[("v.txt", "alice", 0)]
    assert (first["labels"]["stance"], first["targets"]) == ("FAVOR", {"stance": "Vaccines"})
    assert rows[("n.txt", "bob", 1)]["targets"] == {"stance": FALLBACK}
    # A document field with one target for all carries none on its rows.
    assert "document_targets" not in first
    # jsonl keeps the meta it carried.
    jsonl, _ = _export(session, world.project, format="jsonl")
    records = {json.loads(line)["id"]: json.loads(line) for line in jsonl.splitlines()}
    assert records["v.txt"]["meta"] == {"topic": "Vaccines"}


def test_a_schema_without_target_from_exports_rows_as_before(
    session: Session, make_project: Any, make_document: Any
) -> None:
    project = make_project("plain")
    make_document(project, TEXT, "p.txt", meta={"topic": "Vaccines"})
    data, _ = _export(session, project, format="sentences")
    assert all("targets" not in json.loads(line) for line in data.splitlines())


def test_hf_has_a_target_column_beside_the_values(session: Session, world: SimpleNamespace) -> None:
    pq = need("pyarrow.parquet")
    data, _ = _export(session, world.project, format="hf")
    archive = zipfile.ZipFile(io.BytesIO(data))
    table = pq.read_table(io.BytesIO(archive.read("data/train-00000-of-00001.parquet")))
    rows = {(r["id"], r["annotator"]): r for r in table.to_pylist()}
    assert rows[("v.txt", "alice")]["target_sentence_stance"] == "Vaccines"
    assert rows[("n.txt", "alice")]["target_sentence_stance"] == FALLBACK
    assert "target_sentence_bias" not in table.column_names
    card = archive.read("README.md").decode("utf-8")
    assert "each document's meta" in card and "topic" in card


# The settings page and the schema change: a change of meaning asks first ---------------


def test_setting_target_from_over_given_values_asks_first(
    session: Session, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice = make_user("alice", "annotator")
    project = make_project("desk")
    document = make_document(project, TEXT, "v.txt", meta={"topic": "Vaccines"})
    assign(document, alice)
    set_label(session, open_layer(session, alice, document, None), 0, "stance", "FAVOR")
    session.commit()
    schema = copy.deepcopy(project.schema)
    _stance(schema)["target_from"] = "topic"
    with pytest.raises(MeaningUnconfirmed) as asked:
        edit_project(session, project, None, schema=schema)
    session.rollback()
    assert "stance: target_from changed from none to 'topic'" in str(asked.value)
    assert "given toward the field's one target" in str(asked.value)
    edit_project(session, project, None, schema=schema, confirm_meaning=True)
    session.commit()
    assert _stance(project.schema)["target_from"] == "topic"


def _post(client: FlaskClient, url: str, **fields: str) -> Any:
    token = csrf_token_from(client.get("/projects/desk/labels").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **fields})


#: The settings of stance as the form posts them, kept as the seed schema has them.
STANCE = {
    "description": "The sentence's stance toward the target.",
    "target": FALLBACK,
    "keys-0": "f",
    "keys-1": "a",
    "keys-2": "n",
}


def test_the_settings_page_sets_and_clears_target_from_asking_first(
    client: FlaskClient, session: Session, make_user: Any, world: SimpleNamespace
) -> None:
    max_ = make_user("max", "annotator")
    set_member(session, world.project, max_, "manager")
    session.commit()
    login(client, "max")
    url = "/projects/desk/labels/fields/edit?field=stance"
    page = client.get(url).get_data(as_text=True)
    assert 'value="topic"' in page
    # What annotators see beside the field now, document by document.
    assert "Targets shown now:" in page and "“Vaccines” (1 document)" in page
    assert f"“{FALLBACK}” (1 document)" in page

    too_long = _post(client, url, **STANCE, target_from="k" * 81, confirm_meaning="y")
    assert too_long.status_code in (400, 422)
    assert "target_from" in too_long.get_data(as_text=True)

    asked = _post(client, url, **STANCE, target_from="")
    assert asked.status_code == 409
    said = asked.get_data(as_text=True)
    assert "stance: target_from changed from &#39;topic&#39; to none" in said
    assert "given toward each document&#39;s meta &#39;topic&#39;" in said
    assert "target_from" in _stance(_project(session).schema)

    cleared = _post(client, url, **STANCE, target_from="", confirm_meaning="Save anyway")
    assert cleared.status_code == 302, cleared.get_data(as_text=True)
    assert "target_from" not in _stance(_project(session).schema)
    answer = client.get(f"/api/v1/documents/{world.vaccines.id}", headers=world.tokens["alice"])
    assert answer.get_json()["targets"] == {"stance": FALLBACK}

    again = _post(client, url, **STANCE, target_from="topic", confirm_meaning="Save anyway")
    assert again.status_code == 302
    assert _stance(_project(session).schema)["target_from"] == "topic"


def _project(session: Session) -> Project:
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == "desk"))
    assert project is not None
    return project


def test_the_api_patch_asks_first_too(
    client: FlaskClient, world: SimpleNamespace, admin_headers: dict[str, str]
) -> None:
    schema = copy.deepcopy(world.project.schema)
    _stance(schema)["target_from"] = "outlet"
    url = "/api/v1/projects/desk"
    answer = client.patch(url, json={"schema": schema}, headers=admin_headers)
    assert answer.status_code == 409
    error = answer.get_json()["error"]
    assert error["code"] == "meaning_changed"
    assert error["details"]["given"][0]["change"] == (
        "stance: target_from changed from 'topic' to 'outlet'"
    )
    confirmed = client.patch(
        url, json={"schema": schema, "confirm_meaning": True}, headers=admin_headers
    )
    assert confirmed.status_code == 200, confirmed.get_json()


# The older-target marks: a change of target_from is a change of target ----------------


def test_a_target_from_change_marks_values_given_before() -> None:
    from datetime import UTC, datetime

    one = validate_schema(_schema())
    two = validate_schema(_schema(target_from="topic"))
    times = TargetTimes(
        [
            (1, datetime(2026, 1, 1, tzinfo=UTC), one, ""),
            (2, datetime(2026, 2, 1, tzinfo=UTC), two, ""),
        ]
    )
    older = times.older_target(("sentence", "stance"), datetime(2026, 1, 15, tzinfo=UTC))
    assert older is not None and older.changed == ("target",)
    assert older.words() == f"given when the target was {FALLBACK!r}"
    assert times.older_target(("sentence", "stance"), datetime(2026, 3, 1, tzinfo=UTC)) is None
    back = TargetTimes(
        [
            (1, datetime(2026, 1, 1, tzinfo=UTC), two, ""),
            (2, datetime(2026, 2, 1, tzinfo=UTC), one, ""),
        ]
    )
    older = back.older_target(("sentence", "stance"), datetime(2026, 1, 15, tzinfo=UTC))
    assert older is not None
    assert older.words() == (
        f"given when the target was each document's meta 'topic', else {FALLBACK!r}"
    )
    assert older.data()["target_from"] == "topic"


# Project files -------------------------------------------------------------------------


def test_a_project_file_carries_target_from(
    runner: Any, session: Session, world: SimpleNamespace, tmp_path: Any
) -> None:
    path = tmp_path / "desk.project"
    dumped = runner.invoke(args=["projects", "dump", "desk", "-o", str(path)])
    assert dumped.exit_code == 0, dumped.output
    loaded = runner.invoke(args=["projects", "load", str(path), "--slug", "desk2"])
    assert loaded.exit_code == 0, loaded.output
    session.expire_all()
    copy_ = session.scalar(select(Project).where(Project.slug == "desk2"))
    assert copy_ is not None and _stance(copy_.schema)["target_from"] == "topic"


def test_the_label_studio_config_names_where_each_document_s_target_is() -> None:
    from annotator.core.formats.labelstudio_config import labeling_config

    config = labeling_config(validate_schema(_schema(target_from="topic")))
    assert f"stance (target: each document's meta topic, else {FALLBACK})" in config
