"""A document's address by its number in its project (``#N``), beside the row-id address.

The project page calls a document ``#2``; the workspace address takes the row id, so an
annotator typing ``/projects/news/documents/2`` got "no document 2" (another project's row,
or none). ``/projects/<slug>/documents/number/<N>`` opens #N, and the 404 says where it is.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from annotator.services.accounts.membership import set_member
from tests.helpers import login, logout


@pytest.fixture
def world(make_world: Any, make_project: Any, make_document: Any, assign: Any) -> Any:
    """``first``'s two documents are made first: ``news``'s #1 and #2 have other row ids."""
    world = make_world(
        {"alice": "annotator", "carol": "annotator"},
        slug="first",
        members={},
        e1=("Elsewhere one.", "e1"),
        e2=("Elsewhere two.", "e2"),
    )
    world.first, world.news = world.project, make_project("news")
    world.elsewhere = (world.e1, world.e2)
    world.one = make_document(world.news, "One here.", external_id="one.txt")
    world.two = make_document(world.news, "Two here.", external_id="two.txt")
    assign(world.one, world.alice)
    assign(world.two, world.alice)
    assign(world.elsewhere[0], world.carol)
    return world


def test_a_documents_number_in_its_project_opens_its_workspace(
    client: FlaskClient, world: Any
) -> None:
    """``/projects/news/documents/number/2`` is #2 of news, whatever its row id; the
    workspace's own arguments go along."""
    assert world.two.number == 2 and world.two.id != 2
    login(client, "alice")
    answer = client.get("/projects/news/documents/number/2?layer=alice")
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/projects/news/documents/{world.two.id}?layer=alice"
    page = client.get(f"/projects/news/documents/{world.two.id}").get_data(as_text=True)
    assert '<span aria-current="page" title="#2">#2</span>' in page  # the last crumb


def test_a_number_the_project_does_not_have_is_a_404_naming_it(
    client: FlaskClient, world: Any
) -> None:
    login(client, "alice")
    answer = client.get("/projects/news/documents/number/9")
    assert answer.status_code == 404
    said = unescape(answer.get_data(as_text=True))
    assert (
        "no document #9 in project 'news'; this project has documents 1 and 2 you can open" in said
    )
    # A project the caller may not see is not found either, before its numbers are asked.
    assert client.get("/projects/first/documents/number/1").status_code == 404


def test_the_row_id_404_says_where_numbered_documents_are(client: FlaskClient, world: Any) -> None:
    """Typing #2's number where the row id goes names the address that takes the number,
    and links it when the project has that number; the existing address is unchanged."""
    login(client, "alice")
    assert client.get(f"/projects/news/documents/{world.two.id}").status_code == 200
    answer = client.get("/projects/news/documents/2")  # row 2: first's, or nobody's
    assert answer.status_code == 404
    html = unescape(answer.get_data(as_text=True))
    assert "no document 2" in html
    assert "takes a document's id, not its number" in html
    assert 'href="/projects/news/documents/number/2"' in html
    assert "Open document number 2 of news" in html
    # #99, which news has not: no link to it, but the numbers alice can open instead, and the
    # project page that lists them.
    missing = unescape(client.get("/projects/news/documents/99").get_data(as_text=True))
    assert "no document 99" in missing and "documents/number/99" not in missing
    assert "This project has documents 1 and 2 you can open, each at" in missing
    assert "/projects/news/documents/number/N" in missing
    assert 'href="/projects/news"' in missing and "The documents of news" in missing


def _lead(answer: Any) -> str:
    """The words of a 404 page's message (its ``<p class="lead">``), unescaped."""
    found = re.search(r'<p class="lead">(.*?)</p>', answer.get_data(as_text=True), re.S)
    assert found is not None, answer.get_data(as_text=True)
    return unescape(found.group(1)).strip()


def test_the_row_id_404_words_none_one_and_several_numbers_each_their_way(
    client: FlaskClient, session: Session, world: Any, make_user: Any
) -> None:
    """ "Each at …/number/N" only where there are several; one number is offered as its
    link; none is said plainly, with the project page as the way on."""
    dana = make_user("dana", "annotator")
    set_member(session, world.news, dana, "annotator")  # a member with nothing assigned
    session.commit()
    login(client, "dana")
    none = client.get("/projects/news/documents/99")
    assert none.status_code == 404
    assert _lead(none).endswith(
        "(the # column of the project page). This project has no document you can open."
    )
    assert 'href="/projects/news"' in none.get_data(as_text=True)
    logout(client)
    login(client, "carol")  # first's #1 alone
    one = client.get("/projects/first/documents/99")
    assert one.status_code == 404
    assert _lead(one).endswith(
        "This project has one document you can open, number 1: "
        "/projects/first/documents/number/1 opens it."
    )
    assert 'href="/projects/first/documents/number/1"' in one.get_data(as_text=True)
    assert "each at" not in _lead(one)
    logout(client)
    login(client, "alice")  # news's #1 and #2
    several = client.get("/projects/news/documents/99")
    assert _lead(several).endswith(
        "This project has documents 1 and 2 you can open, "
        "each at /projects/news/documents/number/N."
    )


def test_a_number_on_a_document_not_hers_is_answered_as_a_missing_one(
    client: FlaskClient, world: Any, make_document: Any
) -> None:
    make_document(world.news, "Three here.", external_id="three.txt")  # #3, nobody's
    login(client, "alice")
    hidden = client.get("/projects/news/documents/number/3")
    missing = client.get("/projects/news/documents/number/4")
    assert hidden.status_code == missing.status_code == 404
    # The message alone: the pages differ in their CSRF token, timestamped to the second.
    assert _lead(hidden) == _lead(missing).replace("#4", "#3")
    assert "no document #3 in project 'news'" in _lead(hidden)


@pytest.mark.parametrize("number", ["0", "abc", "-1", "2x"])
def test_a_number_address_that_names_no_document_says_so_to_a_logged_in_user(
    client: FlaskClient, world: Any, number: str
) -> None:
    """``/number/0`` and ``/number/abc`` answer 404 in the project's words, with the page
    chrome of the user who is logged in (no "Log in" link), not Flask's generic text."""
    login(client, "alice")
    answer = client.get(f"/projects/news/documents/number/{number}")
    assert answer.status_code == 404
    page = unescape(answer.get_data(as_text=True))
    assert f"no document #{number} in project 'news'" in page
    assert "Back to your projects" in page and ">Log in<" not in page
    assert "The requested URL was not found" not in page
    if not number.isdigit():
        assert "a document's number is digits" in page


def test_an_impossible_row_id_is_answered_with_the_logged_in_users_links(
    client: FlaskClient, world: Any
) -> None:
    """The 404 of an id no row can have (annotator.web.routing) knows the caller."""
    login(client, "alice")
    answer = client.get("/projects/news/documents/0")
    assert answer.status_code == 404
    page = unescape(answer.get_data(as_text=True))
    assert "no document 0" in page
    assert "Back to your projects" in page and ">Log in<" not in page


def test_the_numbers_said_are_those_the_caller_can_open(
    client: FlaskClient, world: Any, make_user: Any, make_document: Any, assign: Any
) -> None:
    """An annotator hears of her own documents' numbers only, a reviewer of them all: a 404
    tells nobody which numbers are another's, and offers no number its reader cannot open."""
    for n in range(3, 9):  # #3 to #8: #3 and #5 to #8 alice's, #4 carol's
        document = make_document(world.news, f"Text {n}.", external_id=f"d{n}.txt")
        assign(document, world.carol if n == 4 else world.alice)
    make_user("rita", "reviewer")
    login(client, "alice")
    said = unescape(client.get("/projects/news/documents/number/4").get_data(as_text=True))
    assert "no document #4 in project 'news'; this project has documents 1 to 3" in said
    assert "documents 1 to 3 and 5 to 8 you can open" in said
    row = unescape(client.get("/projects/news/documents/987654").get_data(as_text=True))
    assert "documents 1 to 3 and 5 to 8 you can open" in row
    logout(client)
    login(client, "carol")
    said = unescape(client.get("/projects/news/documents/number/9").get_data(as_text=True))
    assert "this project has one document you can open, number 4" in said
    logout(client)
    login(client, "rita")
    said = unescape(client.get("/projects/news/documents/number/9").get_data(as_text=True))
    assert "this project has documents 1 to 8 you can open" in said
