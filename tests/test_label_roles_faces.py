"""The schema's `roles` through every face: the labels page's choice, the API's schema, a
project file; and a project file's models checked against their bytes when loaded."""

from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Any

from sqlalchemy import select

from annotator.core.assist.model_bytes import header_labels
from annotator.models import Project, Span
from annotator.services.accounts.membership import set_member
from annotator.services.assist.predicting import predict_documents
from annotator.services.assist.suggesting import suggestions_layer
from annotator.services.assist.training import train_project
from annotator.services.datasets.project_dump import dump_project
from tests.assist_world import build_assist_world
from tests.helpers import csrf_token_from, login
from tests.project_world import file_of, records_of

TEXT = "Maria Lopez said the plan would fail."
OWN_NAMES: dict[str, Any] = {
    "span_labels": [{"name": "ASSERTION"}, {"name": "SPEAKER"}, {"name": "CUE"}],
    "relation_types": [{"name": "SAID_BY", "from": ["ASSERTION"], "to": ["SPEAKER"]}],
}


def _project(session: Any, slug: str) -> Project:
    session.expire_all()
    project = session.scalar(select(Project).where(Project.slug == slug))
    assert project is not None
    return project


def _suggested_labels(session: Any, document: Any) -> set[str]:
    layer = suggestions_layer(session, document)
    return set(session.scalars(select(Span.label).where(Span.layer_id == layer.id)))


def test_the_labels_page_sets_a_labels_role_and_the_next_suggestions_use_it(
    client: Any, session: Any, make_user: Any, make_project: Any, make_document: Any
) -> None:
    lead = make_user("max", "annotator")
    project = make_project("own", schema=copy.deepcopy(OWN_NAMES))
    set_member(session, project, lead, "manager")
    document = make_document(project, TEXT, "d")
    session.commit()
    login(client, "max")
    url = "/projects/own/labels/edit?label=ASSERTION"
    page = client.get(url).get_data(as_text=True)
    assert "Plays in suggestions" in page
    assert '<option selected value="">none</option>' in page

    answer = client.post(
        url,
        data={
            "csrf_token": csrf_token_from(page),
            "name": "ASSERTION",
            "color": "#d62728",
            "role": "CLAIM",
        },
    )
    assert answer.status_code == 302
    # Written out whole: CUE, which played by its name, is kept.
    assert _project(session, "own").schema["roles"] == {"CUE": "CUE", "CLAIM": "ASSERTION"}
    again = client.get(url).get_data(as_text=True)
    assert '<option selected value="CLAIM">claim</option>' in again
    predict_documents(session, _project(session, "own"))
    session.commit()
    assert _suggested_labels(session, document) == {"ASSERTION", "CUE"}

    relation = "/projects/own/labels/relations/edit?type=SAID_BY"
    page = client.get(relation).get_data(as_text=True)
    answer = client.post(
        relation,
        data={
            "csrf_token": csrf_token_from(page),
            "name": "SAID_BY",
            "from_labels": "ASSERTION",
            "to_labels": "SPEAKER",
            "role": "ATTRIBUTED_TO",
        },
    )
    assert answer.status_code == 302
    assert _project(session, "own").schema["roles"]["ATTRIBUTED_TO"] == "SAID_BY"


def test_a_label_added_on_the_labels_page_chooses_its_role_there(
    client: Any, session: Any, make_user: Any, make_project: Any
) -> None:
    """The add forms offer *Plays in suggestions*, with the words of the entry's own page; a
    role chosen there is taken from whoever played it, as the entry's own page takes it."""
    lead = make_user("max", "annotator")
    project = make_project("own", schema=copy.deepcopy(OWN_NAMES))
    set_member(session, project, lead, "manager")
    session.commit()
    login(client, "max")
    page = client.get("/projects/own/labels").get_data(as_text=True)
    for form in ("span_labels", "relation_types"):
        select_at = page.index(f'id="{form}-role"')
        # The schema lists no roles: left unchosen, a new entry plays by its name, and the
        # choice says so (on an entry's own page the same empty choice means none).
        chosen = page[select_at : select_at + 400]
        assert '<option selected value="">by its name</option>' in chosen
        assert '<option value="">none</option>' not in chosen
    added = page[page.index('id="span_labels-role"') :]
    assert '<option value="CLAIM">claim</option>' in added[: added.index("</select>")]

    answer = client.post(
        "/projects/own/labels",
        data={
            "csrf_token": csrf_token_from(page),
            "span_labels-name": "QUOTE",
            "span_labels-color": "#9467bd",
            "span_labels-role": "CUE",
        },
    )
    assert answer.status_code == 302
    # Written out whole, as the entry's own page writes them: CUE now plays by QUOTE.
    assert _project(session, "own").schema["roles"] == {"CUE": "QUOTE"}
    answer = client.post(
        "/projects/own/labels/relations",
        data={
            "csrf_token": csrf_token_from(page),
            "relation_types-name": "QUOTED_BY",
            "relation_types-from_labels": "ASSERTION",
            "relation_types-to_labels": "SPEAKER",
            "relation_types-role": "ATTRIBUTED_TO",
        },
    )
    assert answer.status_code == 302
    assert _project(session, "own").schema["roles"] == {
        "CUE": "QUOTE",
        "ATTRIBUTED_TO": "QUOTED_BY",
    }
    listed = client.get("/projects/own/labels").get_data(as_text=True)
    row = listed[listed.index("> QUOTE") : listed.index("</tr>", listed.index("> QUOTE"))]
    assert "in suggestions: cue" in row
    # Once the schema lists roles they are the whole truth: unchosen is none.
    select_at = listed.index('id="span_labels-role"')
    assert '<option selected value="">none</option>' in listed[select_at : select_at + 400]
    # A role that is no choice of the form is refused at its field, and nothing is added.
    refused = client.post(
        "/projects/own/labels",
        data={
            "csrf_token": csrf_token_from(page),
            "span_labels-name": "NOTE",
            "span_labels-color": "#8c564b",
            "span_labels-role": "ATTRIBUTED_TO",
        },
    )
    assert refused.status_code == 400
    assert "NOTE" not in [e["name"] for e in _project(session, "own").schema["span_labels"]]


def test_a_label_added_with_no_role_named_like_one_plays_it_by_its_name(
    client: Any, session: Any, make_user: Any, make_project: Any
) -> None:
    """*none* on the add form is no choice: a schema without ``roles`` stays without them,
    and a label added as SOURCE is the source, as before the form offered roles."""
    lead = make_user("max", "annotator")
    project = make_project("own", schema=copy.deepcopy(OWN_NAMES))
    set_member(session, project, lead, "manager")
    session.commit()
    login(client, "max")
    page = client.get("/projects/own/labels").get_data(as_text=True)
    answer = client.post(
        "/projects/own/labels",
        data={
            "csrf_token": csrf_token_from(page),
            "span_labels-name": "SOURCE",
            "span_labels-color": "#17becf",
            "span_labels-role": "",
        },
    )
    assert answer.status_code == 302
    schema = _project(session, "own").schema
    assert "roles" not in schema
    listed = client.get("/projects/own/labels").get_data(as_text=True)
    row = listed[listed.index("> SOURCE") : listed.index("</tr>", listed.index("> SOURCE"))]
    assert "in suggestions: source" in row


def test_the_api_takes_and_gives_roles_and_refuses_bad_ones_naming_the_place(
    client: Any, make_project: Any, admin_headers: dict[str, str]
) -> None:
    make_project("own", schema=copy.deepcopy(OWN_NAMES))
    schema = copy.deepcopy(OWN_NAMES) | {"roles": {"CLAIM": "ASSERTION", "SOURCE": "SPEAKER"}}
    answer = client.patch("/api/v1/projects/own", json={"schema": schema}, headers=admin_headers)
    assert answer.status_code == 200, answer.get_json()
    got = client.get("/api/v1/projects/own", headers=admin_headers).get_json()
    assert got["schema"]["roles"] == {"SOURCE": "SPEAKER", "CLAIM": "ASSERTION"}

    renamed = copy.deepcopy(got["schema"])
    renamed["span_labels"][0]["name"] = "STATEMENT"
    renamed["relation_types"][0]["from"] = ["STATEMENT"]
    answer = client.patch(
        "/api/v1/projects/own",
        json={"schema": renamed, "renames": {"labels": {"ASSERTION": "STATEMENT"}}},
        headers=admin_headers,
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["schema"]["roles"]["CLAIM"] == "STATEMENT"

    broken = copy.deepcopy(renamed) | {"roles": {"CLAIM": "SAID_BY"}}
    refused = client.patch("/api/v1/projects/own", json={"schema": broken}, headers=admin_headers)
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "invalid_schema"
    assert "roles.CLAIM names the relation type 'SAID_BY'" in error["message"]
    assert error["details"]["setting"] == "roles" and error["details"]["role"] == "CLAIM"

    described = client.get("/api/v1/openapi.json").get_json()
    body = described["paths"]["/projects/{slug}"]["patch"]["requestBody"]
    schema_of = body["content"]["application/json"]["schema"]["properties"]["schema"]
    assert "roles" in schema_of["properties"]


def _file(session: Any, project: Project) -> list[dict[str, Any]]:
    return records_of(b"".join(dump_project(session, project).chunks))


def test_a_project_file_carries_roles(
    client: Any, session: Any, make_project: Any, admin_headers: dict[str, str]
) -> None:
    schema = copy.deepcopy(OWN_NAMES) | {"roles": {"CLAIM": "ASSERTION"}}
    records = _file(session, make_project("own", schema=schema))
    loaded = client.post(
        "/api/v1/project-files?slug=copy", data=file_of(records), headers=admin_headers
    )
    assert loaded.status_code == 201, loaded.get_json()
    assert _project(session, "copy").schema["roles"] == {"CLAIM": "ASSERTION"}


def test_a_project_file_whose_model_labels_do_not_match_its_bytes_is_refused_at_the_field(
    client: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    admin_headers: dict[str, str],
    runner: Any,
    tmp_path: Path,
) -> None:
    world = build_assist_world(session, make_user, make_project, make_document, assign)
    train_project(session, world.project, world.reviewer)
    session.commit()
    records = _file(session, world.project)
    line, model = next((n, r) for n, r in enumerate(records, 1) if r["record"] == "assist_model")
    assert len(header_labels(base64.b64decode(model["data"]))) == len(model["labels"])
    model["labels"] = model["labels"][:-1]  # a hand edit: one label fewer than the model has

    answer = client.post(
        "/api/v1/project-files?slug=copy", data=file_of(records), headers=admin_headers
    )
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["details"] == {"line": line, "field": "labels"}
    assert "the model has 3 labels" in error["message"]
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None

    path = tmp_path / "edited.annotator.jsonl.gz"
    path.write_bytes(file_of(records))
    result = runner.invoke(args=["projects", "load", str(path), "--slug", "copy"])
    assert result.exit_code == 1
    assert f"{path.name}: line {line}: labels: the model has 3 labels" in result.stderr
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None


def test_a_model_that_forgot_a_removed_label_is_dumped_and_loaded(
    client: Any,
    session: Any,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
    admin_headers: dict[str, str],
) -> None:
    world = build_assist_world(session, make_user, make_project, make_document, assign)
    train_project(session, world.project, world.reviewer)
    session.commit()
    for span in session.scalars(select(Span).where(Span.label == "CUE", Span.model.is_(None))):
        session.delete(span)
    session.commit()
    schema = copy.deepcopy(world.project.schema)
    schema["span_labels"] = [e for e in schema["span_labels"] if e["name"] != "CUE"]
    schema["relation_types"] = [e for e in schema["relation_types"] if e["name"] != "CUED_BY"]
    answer = client.patch("/api/v1/projects/assist", json={"schema": schema}, headers=admin_headers)
    assert answer.status_code == 200, answer.get_json()
    records = _file(session, _project(session, "assist"))
    model = next(r for r in records if r["record"] == "assist_model")
    assert "" in model["labels"] and "CUE" not in model["labels"]

    loaded = client.post(
        "/api/v1/project-files?slug=copy", data=file_of(records), headers=admin_headers
    )
    assert loaded.status_code == 201, loaded.get_json()


def test_a_rename_on_the_page_keeps_the_role_chosen_with_it_and_none_means_none(
    client: Any, session: Any, make_user: Any, make_project: Any
) -> None:
    lead = make_user("max", "annotator")
    project = make_project("seeded")
    set_member(session, project, lead, "manager")
    session.commit()
    login(client, "max")

    def save(label: str, name: str, role: str) -> None:
        url = f"/projects/seeded/labels/edit?label={label}"
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        fields = {"csrf_token": token, "name": name, "color": "#d62728", "role": role}
        assert client.post(url, data=fields).status_code == 302

    save("CLAIM", "ASSERTION", "CLAIM")
    assert _project(session, "seeded").schema["roles"]["CLAIM"] == "ASSERTION"
    # A refused attribute shows the label's form again as the schema has it, its role too.
    url = "/projects/seeded/labels/edit?label=ASSERTION"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    refused = client.post(
        "/projects/seeded/labels/attributes?label=ASSERTION",
        data={"csrf_token": token, "attribute-name": "certainty", "attribute-values": ""},
    )
    assert refused.status_code >= 400
    assert '<option selected value="CLAIM">claim</option>' in refused.get_data(as_text=True)
    save("ASSERTION", "STATEMENT", "")
    roles = _project(session, "seeded").schema["roles"]
    assert "CLAIM" not in roles and roles["SOURCE"] == "SOURCE"
