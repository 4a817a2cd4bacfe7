"""A field's target or description changed after annotation began: said in words, asked first,
and carried by every export's header and the dataset card."""

from __future__ import annotations

import copy
import html
import io
import json
import zipfile
from typing import Any

import pytest
from sqlalchemy import select

from annotator.core.entry_changes import entry_changes
from annotator.core.errors import Conflict
from annotator.core.label_schema import validate_schema
from annotator.core.schema_diff import diff_schemas
from annotator.core.schema_renames import Renames
from annotator.models import AuditEntry, LabelValue, SchemaVersion
from annotator.services.accounts.project_admin import edit_project
from annotator.services.datasets.export import start_export
from annotator.services.datasets.export_options import ExportOptions
from tests.conftest import SEED_SCHEMA
from tests.export_world import World, build_world
from tests.extras import need
from tests.helpers import csrf_token_from, login

OLD_TARGET, NEW_TARGET = "Russian foreign policy", "Fuel subsidies"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(session, make_user, make_project, make_document, assign)


def retargeted(schema: dict[str, Any], field: str = "stance", **settings: Any) -> dict[str, Any]:
    """Return a copy of ``schema`` whose sentence field ``field`` has ``settings`` changed."""
    new = copy.deepcopy(schema)
    for entry in new["sentence_labels"]:
        if entry["name"] == field:
            entry.update(settings or {"target": NEW_TARGET})
    return new


def test_every_kind_of_setting_change_is_said_in_words() -> None:
    old = validate_schema(SEED_SCHEMA)
    new = copy.deepcopy(old)
    stance = next(f for f in new["sentence_labels"] if f["name"] == "stance")
    stance["target"] = NEW_TARGET
    stance["keys"] = ["f", "a", "x"]
    genre = new["document_labels"][0]
    genre["description"] = "The article's kind."
    claim = next(x for x in new["span_labels"] if x["name"] == "CLAIM")
    claim["color"] = "#000000"
    relation = new["relation_types"][0]
    relation["max_per_source"] = 2
    said = diff_schemas(old, validate_schema(new), Renames()).describe()
    assert f"stance: target changed from {OLD_TARGET!r} to {NEW_TARGET!r}" in said
    assert "stance: keys changed from {" in said and "n: 'x'" not in said
    assert "document:genre: description changed from 'What kind of text the article is.'" in said
    assert "CLAIM: color changed from '#d62728' to '#000000'" in said
    assert f"{relation['name']}: max_per_source changed from 1 to 2" in said


def test_a_renamed_label_is_no_change_of_a_relation_type_s_ends() -> None:
    old = validate_schema(SEED_SCHEMA)
    new = copy.deepcopy(old)
    for label in new["span_labels"]:
        if label["name"] == "CUE":
            label["name"] = "CUE_WORD"
    for relation in new["relation_types"]:
        relation["to"] = ["CUE_WORD" if x == "CUE" else x for x in relation["to"]]
    renames = Renames(labels={"CUE": "CUE_WORD"})
    assert entry_changes(old, validate_schema(new), renames) == []


def test_a_target_changed_over_given_values_asks_first_and_changes_nothing(
    session: Any, world: World
) -> None:
    project = world.project
    with pytest.raises(Conflict) as refused:
        edit_project(session, project, None, schema=retargeted(project.schema))
    session.rollback()
    assert refused.value.code == "meaning_changed"
    message = refused.value.message
    assert f"stance: target changed from {OLD_TARGET!r} to {NEW_TARGET!r}" in message
    # alice, bob and gold each gave one stance value, in one document.
    assert f"3 values in 1 document (gold: 1) were given toward {OLD_TARGET!r}" in message
    assert "No value records the schema version it was given under" in message
    assert refused.value.details["given"] == [
        {
            "field": "stance",
            "kind": "sentence",
            "change": f"stance: target changed from {OLD_TARGET!r} to {NEW_TARGET!r}",
            "values": 3,
            "documents": 1,
            "gold": 1,
        }
    ]
    session.refresh(project)
    assert project.schema_version == 1
    assert next(f for f in project.schema["sentence_labels"] if f["name"] == "stance")[
        "target"
    ] == (OLD_TARGET)


def test_a_confirmed_target_change_keeps_the_values_and_says_so_in_history_and_audit(
    session: Any, world: World
) -> None:
    project = world.project
    before = sorted(session.scalars(select(LabelValue.value)).all(), key=str)
    edit_project(session, project, None, schema=retargeted(project.schema), confirm_meaning=True)
    session.commit()
    assert project.schema_version == 2
    change = session.scalar(select(SchemaVersion.change).where(SchemaVersion.version == 2))
    assert change == (
        f"stance: target changed from {OLD_TARGET!r} to {NEW_TARGET!r}; "
        "confirmed: kept the values given under version 1 (3 of stance)"
    )
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "project.update")).one()
    assert audit.after["change"] == change
    assert sorted(session.scalars(select(LabelValue.value)).all(), key=str) == before


def test_a_description_change_of_a_used_field_asks_too(session: Any, world: World) -> None:
    project = world.project
    with pytest.raises(Conflict, match="document:genre: description changed") as refused:
        new = copy.deepcopy(project.schema)
        new["document_labels"][0]["description"] = "Which desk wrote it."
        edit_project(session, project, None, schema=new)
    session.rollback()
    assert (
        "3 values in 1 document (gold: 1) were given under the description" in refused.value.message
    )


def test_a_target_of_a_field_nobody_used_changes_without_asking(session: Any, world: World) -> None:
    project = world.project
    edit_project(session, project, None, schema=retargeted(project.schema, "opinion"))
    session.commit()
    change = session.scalar(select(SchemaVersion.change).where(SchemaVersion.version == 2))
    assert change == f"opinion: target changed from none to {NEW_TARGET!r}"


def test_the_export_header_carries_each_field_s_target_and_description(
    session: Any, world: World
) -> None:
    project = world.project
    export = start_export(session, project, ExportOptions(format="jsonl", header_line=True))
    first = b"".join(export.chunks).split(b"\n", 1)[0]
    fields = json.loads(first)["_meta"]["label_fields"]
    assert fields == export.meta["label_fields"]
    assert fields["sentence"]["stance"] == {
        "target": OLD_TARGET,
        "target_from": None,  # one target for every document
        "description": "The sentence's stance toward the target.",
        "values": ["FAVOR", "AGAINST", "NONE"],
        "multiple": False,
        "required": False,  # the seed schema requires no field
    }
    assert fields["sentence"]["bias"]["target"] is None
    assert fields["document"]["genre"]["description"] == "What kind of text the article is."


def test_the_dataset_card_says_each_field_s_target_and_description(
    session: Any, world: World
) -> None:
    need("pyarrow")
    export = start_export(session, world.project, ExportOptions(format="hf"))
    card = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks))).read("README.md").decode()
    about_stance = card.split("### `sentence_stance`", 1)[1].split("|", 1)[0]
    assert "Target (what the values are toward): Russian foreign policy." in about_stance
    assert "The sentence's stance toward the target." in about_stance
    assert "one value per sentence, null where none; toward Russian foreign policy |" in card
    brat = start_export(session, world.project, ExportOptions(format="brat"))
    meta = json.loads(zipfile.ZipFile(io.BytesIO(b"".join(brat.chunks))).read("meta.json"))
    assert meta["label_fields"]["sentence"]["stance"]["target"] == OLD_TARGET


def test_the_api_asks_with_409_and_answers_the_confirmed_change_in_words(
    client: Any, world: World, admin_headers: dict[str, str]
) -> None:
    url = f"/api/v1/projects/{world.project.slug}"
    schema = retargeted(world.project.schema)
    asked = client.patch(url, json={"schema": schema}, headers=admin_headers)
    assert asked.status_code == 409
    error = asked.get_json()["error"]
    assert error["code"] == "meaning_changed"
    assert error["details"]["confirm"] == "confirm_meaning"
    assert error["details"]["given"][0]["values"] == 3
    assert client.get(url, headers=admin_headers).get_json()["schema_version"] == 1
    body = {"schema": schema, "confirm_meaning": True}
    saved = client.patch(url, json=body, headers=admin_headers)
    assert saved.status_code == 200, saved.get_json()
    answer = saved.get_json()
    assert answer["schema_version"] == 2
    assert answer["schema_change"].startswith(
        f"stance: target changed from {OLD_TARGET!r} to {NEW_TARGET!r}"
    )
    # GET says what the current version changed, in the same words.
    assert (
        client.get(url, headers=admin_headers).get_json()["schema_change"]
        == (answer["schema_change"])
    )


def test_a_schema_file_that_asks_is_kept_in_the_box_so_that_the_confirmation_saves_it(
    client: Any, session: Any, world: World, make_user: Any
) -> None:
    """A browser sends no file twice: the confirmation posts the box, which holds the file."""
    make_user("ada", "admin")
    login(client, "ada")
    url = f"/projects/{world.project.slug}/settings"
    page = client.get(url).get_data(as_text=True)
    shown = page.split('name="schema_text"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    schema = retargeted(json.loads(html.unescape(shown)))
    form = {"csrf_token": csrf_token_from(page), "name": "src", "schema_text": shown}
    upload = (io.BytesIO(json.dumps(schema).encode()), "schema.json")
    asked = client.post(url, data=form | {"schema": upload})
    assert asked.status_code == 409
    page = html.unescape(asked.get_data(as_text=True))
    assert (
        'id="meaning-confirm"' in page
        and "3 values in 1 document (gold: 1) were given toward" in page
    )
    box = page.split('name="schema_text"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    assert json.loads(box) == schema
    confirmed = client.post(url, data=form | {"schema_text": box, "confirm_meaning": "y"})
    assert confirmed.status_code == 302, confirmed.get_data(as_text=True)
    session.expire_all()
    stance = next(f for f in world.project.schema["sentence_labels"] if f["name"] == "stance")
    assert stance["target"] == NEW_TARGET


def test_a_conll_file_s_header_beside_it_and_the_http_header_carry_the_targets(
    runner: Any, client: Any, world: World, admin_headers: dict[str, str], tmp_path: Any
) -> None:
    out = tmp_path / "gold.conll"
    result = runner.invoke(args=["export", "src", "--format", "conll", "-o", str(out)])
    assert result.exit_code == 0, result.output
    beside = json.loads((tmp_path / "gold.conll.meta.json").read_text(encoding="utf-8"))
    assert beside["label_fields"]["sentence"]["stance"]["target"] == OLD_TARGET
    answer = client.get("/api/v1/projects/src/export?format=conll", headers=admin_headers)
    assert answer.status_code == 200
    header = json.loads(answer.headers["X-Annotator-Export"])
    assert header["label_fields"] == beside["label_fields"]


def test_settings_changed_beside_an_entry_are_said_too(session: Any, world: World) -> None:
    project = world.project
    schema = retargeted(project.schema, "opinion") | {"guidelines": "Read the article first."}
    edit_project(session, project, None, schema=schema)
    session.commit()
    change = session.scalar(select(SchemaVersion.change).where(SchemaVersion.version == 2))
    assert change == f"opinion: target changed from none to {NEW_TARGET!r}; changed guidelines"
