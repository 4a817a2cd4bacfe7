"""Managing documents: uploads from the project page, the ``.txt`` title, deleting a document.

Who may (admins and the project's managers), what is stored (all or nothing), what goes
with a deleted document (everything made on it), and what the audit log keeps.
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from annotator.core.formats.readers import SHORT_TITLE_CHARS, TITLE_MAX_CHARS, txt_title
from annotator.models import (
    Assignment,
    AuditEntry,
    Document,
    DocumentSearch,
    LabelValue,
    Layer,
    Relation,
    Sentence,
    Span,
)
from tests.helpers import csrf_token_from, login

TEXT = "Officials said the talks failed. Moscow denied it."


@pytest.fixture
def world(client: Any, make_world: Any, assign: Any) -> SimpleNamespace:
    """A project managed by mona; alice annotates its document; ada is an admin."""
    people = {"mona": "annotator", "alice": "annotator", "ada": "admin"}
    made = make_world(
        people, members={"mona": "manager"}, doc=(TEXT, "talks.txt", {"title": "Talks"})
    )
    assign(made.doc, made.alice)
    return SimpleNamespace(client=client, project=made.project, doc=made.doc, headers=made.tokens)


def _count(session: Session, model: Any) -> int:
    session.commit()  # a fresh snapshot: the requests committed in their own sessions
    return session.scalar(select(func.count()).select_from(model)) or 0


def _audit(session: Session, action: str) -> list[AuditEntry]:
    session.commit()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _upload(client: Any, files: list[tuple[str, bytes]], **headers: str) -> Any:
    page = client.get("/projects/demo")
    assert page.status_code == 200
    data: dict[str, Any] = {
        "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        "files": [(io.BytesIO(content), name) for name, content in files],
    }
    return client.post(
        "/projects/demo/upload", data=data, content_type="multipart/form-data", headers=headers
    )


GOOD_JSONL = (
    b'{"id": "a", "text": "First one here.", "title": "A"}\n{"id": "b", "text": "Second."}\n'
)
BROKEN_JSONL = b'{"id": "c", "text": "Fine."}\n{"id": "d", "text": "broken\n'


def test_a_manager_imports_several_files_from_the_project_page(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "mona")
    page = world.client.get("/projects/demo").get_data(as_text=True)
    assert 'name="files"' in page and "multiple" in page
    csv = b"id,title,text,source\nc1,,A csv document.,wire\n"
    txt = b"Heading of the note\nThe body of the note follows here.\n"
    response = _upload(world.client, [("a.jsonl", GOOD_JSONL), ("c.csv", csv), ("note.txt", txt)])
    assert response.status_code == 303, response.get_data(as_text=True)
    followed = world.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 4 new documents" in followed
    session.commit()
    stored = {d.external_id: d for d in session.scalars(select(Document))}
    assert set(stored) == {"talks.txt", "a", "b", "c1", "note.txt"}
    assert stored["note.txt"].title == "Heading of the note"
    assert stored["note.txt"].text == txt.decode()  # the first line stays in the text
    assert stored["c1"].meta == {"source": "wire"}
    (entry,) = _audit(session, "documents.import")
    assert entry.actor == "mona" and entry.project_slug == "demo"
    assert entry.after["files"] == ["a.jsonl", "c.csv", "note.txt"]
    assert entry.after["created"] == 4


def test_one_imported_document_is_said_in_the_singular(world: SimpleNamespace) -> None:
    login(world.client, "mona")
    response = _upload(world.client, [("one.jsonl", b'{"id": "one", "text": "Only one."}\n')])
    followed = world.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Imported 1 new document (1 sentence); 0 unchanged." in followed


def test_a_bad_upload_stores_nothing_and_lists_each_problem_escaped(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "ada")
    before = _count(session, Document)
    response = _upload(
        world.client, [("good.jsonl", GOOD_JSONL), ("<b>bad</b>.jsonl", BROKEN_JSONL)]
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "&lt;b&gt;bad&lt;/b&gt;.jsonl:2: not valid JSON" in html
    assert "<b>bad</b>" not in html
    # A headline above the list says that nothing at all was imported, and how much is wrong.
    said = "Nothing was imported: 1 problem in the files, listed below."
    assert f'<p class="form-error"><strong>{said}</strong></p>' in html
    assert _count(session, Document) == before
    assert _audit(session, "documents.import") == []


def test_the_page_upload_answers_its_script_with_where_to_go(world: SimpleNamespace) -> None:
    login(world.client, "mona")
    response = _upload(
        world.client, [("a.jsonl", GOOD_JSONL)], **{"X-Requested-With": "XMLHttpRequest"}
    )
    assert response.status_code == 200 and response.get_json() == {"location": "/projects/demo"}


def test_an_upload_over_the_limit_names_the_limit_on_the_page_and_in_the_answer(
    app: Any, world: SimpleNamespace, session: Session
) -> None:
    app.config["MAX_UPLOAD_MB"] = 1
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    login(world.client, "mona")
    page = world.client.get("/projects/demo").get_data(as_text=True)
    assert 'data-max-mb="1"' in page
    assert 'At most <span id="upload-limit">1 MB</span> at once.' in page
    before = _count(session, Document)
    # The multipart body is written out here: the test client would spool a large one to a
    # temporary file that a refused request leaves open.
    boundary = "limit-test"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="files"; filename="big.jsonl"\r\n\r\n'
        + "x" * (1024 * 1024)
        + f"\r\n--{boundary}--\r\n"
    ).encode()
    response = world.client.post(
        "/projects/demo/upload",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 413
    assert "at most 1 MB at once" in response.get_data(as_text=True)
    assert _count(session, Document) == before


def test_an_upload_without_files_says_so(world: SimpleNamespace) -> None:
    login(world.client, "mona")
    response = _upload(world.client, [])
    assert response.status_code == 422
    said = "Nothing was imported: choose one or more files to import."
    assert f"<strong>{said}</strong>" in response.get_data(as_text=True)


def test_annotators_see_no_upload_form_and_may_not_import_or_delete(
    world: SimpleNamespace, session: Session
) -> None:
    login(world.client, "alice")
    page = world.client.get("/projects/demo").get_data(as_text=True)
    assert 'name="files"' not in page and "/delete" not in page
    token = csrf_token_from(world.client.get("/account/tokens").get_data(as_text=True))
    upload = world.client.post(
        "/projects/demo/upload",
        data={"csrf_token": token, "files": [(io.BytesIO(GOOD_JSONL), "a.jsonl")]},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 403
    assert world.client.get(f"/projects/demo/documents/{world.doc.id}/delete").status_code == 403
    deleted = world.client.post(
        f"/projects/demo/documents/{world.doc.id}/delete", data={"csrf_token": token}
    )
    assert deleted.status_code == 403
    api = world.client.post(
        "/api/v1/projects/demo/documents", json=[{"text": "x"}], headers=world.headers["alice"]
    )
    assert api.status_code == 403 and api.get_json()["error"]["code"] == "forbidden"
    files = {"file": (io.BytesIO(GOOD_JSONL), "a.jsonl")}
    api = world.client.post(
        "/api/v1/projects/demo/documents", data=files, headers=world.headers["alice"]
    )
    assert api.status_code == 403
    api = world.client.delete(f"/api/v1/documents/{world.doc.id}", headers=world.headers["alice"])
    assert api.status_code == 403
    assert _count(session, Document) == 1
    assert _audit(session, "document.delete") == []


def test_a_manager_imports_through_the_api_and_it_is_audited(
    world: SimpleNamespace, session: Session
) -> None:
    response = world.client.post(
        "/api/v1/projects/demo/documents",
        data={"files": (io.BytesIO(GOOD_JSONL), "a.jsonl")},
        headers=world.headers["mona"],
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["created"] == 2
    (entry,) = _audit(session, "documents.import")
    assert entry.after["files"] == ["a.jsonl"]


def _annotate(world: SimpleNamespace) -> None:
    """Give alice's layer of the document two spans, a relation and a sentence label."""
    headers, doc = world.headers["alice"], world.doc

    def post(path: str, body: dict[str, Any], method: str = "POST") -> Any:
        response = world.client.open(
            f"/api/v1/documents/{doc.id}{path}", method=method, json=body, headers=headers
        )
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()

    claim = post("/spans", {"label": "CLAIM", "start": 15, "end": 31})
    source = post("/spans", {"label": "SOURCE", "start": 0, "end": 9})
    post("/relations", {"type": "ATTRIBUTED_TO", "from": claim["id"], "to": source["id"]})
    post("/labels", {"sentence": 0, "name": "stance", "value": "AGAINST"}, method="PUT")


@pytest.mark.parametrize("who", ["mona", "ada"])
def test_delete_through_the_api_takes_everything_with_it(
    world: SimpleNamespace, session: Session, who: str
) -> None:
    _annotate(world)
    doc_id, number = world.doc.id, world.doc.number
    assert _count(session, Span) == 2 and _count(session, LabelValue) == 1
    assert _count(session, DocumentSearch) == 1
    response = world.client.delete(f"/api/v1/documents/{doc_id}", headers=world.headers[who])
    assert response.status_code == 204
    models = (Document, DocumentSearch, Sentence, Assignment, Layer, Span, Relation, LabelValue)
    for model in models:
        assert _count(session, model) == 0, model
    (entry,) = _audit(session, "document.delete")
    assert entry.actor == who and entry.target == f"document {doc_id}"
    assert entry.before == {
        "external_id": "talks.txt",
        "title": "Talks",
        "number": number,
        "assignments": 1,
        "layers": 1,
        "spans": 2,
        "relations": 1,
        "label_values": 1,
    }
    again = world.client.delete(f"/api/v1/documents/{doc_id}", headers=world.headers[who])
    assert again.status_code == 404


def test_delete_from_the_project_page_asks_first(world: SimpleNamespace, session: Session) -> None:
    _annotate(world)
    doc_id = world.doc.id
    login(world.client, "mona")
    page = world.client.get("/projects/demo").get_data(as_text=True)
    confirm_url = f"/projects/demo/documents/{doc_id}/delete"
    assert f'href="{confirm_url}"' in page
    confirm = world.client.get(confirm_url)
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "2 spans, 1 relation" in html
    assert _count(session, Document) == 1  # asking deletes nothing
    without_token = world.client.post(confirm_url)
    assert without_token.status_code in (400, 403) and _count(session, Document) == 1
    response = world.client.post(confirm_url, data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 303
    followed = world.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Deleted the document #1 (talks.txt) and its annotations." in followed
    for model in (Document, Assignment, Span, Relation, LabelValue):
        assert _count(session, model) == 0, model
    assert len(_audit(session, "document.delete")) == 1


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Election night\nThe polls closed at eight.", "Election night"),
        ("  Spaced out heading  \r\nBody.", "Spaced out heading"),
        ("\ufeffWith a mark\nBody.", "With a mark"),
        ("Is this a question?\nBody.", "Is this a question?"),
        ("The first line is a sentence.\nThe second one too.", None),
        ("Only one line", None),
        ("A heading with nothing after\n\n  \n", None),
        ("\nThe first line is empty.", None),
        ("x" * TITLE_MAX_CHARS + "\n\nBody.", "x" * TITLE_MAX_CHARS),
        ("x" * (TITLE_MAX_CHARS + 1) + "\n\nBody.", None),
        # A hard-wrapped paragraph's first line is no title.
        ("The senator said, in a statement on Monday,\nthat the plan would cut costs.", None),
        ("The plan, the senator said on Monday at a hearing in\nthe capital, was sound.", None),
        ("The senator said on Monday that the new plan would cut the costs\nNobody agreed.", None),
        ("Costs and the plan:\nA reply.", None),
        ("Costs and the plan -\nA reply.", None),
        ("Senators disagree\nthe plan goes on.", None),
        # A blank line after it makes it a heading, however it ends; short, it needs none.
        ("In a statement on Monday,\n\nThe plan goes on.", "In a statement on Monday,"),
        ("Costs and the plan:\n\nA reply.", "Costs and the plan:"),
        ("x" * SHORT_TITLE_CHARS + "\nBody.", "x" * SHORT_TITLE_CHARS),
        ("x" * (SHORT_TITLE_CHARS + 1) + "\nBody.", None),
        # A longer headline that ends as one (a seed document's).
        (
            "What were the true motivations behind Putin's invasion of Ukraine?\nRussia.",
            "What were the true motivations behind Putin's invasion of Ukraine?",
        ),
    ],
)
def test_a_txt_title_is_a_short_first_line(text: str, title: str | None) -> None:
    assert txt_title(text) == title


def test_a_txt_import_keeps_its_text_whole(
    tmp_path: Any, runner: Any, session: Session, make_project: Any
) -> None:
    make_project("demo")
    text = "A short heading\n\nOfficials said the talks failed.\n"
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(args=["import", "demo", str(tmp_path / "one.txt")])
    assert result.exit_code == 0, result.output
    session.commit()
    document = session.scalars(select(Document)).one()
    assert (document.title, document.text) == ("A short heading", text)
    span = "Officials said"
    assert document.text[document.text.index(span) :].startswith(span)
    assert json.dumps(document.meta) == "{}"
    # Recorded like an import from the page, as the command line's.
    (entry,) = _audit(session, "documents.import")
    assert entry.actor == "(command line)" and entry.after["created"] == 1
    assert entry.after["files"] == [str(tmp_path / "one.txt")]


def test_only_an_admin_imports_work_in_an_annotators_name(
    world: SimpleNamespace, session: Session, make_user: Any
) -> None:
    """A manager could otherwise file made-up layers as someone's finished work."""
    make_user("victim", "annotator")
    record = {
        "id": "forged",
        "text": "Alice said hello.",
        "annotations": [
            {
                "annotator": "victim",
                "status": "done",
                "spans": [{"label": "SOURCE", "start": 0, "end": 5}],
            }
        ],
    }
    body = json.dumps(record) + "\n"
    ndjson = {"Content-Type": "application/x-ndjson"}
    refused = world.client.post(
        "/api/v1/projects/demo/documents", data=body, headers=world.headers["mona"] | ndjson
    )
    assert refused.status_code == 403, refused.get_json()
    assert "only admins may import annotators' layers" in refused.get_json()["error"]["message"]
    login(world.client, "mona")
    page = _upload(world.client, [("forged.jsonl", body.encode())])
    assert page.status_code == 403
    assert _count(session, Document) == 1 and _count(session, Assignment) == 1
    accepted = world.client.post(
        "/api/v1/projects/demo/documents", data=body, headers=world.headers["ada"] | ndjson
    )
    assert accepted.status_code == 201, accepted.get_json()
    assert _count(session, Assignment) == 2


def test_an_annotator_may_not_import_into_or_change_her_project_and_sees_no_other(
    world: SimpleNamespace,
) -> None:
    alice = world.headers["alice"]
    for slug in ("demo", "no-such-project"):
        imported = world.client.post(
            f"/api/v1/projects/{slug}/documents", json=[{"text": "x"}], headers=alice
        )
        changed = world.client.patch(f"/api/v1/projects/{slug}", json={"name": "x"}, headers=alice)
        expected = 403 if slug == "demo" else 404  # her project; one she may not see
        assert (imported.status_code, changed.status_code) == (expected, expected), slug
    login(world.client, "alice")
    for slug in ("demo", "no-such-project"):
        expected = 403 if slug == "demo" else 404
        assert world.client.get(f"/projects/{slug}/settings").status_code == expected
        assert world.client.get(f"/projects/{slug}/documents/1/delete").status_code == expected


@pytest.mark.parametrize(
    ("name", "content", "corpus"),
    [
        ("talks.ann", b"T1\tSource 0 6\tPeskov\n", "brat"),
        ("talks.conll", b"The O\nenvoy B-SOURCE\n", "conll"),
    ],
)
def test_a_corpus_file_uploaded_with_the_documents_is_sent_to_the_corpus_import(
    world: SimpleNamespace, session: Session, name: str, content: bytes, corpus: str
) -> None:
    # It said only "unknown file type; use one of .txt, ...": a lead with a brat or CoNLL
    # corpus learned which files are refused, not where theirs go in.
    login(world.client, "mona")
    before = _count(session, Document)
    response = _upload(world.client, [("talks.txt", b"Peskov said so."), (name, content)])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    problem = next(line for line in page.splitlines() if f"{name}:" in line)
    assert "Import another tool&#39;s corpus" in problem and f"--format {corpus}" in problem
    assert _count(session, Document) == before
