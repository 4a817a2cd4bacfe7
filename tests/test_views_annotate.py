"""The workspace page: which layer it opens, who may open it, guidelines rendered safely."""

from __future__ import annotations

import copy
import json
import re
from html import unescape
from typing import Any

import pytest

from annotator.core.vocabulary import CLOSED_STATUSES
from tests.conftest import SEED_SCHEMA
from tests.helpers import login

GUIDELINES = (
    "# Rules\n\nMark **claims**. <script>alert(1)</script> "
    "[bad](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
)


@pytest.fixture
def world(make_world, assign) -> Any:
    schema = copy.deepcopy(SEED_SCHEMA) | {"guidelines": GUIDELINES}
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer"},
        schema=schema,
        members={},
        first=("One. Two.", "1.txt"),
        second=("Three.", "2.txt"),
        third=("Four.", "3.txt"),
    )
    assign(world.first, world.alice, world.bob)
    assign(world.second, world.bob)
    assign(world.third, world.alice)
    return world


def _data(html: str) -> dict[str, str]:
    tag = re.search(r'<div id="workspace"[^>]*>', html, re.S).group(0)
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag))


def test_an_annotator_opens_their_own_layer_with_queue_and_progress(client, world) -> None:
    login(client, "alice")
    response = client.get(f"/projects/demo/documents/{world.first.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    data = _data(html)
    assert (data["layer"], data["writable"], data["own"], data["write-layer"]) == (
        "alice",
        "true",
        "true",
        "",
    )
    # Her queue is the first and third documents: no previous, the third is next.
    assert 'id="prev-doc"' not in html
    assert f'href="/projects/demo/documents/{world.third.id}" rel="next"' in html
    assert '0<span class="visually-hidden"> of your 2</span> done' in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script" not in html.split("</head>", 1)[1]  # no inline script in the body


@pytest.mark.parametrize(
    "query", ["?slug=other", "?document_id=9", "?_external=1", "?_anchor=top", "?_method=POST"]
)
def test_a_query_parameter_named_as_a_link_argument_leaves_the_links_alone(
    client, world, query: str
) -> None:
    """The previous/next links carry the workspace's own parameters (layer, annotator), and a
    parameter named as one of url_for's own or of the route's (slug, document_id, _external)
    is no argument of theirs: it failed the page (500) or rewrote its links."""
    login(client, "alice")
    response = client.get(f"/projects/demo/documents/{world.first.id}{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/projects/demo/documents/{world.third.id}" rel="next"' in html


def test_the_links_keep_the_layer_asked_for(client, world) -> None:
    login(client, "alice")
    html = client.get(f"/projects/demo/documents/{world.first.id}?annotator=alice").get_data(True)
    assert f'href="/projects/demo/documents/{world.third.id}?annotator=alice" rel="next"' in html


@pytest.mark.parametrize(
    "query", ["?annotator=bob", "?layer=gold", "?annotator=gold", "?layer=bob"]
)
def test_an_annotator_cannot_open_another_layer(client, world, query: str) -> None:
    login(client, "alice")
    assert client.get(f"/projects/demo/documents/{world.first.id}{query}").status_code == 403


def test_an_annotator_cannot_open_a_document_not_assigned(client, world) -> None:
    login(client, "alice")
    assert client.get(f"/projects/demo/documents/{world.second.id}").status_code == 404


def test_reviewers_edit_gold_and_read_annotators_layers(client, world) -> None:
    login(client, "rita")
    gold = _data(client.get(f"/projects/demo/documents/{world.first.id}").get_data(True))
    assert (gold["layer"], gold["writable"], gold["write-layer"]) == ("gold", "true", "gold")
    bob = _data(
        client.get(f"/projects/demo/documents/{world.first.id}?annotator=bob").get_data(True)
    )
    assert (bob["layer"], bob["writable"], bob["own"]) == ("bob", "false", "false")
    missing = client.get(f"/projects/demo/documents/{world.first.id}?annotator=nobody")
    assert missing.status_code == 404


def test_the_document_must_be_in_the_project(client, world, make_project, make_document) -> None:
    other = make_project("other")
    elsewhere = make_document(other, "Elsewhere.", external_id="e.txt")
    login(client, "rita")
    assert client.get(f"/projects/demo/documents/{elsewhere.id}").status_code == 404


def test_guidelines_are_markdown_with_markup_escaped(client, world) -> None:
    login(client, "alice")
    html = client.get(f"/projects/demo/documents/{world.first.id}").get_data(as_text=True)
    body = html.split('class="guidelines__body">', 1)[1].split("</div>", 1)[0]
    # Under the dialog's own heading (h2 "Guidelines"): a Markdown "#" is an h3 there.
    assert "<h3>Rules</h3>" in body and "<strong>claims</strong>" in body
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;" in body
    assert 'href="javascript' not in body


def test_the_header_shows_the_documents_meta_escaped(client, world, make_document) -> None:
    """Outlet, date and URL first, then any other field; hostile values stay text."""
    meta = {
        "tags": ["a", "b"],
        "url": "https://example.org/news?id=1&x=2",
        "outlet": "<script>alert(1)</script>",
        "date": "2024-05-01",
        "mirror": "javascript:alert(1)",
    }
    doc = make_document(world.project, "Five.", external_id="5.txt", meta=meta)
    login(client, "rita")
    html = client.get(f"/projects/demo/documents/{doc.id}").get_data(as_text=True)
    header = re.search(r'<dl class="doc-meta".*?</dl>', html, re.S).group(0)
    assert re.findall(r"<dt>(\w+)</dt>", header) == ["outlet", "date", "url", "tags", "mirror"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in header and "<script>" not in header
    assert '<a href="https://example.org/news?id=1&amp;x=2" rel="noopener noreferrer">' in header
    assert "javascript:alert(1)" in header and 'href="javascript' not in header
    assert "[&#34;a&#34;, &#34;b&#34;]" in header


def test_no_header_without_meta(client, world) -> None:
    login(client, "alice")
    html = client.get(f"/projects/demo/documents/{world.first.id}").get_data(as_text=True)
    assert "doc-meta" not in html


def test_the_page_preloads_every_module_the_workspace_imports(client, world) -> None:
    """The modulepreload links name exactly the modules workspace.js imports, however deep."""
    from pathlib import Path

    import annotator

    js = Path(annotator.__file__).parent / "static" / "js"
    imported: set[str] = set()
    todo = ["workspace.js"]
    while todo:
        source = (js / todo.pop()).read_text(encoding="utf-8")
        for name in re.findall(r'from "\./([\w-]+\.js)"', source):
            if name not in imported:
                imported.add(name)
                todo.append(name)
    login(client, "alice")
    html = client.get(f"/projects/demo/documents/{world.first.id}").get_data(as_text=True)
    preloaded = re.findall(r'<link rel="modulepreload" href="/static/js/([\w-]+\.js)"', html)
    assert set(preloaded) == imported
    assert len(preloaded) == len(imported)  # each once
    # Nothing the workspace does not import (the equality above): neither the page's own two
    # entry modules (the script tags fetch them), which no module may import, nor another
    # page's modules; and no preload of anything but these modules.
    others = {path.name for path in js.glob("*.js")} - imported
    assert {"workspace.js", "active-time.js", "curation.js", "upload.js"} <= others
    assert html.count('rel="modulepreload"') == len(preloaded)


@pytest.mark.parametrize("who", ["alice", "rita"])
def test_the_project_page_holds_the_guidelines_folded_and_escaped(client, world, who) -> None:
    login(client, who)
    html = client.get("/projects/demo").get_data(as_text=True)
    fold = html.split('<details class="project-guidelines">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Guidelines</summary>" in fold
    assert "<h2>Rules</h2>" in fold and "<strong>claims</strong>" in fold
    assert "<script" not in fold and "<img" not in fold and 'href="javascript' not in fold


@pytest.mark.parametrize("page", ["project", "workspace"])
def test_the_guidelines_headings_sit_under_the_pages_one_h1(client, world, page) -> None:
    """A screen reader lists a page's headings: the project's or the document's title is its
    one h1, and the guidelines' "# Rules" is no second title beside it."""
    login(client, "alice")
    path = "/projects/demo" + (f"/documents/{world.first.id}" if page == "workspace" else "")
    html = client.get(path).get_data(as_text=True)
    assert html.count("<h1") == 1


def test_a_project_without_guidelines_shows_no_fold(client, make_user, make_project) -> None:
    make_project("plain")
    make_user("ada", "admin")
    login(client, "ada")
    html = client.get("/projects/plain").get_data(as_text=True)
    assert "project-guidelines" not in html and "<h1" in html


def test_the_page_names_the_statuses_that_close_a_layer_as_the_server_does(client, world) -> None:
    """The workspace leaves suggestions out and refuses writes while the layer's status is
    one of these: the server's own list (the 409 layer_done rule), not a copy in the page."""
    login(client, "alice")
    page = client.get(f"/projects/demo/documents/{world.first.id}").get_data(as_text=True)
    closed = json.loads(unescape(_data(page)["closed-statuses"]))
    assert closed == list(CLOSED_STATUSES) == ["done", "skipped"]
