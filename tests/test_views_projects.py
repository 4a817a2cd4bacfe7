"""Projects list, project page and document page: login, visibility, progress, escaping."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from annotator.models import Assignment
from tests.helpers import login, logout

XSS_TITLE = "<script>alert(1)</script> headline"
XSS_TEXT = "First <img src=x onerror=alert(1)> sentence.\n\nSecond <script>alert(1)</script> one."


def _set_status(session: Session, document: Any, user: Any, status: str) -> None:
    session.execute(
        update(Assignment)
        .where(Assignment.document_id == document.id, Assignment.user_id == user.id)
        .values(status=status)
    )
    session.commit()


@pytest.fixture
def world(
    session: Session, make_world: Any, make_project: Any, make_document: Any, assign: Any
) -> SimpleNamespace:
    """Two projects; alice and bob share doc1, alice alone has doc2, carol has only `other`."""
    people = dict.fromkeys(("alice", "bob", "carol"), "annotator") | {"rita": "reviewer"}
    made = make_world(
        people,
        name="Demo news",
        members={},
        doc1=("Alpha one. Alpha two.", "alpha.txt", {"title": "Alpha"}),
        doc2=("Beta text here.", "beta.txt", {"title": "Beta"}),
        doc3=("Gamma nobody has.", "gamma.txt", {"title": "Gamma"}),
    )
    other = make_project("other", name="Other project")
    doc4 = make_document(other, "Other text.", external_id="o.txt", title="Elsewhere")
    assign(made.doc1, made.alice, made.bob)
    assign(made.doc2, made.alice)
    assign(doc4, made.carol)
    _set_status(session, made.doc1, made.bob, "done")
    _set_status(session, made.doc2, made.alice, "in_progress")
    return SimpleNamespace(
        alice=made.alice, bob=made.bob, carol=made.carol, rita=made.rita, demo=made.project,
        other=other, doc1=made.doc1, doc2=made.doc2, doc3=made.doc3, doc4=doc4,
    )  # fmt: skip


def _rows(html: str) -> dict[str, str]:
    """Map each table row's linked name to the row's HTML."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        link = re.search(r"<a [^>]*>([^<]+)</a>", row)
        if link:
            rows[link.group(1).strip()] = row
    return rows


@pytest.mark.parametrize(
    "url",
    ["/", "/projects/demo", "/projects/nope", "/projects/demo/documents/1"],
)
def test_pages_redirect_anonymous_visitors_to_login(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/auth/login?next=")
    # And the login brings them back where they were going.
    assert "next=" + url.replace("/", "%2F") in location or f"next={url}" in location


def test_login_brings_the_visitor_back_to_the_page(client: FlaskClient, world: Any) -> None:
    target = client.get("/projects/demo").headers["Location"]
    next_path = re.search(r"next=([^&]+)", target).group(1).replace("%2F", "/")
    response = login(client, "alice", next=next_path)
    assert response.headers["Location"] == "/projects/demo"


def test_annotator_sees_only_projects_with_their_documents(client: FlaskClient, world: Any) -> None:
    login(client, "alice")
    html = client.get("/").get_data(as_text=True)
    rows = _rows(html)
    assert set(rows) == {"Demo news"}
    # Their own queue: two documents, none done by them (bob's "done" is not theirs).
    assert re.search(r'class="num">2<', rows["Demo news"])
    assert "0 of 2 done" in rows["Demo news"]
    assert "yours" in rows["Demo news"] and "all annotators" not in rows["Demo news"]
    # Whose they are, in brackets after the count: "0 of 2 done yours" read as a slip.
    assert re.search(
        r"0 of 2 done</span>\s*</span>\s*<span class=\"muted\">\(yours\)</span>", rows["Demo news"]
    )


def test_reviewer_sees_every_project_with_overall_progress(client: FlaskClient, world: Any) -> None:
    login(client, "rita")
    rows = _rows(client.get("/").get_data(as_text=True))
    assert set(rows) == {"Demo news", "Other project"}
    assert re.search(r'class="num">3<', rows["Demo news"])
    assert "1 of 3 done" in rows["Demo news"]
    assert "0 of 1 done" in rows["Other project"]
    assert '<progress value="1" max="3"' in rows["Demo news"]
    # Everyone's counts, and said so: not "yours".
    assert "all annotators" in rows["Demo news"] and "yours" not in rows["Demo news"]
    assert '<span class="muted">(all annotators)</span>' in rows["Demo news"]


def test_annotator_project_page_lists_own_queue_with_own_status(
    client: FlaskClient, world: Any
) -> None:
    login(client, "alice")
    html = client.get("/projects/demo").get_data(as_text=True)
    rows = _rows(html)
    assert set(rows) == {"Alpha", "Beta"}
    assert "Not started" in rows["Alpha"]
    assert "In progress" in rows["Beta"]
    # bob finished Alpha, but that is bob's status: alice must not see it or bob at all.
    assert "Done" not in rows["Alpha"]
    assert "bob" not in html
    assert "0 of 2" in html


def test_other_annotator_sees_their_own_status_of_a_shared_document(
    client: FlaskClient, world: Any
) -> None:
    login(client, "bob")
    html = client.get("/projects/demo").get_data(as_text=True)
    rows = _rows(html)
    assert set(rows) == {"Alpha"}
    assert "Done" in rows["Alpha"]
    assert "alice" not in html
    assert "1 of 1" in html


def test_reviewer_project_page_lists_all_documents_with_assignees(
    client: FlaskClient, world: Any
) -> None:
    login(client, "rita")
    html = client.get("/projects/demo").get_data(as_text=True)
    rows = _rows(html)
    assert set(rows) == {"Alpha", "Beta", "Gamma"}
    assert "alice" in rows["Alpha"] and "bob" in rows["Alpha"]
    assert "1 of 2 done" in rows["Alpha"]
    assert "0 of 1 done" in rows["Beta"]
    assert "Nobody yet" in rows["Gamma"]
    assert "1 of 3 (33%)" in html
    assert (
        '<th scope="col" role="columnheader">' in html
        and '<th scope="row" role="rowheader">' in html
    )
    assert f'href="/projects/demo/documents/{world.doc1.id}"' in html


def test_project_of_someone_else_is_not_found(client: FlaskClient, world: Any) -> None:
    login(client, "alice")
    response = client.get("/projects/other")
    assert response.status_code == 404
    assert "Elsewhere" not in response.get_data(as_text=True)


def test_unknown_project_is_not_found(client: FlaskClient, world: Any) -> None:
    login(client, "rita")
    assert client.get("/projects/nope").status_code == 404
    assert client.get("/projects/nope/documents/1").status_code == 404


def test_document_page_shows_sentences_to_an_assignee(client: FlaskClient, world: Any) -> None:
    login(client, "alice")
    response = client.get(f"/projects/demo/documents/{world.doc1.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 title="Alpha">Alpha</h1>' in html
    # Each in its own direction (dir="auto"), for right-to-left text.
    sentences = re.findall(r'<li value="(\d+)" class="sentence" dir="auto">([^<]*)</li>', html)
    # Numbered from 1 on screen, as on every page (0-based in the data).
    assert sentences == [("1", "Alpha one."), ("2", "Alpha two.")]


def test_document_page_refuses_annotators_not_assigned(client: FlaskClient, world: Any) -> None:
    login(client, "alice")
    assert client.get(f"/projects/demo/documents/{world.doc3.id}").status_code == 404
    logout(client)
    login(client, "rita")
    assert client.get(f"/projects/demo/documents/{world.doc3.id}").status_code == 200


def test_document_page_needs_the_document_to_be_in_that_project(
    client: FlaskClient, world: Any
) -> None:
    login(client, "rita")
    assert client.get(f"/projects/demo/documents/{world.doc4.id}").status_code == 404
    assert client.get("/projects/demo/documents/999999").status_code == 404


def test_titles_and_text_are_escaped_everywhere(
    client: FlaskClient, make_user: Any, make_project: Any, make_document: Any, assign: Any
) -> None:
    alice = make_user("alice", "annotator")
    project = make_project("xss", name="<b>bold</b> project")
    document = make_document(project, XSS_TEXT, external_id="<i>x</i>.txt", title=XSS_TITLE)
    assign(document, alice)
    login(client, "alice")
    pages = [
        client.get("/").get_data(as_text=True),
        client.get("/projects/xss").get_data(as_text=True),
        client.get(f"/projects/xss/documents/{document.id}").get_data(as_text=True),
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>bold</b>" not in html and "<i>x</i>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt; project" in pages[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; headline" in pages[1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[2]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]


@pytest.mark.parametrize("path", ["/", "/projects/demo", "/projects/other"])
def test_pages_carry_the_content_security_policy(
    client: FlaskClient, world: Any, path: str
) -> None:
    login(client, "alice")
    response = client.get(path)  # /projects/other is a 403 page: it gets the policy too
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "<script" not in response.get_data(as_text=True)


def test_header_names_the_user_and_role_and_offers_logout(client: FlaskClient, world: Any) -> None:
    login(client, "rita")
    html = client.get("/").get_data(as_text=True)
    assert '<span class="account__name">rita</span>' in html
    assert ">reviewer</span>" in html
    assert re.search(r'<form[^>]*method="post"[^>]*action="/auth/logout"', html)


def test_project_list_is_friendly_when_empty(client: FlaskClient, make_user: Any) -> None:
    make_user("dora", "annotator")
    login(client, "dora")
    html = client.get("/").get_data(as_text=True)
    assert "No documents have been assigned to you yet." in html
    assert "<table" not in html


def _setup_steps(html: str) -> str:
    """Return the project page's first-steps card, or "" when the page has none."""
    found = re.search(r'<section class="setup-steps".*?</section>', html, flags=re.S)
    return found.group(0) if found else ""


def test_a_new_projects_manager_is_shown_its_first_steps_until_they_are_taken(
    client: FlaskClient,
    session: Session,
    make_user: Any,
    make_project: Any,
    make_document: Any,
    assign: Any,
) -> None:
    """Import, then assign: each step links where it is done and is ticked once it is."""
    from annotator.services.accounts import membership

    max_ = make_user("max", "annotator")
    ann = make_user("ann", "annotator")
    project = make_project("fresh", name="Fresh")
    membership.set_member(session, project, max_, "manager")
    session.commit()
    login(client, "max")

    steps = _setup_steps(client.get("/projects/fresh").get_data(as_text=True))
    assert 'href="#upload-heading">Import documents</a>' in steps
    assert 'href="/projects/fresh/assignments">Assign the documents</a>' in steps
    assert 'href="/projects/fresh/people">add reviewers</a>' in steps

    document = make_document(project, "One sentence here.", external_id="one.txt")
    steps = _setup_steps(client.get("/projects/fresh").get_data(as_text=True))
    assert "Documents imported: 1." in steps and "Import documents</a>" not in steps
    assert "Assign the documents</a>" in steps

    assign(document, ann)
    assert _setup_steps(client.get("/projects/fresh").get_data(as_text=True)) == ""


def test_the_first_steps_have_the_labels_checked_before_documents_are_assigned(
    client: FlaskClient, session: Session, make_user: Any, make_project: Any
) -> None:
    """The labels page was missing from the steps: a lead checks what annotators will mark
    (the default scheme, unless a schema was given) before anyone starts marking it."""
    from annotator.services.accounts import membership

    max_ = make_user("max", "annotator")
    membership.set_member(session, make_project("fresh", name="Fresh"), max_, "manager")
    session.commit()
    login(client, "max")
    steps = _setup_steps(client.get("/projects/fresh").get_data(as_text=True))
    labels = steps.find('href="/projects/fresh/labels">Check the labels</a>')
    assert labels != -1
    assert labels < steps.find("Assign the documents</a>")
    marks = re.findall(r'setup-step__mark" aria-hidden="true">(\d)<', steps)
    assert marks == ["1", "2", "3", "4"]


def test_annotators_are_not_shown_the_first_steps(client: FlaskClient, world: Any) -> None:
    """Only those who may import and assign are pointed at it; an empty project as well."""
    login(client, "alice")
    assert _setup_steps(client.get("/projects/demo").get_data(as_text=True)) == ""


def test_an_annotator_with_nothing_assigned_is_told_so_not_that_the_project_is_empty(
    client: FlaskClient, session: Session, world: Any
) -> None:
    """carol is a member of demo (which has documents) with none of them hers yet."""
    from annotator.services.accounts import membership

    membership.set_member(session, world.demo, world.carol, "annotator")
    session.commit()
    login(client, "carol")
    html = client.get("/projects/demo").get_data(as_text=True)
    assert 'id="nothing-assigned"' in html and "Nothing is assigned to you" in html
    assert "This project has no documents yet." not in html


def test_the_projects_address_leads_to_the_list(
    client: FlaskClient, world: SimpleNamespace
) -> None:
    # Every project's page is /projects/<slug>, so /projects is what a new user tries for the
    # list (at /); it answered 404.
    login(client, "alice")
    moved = client.get("/projects")
    assert moved.status_code == 301 and moved.headers["Location"] == "/"
    listed = client.get("/projects", follow_redirects=True)
    assert listed.status_code == 200
    assert "Demo news" in listed.get_data(as_text=True)


def test_the_labels_step_is_ticked_once_the_labels_are_saved_or_in_use(
    client: FlaskClient,
    session: Session,
    make_user: Any,
    make_project: Any,
    make_document: Any,
) -> None:
    """ "1 Check the labels" never ticked: it is done once a lead saved the labels (the
    project's schema changed since it was made) or anyone marked with them (a span or a label
    in a layer other than the suggestions)."""
    import copy

    from annotator.core.schema_renames import Renames
    from annotator.models import Layer, Span
    from annotator.services.accounts import membership
    from annotator.services.schema.changes import change_schema

    max_ = make_user("max", "annotator")
    saved = make_project("saved", name="Saved")
    used = make_project("used", name="Used")
    for project in (saved, used):
        membership.set_member(session, project, max_, "manager")
    session.commit()
    login(client, "max")

    def labels_step(slug: str) -> str:
        steps = _setup_steps(client.get(f"/projects/{slug}").get_data(as_text=True))
        found = re.search(r'<li class="setup-step[^"]*">.*?</li>', steps, flags=re.S)
        assert found is not None
        return found.group(0)

    assert "setup-step--done" not in labels_step("saved")
    schema = copy.deepcopy(saved.schema)
    schema["span_labels"][0]["description"] = "Checked by the lead"
    change_schema(session, saved, max_, schema, Renames())
    session.commit()
    step = labels_step("saved")
    assert "setup-step--done" in step and 'aria-hidden="true">✓<' in step
    assert 'href="/projects/saved/labels">' in step  # still a way back to them

    document = make_document(used, "One sentence here.", external_id="one.txt")
    suggested = Layer(document_id=document.id, user_id=None, key="suggestions")
    session.add(suggested)
    session.flush()
    session.add(Span(layer_id=suggested.id, label="CLAIM", start=0, end=3, attributes={}))
    session.commit()
    assert "setup-step--done" not in labels_step("used")  # a model's guess is no use
    gold = Layer(document_id=document.id, user_id=None, key="gold")
    session.add(gold)
    session.flush()
    session.add(Span(layer_id=gold.id, label="CLAIM", start=0, end=3, attributes={}))
    session.commit()
    assert "setup-step--done" in labels_step("used")
