"""Label values' history through `projects dump` and `projects load`, as spans' and relations'.

A change to a sentence or document label names the label value it changed; after a load the
history API names the loaded value, whether the load kept the file's label value ids (an
empty database) or numbered them anew (ids taken), and an earlier value can be restored.
Runs on SQLite, and on PostgreSQL when ANNOTATOR_TEST_DATABASE_URL names a server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from annotator.db import get_session
from annotator.models import Document, LabelValue, Layer, User
from annotator.services.accounts.projects import get_project
from annotator.services.accounts.tokens import create_token
from annotator.services.accounts.users import create_user
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import find_layer
from tests.helpers import bearer
from tests.project_world import build_full_world, records_of
from tests.test_project_files import THIS_KIND, cli, dump, instance

#: What a change says apart from its own id and the ids it names.
SAID = ("layer", "actor", "at", "kind", "action", "source", "before", "after", "restorable")


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    world = build_full_world(session, make_user, make_project, make_document, assign)
    emoji = world.documents["emoji"]
    alice = find_layer(session, emoji, world.users["alice"].id)
    # Earlier values to restore: the document's genre and the first sentence's stance.
    set_label(session, alice, None, "genre", "OPINION")
    set_label(session, alice, 0, "stance", "FAVOR")
    session.commit()
    return world


def _admin(app: Flask, name: str) -> dict[str, str]:
    """Return the API headers of a new admin of ``app``'s database."""
    with app.app_context():
        session = get_session()
        token = create_token(session, create_user(session, name, "admin"))
        session.commit()
    return bearer(token)


def _document_id(app: Flask, slug: str, external_id: str) -> int:
    with app.app_context():
        session = get_session()
        project = get_project(session, slug)
        return session.scalar(
            select(Document.id).where(
                Document.project_id == project.id, Document.external_id == external_id
            )
        )


def _label_changes(app: Flask, heads: dict[str, str], slug: str, doc_id: int) -> list[Any]:
    """Return the label changes the history API answers for a document, newest first."""
    path = f"/api/v1/projects/{slug}/documents/{doc_id}/history?per_page=500"
    answer = app.test_client().get(path, headers=heads)
    assert answer.status_code == 200, answer.get_json()
    return [c for c in answer.get_json()["changes"] if c["kind"] == "label"]


def _said(changes: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(c[key] for key in SAID) for c in changes]


def _assert_items_are_the_loaded_values(app: Flask, doc_id: int, changes: list[Any]) -> None:
    """Each change naming an item names the label value of its layer, sentence and field."""
    with app.app_context():
        session = get_session()
        for change in changes:
            if change["item"] is None:
                continue
            value = session.get(LabelValue, change["item"])
            assert value is not None, change
            layer = session.get(Layer, value.layer_id)
            snapshot = change["after"] or change["before"]
            unit = -1 if snapshot["sentence"] is None else snapshot["sentence"]
            assert (layer.document_id, value.sentence_index, value.name) == (
                doc_id,
                unit,
                snapshot["name"],
            ), change


def _restore_the_earlier_genre(app: Flask, heads: dict[str, str], slug: str, doc_id: int) -> None:
    changes = _label_changes(app, heads, slug, doc_id)
    update = next(
        c
        for c in changes
        if c["layer"] == "alice" and c["after"] == {"sentence": None, "name": "genre",
                                                    "value": "OPINION"}
    )  # fmt: skip
    assert update["restorable"] is True
    path = f"/api/v1/projects/{slug}/documents/{doc_id}/history/{update['id']}/restore"
    answer = app.test_client().post(path, headers=heads)
    assert answer.status_code == 200, answer.get_json()
    after = {c["id"]: c for c in _label_changes(app, heads, slug, doc_id)}
    assert after[update["id"]]["restorable"] is False
    with app.app_context():
        session = get_session()
        genre = session.scalars(
            select(LabelValue.value)
            .join(Layer, Layer.id == LabelValue.layer_id)
            .join(User, User.id == Layer.user_id)
            .where(Layer.document_id == doc_id, User.username == "alice")
            .where(LabelValue.name == "genre", LabelValue.sentence_index == -1)
        ).all()
        assert genre == ["NEWS"]


def test_loaded_into_an_empty_database_label_history_names_the_same_values(
    app: Flask, world: Any, make_user: Any, make_token: Any, tmp_path: Path
) -> None:
    data = dump(app, "src", tmp_path / "a.gz")
    records = records_of(data)
    assert any(r["record"] == "ids" and r["kind"] == "label" and r["ranges"] for r in records)
    external = world.documents["emoji"].external_id
    source_doc = world.documents["emoji"].id
    expected = _label_changes(app, make_token(make_user("root", "admin")), "src", source_doc)
    assert any(c["item"] is not None and c["action"] == "update" for c in expected)
    with instance(THIS_KIND, tmp_path) as second:
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        assert "renumbered" not in result.output
        heads = _admin(second, "root")
        doc_id = _document_id(second, "src", external)
        loaded = _label_changes(second, heads, "src", doc_id)
        assert _said(loaded) == _said(expected)
        # The label value ids were kept: every change names the very same item.
        assert [c["item"] for c in loaded] == [c["item"] for c in expected]
        _assert_items_are_the_loaded_values(second, doc_id, loaded)
        _restore_the_earlier_genre(second, heads, "src", doc_id)


def test_where_label_value_ids_are_taken_the_history_follows_the_new_ids(
    app: Flask, world: Any, make_user: Any, make_token: Any, tmp_path: Path
) -> None:
    dump(app, "src", tmp_path / "a.gz")
    external = world.documents["emoji"].external_id
    source_doc = world.documents["emoji"].id
    expected = _label_changes(app, make_token(make_user("root", "admin")), "src", source_doc)
    with instance(THIS_KIND, tmp_path) as second:
        first = cli(second, "projects", "load", str(tmp_path / "a.gz"), "--slug", "first")
        assert first.exit_code == 0, first.output
        result = cli(second, "projects", "load", str(tmp_path / "a.gz"))
        assert result.exit_code == 0, result.output
        assert "label value ids were already used on this server" in result.stderr
        heads = _admin(second, "root")
        doc_id = _document_id(second, "src", external)
        loaded = _label_changes(second, heads, "src", doc_id)
        assert _said(loaded) == _said(expected)
        named = [c["item"] for c in loaded if c["item"] is not None]
        assert len(named) == sum(c["item"] is not None for c in expected) > 0
        # Numbered anew: none is the first copy's value, each is this copy's own.
        copy = _label_changes(second, heads, "first", _document_id(second, "first", external))
        assert set(named).isdisjoint(c["item"] for c in copy)
        _assert_items_are_the_loaded_values(second, doc_id, loaded)
        _restore_the_earlier_genre(second, heads, "src", doc_id)
