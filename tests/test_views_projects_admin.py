"""/projects/new and /projects/<slug>/settings through the Flask client: who may, what is shown."""

from __future__ import annotations

import html
import io
import json
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Project
from annotator.services.accounts.membership import set_member
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login


@pytest.mark.parametrize("role", ["reviewer", "annotator"])
def test_only_admins_see_or_post_the_new_project_form(
    client: Any, make_user: Any, role: str
) -> None:
    make_user("someone", role)
    login(client, "someone")
    assert client.get("/projects/new").status_code == 403
    token = csrf_token_from(client.get("/account/tokens").get_data(as_text=True))
    answer = client.post("/projects/new", data={"csrf_token": token, "slug": "x", "name": "X"})
    assert answer.status_code == 403


def test_a_post_without_the_csrf_token_is_refused(
    client: Any, make_user: Any, session: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    answer = client.post("/projects/new", data={"slug": "x", "name": "X"})
    assert answer.status_code in (400, 403)
    assert session.scalar(select(Project)) is None


def test_an_admin_creates_projects_from_pasted_text_a_file_or_nothing(
    client: Any, make_user: Any, session: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    bad = {"span_labels": [{"name": "OK"}, {"name": "OK"}]}
    answer = client.post(
        "/projects/new",
        data={"csrf_token": token, "slug": "one", "name": "One", "schema_text": json.dumps(bad)},
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    # The second OK, where the name is given twice, on the one line of the text.
    assert "span label OK (line 1): &#39;OK&#39; appears twice" in page
    assert 'id="schema_text-errors"' in page and 'value="one"' in page
    good = {"span_labels": [{"name": "OK"}]}
    answer = client.post(
        "/projects/new",
        data={
            "csrf_token": token,
            "slug": "one",
            "name": "One",
            "schema": (io.BytesIO(json.dumps(good).encode()), "schema.json"),
            "guidelines": "Be *careful* <script>alert(1)</script>",
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    project = session.scalar(select(Project).where(Project.slug == "one"))
    assert [x["name"] for x in project.schema["span_labels"]] == ["OK"]
    answer = client.post("/projects/new", data={"csrf_token": token, "slug": "two", "name": "Two"})
    assert answer.status_code == 302
    two = session.scalar(select(Project).where(Project.slug == "two"))
    assert [x["name"] for x in two.schema["span_labels"]][:2] == ["CLAIM", "SOURCE"]
    again = client.post("/projects/new", data={"csrf_token": token, "slug": "two", "name": "2"})
    assert again.status_code == 409 and "already exists" in again.get_data(as_text=True)


def test_the_guidelines_preview_escapes_html(client: Any, make_user: Any) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    answer = client.post(
        "/projects/new",
        data={
            "csrf_token": token,
            "slug": "x",
            "name": "X",
            "guidelines": "Be *careful* <script>alert(1)</script> [x](javascript:alert(1))",
            "preview": "Preview guidelines",
        },
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "<em>careful</em>" in page and "&lt;script&gt;" in page
    assert "<script>alert" not in page and 'href="javascript' not in page


def test_a_manager_renames_a_label_on_the_settings_page_and_sees_the_versions(
    client: Any, make_user: Any, make_project: Any, make_document: Any, session: Any
) -> None:
    max_ = make_user("max", "annotator")
    project = make_project("demo")
    set_member(session, project, max_, "manager")
    document = make_document(project, "Officials said the plan works.")
    gold = open_layer(session, make_user("rita", "reviewer"), document, "gold")
    add_span(session, gold, "CUE", 10, 14)
    session.commit()
    login(client, "max")
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    schema = json.loads(
        page.split('name="schema_text"', 1)[1]
        .split(">", 1)[1]
        .split("</textarea>")[0]
        .replace("&#34;", '"')
        .replace("&quot;", '"')
        .replace("&#39;", "'")
    )
    removed = dict(schema)
    removed["span_labels"] = [x for x in schema["span_labels"] if x["name"] != "CUE"]
    removed["relation_types"] = [x for x in schema["relation_types"] if x["name"] != "CUED_BY"]
    form = {
        "csrf_token": csrf_token_from(page),
        "name": "Demo",
        "schema_text": json.dumps(removed),
        "guidelines": "",
    }
    answer = client.post("/projects/demo/settings", data=form)
    assert answer.status_code == 409
    assert "CUE is used by 1 span in 1 document (gold: 1)" in answer.get_data(as_text=True)
    renamed = dict(schema)
    renamed["span_labels"] = [
        x | {"name": "CUE_WORD"} if x["name"] == "CUE" else x for x in schema["span_labels"]
    ]
    renamed["relation_types"] = [
        x | {"to": ["CUE_WORD"]} if x["name"] == "CUED_BY" else x for x in schema["relation_types"]
    ]
    form |= {"schema_text": json.dumps(renamed), "renames": '{"labels": {"CUE": "CUE_WORD"}}'}
    answer = client.post("/projects/demo/settings", data=form)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    assert "renamed span label CUE to CUE_WORD" in page and "created" in page
    assert 'id="schema-version">2<' in page


def test_annotators_get_403_on_settings(
    client: Any, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    project = make_project("demo")
    make_project("elsewhere")
    assign(make_document(project, "One sentence."), make_user("alice", "annotator"))
    login(client, "alice")
    assert client.get("/projects/demo/settings").status_code == 403
    # A project she is not in is answered as a missing one.
    assert client.get("/projects/elsewhere/settings").status_code == 404


def test_the_new_project_page_title_is_words_and_its_slug_script_loads_once(
    client: Any, make_user: Any
) -> None:
    """The slug script sat inside <title>, where it is text: the browser tab read
    'New project<script type="module" ...>'."""
    make_user("ada", "admin")
    login(client, "ada")
    page = client.get("/projects/new").get_data(as_text=True)
    assert "<title>New project · annotator</title>" in page
    assert page.count('src="/static/js/slug.js"') == 1


def _settings_schema(client: Any) -> tuple[str, dict[str, Any]]:
    """The settings page's CSRF token and the schema its JSON box shows."""
    page = client.get("/projects/demo/settings").get_data(as_text=True)
    text = page.split('name="schema_text"', 1)[1].split(">", 1)[1].split("</textarea>")[0]
    return csrf_token_from(page), json.loads(html.unescape(text))


def _line_of(text: str, said: str) -> int:
    """The line (from 1) of ``text`` holding ``said``."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if said in line)


def _schema_said(page: str) -> str:
    errors = page[page.index('id="schema_text-errors"') :]
    return html.unescape(errors[: errors.index("</ul>")].split("<li>")[1].split("</li>")[0])


@pytest.mark.parametrize(
    ("change", "entry_starts", "said"),
    [
        (
            lambda s: s["span_labels"][1].update(color="blue"),
            '"name": "SOURCE"',
            "span label SOURCE (line {}): color must look like #1f77b4, got 'blue'",
        ),
        (
            lambda s: s["span_labels"].append({"name": "QUOTE", "key": "c"}),
            '"name": "QUOTE"',
            "span label QUOTE (line {}): key 'c' is already used by span label CLAIM",
        ),
        (
            lambda s: s["span_labels"][0]["attributes"][0].update(values=[]),
            '"name": "claimer"',
            "span label CLAIM, attribute claimer (line {}): 'values' must be a non-empty list",
        ),
        (
            lambda s: s["sentence_labels"][1].update(keys=["f", "j", None]),
            '"name": "stance"',
            "sentence label stance, value AGAINST (line {}): key 'j' is reserved by the workspace "
            "(the next sentence)",
        ),
        (
            lambda s: s.update(queue_order="random"),
            '"queue_order"',
            "line {}: 'queue_order' must be one of documents, uncertainty, got 'random'",
        ),
    ],
)
def test_a_refused_schema_is_said_by_entry_and_line_under_the_json_box(
    client: Any,
    make_user: Any,
    make_project: Any,
    session: Any,
    change: Any,
    entry_starts: Any,
    said: str,
) -> None:
    # It said the API's message, "span_labels[1] 'SOURCE': color must look like ...", and
    # left the lead to count entries in the box to find the second span label.
    max_ = make_user("max", "annotator")
    set_member(session, make_project("demo"), max_, "manager")
    session.commit()
    login(client, "max")
    token, schema = _settings_schema(client)
    change(schema)
    text = json.dumps(schema, indent=2)
    form = {"csrf_token": token, "name": "Demo", "schema_text": text, "guidelines": ""}
    answer = client.post("/projects/demo/settings", data=form)
    assert answer.status_code == 422
    # An entry starts on the line before its name: its "{"; a setting of the schema itself
    # is at its key's own line.
    line = _line_of(text, entry_starts) - (0 if said.startswith("line ") else 1)
    assert _schema_said(answer.get_data(as_text=True)) == said.format(line)


def test_a_new_project_s_yaml_schema_is_refused_at_its_entry_s_line(
    client: Any, make_user: Any
) -> None:
    make_user("ada", "admin")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    text = "span_labels:\n  - name: A\n\n  - name: B\n    key: jj\n"
    form = {"csrf_token": token, "slug": "one", "name": "One", "schema_text": text}
    answer = client.post("/projects/new", data=form)
    assert answer.status_code == 422
    said = "span label B (line 4): key must be a single character, got 'jj'"
    assert _schema_said(answer.get_data(as_text=True)) == said


def test_a_project_name_of_blanks_is_said_missing_under_name(
    client: Any, session: Any, make_user: Any, make_project: Any
) -> None:
    """A name of spaces was accepted as typed; the page's script then made an empty slug from
    it, and the only error said the slug was missing."""
    make_user("ada", "admin")
    make_project("kept", name="Kept")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    answer = client.post("/projects/new", data={"csrf_token": token, "slug": "x", "name": "   "})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400, page  # as the form's other refusals are
    assert 'id="name-errors"' in page and "Give the project a name." in page
    assert session.scalar(select(Project).where(Project.slug == "x")) is None
    # The settings page says it the same way, and keeps the name it had.
    settings = client.get("/projects/kept/settings").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(settings), "name": " \t ", "annotators_per_document": "2"}
    refused = client.post("/projects/kept/settings", data=data)
    assert refused.status_code == 400
    assert "Give the project a name." in refused.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(Project.name).where(Project.slug == "kept")) == "Kept"


def test_a_new_or_renamed_project_may_not_take_another_projects_name(
    client: Any, session: Any, runner: Any, make_user: Any, make_project: Any
) -> None:
    """Two projects named alike were told apart only by their slugs on the projects list."""
    make_user("ada", "admin")
    make_project("kept", name="Russian foreign policy")
    make_project("other", name="Other")
    login(client, "ada")
    token = csrf_token_from(client.get("/projects/new").get_data(as_text=True))
    data = {"csrf_token": token, "slug": "copy", "name": "russian foreign POLICY"}
    answer = client.post("/projects/new", data=data)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409, page
    said = "the project &#39;kept&#39; is named &#39;Russian foreign policy&#39;, which reads alike"
    assert said in page[page.index('id="name-errors"') :]
    assert session.scalar(select(Project).where(Project.slug == "copy")) is None
    # Renaming another project onto it is refused too; a project renamed in its own case is not.
    settings = client.get("/projects/other/settings").get_data(as_text=True)
    rename = {"csrf_token": csrf_token_from(settings), "annotators_per_document": "2"}
    taken = {**rename, "name": "Russian foreign policy"}
    refused = client.post("/projects/other/settings", data=taken)
    assert refused.status_code == 409
    assert "the project &#39;kept&#39; has that name" in refused.get_data(as_text=True)
    own = client.get("/projects/kept/settings").get_data(as_text=True)
    recased = {"csrf_token": csrf_token_from(own), "annotators_per_document": "2"}
    recased["name"] = "Russian Foreign Policy"
    kept = client.post("/projects/kept/settings", data=recased)
    assert kept.status_code == 302
    session.expire_all()
    names = dict(session.execute(select(Project.slug, Project.name)).all())
    assert names == {"kept": "Russian Foreign Policy", "other": "Other"}
    # The command line says the same.
    cli = runner.invoke(args=["projects", "create", "third", "--name", "OTHER"])
    assert cli.exit_code != 0 and "the project 'other' is named 'Other'" in cli.output
