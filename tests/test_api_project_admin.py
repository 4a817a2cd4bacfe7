"""POST, PATCH and DELETE /api/v1/projects: who may, the default scheme, 409 naming the uses."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import AuditEntry, Project, Span
from annotator.services.accounts.membership import set_member
from annotator.services.accounts.users import find_user
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.conftest import SEED_SCHEMA


@pytest.fixture
def people(
    make_user: Any, make_token: Any, admin_headers: dict[str, str]
) -> dict[str, dict[str, str]]:
    return {
        "admin": admin_headers,
        "manager": make_token(make_user("max", "annotator")),
        "reviewer": make_token(make_user("rita", "reviewer")),
        "annotator": make_token(make_user("alice", "annotator")),
    }


def test_an_admin_creates_a_project_with_the_default_scheme(client: Any, people: Any) -> None:
    answer = client.post(
        "/api/v1/projects",
        json={
            "slug": "news",
            "name": "News",
            "guidelines": "# Read me",
            "annotators_per_document": 3,
        },
        headers=people["admin"],
    )
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["schema_version"] == 1 and body["annotators_per_document"] == 3
    assert [x["name"] for x in body["schema"]["span_labels"]] == [
        x["name"] for x in SEED_SCHEMA["span_labels"]
    ]
    assert body["guidelines"] == "# Read me"
    listed = client.get("/api/v1/projects", headers=people["admin"]).get_json()
    assert [p["slug"] for p in listed["projects"]] == ["news"]


def test_the_default_scheme_leaves_the_demo_s_stance_target_out(client: Any, people: Any) -> None:
    """A project on another topic is not asked for stance toward the demo's subject."""
    seed_stance = next(f for f in SEED_SCHEMA["sentence_labels"] if f["name"] == "stance")
    assert seed_stance["target"] == "Russian foreign policy"  # the demo's, kept in the seeds
    body = {"slug": "checks", "name": "Fact checks"}
    created = client.post("/api/v1/projects", json=body, headers=people["admin"]).get_json()
    fields = {f["name"]: f for f in created["schema"]["sentence_labels"]}
    assert "stance" in fields and fields["stance"].get("target") in (None, "")
    assert fields["stance"]["values"] == seed_stance["values"]


def test_get_post_and_patch_answer_a_project_in_one_shape(client: Any, people: Any) -> None:
    """The same fields, settings and progress alike, whichever request answers the project;
    PATCH adds the done layers a field it made required leaves blank (none here)."""
    body = {"slug": "news", "name": "News", "license": "cc-by-4.0"}
    created = client.post("/api/v1/projects", json=body, headers=people["admin"]).get_json()
    read = client.get("/api/v1/projects/news", headers=people["admin"]).get_json()
    changed = client.patch(
        "/api/v1/projects/news", json={"guidelines": "Read me"}, headers=people["admin"]
    ).get_json()
    fields = {"slug", "name", "documents", "progress", "schema_version", "guidelines"}
    fields |= {"annotators_per_document", "license", "schema", "schema_change"}
    assert set(created) == set(read) == set(changed) - {"required_left_blank"} == fields
    assert read == created
    assert read["license"] == "cc-by-4.0" and read["progress"] == {"done": 0, "assigned": 0}
    assert changed == read | {
        "guidelines": "Read me",
        "schema_version": 2,
        "schema_change": "changed guidelines",
        "schema": changed["schema"],
        "required_left_blank": [],
    }


def test_a_bad_schema_is_refused_naming_the_entry(client: Any, people: Any) -> None:
    schema = {"span_labels": [{"name": "A"}, {"name": "bad name"}]}
    answer = client.post(
        "/api/v1/projects",
        json={"slug": "x", "name": "X", "schema": schema},
        headers=people["admin"],
    )
    assert answer.status_code == 422
    assert "span_labels[1]" in answer.get_json()["error"]["message"]


@pytest.mark.parametrize("who", ["manager", "reviewer", "annotator"])
def test_only_admins_create_projects(client: Any, people: Any, who: str) -> None:
    answer = client.post("/api/v1/projects", json={"slug": "x", "name": "X"}, headers=people[who])
    assert answer.status_code == 403


def test_managers_may_patch_but_not_delete(
    client: Any, session: Any, people: Any, make_project: Any, make_user: Any
) -> None:
    make_project("demo")
    project = session.scalar(select(Project).where(Project.slug == "demo"))
    set_member(session, project, find_user(session, "max"), "manager")
    session.commit()
    answer = client.patch(
        "/api/v1/projects/demo",
        json={"name": "Renamed", "renames": {"labels": {"CUE": "CUE_WORD"}}},
        headers=people["manager"],
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["schema_version"] == 2
    assert answer.get_json()["name"] == "Renamed"
    assert client.delete("/api/v1/projects/demo", headers=people["manager"]).status_code == 403
    assert (
        client.patch(
            "/api/v1/projects/demo", json={"name": "No"}, headers=people["reviewer"]
        ).status_code
        == 403
    )
    assert client.delete("/api/v1/projects/demo", headers=people["admin"]).status_code == 204
    assert client.get("/api/v1/projects/demo", headers=people["admin"]).status_code == 404
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["project.update", "project.delete"]


def test_removing_a_used_label_answers_409_naming_the_uses_and_changes_nothing(
    client: Any, session: Any, people: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    project = make_project("demo")
    document = make_document(project, "Officials said the plan works.")
    alice = find_user(session, "alice")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "CUE", 10, 14)
    gold = open_layer(session, find_user(session, "rita"), document, "gold")
    add_span(session, gold, "CUE", 10, 14)
    session.commit()
    schema = dict(project.schema)
    schema["span_labels"] = [x for x in schema["span_labels"] if x["name"] != "CUE"]
    schema["relation_types"] = [x for x in schema["relation_types"] if x["name"] != "CUED_BY"]
    answer = client.patch("/api/v1/projects/demo", json={"schema": schema}, headers=people["admin"])
    assert answer.status_code == 409
    error = answer.get_json()["error"]
    assert "CUE is used by 2 spans in 1 document (gold: 1)" in error["message"]
    assert error["details"]["uses"][0]["rows"] == 2
    assert session.scalar(select(func.count()).select_from(Span).where(Span.label == "CUE")) == 2
    again = client.get("/api/v1/projects/demo", headers=people["admin"]).get_json()
    assert any(x["name"] == "CUE" for x in again["schema"]["span_labels"])

    # Saying what it becomes lets the change through, and moves the spans.
    answer = client.patch(
        "/api/v1/projects/demo",
        json={"schema": schema, "renames": {"labels": {"CUE": "SOURCE"}}},
        headers=people["admin"],
    )
    assert answer.status_code == 200, answer.get_json()
    assert session.scalars(select(Span.label)).all() == ["SOURCE", "SOURCE"]


def test_patch_without_a_field_is_malformed(client: Any, people: Any, make_project: Any) -> None:
    make_project("demo")
    answer = client.patch("/api/v1/projects/demo", json={}, headers=people["admin"])
    assert answer.status_code == 400


def test_patch_renames_a_label_field_and_an_attribute_keeping_their_annotations(
    client: Any, session: Any, people: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    from annotator.models import LabelValue
    from annotator.services.annotation.labels import set_label

    project = make_project("demo")
    document = make_document(project, "Officials said the plan works.")
    alice = find_user(session, "alice")
    assign(document, alice)
    layer = open_layer(session, alice, document, None)
    add_span(session, layer, "CLAIM", 15, 29, {"claimer": "REPORTED"})
    set_label(session, layer, None, "genre", "NEWS")
    session.commit()
    renames = {
        "fields": {"document": {"genre": "text_type"}},
        "attributes": {"CLAIM": {"claimer": "claimant"}},
    }
    answer = client.patch(
        "/api/v1/projects/demo", json={"renames": renames}, headers=people["admin"]
    )
    assert answer.status_code == 200, answer.get_json()
    schema = answer.get_json()["schema"]
    assert [f["name"] for f in schema["document_labels"]] == ["text_type"]
    assert schema["span_labels"][0]["attributes"][0]["name"] == "claimant"
    assert session.execute(select(LabelValue.name, LabelValue.value)).all() == [
        ("text_type", "NEWS")
    ]
    assert session.scalars(select(Span.attributes)).all() == [{"claimant": "REPORTED"}]

    taken = {"fields": {"sentence": {"stance": "bias"}}}
    answer = client.patch("/api/v1/projects/demo", json={"renames": taken}, headers=people["admin"])
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "the sentence label field 'bias' is taken" in error["message"]
    assert error["details"] == {"renames": "fields.sentence", "name": "stance", "new": "bias"}
    unsaid = {"fields": {"stance": "position"}}
    answer = client.patch(
        "/api/v1/projects/demo", json={"renames": unsaid}, headers=people["admin"]
    )
    assert answer.status_code == 400
    assert '"sentence" and/or "document"' in answer.get_json()["error"]["message"]
    again = client.get("/api/v1/projects/demo", headers=people["admin"]).get_json()
    assert again["schema_version"] == 2


def test_the_openapi_document_describes_every_kind_of_rename(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    body = paths["/projects/{slug}"]["patch"]["requestBody"]["content"]["application/json"]
    renames = body["schema"]["properties"]["renames"]
    assert set(renames["properties"]) == {"labels", "values", "fields", "attributes"}
    fields = renames["properties"]["fields"]
    assert set(fields["properties"]) == {"sentence", "document"}
    assert fields["additionalProperties"] is False
    assert "taken" in renames["description"]


def test_a_whole_schema_without_suggestions_keeps_the_project_s_choice(
    client: Any, people: Any
) -> None:
    """A new project shows suggestions after done; a PATCH of a hand-written schema that does
    not name the setting kept nothing of it before, and the project read as "on"."""
    created = client.post(
        "/api/v1/projects", json={"slug": "blind", "name": "Blind"}, headers=people["admin"]
    )
    assert created.get_json()["schema"]["suggestions"] == "after_done"
    schema = {key: value for key, value in SEED_SCHEMA.items() if key != "suggestions"}
    patched = client.patch(
        "/api/v1/projects/blind", json={"schema": schema}, headers=people["admin"]
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["schema"]["suggestions"] == "after_done"
    said = client.patch(
        "/api/v1/projects/blind",
        json={"schema": {**schema, "suggestions": "on"}},
        headers=people["admin"],
    )
    assert said.get_json()["schema"]["suggestions"] == "on"


def test_a_patch_from_a_stale_schema_version_answers_409_and_changes_nothing(
    client: Any, people: Any, make_project: Any
) -> None:
    """``schema_version`` says which version the change was made from: once another change
    stored a later one, the change is refused rather than undo that one unseen."""
    make_project("news")
    url = "/api/v1/projects/news"
    read = client.get(url, headers=people["admin"]).get_json()
    schema = read["schema"]
    first = {**schema, "span_labels": [*schema["span_labels"], {"name": "FIRST"}]}
    body = {"schema": first, "schema_version": read["schema_version"]}
    answer = client.patch(url, json=body, headers=people["admin"])
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["schema_version"] == read["schema_version"] + 1
    second = {**schema, "span_labels": [*schema["span_labels"], {"name": "SECOND"}]}
    body = {"schema": second, "schema_version": read["schema_version"]}
    stale = client.patch(url, json=body, headers=people["admin"])
    assert stale.status_code == 409, stale.get_json()
    error = stale.get_json()["error"]
    assert error["code"] == "conflict"
    now = read["schema_version"] + 1
    assert error["details"] == {"field": "schema_version", "schema_version": now}
    assert f"you sent schema_version {read['schema_version']}, it is at {now}" in error["message"]
    names = [
        e["name"]
        for e in client.get(url, headers=people["admin"]).get_json()["schema"]["span_labels"]
    ]
    assert "FIRST" in names and "SECOND" not in names
    # Made from the version stored, the same change goes through.
    body = {"schema": second, "schema_version": now}
    assert client.patch(url, json=body, headers=people["admin"]).status_code == 200
    bad = client.patch(url, json={"name": "N", "schema_version": "two"}, headers=people["admin"])
    assert bad.status_code == 400 and "schema_version" in bad.get_json()["error"]["message"]
    # The description says integer, no null: a null is refused, not read as "not given".
    null = client.patch(url, json={"name": "N", "schema_version": None}, headers=people["admin"])
    assert null.status_code == 400 and "schema_version" in null.get_json()["error"]["message"]
