"""A schema rename reaches final gold too (a rename keeps meaning: services/schema/
final_gold.py), but says so: the change counts the final documents it renamed in, and
each one's gold history records what was renamed, by whom."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import LayerChange, Span
from annotator.services.annotation.layers import ensure_layer
from annotator.services.annotation.relations import add_relation
from annotator.services.annotation.spans import add_span
from annotator.services.schema.final_gold import renamed_words
from tests.api_world import World, build_world
from tests.helpers import csrf_token_from, login
from tests.test_api_write_queries import statements

RENAMES = {"labels": {"CLAIM": "ASSERTION"}, "values": {"stance": {"AGAINST": "OPPOSE"}}}
SAID = "renamed in the final gold of 1 document too (its gold history records each item)"


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    world = build_world(client, make_user, make_token, make_project, make_document, assign)
    for document, (start, end) in ((world.doc, (15, 31)), (world.other, (0, 6))):
        gold = f"/documents/{document.id}"
        attributes = {"claimer": "REPORTED"}
        claim = {"label": "CLAIM", "start": start, "end": end, "attributes": attributes}
        assert world.call("rita", "POST", f"{gold}/spans?layer=gold", claim).status_code == 201
        stance = {"sentence": 0, "name": "stance", "value": "AGAINST"}
        assert world.call("rita", "PUT", f"{gold}/labels?layer=gold", stance).status_code == 200
    path = f"/projects/demo/review/{world.doc.id}/status"
    final = {"status": "final", "unanimous": "leave"}
    assert world.call("rita", "PUT", path, final).status_code == 200
    return world


def _gold_history(world: World, document: Any) -> list[dict[str, Any]]:
    path = f"/projects/demo/documents/{document.id}/history?annotator=gold"
    answer = world.call("rita", "GET", path)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["changes"]


def test_a_rename_reaches_final_gold_counts_it_and_records_it_in_its_history(
    world: World,
) -> None:
    others_before = len(_gold_history(world, world.other))
    answer = world.call("ada", "PATCH", "/projects/demo", {"renames": RENAMES})
    assert answer.status_code == 200, answer.get_json()
    assert SAID in answer.get_json()["schema_change"]
    gold = world.layer("rita", "gold")
    assert [s["label"] for s in gold["spans"]] == ["ASSERTION"]
    assert [v["value"] for v in gold["sentence_labels"]] == ["OPPOSE"]
    status = world.call("rita", "GET", f"/projects/demo/review/{world.doc.id}").get_json()
    assert status["gold_status"] == "final"  # renamed, still final
    renamed = [c for c in _gold_history(world, world.doc) if c["kind"] in ("span", "label")][:2]
    said = {(c["kind"], c["action"], c["actor"]) for c in renamed}
    assert said == {("span", "update", "ada"), ("label", "update", "ada")}
    # By the schema's path, not a reviewer's: ada changed the schema, she reviewed nothing.
    assert {c["source"] for c in renamed} == {"schema"}
    assert {c["summary"]["path"] for c in renamed} == {"schema rename"}
    span = next(c for c in renamed if c["kind"] == "span")
    assert (span["before"]["label"], span["after"]["label"]) == ("CLAIM", "ASSERTION")
    assert span["after"]["attributes"] == {"claimer": "REPORTED"}
    label = next(c for c in renamed if c["kind"] == "label")
    assert (label["before"]["value"], label["after"]["value"]) == ("AGAINST", "OPPOSE")
    # The item's source stays the one it had: a rename decides nothing.
    assert span["item_source"] == {"how": "written", "of": None, "annotators": []}
    # Gold not final is renamed as every layer is, with no row of history.
    assert len(_gold_history(world, world.other)) == others_before
    assert [s["label"] for s in world.layer("rita", "gold", world.other)["spans"]] == ["ASSERTION"]


def test_a_change_that_renames_nothing_final_says_nothing_of_it(world: World) -> None:
    renames = {"values": {"genre": {"NEWS": "REPORT"}}}  # final gold has no genre
    answer = world.call("ada", "PATCH", "/projects/demo", {"renames": renames})
    assert answer.status_code == 200, answer.get_json()
    assert "final gold" not in answer.get_json()["schema_change"]


def test_the_settings_page_lists_the_count_with_the_version(
    world: World, client: Any, make_user: Any
) -> None:
    assert world.call("ada", "PATCH", "/projects/demo", {"renames": RENAMES}).status_code == 200
    make_user("adam", "admin")  # with a password, to sign in to the pages
    login(client, "adam")
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    assert SAID in " ".join(page.split())


def test_the_history_page_says_a_rename_wrote_the_rows(
    world: World, client: Any, make_user: Any
) -> None:
    assert world.call("ada", "PATCH", "/projects/demo", {"renames": RENAMES}).status_code == 200
    make_user("adam", "admin")
    login(client, "adam")
    page = client.get(f"/projects/demo/review/{world.doc.id}/history?annotator=gold")
    assert page.status_code == 200
    text = " ".join(page.get_data(as_text=True).split())
    assert text.count('ada <span class="muted">(schema rename)</span>') == 2
    # The reviewer's own writes are still hers.
    assert 'rita <span class="muted">(reviewer)</span>' in text


def test_a_value_renamed_on_the_values_page_says_the_final_gold_it_reached(
    world: World, client: Any, make_user: Any
) -> None:
    """The values page's rename said the value was renamed "in every layer" and nothing of
    final gold, where the version's change (the API, the settings page) counts it."""
    make_user("adam", "admin")
    login(client, "adam")
    url = "/projects/demo/labels/values/rename?field=stance"
    token = csrf_token_from(client.get("/projects/demo/labels").get_data(as_text=True))
    form = {"csrf_token": token, "rename-value": "AGAINST", "rename-new": "OPPOSE"}
    answer = client.post(url, data=form, follow_redirects=True)
    assert answer.status_code == 200
    text = " ".join(answer.get_data(as_text=True).split())
    assert (
        "Value AGAINST of the sentence label stance is now OPPOSE, in every layer; " + SAID in text
    )
    # A value final gold does not hold: nothing said of it.
    form = {"csrf_token": token, "rename-value": "FAVOR", "rename-new": "SUPPORT"}
    answer = client.post(url, data=form, follow_redirects=True)
    text = " ".join(answer.get_data(as_text=True).split())
    assert (
        "Value FAVOR of the sentence label stance is now SUPPORT, in every layer (schema version"
        in text
    )
    assert "final gold" not in text


def test_a_label_or_field_renamed_on_the_labels_pages_says_the_final_gold_it_reached(
    world: World, client: Any, make_user: Any
) -> None:
    make_user("adam", "admin")
    login(client, "adam")
    token = csrf_token_from(client.get("/projects/demo/labels").get_data(as_text=True))
    claim = next(e for e in world.project.schema["span_labels"] if e["name"] == "CLAIM")
    form = {k: claim[k] for k in ("key", "color", "description") if claim.get(k)}
    form |= {"csrf_token": token, "name": "ASSERTION", "confirm_meaning": "Save anyway"}
    answer = client.post("/projects/demo/labels/edit?label=CLAIM", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    text = " ".join(client.get(answer.location).get_data(as_text=True).split())
    assert "Span label ASSERTION is saved, renamed from CLAIM in every layer; " + SAID in text
    field = "/projects/demo/labels/fields/edit?field=stance"
    form = {"csrf_token": token, "name": "position", "confirm_meaning": "y"}
    answer = client.post(field, data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    text = " ".join(client.get(answer.location).get_data(as_text=True).split())
    assert "The sentence label stance is now position, in every layer; " + SAID in text


def test_the_words_count_the_documents() -> None:
    assert renamed_words(0) == ""
    assert renamed_words(2) == (
        "renamed in the final gold of 2 documents too (each one's gold history records each item)"
    )


def _add_gold_claims(session: Any, world: World, first: int, count: int, label: str) -> None:
    """Add ``count`` one-character spans to doc-1's final gold, straight to the layer."""
    layer = ensure_layer(session, world.doc, None)
    for start in range(first, first + count):
        add_span(session, layer, label, start, start + 1, {"claimer": "REPORTED"})
    session.commit()


def test_a_rename_over_many_final_items_takes_as_many_statements_as_over_few(
    app: Any, session: Any, world: World
) -> None:
    """Each renamed final item cost one INSERT of its history row; now all of them go in one
    statement, and only the items the renames touch are read (not the whole of final gold)."""
    _add_gold_claims(session, world, 0, 3, "CLAIM")
    renames = {"labels": {"CLAIM": "ASSERTION"}}
    with statements(app) as few:
        answer = world.call("ada", "PATCH", "/projects/demo", {"renames": renames})
    assert answer.status_code == 200, answer.get_json()
    _add_gold_claims(session, world, 3, 30, "ASSERTION")
    recorded = session.scalar(select(func.count()).select_from(LayerChange))
    with statements(app) as many:
        back = {"renames": {"labels": {"ASSERTION": "CLAIM"}}}
        answer = world.call("ada", "PATCH", "/projects/demo", back)
    assert answer.status_code == 200, answer.get_json()
    assert "renamed in the final gold of 1 document" in answer.get_json()["schema_change"]
    # The token's first use is noted once a while, by the first call alone.
    few = [s for s in few if not s.startswith("UPDATE api_token")]
    assert len(many) == len(few), (few, many)
    inserts = [s for s in many if s.startswith("INSERT INTO layer_change")]
    assert len(inserts) == 1
    session.expire_all()
    # Each of the 34 spans (the world's, 3 and 30 more) has its row of history.
    assert session.scalar(select(func.count()).select_from(LayerChange)) == recorded + 34


def test_renamed_relation_types_and_attribute_values_reach_final_gold_s_history_too(
    session: Any, world: World
) -> None:
    """Only what the renames touch is read; a relation's ends are read with it, as its
    snapshot names them, and a value renamed in an attribute is a change of its span."""
    layer = ensure_layer(session, world.doc, None)
    source = add_span(session, layer, "SOURCE", 0, 3)
    claim = session.scalar(select(Span.id).where(Span.layer_id == layer.id, Span.label == "CLAIM"))
    add_relation(session, layer, "ATTRIBUTED_TO", claim, source.id)
    session.commit()
    renames = {
        "labels": {"ATTRIBUTED_TO": "SAID_BY"},
        "values": {"CLAIM.claimer": {"REPORTED": "QUOTED"}},
    }
    answer = world.call("ada", "PATCH", "/projects/demo", {"renames": renames})
    assert answer.status_code == 200, answer.get_json()
    changes = _gold_history(world, world.doc)
    relation = next(c for c in changes if c["kind"] == "relation" and c["action"] == "update")
    assert (relation["before"]["type"], relation["after"]["type"]) == ("ATTRIBUTED_TO", "SAID_BY")
    assert relation["after"]["from"]["label"] == "CLAIM" and relation["actor"] == "ada"
    span = next(c for c in changes if c["kind"] == "span" and c["action"] == "update")
    assert span["before"]["attributes"] == {"claimer": "REPORTED"}
    assert span["after"]["attributes"] == {"claimer": "QUOTED"}
    # The SOURCE span, which no rename touches, has no row of the rename.
    updated = [c for c in changes if c["action"] == "update" and c["kind"] == "span"]
    assert [c["after"]["label"] for c in updated] == ["CLAIM"]
