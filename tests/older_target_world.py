"""The export world after the stance's target changed over the values given (confirmed):
alice's, bob's and gold's stance in sentence 0 of doc-emoji were given toward the old one."""

from __future__ import annotations

import copy

import pytest

from annotator.services.accounts.project_admin import edit_project
from tests.export_world import World, build_world

OLD_TARGET, NEW_TARGET = "Russian foreign policy", "Fuel subsidies"


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> World:  # noqa: ANN001
    """Project src: alice, bob and gold gave stance in sentence 0 of doc-emoji; then the
    stance's target changed, confirmed."""
    world = build_world(session, make_user, make_project, make_document, assign)
    schema = copy.deepcopy(world.project.schema)
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["target"] = NEW_TARGET
    edit_project(session, world.project, None, schema=schema, confirm_meaning=True)
    session.commit()
    return world
