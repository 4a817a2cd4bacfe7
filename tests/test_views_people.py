"""The administration pages: people, a project's members and assignments, the audit log."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import Assignment, AuditEntry, User
from annotator.services.accounts import membership
from tests.helpers import csrf_token_from, login

TEXT = "One sentence here. Another one there."


@pytest.fixture
def world(make_world: Any) -> dict[str, Any]:
    people = {"root": "admin", "man": "annotator", "ann": "annotator"}
    people |= {"bob": "annotator", "cat": "annotator", "zed": "annotator"}
    members = {"man": "manager"} | {name: "annotator" for name in ("ann", "bob", "cat")}
    docs = {f"a{i}": (TEXT, f"a-{i}") for i in range(4)}
    made = make_world(people, slug="a", members=members, tokens=False, **docs)  # zed elsewhere
    users = {name: getattr(made, name) for name in people}
    return {"project": made.project, "users": users, "docs": [getattr(made, k) for k in docs]}


def _as(app: Any, name: str) -> Any:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _post(client: Any, page: str, action: str, data: dict[str, Any]) -> Any:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data})


def _actions(session: Any) -> list[str]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def _loads(html: str) -> dict[str, tuple[int, int, int]]:
    rows = re.findall(
        r'<tr[^>]* data-username="([^"]+)"[^>]*>.*?data-column="assigned">(\d+)<.*?'
        r'data-column="open">(\d+)<.*?data-column="done">(\d+)<',
        html,
        re.S,
    )
    return {name: (int(a), int(o), int(d)) for name, a, o, d in rows}


def test_the_people_page_creates_users_with_the_password_rule(
    app: Any, session: Any, world: Any
) -> None:
    root = _as(app, "root")
    short = _post(
        root,
        "/admin/users",
        "/admin/users",
        {"username": "dan", "role": "reviewer", "password": "short"},
    )
    assert short.status_code == 422
    html = short.get_data(as_text=True)
    assert re.search(r'id="password-errors">\s*<li>[^<]*at least 10', html)
    assert session.scalar(select(User).where(User.username == "dan")) is None
    good = _post(
        root,
        "/admin/users",
        "/admin/users",
        {"username": "dan", "role": "reviewer", "password": "dans own passphrase"},
    )
    assert good.status_code == 302
    page = root.get("/admin/users").get_data(as_text=True)
    assert 'data-username="dan"' in page and "Created reviewer dan." in page
    assert _actions(session) == ["user.create"]
    taken = _post(
        root,
        "/admin/users",
        "/admin/users",
        {"username": "dan", "role": "reviewer", "password": "dans own passphrase"},
    )
    assert taken.status_code == 409 and "already exists" in taken.get_data(as_text=True)


def test_the_people_page_changes_role_password_and_state(
    app: Any, session: Any, world: Any
) -> None:
    root, cat = _as(app, "root"), _as(app, "cat")
    assert (
        _post(root, "/admin/users", "/admin/users/cat/role", {"role": "reviewer"}).status_code
        == 302
    )
    changed = _post(
        root, "/admin/users", "/admin/users/cat/password", {"password": "a fresh passphrase"}
    )
    assert changed.status_code == 302
    # A new password ends cat's sessions; the new one works.
    assert cat.get("/").status_code == 302
    assert login(app.test_client(), "cat", "a fresh passphrase").status_code == 302
    # Disable asks first (tests/test_end_sessions.py); confirmed, it disables.
    confirmed = {"confirm": "1"}
    assert _post(root, "/admin/users", "/admin/users/cat/disable", confirmed).status_code == 302
    assert login(app.test_client(), "cat", "a fresh passphrase").status_code != 302
    assert _post(root, "/admin/users", "/admin/users/cat/enable", {}).status_code == 302
    session.expire_all()
    stored = session.scalar(select(User).where(User.username == "cat"))
    assert (stored.role, stored.active) == ("reviewer", True)
    assert _actions(session) == ["user.update"] * 4
    entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert entries[1].after == {"password": "changed"}
    assert entries[2].before == {"active": True} and entries[2].after == {"active": False}


def test_a_form_without_its_csrf_token_changes_nothing(app: Any, session: Any, world: Any) -> None:
    root = _as(app, "root")
    answer = root.post("/admin/users/cat/role", data={"role": "admin"})
    assert answer.status_code in (400, 403)
    answer = root.post("/projects/a/people", data={"username": "cat", "role": "manager"})
    assert answer.status_code in (400, 403)
    assert _actions(session) == []


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit"])
def test_only_admins_see_the_admin_pages(app: Any, world: Any, path: str) -> None:
    assert _as(app, "man").get(path).status_code == 403
    root = _as(app, "root")
    assert root.get(path).status_code == 200
    links = root.get("/").get_data(as_text=True)
    assert 'href="/admin/users"' in links and 'href="/admin/audit"' in links
    assert 'href="/admin/users"' not in _as(app, "man").get("/").get_data(as_text=True)


def test_the_manager_adds_changes_and_removes_members(app: Any, session: Any, world: Any) -> None:
    man = _as(app, "man")
    page = "/projects/a/people"
    assert _post(man, page, page, {"username": "cat", "role": "reviewer"}).status_code == 302
    html = man.get(page).get_data(as_text=True)
    assert re.search(r'data-username="cat">\s*<th scope="row">cat</th>\s*<td>reviewer</td>', html)
    assert _post(man, page, page, {"username": "cat", "role": "manager"}).status_code == 302
    assert _post(man, page, "/projects/a/people/cat/remove", {}).status_code == 302
    assert 'data-username="cat"' not in man.get(page).get_data(as_text=True)
    assert _actions(session) == ["member.set", "member.set", "member.remove"]


def test_assignment_page_assigns_reassigns_and_unassigns(
    app: Any, session: Any, world: Any
) -> None:
    # zed joins as an annotator to take documents over (the manager, man, may not take any).
    membership.set_member(session, world["project"], world["users"]["zed"], "annotator")
    session.commit()
    man = _as(app, "man")
    page = "/projects/a/assignments"
    assigned = _post(man, page, page, {"annotators": ["ann", "bob", "cat"], "per_document": "2"})
    assert assigned.status_code == 302
    html = man.get(page).get_data(as_text=True)
    assert "8 new assignments over 4 documents: #1 (a-0), #2 (a-1), #3 (a-2), #4 (a-3)." in html
    loads = _loads(html)
    # 4 documents x 2 annotators over 3 annotators: loads within one of each other.
    assert sorted(loads[n][0] for n in ("ann", "bob", "cat")) == [2, 3, 3]
    assert "man" not in loads  # the manager annotates nothing (test_loads_list_those_who_annotate)

    # One document of ann's goes to zed.
    doc = next(d for d in world["docs"] if _has(session, d.id, world["users"]["ann"].id))
    moved = _post(
        man,
        page,
        f"{page}/reassign",
        {"from_user": "ann", "to_user": "zed", "document": f"#{doc.number}"},
    )
    assert moved.status_code == 302
    assert _has(session, doc.id, world["users"]["zed"].id)
    assert not _has(session, doc.id, world["users"]["ann"].id)
    loads = _loads(man.get(page).get_data(as_text=True))
    assert loads["zed"][0] == 1

    # All of cat's open documents go to zed, except those zed has already.
    before = loads["cat"][0]
    _post(man, page, f"{page}/reassign", {"from_user": "cat", "to_user": "zed", "document": ""})
    loads = _loads(man.get(page).get_data(as_text=True))
    assert loads["cat"][0] <= 1 and loads["zed"][0] + loads["cat"][0] == 1 + before

    # Unassign everything bob has open.
    _post(man, page, f"{page}/unassign", {"user": "bob", "document": ""})
    assert _loads(man.get(page).get_data(as_text=True))["bob"] == (0, 0, 0)
    assert _actions(session) == [
        "assignment.create",
        "assignment.reassign",
        "assignment.reassign",
        "assignment.remove",
    ]


def test_loads_list_those_who_annotate(
    app: Any, session: Any, world: Any, make_user: Any, assign: Any
) -> None:
    """The Loads table's heading is Annotator: it listed the project's manager and reviewer
    too, each with 0 assigned, as if they were annotators with no work yet."""
    rita, ivy = make_user("rita", "reviewer"), make_user("ivy", "annotator")
    membership.set_member(session, world["project"], rita, "reviewer")
    membership.set_member(session, world["project"], ivy, "annotator")
    session.commit()
    # bob holds a document from before he became the project's reviewer: still listed, his
    # project role said beside it.
    assign(world["docs"][0], world["users"]["bob"])
    membership.set_member(session, world["project"], world["users"]["bob"], "reviewer")
    session.commit()
    html = _as(app, "man").get("/projects/a/assignments").get_data(as_text=True)
    loads = _loads(html)
    assert sorted(loads) == ["ann", "bob", "cat", "ivy"]  # not man (manager), not rita
    assert loads["bob"] == (1, 1, 0) and loads["ivy"] == (0, 0, 0)
    bob_row = re.search(r'<tr[^>]* data-username="bob".*?</tr>', html, re.S)
    assert bob_row is not None and 'data-label="Project role">reviewer<' in bob_row.group(0)


def test_assignment_page_says_what_is_wrong(app: Any, session: Any, world: Any) -> None:
    man = _as(app, "man")
    page = "/projects/a/assignments"
    answer = _post(man, page, page, {"annotators": ["ann"], "per_document": "2"})
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    # In the words of the page's field, not as the command line's --per-document option.
    said = "Annotators per document must be from 1 to 1, the number of annotators given, not 2"
    # A refusal is drawn as a warning, never in the style of a change that was made.
    assert f'<p class="flash flash--warning">{said}</p>' in html
    assert "--per-document" not in html
    assert session.scalar(select(Assignment.id)) is None
    assert _actions(session) == []
    _post(man, page, page, {"annotators": ["ann"], "per_document": "1"})
    answer = _post(man, page, f"{page}/unassign", {"user": "ann", "document": "999999"})
    assert "no document &#39;999999&#39; in project &#39;a&#39;" in answer.get_data(as_text=True)
    assert _loads(man.get(page).get_data(as_text=True))["ann"] == (4, 4, 0)
    assert _actions(session) == ["assignment.create"]


@pytest.mark.parametrize(
    ("action", "form", "field", "said"),
    [
        ("reassign", {"from_user": "ann", "to_user": "ann"}, "to_user", "cannot take over"),
        (
            "unassign",
            {"user": "ann", "document": "999999"},
            "unassign-document",
            "no document &#39;999999&#39; in project &#39;a&#39;",
        ),
    ],
)
def test_a_refused_reassign_or_unassign_is_said_by_its_field(
    app: Any, world: Any, action: str, form: dict[str, str], field: str, said: str
) -> None:
    """As the assign form's K: the refusal by the field it is about, marked invalid (the
    unassign form's document field named apart from the reassign form's, both on the page)."""
    man = _as(app, "man")
    page = "/projects/a/assignments"
    _post(man, page, page, {"annotators": ["ann"], "per_document": "1"})
    html = _post(man, page, f"{page}/{action}", form).get_data(as_text=True)
    tag = re.search(rf'<[a-z]+ [^>]*id="{field}"[^>]*>', html)
    assert tag is not None
    assert 'aria-invalid="true"' in tag.group(0) and f"{field}-errors" in tag.group(0)
    errors = re.search(rf'<ul class="field__errors" id="{field}-errors">(.*?)</ul>', html, re.S)
    assert errors is not None and said in errors.group(1)
    assert html.count(f'id="{field}"') == 1


@pytest.mark.parametrize(("k", "shown"), [(3, "3"), (None, "2")])
def test_assignment_page_offers_the_projects_k(
    app: Any, session: Any, world: Any, k: int | None, shown: str
) -> None:
    """K starts as the schema's ``annotators_per_document``, else 2, as the CLI's default."""
    project = world["project"]
    project.schema = {**project.schema, "annotators_per_document": k}
    session.commit()
    html = _as(app, "man").get("/projects/a/assignments").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="per_document"[^>]*>', html)
    assert field is not None and f'value="{shown}"' in field.group(0)


def test_each_assignment_form_says_what_it_did_or_what_it_lacks(
    app: Any, session: Any, world: Any
) -> None:
    """A form filled in wrong is refused with its own message; a change says what it did."""
    man = _as(app, "man")
    page = "/projects/a/assignments"
    # Not filled in, or naming someone outside the project (not among the form's choices).
    lacking = _post(man, page, page, {"per_document": "1"}).get_data(as_text=True)
    assert (
        '<p class="flash flash--warning">Tick at least one annotator and give a number' in lacking
    )
    answer = _post(man, page, f"{page}/reassign", {"from_user": "ann", "to_user": "zed"})
    assert "Choose both annotators." in answer.get_data(as_text=True)
    answer = _post(man, page, f"{page}/unassign", {"user": "ann", "document": "x"})
    assert "Choose an annotator." in answer.get_data(as_text=True)
    assert session.scalar(select(Assignment.id)) is None
    assert _actions(session) == []

    _post(man, page, page, {"annotators": ["ann"], "per_document": "1"})
    done = man.get(page).get_data(as_text=True)
    assert '<p class="flash">4 new assignments over 4 documents: #1 (a-0), #2 (a-1),' in done
    doc = world["docs"][0]
    named = {"from_user": "ann", "to_user": "bob", "document": f"#{doc.number}"}
    _post(man, page, f"{page}/reassign", named)
    assert "Moved to bob: 1 document." in man.get(page).get_data(as_text=True)
    _post(man, page, f"{page}/unassign", {"user": "ann", "document": ""})
    assert "Unassigned from ann: 3 documents." in man.get(page).get_data(as_text=True)
    assert _loads(man.get(page).get_data(as_text=True))["bob"] == (1, 1, 0)


def test_a_refused_assignment_form_keeps_what_was_typed_and_ticked(
    app: Any, session: Any, world: Any
) -> None:
    """Refused (K above the annotators ticked, or K not a number), the assign form came back
    with the project's K and every annotator ticked again; it now shows what was sent."""
    man = _as(app, "man")
    page = "/projects/a/assignments"
    for per_document, status in (("3", 422), ("three", 400)):
        answer = _post(
            man, page, page, {"annotators": ["ann", "cat"], "per_document": per_document}
        )
        assert answer.status_code == status
        html = answer.get_data(as_text=True)
        field = re.search(r'<input[^>]*name="per_document"[^>]*>', html)
        assert field is not None and f'value="{per_document}"' in field.group(0)
        ticked = re.findall(r'<input checked[^>]*name="annotators"[^>]*value="([^"]+)"', html)
        ticked += re.findall(r'<input[^>]*name="annotators"[^>]*value="([^"]+)"[^>]*checked', html)
        assert sorted(ticked) == ["ann", "cat"]
    assert session.scalar(select(Assignment.id)) is None
    # The other forms come back fresh, on their empty first choice.
    answer = _post(man, page, f"{page}/unassign", {"user": "ann", "document": "x"})
    html = answer.get_data(as_text=True)
    field = re.search(r'<input[^>]*name="per_document"[^>]*>', html)
    assert field is not None and 'value="2"' in field.group(0)


def test_the_admin_adds_a_member_by_name_and_a_refusal_is_said_under_the_field(
    app: Any, session: Any, world: Any
) -> None:
    """The admin's add form is the typed name (not a select of every user) with a role; an
    unknown name or a member already is refused under the field, naming look-alikes."""
    root = _as(app, "root")
    page = "/projects/a/people"
    html = root.get(page).get_data(as_text=True)
    assert re.search(r'<select[^>]*name="username"', html) is None
    typed = re.search(r'<input[^>]*name="username"[^>]*>', html)
    assert typed is not None and 'list="member-suggestions"' in typed.group(0)
    # Few non-members: the field's list holds them (test_views_people_names), no member.
    offered = re.search(r'<datalist id="member-suggestions">(.*?)</datalist>', html, re.S)
    assert offered is not None and 'value="zed"' in offered.group(1)
    assert 'value="cat"' not in offered.group(1)

    unknown = _post(root, page, f"{page}/add", {"username": "ze", "role": "annotator"})
    assert unknown.status_code == 422  # a refused form, shown again
    said = unescape(unknown.get_data(as_text=True))
    errors = re.search(r'id="username-errors">\s*<li>([^<]*)</li>', said)
    assert errors is not None and "no user called 'ze'" in errors.group(1)
    assert "zed" in errors.group(1)  # the look-alike a non-member has
    field = re.search(r'<input[^>]*name="username"[^>]*>', said)
    assert field is not None and 'value="ze"' in field.group(0)
    assert 'aria-invalid="true"' in field.group(0)

    member = _post(root, page, f"{page}/add", {"username": "cat", "role": "reviewer"})
    assert member.status_code == 409
    errors = re.search(r'id="username-errors">\s*<li>([^<]*)</li>', member.get_data(as_text=True))
    assert errors is not None and "cat is already a member" in errors.group(1)

    empty = _post(root, page, f"{page}/add", {"username": "", "role": "annotator"})
    assert empty.status_code == 400 and 'id="username-errors"' in empty.get_data(as_text=True)
    assert _actions(session) == []

    added = _post(root, page, f"{page}/add", {"username": "zed", "role": "reviewer"})
    assert added.status_code == 302
    assert re.search(
        r'data-username="zed">\s*<th scope="row">zed</th>\s*<td>reviewer</td>',
        root.get(page).get_data(as_text=True),
    )
    # A member's own row changes their role through the save form.
    assert _post(root, page, page, {"username": "ann", "role": "reviewer"}).status_code == 302
    assert re.search(
        r'data-username="ann">\s*<th scope="row">ann</th>\s*<td>reviewer</td>',
        root.get(page).get_data(as_text=True),
    )
    assert _actions(session) == ["member.set", "member.set"]


def test_the_add_forms_suggestions_are_a_few_non_members_for_an_admin_only(
    app: Any, session: Any, world: Any, make_user: Any
) -> None:
    for i in range(30):
        make_user(f"zoe{i:02d}", "annotator")
    session.commit()
    root = _as(app, "root")
    answer = root.get("/projects/a/people/suggestions?q=ZO")
    assert answer.status_code == 200
    names = answer.get_json()["usernames"]
    assert names == [f"zoe{i:02d}" for i in range(len(names))] and 0 < len(names) <= 20
    assert root.get("/projects/a/people/suggestions?q=a").get_json()["usernames"] == []
    # ann, cat and man are members; root is not (a non-member holding no "a": none)
    assert root.get("/projects/a/people/suggestions?q=ze").get_json()["usernames"] == ["zed"]
    assert _as(app, "man").get("/projects/a/people/suggestions?q=ze").status_code == 403


def test_the_audit_page_lists_filters_and_pages(app: Any, session: Any, world: Any) -> None:
    from annotator.services import audit_log

    for i in range(55):
        audit_log.record(session, None, "member.set", project_slug="a", target=f"user{i}")
    audit_log.record(session, None, "user.create", target="lonely")
    session.commit()
    root = _as(app, "root")
    first = root.get("/admin/audit").get_data(as_text=True)
    assert "56 entries" in first and "lonely" in first and 'rel="next"' in first
    second = root.get("/admin/audit?page=2").get_data(as_text=True)
    assert "user0<" in second and "lonely" not in second
    only_a = root.get("/admin/audit?project=a&page=2").get_data(as_text=True)
    assert "55 entries for a" in only_a and "lonely" not in only_a
    # Past the last page: said so, with the way back, not "page 9 of 2" and a link to page 8.
    past = root.get("/admin/audit?project=a&page=9").get_data(as_text=True)
    assert "Page 9 is past the last page (55 entries for a, 2 pages)" in past
    assert 'href="/admin/audit?project=a">back to the newest' in past
    assert "page 9 of" not in past and 'rel="prev"' not in past
    # One entry, and a page past none: each count in the number that fits.
    lonely = root.get("/admin/audit?project=b&page=3").get_data(as_text=True)
    assert "past the last page (0 entries for b, 1 page)" in lonely
    audit_log.record(session, None, "member.set", project_slug="b", target="user0")
    session.commit()
    one = root.get("/admin/audit?project=b").get_data(as_text=True)
    assert "1 entry for b; page 1 of 1." in one


def test_the_audit_page_shows_a_change_as_text_escaped_once(
    app: Any, session: Any, world: Any
) -> None:
    """Not tojson's \\u0027 and \\u003c: the text, HTML-escaped by the template alone."""
    from annotator.services import audit_log

    audit_log.record(
        session,
        None,
        "field.update",
        project_slug="a",
        target="stance",
        before="target changed from 'Ukraine aid'",
        after={"title": "<b>Aid</b> & 'arms'", "values": ["für", "gegen"]},
    )
    session.commit()
    page = _as(app, "root").get("/admin/audit").get_data(as_text=True)
    assert "<code>target changed from &#39;Ukraine aid&#39;</code>" in page
    assert "&#34;title&#34;: &#34;&lt;b&gt;Aid&lt;/b&gt; &amp; &#39;arms&#39;&#34;" in page
    assert "&#34;für&#34;" in page
    assert "\\u00" not in page and "<b>Aid" not in page


def _has(session: Any, document_id: int, user_id: int) -> bool:
    session.expire_all()
    found = session.scalar(
        select(Assignment.id).where(
            Assignment.document_id == document_id, Assignment.user_id == user_id
        )
    )
    return found is not None


def test_a_manager_learns_no_names_beyond_the_project(app: Any, session: Any, world: Any) -> None:
    """A manager types a new member's name; the forms offer only the project's own people."""
    man = _as(app, "man")
    for page in ("/projects/a/people", "/projects/a/assignments"):
        html = man.get(page).get_data(as_text=True)
        assert ">zed<" not in html and 'value="zed"' not in html, page
    added = _post(
        man, "/projects/a/people", "/projects/a/people", {"username": "zed", "role": "annotator"}
    )
    assert added.status_code == 302
    assert 'value="zed"' in man.get("/projects/a/assignments").get_data(as_text=True)
    # The add form's suggestions are an admin's: a manager is refused them.
    assert man.get("/projects/a/people/suggestions?q=z").status_code == 403
    html = man.get("/projects/a/people").get_data(as_text=True)
    assert 'list="member-suggestions"' not in html


def _options(html: str, form: str, field: str) -> list[tuple[str, str]]:
    """The (value, label) of each option of a select of one of the page's forms."""
    form_html = re.search(rf'<form[^>]*id="{form}".*?</form>', html, re.S)
    assert form_html is not None
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', form_html.group(0), re.S)
    assert select is not None
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


def test_the_forms_offer_whom_they_act_on_and_preselect_nobody(
    app: Any, session: Any, world: Any
) -> None:
    """Move and take documents from those who hold some, a disabled user too; give them to
    the project's annotators; a select left on its empty first choice is refused."""
    from annotator.services.accounts.users import set_active

    man = _as(app, "man")
    page = "/projects/a/assignments"
    _post(man, page, page, {"annotators": ["ann", "bob"], "per_document": "1"})
    set_active(session, world["users"]["bob"], False)  # bob left, with his documents
    session.commit()
    html = man.get(page).get_data(as_text=True)
    holders = [
        ("", "Choose who holds them"),
        ("ann", "ann (2 open of 2)"),
        ("bob", "bob (2 open of 2)"),
    ]
    assert _options(html, "reassign-form", "from_user") == holders
    assert _options(html, "unassign-form", "user") == holders
    assert _options(html, "reassign-form", "to_user") == [
        ("", "Choose an annotator"),
        # Not man, the manager; bob, disabled, with the reason (to move documents to him
        # would leave them with someone who cannot open them).
        ("ann", "ann"),
        ("bob", "bob (disabled: cannot log in)"),
        ("cat", "cat"),
    ]

    answer = _post(man, page, f"{page}/reassign", {"from_user": "", "to_user": "cat"})
    assert "Choose both annotators" in answer.get_data(as_text=True)
    answer = _post(man, page, f"{page}/reassign", {"from_user": "cat", "to_user": "ann"})
    assert "Choose both annotators" in answer.get_data(as_text=True)  # cat holds none
    assert _actions(session) == ["assignment.create"]

    _post(man, page, f"{page}/reassign", {"from_user": "bob", "to_user": "cat"})
    assert "Moved to cat: 2 documents." in man.get(page).get_data(as_text=True)
    assert _loads(man.get(page).get_data(as_text=True))["cat"] == (2, 2, 0)


def test_the_documents_table_names_documents_by_title(
    app: Any, session: Any, world: Any, make_document: Any
) -> None:
    titled = make_document(world["project"], TEXT, "b-1", title="Talks <resume> in Geneva")
    html = _as(app, "man").get("/projects/a/assignments").get_data(as_text=True)
    row = re.search(rf'<tr data-document="{titled.id}"[^>]*>.*?</tr>', html, re.S)
    assert row is not None
    assert "Talks &lt;resume&gt; in Geneva" in row.group(0)
    assert '<span class="muted slug">b-1</span>' in row.group(0)
    untitled = re.search(rf'<tr data-document="{world["docs"][0].id}"[^>]*>.*?</tr>', html, re.S)
    assert untitled is not None and '<td class="document-name">a-0</td>' in untitled.group(0)
