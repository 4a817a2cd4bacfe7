"""Every page names a document one way: its number in the project (``#N``, what every form
reads), its title, and its external id only where it differs from the title; messages that
list documents name each ``#N (external id)``.

A user typed 6 into the Assignments page's "Only these documents" meaning the row its "#"
column showed as 6: the column printed the row id, the field read the number, and another
document was assigned. The documents here live in a second project, so that their numbers
(1, 2, 3...) are not their row ids.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape
from typing import Any

import pytest

from annotator.models import Assignment
from annotator.services.annotation.labels import set_label
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login

TEXT = "Officials said the talks failed.\n\nMoscow denied it strongly."
PAGE = "/projects/b/assignments"
# (external id, title): a title the same as the id, another title, none.
NAMED = [("b1", "b1"), ("attack.txt", "Attack on the port"), ("j-2", None)]


@pytest.fixture
def world(make_world: Any, make_project: Any, make_document: Any) -> Any:
    """Project ``a`` (three documents, so that ``b``'s row ids are not its numbers) and
    project ``b``: its documents ``NAMED``, managed by man, annotated by alice and bob."""
    first = make_project("a")
    for i in range(3):
        make_document(first, TEXT, f"a-{i}")
    names = ("alice", "bob", "man", "root")
    people = dict.fromkeys(names[:3], "annotator") | {"root": "admin"}
    members = {"man": "manager", "alice": "annotator", "bob": "annotator"}
    named = {f"d{i}": (TEXT, ext, {"title": title}) for i, (ext, title) in enumerate(NAMED)}
    made = make_world(people, slug="b", members=members, **named)
    docs = [getattr(made, key) for key in named]
    assert [doc.number for doc in docs] == [1, 2, 3] and docs[0].id != 1
    return {"project": made.project, "docs": docs, "users": {n: getattr(made, n) for n in names}}


def _as(app: Any, name: str) -> Any:
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _post(client: Any, page: str, action: str, data: dict[str, Any]) -> str:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    answer = client.post(action, data={"csrf_token": token, **data}, follow_redirects=True)
    return unescape(answer.get_data(as_text=True))


def _flash(html: str) -> str:
    found = re.findall(
        r'<(?:p|div|li)[^>]*class="flash[^"]*"[^>]*>(.*?)</(?:p|div|li)>', html, re.S
    )
    return " ".join(re.sub(r"<[^>]+>", "", text) for text in found)


def _text(html: str) -> str:
    # A break opportunity (<wbr>) is no character: the name reads as one word across it.
    html = html.replace("<wbr>", "")
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _give(session: Any, world: Any, name: str, *docs: Any) -> None:
    for doc in docs:
        session.add(Assignment(document_id=doc.id, user_id=world["users"][name].id))
    session.commit()


def test_the_assignments_documents_table_shows_each_documents_number_not_its_row_id(
    app: Any, world: Any
) -> None:
    html = _as(app, "man").get(PAGE).get_data(as_text=True)
    table = html[html.index('id="documents"') :].split("</table>")[0]
    rows = re.findall(r'<tr data-document="(\d+)"[^>]*>(.*?)</tr>', table, re.S)
    shown = {int(doc_id): _text(row) for doc_id, row in rows}
    first, second, third = world["docs"]
    # The number the forms read, then the name; the id shown once where the title is the id.
    assert shown[first.id].startswith("1 ") and shown[first.id].count("b1") == 1, shown
    assert shown[second.id].startswith("2 Attack on the port attack.txt"), shown
    assert shown[third.id].startswith("3 j-2"), shown


def test_the_assign_message_names_the_documents_it_gave(app: Any, world: Any) -> None:
    """Typing 2 meaning another row now shows at once which document was given."""
    man = _as(app, "man")
    data = {"annotators": ["alice"], "per_document": "1", "documents": "2"}
    said = _flash(_post(man, PAGE, f"{PAGE}", data))
    assert "1 new assignment over 1 document: #2 (attack.txt)." in said, said


def test_the_assign_message_names_a_few_documents_and_counts_the_rest(
    app: Any, session: Any, world: Any, make_document: Any
) -> None:
    for i in range(7):
        make_document(world["project"], f"{TEXT} {i}", f"more-{i}")
    man = _as(app, "man")
    data = {"annotators": ["alice", "bob"], "per_document": "1"}
    said = _flash(_post(man, PAGE, f"{PAGE}", data))
    assert (
        "10 new assignments over 10 documents: #1 (b1), #2 (attack.txt), #3 (j-2), #4 (more-0),"
        " #5 (more-1) and 5 more." in said
    ), said
    # A run that gives nothing names nothing.
    again = _flash(_post(man, PAGE, f"{PAGE}", data))
    assert "0 new assignments over 10 documents." in again, again


def test_the_unassign_and_reassign_messages_name_documents_by_number(
    app: Any, session: Any, world: Any
) -> None:
    first, second, third = world["docs"]
    _give(session, world, "bob", first, second)
    _give(session, world, "alice", second)
    set_label(session, open_layer(session, world["users"]["bob"], first, None), 0, "stance", "NONE")
    session.commit()
    man = _as(app, "man")
    moved = _flash(_post(man, PAGE, f"{PAGE}/reassign", {"from_user": "bob", "to_user": "alice"}))
    assert "Kept, as they hold work: #1 (b1)." in moved, moved
    assert "Refused, already theirs: #2 (attack.txt)." in moved, moved
    _give(session, world, "alice", third)
    data = {"user": "alice", "document": "#3,#1", "only_assigned": "y"}
    taken = _flash(_post(man, PAGE, f"{PAGE}/unassign", data))
    assert "Skipped, not alice's: #1 (b1)." in taken, taken


def test_the_take_off_names_the_documents_whose_work_it_deletes_by_number(
    app: Any, session: Any, world: Any
) -> None:
    first = world["docs"][0]
    _give(session, world, "bob", first)
    set_label(session, open_layer(session, world["users"]["bob"], first, None), 0, "stance", "NONE")
    session.commit()
    man = _as(app, "man")
    confirm = "/projects/b/assignments/take-off?annotator=bob&documents=%231"
    page = unescape(man.get(confirm).get_data(as_text=True))
    warning = _text(page[page.index('id="take-off-warning"') :].split("</p>")[0])
    assert "on 1 document will be deleted : #1 (b1)." in warning, warning
    done = _flash(
        _post(
            man,
            confirm,
            "/projects/b/assignments/take-off",
            {"annotator": "bob", "documents": "#1"},
        )
    )
    assert "Deleted bob's unfinished work on #1 (b1)." in done, done


def _disagree(session: Any, world: Any) -> None:
    """alice and bob annotate every document of ``b``, apart on each."""
    for doc in world["docs"]:
        _give(session, world, "alice", doc)
        _give(session, world, "bob", doc)
        for name, start in (("alice", 15), ("bob", 19)):
            layer = open_layer(session, world["users"][name], doc, None)
            add_span(session, layer, "CLAIM", start, 31)
            set_label(session, layer, 0, "stance", "AGAINST" if name == "alice" else "NONE")
    session.commit()


def test_the_review_list_names_each_document_by_number_and_title_and_a_different_id(
    app: Any, session: Any, world: Any
) -> None:
    _disagree(session, world)
    html = _as(app, "root").get("/projects/b/review").get_data(as_text=True)
    heads = [_text(head) for head in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.S)]
    assert sorted(heads) == ["#1 b1", "#2 Attack on the port attack.txt", "#3 j-2"], heads
    # A long file name breaks at its separators, as headings do, not mid-word (app.css's
    # .names-break lets it keep its segments whole beside the figures at 1366 wide).
    assert '<table class="table table--stacked names-break"' in html
    assert re.search(r'<th scope="row"[^>]*>[^\n]*?>j-<wbr>2</a>', html), html


def test_the_curation_page_names_its_document_by_number(app: Any, session: Any, world: Any) -> None:
    _disagree(session, world)
    root = _as(app, "root")
    names = ("#1 b1", "#2 Attack on the port attack.txt", "#3 j-2")
    for doc, named in zip(world["docs"], names, strict=True):
        html = root.get(f"/projects/b/review/{doc.id}/curate").get_data(as_text=True)
        heading = _text(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))  # type: ignore[union-attr]
        assert heading == f"Curate: {named}", heading


def test_the_project_page_shows_an_id_that_is_the_title_once(app: Any, world: Any) -> None:
    html = _as(app, "man").get("/projects/b").get_data(as_text=True)
    heads = [_text(head) for head in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', html, re.S)]
    assert heads[0] == "b1", heads
    assert heads[1] == "Attack on the port attack.txt", heads


@pytest.mark.parametrize("name", ["corpus.zip", "talks.ann"])
def test_a_brat_corpus_dropped_on_the_project_pages_form_is_pointed_at_the_corpus_page(
    app: Any, world: Any, name: str
) -> None:
    root = _as(app, "root")
    token = csrf_token_from(root.get("/projects/b").get_data(as_text=True))
    # A zip of documents goes in from this form; one holding brat's .ann files is a corpus.
    body = b"T1\tCLAIM 0 5\tTalks\n"
    if name.endswith(".zip"):
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as archive:
            archive.writestr("talks.txt", "Talks failed.")
            archive.writestr("talks.ann", body.decode())
        body = packed.getvalue()
    data = {"csrf_token": token, "files": [(io.BytesIO(body), name)]}
    answer = root.post("/projects/b/upload", data=data, content_type="multipart/form-data")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    problems = html[html.index('id="upload-problems"') :].split("</div>")[0]
    line = next(li for li in re.findall(r"<li>(.*?)</li>", problems, re.S) if name in li)
    assert "corpus, not documents" in _text(line), line
    link = re.search(r'<a href="([^"]+)">([^<]+)</a>', line)
    assert link is not None and link.group(1) == "/projects/b/import", line
    assert unescape(link.group(2)) == "Import another tool's corpus", line
