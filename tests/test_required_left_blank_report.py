"""The agreement report counts, per required field, the done layers that leave it blank
(``required_left_blank``: JSON, CSV, command line), found for every field in one query, and
exactly where a layer holds values past the document's last sentence.

The page listed the layers, but a script reading the report had no count, and the page asked
once per required field on every view.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlalchemy import event, select

from annotator.models import LabelValue, Layer
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.schema.required_blank import done_blank
from tests.conftest import SEED_SCHEMA
from tests.extras import need
from tests.test_required_left_blank import _project, _required
from tests.test_required_left_blank import world as world  # noqa: F401  (the fixture)

STANCE_GENRE = [
    {"field": "stance", "kind": "sentence", "key": "stance", "layers": 2, "documents": 1},
    {"field": "genre", "kind": "document", "key": "document:genre", "layers": 1, "documents": 1},
]


def _require(session: Any, world: Any, *names: str) -> None:
    edit_project(session, _project(session), world.admin, schema=_required(SEED_SCHEMA, *names))
    session.commit()


def test_the_report_counts_each_required_field_even_when_none_leaves_it_blank(
    client, session, world
) -> None:
    answer = client.get("/api/v1/projects/demo/agreement", headers=world.ada)
    assert answer.get_json()["required_left_blank"] == []  # nothing required
    _require(session, world, "stance", "genre")
    report = client.get("/api/v1/projects/demo/agreement", headers=world.ada).get_json()
    assert report["required_left_blank"] == STANCE_GENRE
    # Whatever the filters, as the page lists them: the project's layers.
    only_alice = client.get(
        "/api/v1/projects/demo/agreement?annotators=alice", headers=world.ada
    ).get_json()
    assert only_alice["required_left_blank"] == STANCE_GENRE
    # Given everywhere now (each layer reopened, filled in and marked done again): still
    # listed, with 0.
    for name, sentences in (("alice", (1, 2)), ("bob", (0, 1, 2))):
        user = world.users[name]
        set_status(session, user, world.d1, "in_progress")
        layer = open_layer(session, user, world.d1, None)
        for sentence in sentences:
            set_label(session, layer, sentence, "stance", "NONE")
        set_label(session, layer, None, "genre", "NEWS")
        set_status(session, user, world.d1, "done")
    session.commit()
    report = client.get("/api/v1/projects/demo/agreement", headers=world.ada).get_json()
    assert [(e["key"], e["layers"], e["documents"]) for e in report["required_left_blank"]] == [
        ("stance", 0, 0),
        ("document:genre", 0, 0),
    ]


def test_the_csv_and_the_command_line_have_a_row_per_field_and_count(
    client, session, world, runner
) -> None:
    _require(session, world, "stance", "genre")
    answer = client.get("/api/v1/projects/demo/agreement?format=csv", headers=world.ada)
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    wanted = [
        ["required_left_blank", "stance", "", "layers", "2"],
        ["required_left_blank", "stance", "", "documents", "1"],
        ["required_left_blank", "document:genre", "", "layers", "1"],
        ["required_left_blank", "document:genre", "", "documents", "1"],
    ]
    assert [row for row in rows if row[0] == "required_left_blank"] == wanted
    printed = runner.invoke(args=["agreement", "demo", "--json"])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output)["required_left_blank"] == STANCE_GENRE
    table = runner.invoke(args=["agreement", "demo"])
    lines = [line.split() for line in table.output.splitlines()]
    assert ["required_left_blank", "document:genre", "layers", "1"] in lines


def test_the_report_matches_its_openapi_description(client, session, world) -> None:
    validators = need("openapi_schema_validator")
    _require(session, world, "stance", "genre")
    report = client.get("/api/v1/projects/demo/agreement", headers=world.ada).get_json()
    description = client.get("/api/v1/openapi.json").get_json()
    operation = description["paths"]["/projects/{slug}/agreement"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    wanted = {**schema, "components": description["components"]}
    validators.validate(report, wanted, cls=validators.OAS31Validator)
    assert "required_left_blank" in schema["properties"]


def test_every_field_is_found_in_one_pass(app, session, world) -> None:
    """Four fields, one query over their values and one for the sentence counts: the page
    asked once per field on every view."""
    project = _project(session)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        fields = [("stance", False), ("bias", False), ("genre", True), ("stance", True)]
        found = done_blank(session, project, fields)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2, statements
    assert [(b.name, b.document) for b in found] == fields  # no layer gives a document stance


def test_values_past_the_last_sentence_are_not_counted_as_given(session, world) -> None:
    """A value left on a sentence the document no longer has (re-segmented shorter) gives
    nothing: alice's two stances past the end do not make up for her two blank sentences."""
    project = _project(session)
    alice = world.users["alice"]
    layer = session.scalar(
        select(Layer).where(Layer.document_id == world.d1.id, Layer.user_id == alice.id)
    )
    for index in (3, 4):
        session.add(
            LabelValue(layer_id=layer.id, sentence_index=index, name="stance", value="NONE")
        )
    session.commit()
    (stance,) = done_blank(session, project, [("stance", False)])
    blanks = {blank.user_id: blank.sentences for blank in stance.layers}
    assert blanks == {alice.id: 2, world.users["bob"].id: 3}
