"""Moving a project by the API and the pages: who may dump and load, and what they get."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator.models import Document, Project
from annotator.services.accounts.projects import get_project
from tests.helpers import csrf_token_from, login
from tests.project_world import (
    build_movable_world,
    file_of,
    jsonl_export,
    load_on_the_page,
    records_of,
    without_dump_time,
    without_ids,
)


@pytest.fixture
def world(session: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    return build_movable_world(session, make_user, make_project, make_document, assign)


def _projects(session: Any) -> int:
    session.commit()
    return session.scalar(select(func.count()).select_from(Project))


def test_api_dump_and_load(client: Any, session: Any, world: Any, make_token: Any) -> None:
    ada = make_token(world.users["ada"])
    answer = client.get("/api/v1/projects/src/dump", headers=ada)
    assert answer.status_code == 200
    assert answer.mimetype == "application/gzip"
    assert 'filename="src-' in answer.headers["Content-Disposition"]
    data = answer.get_data()
    assert records_of(data)[-1] == {"record": "end", "documents": 4}

    loaded = client.post(
        "/api/v1/project-files?slug=copy",
        data=data,
        headers=ada | {"Content-Type": "application/gzip"},
    )
    assert loaded.status_code == 201, loaded.get_json()
    body = loaded.get_json()
    assert body["documents"] == 4 and body["created_users"] == []
    # Loaded beside the original, every id is taken: both kinds are numbered anew.
    counts = {"span": 0, "relation": 0, "label": 0}
    for record in records_of(data):
        if record["record"] == "ids":
            counts[record["kind"]] += sum(end - start for start, end in record["ranges"])
    assert body["renumbered"] == [
        {"kind": "span", "taken": counts["span"]},
        {"kind": "relation", "taken": counts["relation"]},
        {"kind": "label", "taken": counts["label"]},
    ]
    assert counts["span"] and counts["relation"] and counts["label"]
    assert body["project"]["slug"] == "copy" and body["project"]["schema_version"] == 2
    session.commit()
    assert jsonl_export(session, get_project(session, "copy")) == jsonl_export(
        session, world.project
    )
    # The copy dumps to the same file but for its slug and its ids.
    again = client.get("/api/v1/projects/copy/dump", headers=ada).get_data()
    first, second = without_ids(records_of(data)), without_ids(records_of(again))
    assert second[1]["slug"] == "copy"
    assert second[1]["name"] == f"{first[1]['name']} (copy)"  # told apart from the original
    second[1]["slug"], second[1]["name"] = "src", first[1]["name"]
    assert second == first

    taken = client.post("/api/v1/project-files", data=data, headers=ada)
    assert taken.status_code == 409
    assert "project 'src' already exists" in taken.get_json()["error"]["message"]

    by_form = client.post(
        "/api/v1/project-files?slug=third",
        data={"file": (io.BytesIO(data), "src.annotator.jsonl.gz")},
        headers=ada,
        content_type="multipart/form-data",
    )
    assert by_form.status_code == 201


def test_api_load_of_a_bad_file_is_422_naming_the_line(
    client: Any, session: Any, world: Any, make_token: Any
) -> None:
    ada = make_token(world.users["ada"])
    records = records_of(client.get("/api/v1/projects/src/dump", headers=ada).get_data())
    records[-2]["sentences"] = [[5, 2]]
    before = _projects(session)
    answer = client.post("/api/v1/project-files?slug=copy", data=file_of(records), headers=ada)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    line = len(records) - 1
    assert error["message"].startswith(f"line {line}: sentences[0]: [5, 2] is not an ordered")
    assert error["details"] == {"line": line, "field": "sentences[0]"}
    assert _projects(session) == before


@pytest.mark.parametrize(
    ("who", "dump", "load"),
    [("mia", 200, 403), ("rita", 403, 403), ("alice", 403, 403)],
)
def test_api_who_may_dump_and_load(
    client: Any, session: Any, world: Any, make_token: Any, who: str, dump: int, load: int
) -> None:
    """Managers of the project dump it; only admins load (they may create users)."""
    headers = make_token(world.users[who])
    assert client.get("/api/v1/projects/src/dump", headers=headers).status_code == dump
    data = client.get(
        "/api/v1/projects/src/dump", headers=make_token(world.users["ada"])
    ).get_data()
    answer = client.post("/api/v1/project-files?slug=copy", data=data, headers=headers)
    assert answer.status_code == load
    assert _projects(session) == 1


def test_a_session_load_without_the_csrf_token_is_refused(
    client: Any, session: Any, world: Any
) -> None:
    login(client, "ada")
    data = client.get("/projects/src/dump").get_data()
    answer = client.post("/api/v1/project-files?slug=copy", data=data)
    assert answer.status_code in (400, 403)
    answer = client.post(
        "/projects/load", data={"load-file": (io.BytesIO(data), "a.gz"), "load-slug": "copy"}
    )
    assert answer.status_code in (400, 403)
    assert _projects(session) == 1


def test_a_copy_loaded_beside_its_original_is_told_apart_by_its_name(
    client: Any, session: Any, world: Any, make_token: Any, runner: Any, tmp_path: Any
) -> None:
    """A copy kept the original's name, so two projects of the list looked the same. The
    loader may name it, by the API, the page and the command line; by default a name a
    project here has already is followed by the copy's slug."""
    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    original = world.project.name
    named = {}
    for slug, query in (("copy", ""), ("named", "&name=%20Second%20look%20")):
        answer = client.post(f"/api/v1/project-files?slug={slug}{query}", data=data, headers=ada)
        assert answer.status_code == 201, answer.get_json()
        named[slug] = answer.get_json()["project"]["name"]
    assert named == {"copy": f"{original} (copy)", "named": "Second look"}

    login(client, "ada")
    page = client.get("/projects/new").get_data(as_text=True)
    assert 'name="load-name"' in page
    loaded = load_on_the_page(
        client,
        csrf_token_from(page),
        data,
        slug="paged",
        name="From the page",
        follow_redirects=True,
    )
    assert "From the page is loaded with 4 documents" in loaded.get_data(as_text=True)

    path = tmp_path / "src.gz"
    path.write_bytes(data)
    result = runner.invoke(
        args=["projects", "load", str(path), "--slug", "cli", "--name", "By hand"]
    )
    assert result.exit_code == 0, result.output
    assert "Loaded project cli with 4 documents." in result.output
    assert "named" not in result.output  # the name asked for, free here
    told_apart = runner.invoke(args=["projects", "load", str(path), "--slug", "cli3"])
    assert (
        f"A project here is named {original} already: this one is named {original} (cli3)."
        in told_apart.stderr
    )
    empty = runner.invoke(args=["projects", "load", str(path), "--slug", "cli2", "--name", " "])
    assert empty.exit_code == 1
    assert "the name must not be empty" in empty.output
    session.commit()
    names = {slug: name for slug, name in session.execute(select(Project.slug, Project.name))}
    assert names == {
        "src": original,
        "copy": f"{original} (copy)",
        "named": "Second look",
        "paged": "From the page",
        "cli": "By hand",
        "cli3": f"{original} (cli3)",
    }


def test_a_default_copy_name_that_is_taken_too_is_numbered(
    client: Any,
    session: Any,
    world: Any,
    make_project: Any,
    make_token: Any,
    runner: Any,
    tmp_path: Any,
) -> None:
    """The name a copy gets by default is free even when "Name (slug)" is a project's name
    already: the first free "Name (slug) N", by the API and the command line alike."""
    ada = make_token(world.users["ada"])
    data = client.get("/api/v1/projects/src/dump", headers=ada).get_data()
    original = world.project.name
    make_project("other", name=f"{original} (copy)")
    make_project("another", name=f"{original} (copy) 2")
    make_project("near", name=f"{original} (copy) 3 more")
    answer = client.post("/api/v1/project-files?slug=copy", data=data, headers=ada)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["project"]["name"] == f"{original} (copy) 3"

    make_project("held", name=f"{original} (cli)")
    path = tmp_path / "src.gz"
    path.write_bytes(data)
    result = runner.invoke(args=["projects", "load", str(path), "--slug", "cli"])
    assert result.exit_code == 0, result.output
    assert (
        f"A project here is named {original} already: this one is named {original} (cli) 2."
        in result.stderr
    )
    session.commit()
    names = [name for (name,) in session.execute(select(Project.name))]
    assert len(names) == len(set(names))


def test_the_settings_page_downloads_and_the_new_project_page_loads(
    client: Any, session: Any, world: Any
) -> None:
    login(client, "ada")
    settings = client.get("/projects/src/settings").get_data(as_text=True)
    assert 'href="/projects/src/dump"' in settings and "Download the whole project" in settings
    answer = client.get("/projects/src/dump")
    assert answer.status_code == 200 and answer.mimetype == "application/gzip"
    data = answer.get_data()
    via_api = client.get("/api/v1/projects/src/dump").get_data()
    assert without_dump_time(data) == without_dump_time(via_api)

    page = client.get("/projects/new").get_data(as_text=True)
    assert 'name="load-file"' in page and 'name="load-slug"' in page
    token = csrf_token_from(page)
    refused = load_on_the_page(client, token, data)
    assert refused.status_code == 409
    assert "project &#39;src&#39; already exists" in refused.get_data(as_text=True)

    records = records_of(data)
    records[1]["name"] = "<b>Moved</b>"
    loaded = load_on_the_page(client, token, file_of(records), slug="moved", follow_redirects=True)
    text = loaded.get_data(as_text=True)
    assert loaded.status_code == 200
    assert "&lt;b&gt;Moved&lt;/b&gt; is loaded with 4 documents" in text
    # Beside the original, whose ids it holds: the page says they were numbered anew.
    spans = sum(
        end - start
        for r in records
        if r["record"] == "ids" and r["kind"] == "span"
        for start, end in r["ranges"]
    )
    assert f"{spans} span ids, " in text
    assert (
        "were already used on this server, so the loaded project&#39;s span, relation and "
        "label value ids were renumbered: ids in files exported from the original differ "
        "from this project&#39;s."
    ) in text
    session.commit()
    moved = get_project(session, "moved")
    count = select(func.count()).select_from(Document).where(Document.project_id == moved.id)
    assert session.scalar(count) == 4

    records[2]["name"] = "gold"  # a user record with a layer's name
    bad = load_on_the_page(client, token, file_of(records), slug="other")
    assert bad.status_code == 422
    assert "line 3: name: &#39;gold&#39; is the name of a layer" in bad.get_data(as_text=True)


@pytest.mark.parametrize("who", ["rita", "alice"])
def test_pages_refuse_others(client: Any, world: Any, who: str) -> None:
    login(client, who)
    assert client.get("/projects/src/dump").status_code == 403
    token = csrf_token_from(client.get("/account/tokens").get_data(as_text=True))
    answer = load_on_the_page(client, token, b"x", filename="a.gz")
    assert answer.status_code == 403
