"""A schema change and the writes checked on the schema run one after the other, whichever
comes first (services/write_holds.py); so do two schema changes of one project.

Each test holds the first transaction open, runs the second in a thread, sees it wait, and
commits the first. Under PostgreSQL's READ COMMITTED, unordered, a label removed while a
span of it was posted left the span with a label the schema no longer had, and two changes
at once stored two rows of one version (a 500 on the unique constraint).
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.errors import Conflict, Invalid
from annotator.models import Project, SchemaVersion, Span, User
from annotator.services.accounts.project_admin import edit_project
from annotator.services.annotation.spans import insert_span
from annotator.services.annotation.write_target import open_write_target
from annotator.services.schema.entries import add_entry
from tests import held_writes
from tests.held_writes import Running, run_in_thread, until_it_waits
from tests.helpers import csrf_token_from, login

holder = held_writes.holder  # the fixture

TEXT = "Officials said the talks failed. Moscow denied it."


@pytest.fixture
def world(session: Session, make_world: Any):
    """A project whose schema has a span label EXTRA that nothing uses, and alice's document."""
    made = make_world({"alice": "annotator"}, document=(TEXT, None))
    project = made.project
    edit_project(session, project, None, schema=with_label(project.schema, "EXTRA"))
    session.commit()
    return {"project": project.id, "alice": made.alice.id, "document": made.document.id}


def with_label(schema: dict[str, Any], name: str) -> dict[str, Any]:
    changed = copy.deepcopy(schema)
    changed["span_labels"].append({"name": name})
    return changed


def without_label(schema: dict[str, Any], name: str) -> dict[str, Any]:
    changed = copy.deepcopy(schema)
    changed["span_labels"] = [e for e in changed["span_labels"] if e["name"] != name]
    return changed


def post_span(own: Session, world: dict[str, Any], label: str) -> int:
    """Write a span as the API's POST does: open the layer (reading the schema), insert."""
    alice = own.get(User, world["alice"])
    assert alice is not None
    target = open_write_target(own, alice, world["document"], None, offset=0)
    return insert_span(own, target, label, 0, 9).id


def remove_extra(own: Session, world: dict[str, Any]) -> None:
    project = own.get(Project, world["project"])
    assert project is not None
    edit_project(own, project, None, schema=without_label(project.schema, "EXTRA"))
    own.flush()


def labels_stored(session: Session) -> list[str]:
    session.rollback()  # a fresh snapshot: what the two transactions committed
    return list(session.scalars(select(Span.label)))


def versions(session: Session, world: dict[str, Any]) -> list[int]:
    session.rollback()
    query = select(SchemaVersion.version).where(SchemaVersion.project_id == world["project"])
    return sorted(session.scalars(query))


def schema_of(session: Session, world: dict[str, Any]) -> dict[str, Any]:
    session.rollback()
    project = session.get(Project, world["project"])
    assert project is not None
    session.refresh(project)
    return project.schema


def span_names(schema: dict[str, Any]) -> list[str]:
    return [entry["name"] for entry in schema["span_labels"]]


def test_a_span_posted_while_its_label_is_removed_waits_and_is_refused(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    mine = holder()
    remove_extra(mine, world)  # not committed
    writing = run_in_thread(app, lambda own: post_span(own, world, "EXTRA"))
    until_it_waits(app, writing)
    mine.commit()
    result = writing.finish()
    error = result.get("error")
    assert isinstance(error, Invalid) and error.status == 422, result
    assert "unknown span label 'EXTRA'" in error.message
    assert labels_stored(session) == []
    assert "EXTRA" not in span_names(schema_of(session, world))


def test_a_label_removed_while_a_span_of_it_is_posted_waits_and_is_refused_as_used(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    mine = holder()
    post_span(mine, world, "EXTRA")  # not committed
    removing = run_in_thread(app, lambda own: remove_extra(own, world))
    until_it_waits(app, removing)
    mine.commit()
    result = removing.finish()
    error = result.get("error")
    assert isinstance(error, Conflict), result
    assert error.details["uses"][0]["what"] == "EXTRA"
    assert labels_stored(session) == ["EXTRA"]
    assert "EXTRA" in span_names(schema_of(session, world))


def test_two_schema_changes_at_once_store_the_next_two_versions(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    """The second waits, then follows the first: its whole schema is the next version (the
    first's label, which nothing uses, goes with it, as a whole schema says)."""
    before = versions(session, world)
    read = schema_of(session, world)  # what both callers read
    mine = holder()
    project = mine.get(Project, world["project"])
    edit_project(mine, project, None, schema=with_label(read, "FIRST"))

    def second(own: Session) -> int:
        theirs = own.get(Project, world["project"])
        assert theirs is not None
        edit_project(own, theirs, None, schema=with_label(read, "SECOND"))
        own.flush()
        return theirs.schema_version

    changing = run_in_thread(app, second)
    until_it_waits(app, changing)
    mine.commit()
    result = changing.finish()
    assert "error" not in result, result
    last = before[-1]
    assert result["value"] == last + 2
    assert versions(session, world) == [*before, last + 1, last + 2]
    names = span_names(schema_of(session, world))
    assert "SECOND" in names and "FIRST" not in names


def test_a_schema_change_from_a_version_read_before_another_is_refused_as_stale(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    read_version = versions(session, world)[-1]
    read = schema_of(session, world)
    mine = holder()
    project = mine.get(Project, world["project"])
    edit_project(mine, project, None, schema=with_label(read, "FIRST"))

    def second(own: Session) -> None:
        theirs = own.get(Project, world["project"])
        assert theirs is not None
        schema = with_label(read, "SECOND")
        edit_project(own, theirs, None, schema=schema, schema_version=read_version)

    changing = run_in_thread(app, second)
    until_it_waits(app, changing)
    mine.commit()
    error = changing.finish().get("error")
    assert isinstance(error, Conflict), error
    assert error.details == {"field": "schema_version", "schema_version": read_version + 1}
    assert f"you sent schema_version {read_version}, it is at {read_version + 1}" in error.message
    names = span_names(schema_of(session, world))
    assert "FIRST" in names and "SECOND" not in names


def test_two_labels_added_on_the_labels_page_at_once_are_both_kept(
    app: Flask, session: Session, world: dict[str, Any], holder: Any
) -> None:
    """A page's change builds its schema from the project it reads after the hold: the
    second adds its label to the first's schema, not to the one it had read before."""
    mine = holder()
    project = mine.get(Project, world["project"])
    add_entry(mine, project, None, "span_labels", {"name": "FIRST"})  # type: ignore[arg-type]

    def second(own: Session) -> None:
        theirs = own.get(Project, world["project"])
        assert theirs is not None
        add_entry(own, theirs, None, "span_labels", {"name": "SECOND"})  # type: ignore[arg-type]

    adding = run_in_thread(app, second)
    until_it_waits(app, adding)
    mine.commit()
    result = adding.finish()
    assert "error" not in result, result
    names = span_names(schema_of(session, world))
    assert names[-2:] == ["FIRST", "SECOND"]


def test_the_settings_page_saved_during_a_label_added_keeps_the_label(
    app: Flask, client: Any, session: Session, world: dict[str, Any], holder: Any, make_user: Any
) -> None:
    """The page builds the schema it saves from the project's: read after the hold, so a
    label added meanwhile is not taken for one the page removes."""
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/demo/settings").get_data(as_text=True))
    mine = holder()
    project = mine.get(Project, world["project"])
    add_entry(mine, project, None, "span_labels", {"name": "FIRST"})  # type: ignore[arg-type]
    answers: list[Any] = []
    form = {"csrf_token": token, "name": "demo", "guidelines": "Read the whole sentence."}
    saving = Running(threading.Thread(), threading.Event())

    def save() -> None:
        try:
            answers.append(client.post("/projects/demo/settings", data=form))
        finally:
            saving.done.set()

    saving.thread = threading.Thread(target=save, daemon=True)
    saving.thread.start()
    until_it_waits(app, saving)
    mine.commit()
    saving.finish()
    assert answers[0].status_code == 302, answers[0].get_data(as_text=True)
    schema = schema_of(session, world)
    assert "FIRST" in span_names(schema)
    assert schema["guidelines"] == "Read the whole sentence."
