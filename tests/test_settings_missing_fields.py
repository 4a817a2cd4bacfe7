"""The settings form: a field left out of a post keeps its setting; a field posted empty is a
choice. Before, a post without ``suggestions`` turned suggestions back "on" and one without
``guidelines`` erased the guidelines."""

from __future__ import annotations

from typing import Any

from annotator.models import Project
from tests.conftest import SEED_SCHEMA
from tests.helpers import csrf_token_from, login

KEPT = {
    "suggestions": "off",
    "guidelines": "Mark the speaker, not the pronoun.",
    "license": "CC-BY-4.0",
    "annotators_per_document": 3,
}


def _post(client: Any, **fields: str) -> Any:
    token = csrf_token_from(client.get("/projects/demo/settings").get_data(as_text=True))
    return client.post("/projects/demo/settings", data={"csrf_token": token, **fields})


def _schema(session: Any) -> dict[str, Any]:
    session.expire_all()
    project = session.query(Project).filter_by(slug="demo").one()
    return dict(project.schema)


def test_a_post_without_a_settings_field_keeps_that_setting(
    client: Any, make_user: Any, make_project: Any, session: Any
) -> None:
    make_user("ada", "admin")
    make_project("demo", schema=SEED_SCHEMA | KEPT)
    login(client, "ada")
    answer = _post(client, name="Demo renamed")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    schema = _schema(session)
    assert {key: schema.get(key) for key in KEPT} == KEPT
    assert session.query(Project).filter_by(slug="demo").one().name == "Demo renamed"


def test_a_field_posted_empty_or_changed_is_saved(
    client: Any, make_user: Any, make_project: Any, session: Any
) -> None:
    make_user("ada", "admin")
    make_project("demo", schema=SEED_SCHEMA | KEPT)
    login(client, "ada")
    answer = _post(client, name="Demo", suggestions="after_done", guidelines="")
    assert answer.status_code == 302, answer.get_data(as_text=True)
    schema = _schema(session)
    assert schema["suggestions"] == "after_done"
    assert not schema.get("guidelines")  # posted empty: the admin cleared them
    assert schema["license"] == "CC-BY-4.0"  # not posted: kept
