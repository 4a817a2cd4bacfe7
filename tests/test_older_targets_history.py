"""What a label value was given toward, followed through the schema's later history: a field
renamed since, a value renamed since (no answer of now), a description changed (part of what
a value is given toward, as the change asks), and the command line's summary naming the
target."""

from __future__ import annotations

import copy
import html
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from annotator.core.given_targets import OlderTarget, TargetTimes
from annotator.core.schema_diff import diff_schemas, renamed_in
from annotator.core.schema_renames import Renames
from annotator.core.times import as_utc
from annotator.models import LabelValue
from annotator.services.accounts.project_admin import edit_project
from tests.export_world import World, build_world
from tests.helpers import login
from tests.older_target_world import NEW_TARGET, OLD_TARGET, world  # noqa: F401 (a fixture)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
STANCE = ("sentence", "stance")
POSITION = ("sentence", "position")
OLD_WORDS = f"given when the target was {OLD_TARGET!r}"


def _schema(target: str | None, *, name: str = "stance", description: str | None = None) -> Any:
    field: dict[str, Any] = {"name": name, "values": ["FAVOR", "AGAINST"]}
    if target:
        field["target"] = target
    if description:
        field["description"] = description
    return {"sentence_labels": [field]}


def _stance(client: FlaskClient, built: World, headers: dict[str, str], name: str) -> Any:
    url = f"/api/v1/documents/{built.documents['emoji'].id}/annotations"
    layer = client.get(url, headers=headers).get_json()
    return next(x for x in layer["sentence_labels"] if x["name"] == name)


def test_a_field_renamed_since_is_followed_under_its_old_name() -> None:
    """The version history's words of a rename say the field's name in the versions before."""
    times = TargetTimes(
        [
            (1, T0, _schema("A"), "created"),
            (2, T0 + timedelta(days=1), _schema("A", name="position"), _renamed()),
            (3, T0 + timedelta(days=2), _schema("B", name="position"), "position: target ..."),
        ]
    )
    assert times.older_target(POSITION, T0 + timedelta(hours=1)) == OlderTarget("A", 1)
    assert times.older_target(POSITION, T0 + timedelta(days=1, hours=1)) == OlderTarget("A", 2)
    assert times.older_target(POSITION, T0 + timedelta(days=3)) is None
    assert times.changed_fields() == {POSITION}
    # Renamed and its target changed in one version: the name then is still followed.
    at_once = TargetTimes(
        [(1, T0, _schema("A"), "created"), (2, T0 + timedelta(days=1), _p("B"), _renamed())]
    )
    assert at_once.older_target(POSITION, T0 + timedelta(hours=1)) == OlderTarget("A", 1)
    # A field added under a name another field had once is not that field.
    added = TargetTimes(
        [(1, T0, _schema("A"), "created"), (2, T0 + timedelta(days=1), _p("B"), "added position")]
    )
    assert added.older_target(POSITION, T0 + timedelta(hours=1)) is None


def _p(target: str) -> Any:
    return _schema(target, name="position")


def _renamed() -> str:
    return "renamed sentence label field stance to position; confirmed: kept 2 of stance"


def test_a_description_changed_since_marks_the_values_given_under_the_old_one() -> None:
    times = TargetTimes(
        [
            (1, T0, _schema("A", description="Stance toward A."), "created"),
            (2, T0 + timedelta(days=1), _schema("A", description="Stance on A."), "stance: ..."),
        ]
    )
    older = times.older_target(STANCE, T0 + timedelta(hours=1))
    assert older == OlderTarget("A", 1, "Stance toward A.", ("description",))
    assert older.words() == "given when the description was 'Stance toward A.'"
    assert older.data() == {
        "target": "A",
        "version": 1,
        "words": older.words(),
        "changed": ["description"],
        "description": "Stance toward A.",
    }
    both = TargetTimes(
        [
            (1, T0, _schema("A"), "created"),
            (2, T0 + timedelta(days=1), _schema("B", description="Stance on B."), "stance: ..."),
        ]
    )
    older = both.older_target(STANCE, T0 + timedelta(hours=1))
    assert older is not None and older.changed == ("target", "description")
    assert older.words() == "given when the target was 'A' and the field had no description"
    assert older.data()["changed"] == ["target", "description"]


def test_a_value_of_a_field_renamed_after_its_target_changed_is_still_marked(
    client: FlaskClient,
    session: Any,
    world: World,  # noqa: F811
    make_token: Any,
    admin_headers: dict[str, str],
) -> None:
    renames = Renames(fields={"sentence": {"stance": "position"}})
    edit_project(session, world.project, None, renames=renames)
    session.commit()
    position = _stance(client, world, make_token(world.users["bob"]), "position")
    assert position["given_toward"] == {
        "target": OLD_TARGET,
        "version": 1,
        "words": OLD_WORDS,
        "changed": ["target"],
    }
    answer = client.get("/api/v1/projects/src/export?format=jsonl", headers=admin_headers)
    assert answer.status_code == 200
    fields = json.loads(answer.headers["X-Annotator-Export"])["label_fields"]
    assert fields["sentence"]["position"]["older_targets"][0]["target"] == OLD_TARGET


def test_a_value_given_before_its_field_was_renamed_and_its_target_changed_is_marked(
    client: FlaskClient,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    make_token: Any,
) -> None:
    """Renamed first, its target changed after: the value was given toward the old target
    under the field's old name."""
    built = build_world(session, make_user, make_project, make_document, assign)
    edit_project(
        session, built.project, None, renames=Renames(fields={"sentence": {"stance": "position"}})
    )
    session.commit()
    schema = copy.deepcopy(built.project.schema)
    next(f for f in schema["sentence_labels"] if f["name"] == "position")["target"] = NEW_TARGET
    edit_project(session, built.project, None, schema=schema, confirm_meaning=True)
    session.commit()
    position = _stance(client, built, make_token(built.users["bob"]), "position")
    assert position["given_toward"]["target"] == OLD_TARGET
    assert position["given_toward"]["version"] == 1


def test_a_value_renamed_after_its_target_changed_keeps_the_time_it_was_given(
    client: FlaskClient,
    session: Any,
    world: World,  # noqa: F811
    make_token: Any,
) -> None:
    """A rename is the schema's, not an answer: the value stays given toward the old target."""
    given = [as_utc(at) for at in _given_times(session)]
    schema = copy.deepcopy(world.project.schema)
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    stance["values"] = ["CON" if v == "AGAINST" else v for v in stance["values"]]
    renames = Renames(values={"stance": {"AGAINST": "CON"}})
    edit_project(session, world.project, None, schema=schema, renames=renames)
    session.commit()
    kept = [as_utc(at) for at in _given_times(session)]
    assert kept == given
    stance = _stance(client, world, make_token(world.users["bob"]), "stance")
    assert stance["value"] == "CON"
    assert stance["given_toward"]["target"] == OLD_TARGET


def test_a_value_given_under_a_description_since_changed_is_marked(
    client: FlaskClient,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    make_token: Any,
    admin_headers: dict[str, str],
) -> None:
    built = build_world(session, make_user, make_project, make_document, assign)
    schema = copy.deepcopy(built.project.schema)
    stance = next(f for f in schema["sentence_labels"] if f["name"] == "stance")
    before, stance["description"] = stance["description"], "Whether the sentence backs it."
    edit_project(session, built.project, None, schema=schema, confirm_meaning=True)
    session.commit()
    given = _stance(client, built, make_token(built.users["bob"]), "stance")["given_toward"]
    assert given == {
        "target": OLD_TARGET,
        "version": 1,
        "words": f"given when the description was {before!r}",
        "changed": ["description"],
        "description": before,
    }
    answer = client.get("/api/v1/projects/src/export?format=jsonl", headers=admin_headers)
    fields = json.loads(answer.headers["X-Annotator-Export"])["label_fields"]
    (counted,) = fields["sentence"]["stance"]["older_targets"]
    assert counted["words"] == given["words"] and counted["description"] == before
    # The review page marks alice's and bob's stance side by side, as for a target.
    login(client, "rita")
    page = client.get(f"/projects/src/review/{built.documents['emoji'].id}")
    layers = html.unescape(page.get_data(as_text=True)).split("<h2>Layers side by side</h2>")[1]
    assert layers.count(f"{given['words']} (schema version 1)") == 2


def test_the_command_line_s_summary_says_the_target_and_the_older_one(
    runner: Any,
    world: World,  # noqa: F811
    client: FlaskClient,
    make_token: Any,
) -> None:
    body = {"sentence": 0, "name": "stance", "value": "FAVOR"}
    url = f"/api/v1/documents/{world.documents['emoji'].id}/labels"
    assert client.put(url, json=body, headers=make_token(world.users["bob"])).status_code == 200
    result = runner.invoke(args=["adjudicate", "differences", "src", "doc-emoji"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    stance = next(line for line in lines if line.startswith("sentence_label\t0\tstance"))
    assert stance.split("\t")[2] == f"stance ({NEW_TARGET}): alice=AGAINST, bob=FAVOR"
    assert f"    {OLD_WORDS} (schema version 1)" in lines


def _given_times(session: Any) -> list[Any]:
    session.expire_all()
    query = select(LabelValue.updated_at).where(LabelValue.name == "stance")
    return session.scalars(query.order_by(LabelValue.id)).all()


def test_the_renames_are_read_back_from_the_words_the_change_wrote() -> None:
    """renamed_in reads what SchemaDiff.describe writes, and nothing a target's text says."""
    before = _schema("A") | {"document_labels": [{"name": "genre", "values": ["NEWS"]}]}
    after = {
        "sentence_labels": [{"name": "position", "values": ["FAVOR", "AGAINST"], "target": "B"}],
        "document_labels": [{"name": "kind", "values": ["NEWS"]}],
    }
    renames = Renames(fields={"sentence": {"stance": "position"}, "document": {"genre": "kind"}})
    diff = diff_schemas(before, after, renames)
    assert sorted(renamed_in(diff.describe())) == [
        ("document", "genre", "kind"),
        ("sentence", "stance", "position"),
    ]
    forged = "stance: target changed from 'A' to 'x; renamed sentence label field a to b'"
    assert renamed_in(forged) == []
