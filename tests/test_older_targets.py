"""A label value given before its field's target changed is marked where it is read: the API's
layer (which the workspace draws) and the review page (the exports:
test_older_targets_export.py)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from annotator.core.given_targets import OlderTarget, TargetTimes
from tests.export_world import World
from tests.helpers import login
from tests.older_target_world import OLD_TARGET, world  # noqa: F401 (a fixture)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _schema(target: str | None, *, name: str = "stance") -> dict[str, Any]:
    field = {"name": name, "values": ["FAVOR", "AGAINST"]}
    return {"sentence_labels": [field | ({"target": target} if target else {})]}


def test_a_value_is_given_toward_the_target_of_the_version_it_was_written_under() -> None:
    times = TargetTimes(
        [
            (1, T0, _schema("A"), "created"),
            (2, T0 + timedelta(days=1), _schema("A"), ""),  # another change: the target stays
            (3, T0 + timedelta(days=2), _schema("B"), ""),
        ]
    )
    stance = ("sentence", "stance")
    assert times.older_target(stance, T0 + timedelta(hours=1)) == OlderTarget("A", 1)
    assert times.older_target(stance, T0 + timedelta(days=1, hours=1)) == OlderTarget("A", 2)
    assert times.older_target(stance, T0 + timedelta(days=3)) is None
    assert times.older_target(("document", "stance"), T0) is None
    # Written before the first version (cannot be told): no mark.
    assert times.older_target(stance, T0 - timedelta(days=1)) is None
    # SQLite gives a time back without its zone: UTC.
    naive = (T0 + timedelta(hours=1)).replace(tzinfo=None)
    assert times.older_target(stance, naive) == OlderTarget("A", 1)
    assert OlderTarget("A", 1).words() == "given when the target was 'A'"


def test_a_target_added_or_removed_is_a_change_and_a_rename_not_recorded_is_not_guessed() -> None:
    added = TargetTimes([(1, T0, _schema(None), ""), (2, T0 + timedelta(days=1), _schema("B"), "")])
    older = added.older_target(("sentence", "stance"), T0 + timedelta(hours=1))
    assert older is not None and older.words() == "given when the field had no target"
    removed = TargetTimes(
        [(1, T0, _schema("A"), "created"), (2, T0 + timedelta(days=1), _schema(""), "")]
    )
    assert removed.older_target(("sentence", "stance"), T0) == OlderTarget("A", 1)
    renamed = TargetTimes(
        [
            (1, T0, _schema("A"), "created"),
            # Its change in words records no rename (stance removed, position added).
            (2, T0 + timedelta(days=1), _schema("B", name="position"), "added position"),
        ]
    )
    assert renamed.older_target(("sentence", "position"), T0 + timedelta(hours=1)) is None
    assert not TargetTimes([(1, T0, _schema("A"), "created")]).changed


def test_the_api_s_layer_marks_a_value_given_toward_the_old_target_until_given_again(
    client: FlaskClient,
    world: World,  # noqa: F811
    make_token: Any,
) -> None:
    headers = make_token(world.users["bob"])  # in progress: he may still write
    url = f"/api/v1/documents/{world.documents['emoji'].id}/annotations"
    layer = client.get(url, headers=headers).get_json()
    stance = next(x for x in layer["sentence_labels"] if x["name"] == "stance")
    assert stance["given_toward"] == {
        "target": OLD_TARGET,
        "version": 1,
        "words": f"given when the target was {OLD_TARGET!r}",
        "changed": ["target"],
    }
    # genre has no target that changed.
    assert layer["document_labels"] == [{"name": "genre", "value": "OPINION"}]
    # Given again (another value), it is given toward today's target.
    body = {"sentence": 0, "name": "stance", "value": "FAVOR"}
    put = client.put(
        f"/api/v1/documents/{world.documents['emoji'].id}/labels", json=body, headers=headers
    )
    assert put.status_code == 200, put.get_json()
    layer = client.get(url, headers=headers).get_json()
    stance = next(x for x in layer["sentence_labels"] if x["name"] == "stance")
    assert stance == {"sentence": 0, "name": "stance", "value": "FAVOR"}


def test_the_same_value_given_again_is_given_toward_today_s_target(
    client: FlaskClient,
    world: World,  # noqa: F811
    make_token: Any,
) -> None:
    """Looking again and keeping the value is an answer under the new target too: the mark
    goes, though the value stays what it was."""
    headers = make_token(world.users["bob"])
    url = f"/api/v1/documents/{world.documents['emoji'].id}/annotations"
    stance = next(
        x
        for x in client.get(url, headers=headers).get_json()["sentence_labels"]
        if x["name"] == "stance"
    )
    assert "given_toward" in stance
    body = {"sentence": 0, "name": "stance", "value": stance["value"]}
    put = client.put(
        f"/api/v1/documents/{world.documents['emoji'].id}/labels", json=body, headers=headers
    )
    assert put.status_code == 200, put.get_json()
    again = next(
        x
        for x in client.get(url, headers=headers).get_json()["sentence_labels"]
        if x["name"] == "stance"
    )
    assert again == {"sentence": 0, "name": "stance", "value": stance["value"]}


def test_the_review_page_marks_the_compared_values_given_toward_the_old_target(
    client: FlaskClient,
    world: World,  # noqa: F811
) -> None:
    login(client, "rita")
    page = client.get(f"/projects/src/review/{world.documents['emoji'].id}")
    assert page.status_code == 200
    said = html.unescape(page.get_data(as_text=True))
    mark = f"given when the target was {OLD_TARGET!r} (schema version 1)"
    # alice's and bob's stance in the layers side by side; the genre they differ on is not.
    layers = said.split("<h2>Layers side by side</h2>", 1)[1]
    assert layers.count(mark) == 2
    genre = [item for item in layers.split("<li>") if "genre = " in item]
    assert genre and not any(mark in item for item in genre)


def test_the_review_page_marks_a_version_of_a_difference(
    client: FlaskClient,
    session: Any,
    world: World,  # noqa: F811
    make_token: Any,
) -> None:
    """bob gives another stance now: the difference shows alice's old one marked, not his."""
    headers = make_token(world.users["bob"])
    body = {"sentence": 0, "name": "stance", "value": "FAVOR"}
    document = world.documents["emoji"].id
    assert (
        client.put(f"/api/v1/documents/{document}/labels", json=body, headers=headers).status_code
        == 200
    )
    login(client, "rita")
    said = html.unescape(client.get(f"/projects/src/review/{document}").get_data(as_text=True))
    differences = said.split("<h2>Layers side by side</h2>", 1)[0]
    versions = [v for v in differences.split('<div class="version">')[1:] if "stance = " in v]
    assert len(versions) == 2
    alice = next(v for v in versions if "<strong>alice</strong>" in v)
    bob = next(v for v in versions if "<strong>bob</strong>" in v)
    assert f"given when the target was {OLD_TARGET!r}" in alice
    assert "given when the target" not in bob.split("</div>", 1)[0]
