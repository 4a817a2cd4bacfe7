"""The review and agreement pages over HTTP: who may see them, forms with CSRF, charts, CSV."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import LabelValue, Layer, Span
from annotator.services.annotation.labels import set_label, set_status
from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from tests.helpers import csrf_token_from, login
from tests.review_world import TEXT, build_disagreement


@pytest.fixture
def world(session, make_user, make_project, make_document, assign) -> dict[str, Any]:
    world = build_disagreement(session, make_user, make_project, make_document, assign)
    session.commit()
    return world


@pytest.mark.parametrize(
    "path", ["/projects/demo/review", "/projects/demo/agreement", "/projects/demo/agreement.csv"]
)
def test_annotators_get_403_and_visitors_the_login_form(client, world, path: str) -> None:
    """Review and agreement pages are for reviewers and admins only."""
    assert client.get(path).status_code == 302
    login(client, "alice")
    assert client.get(path).status_code == 403


#: A layer's section on the review page: its name (then its status), its items.
LAYER_SECTION = (
    r'<section class="layer"><h3>(\w+)(?: <span class="layer-status[^"]*">[^<]*</span>)?</h3>'
    r"(.*?)</section>"
)


def test_review_queue_and_document_page_classify_differences(client, world) -> None:
    """The queue lists the document; its page shows the boundary shift and label mismatch."""
    login(client, "rita")
    queue = client.get("/projects/demo/review")
    assert queue.status_code == 200
    assert "d1" in queue.get_data(as_text=True)
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    assert "CLAIM: same end; the starts are 4 characters apart" in page
    # The field's target beside its name, as the workspace shows it.
    assert "stance (Russian foreign policy): alice=AGAINST, bob=NONE" in page
    assert f"/projects/demo/documents/{world['doc'].id}?layer=gold" in page


def test_annotator_names_can_be_hidden(client, world) -> None:
    """With names hidden, neither name appears anywhere in the page, forms included."""
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}?anonymous=1")
    html = page.get_data(as_text=True)
    assert "Annotator 1" in html and "Annotator 2" in html
    body = html.split("<main", 1)[1]
    assert "alice" not in body and "bob" not in body


def test_the_document_page_shows_the_annotators_notes_and_unsure_marks(
    client, session, world
) -> None:
    """Each annotator's note (escaped) and "unsure" mark; hidden names hide them here too."""
    from annotator.services.annotation.notes import set_note

    set_note(session, world["users"]["alice"], world["doc"], "Is <i>this</i> a claim?", True)
    set_note(session, world["users"]["bob"], world["doc"], "", False)  # says nothing: not shown
    session.commit()
    login(client, "rita")
    html = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    section = html.split('id="notes-heading"', 1)[1].split("</section>", 1)[0]
    assert "(1)" in section
    assert '<li data-annotator="alice"><strong>alice</strong>' in section
    assert '<span class="badge badge--unsure">unsure</span>' in section
    assert "Is &lt;i&gt;this&lt;/i&gt; a claim?" in section and "<i>" not in section
    assert "bob" not in section
    hidden = client.get(f"/projects/demo/review/{world['doc'].id}?anonymous=1")
    body = hidden.get_data(as_text=True).split("<main", 1)[1]
    assert "alice" not in body and "unsure" in body
    assert re.search(r'<li data-annotator="Annotator \d"><strong>Annotator \d</strong>', body)
    queue = client.get("/projects/demo/review").get_data(as_text=True)
    cell = re.search(r'<td [^>]*data-column="notes"[^>]*>(.*?)</td>', queue)
    assert cell is not None
    assert cell.group(1) == '1 note <span class="badge badge--unsure">1 unsure</span>'


def test_accepting_a_version_through_the_form_writes_gold(client, session, world) -> None:
    """The accept button posts with its CSRF token and puts alice's span into gold."""
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    token = csrf_token_from(page)
    answer = client.post(
        f"/projects/demo/review/{world['doc'].id}/accept",
        data={"csrf_token": token, "kind": "span", "id": world["claims"]["alice"].id},
    )
    assert answer.status_code == 302
    session.expire_all()
    gold = session.scalars(select(Layer).where(Layer.user_id.is_(None))).one()
    spans = session.scalars(select(Span).where(Span.layer_id == gold.id)).all()
    assert [(s.start, s.end, s.attributes, s.source_layer) for s in spans] == [
        (15, 31, {"claimer": "REPORTED"}, "alice")
    ]
    assert spans[0].decided_by_id == world["users"]["rita"].id
    project_page = client.get("/projects/demo").get_data(as_text=True)
    assert "Gold: in review" in project_page


def test_accepting_a_label_says_which_label_and_value_went_into_gold(
    client, session, world
) -> None:
    """Found in review: "Accepted the label into gold." named neither field nor value, and a
    reviewer taking stances one after another could not tell which had gone in."""
    alices = session.scalars(
        select(LabelValue).where(LabelValue.layer_id == world["layers"]["alice"].id)
    ).one()
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    answer = client.post(
        f"/projects/demo/review/{world['doc'].id}/accept",
        data={"csrf_token": csrf_token_from(page), "kind": "label", "id": alices.id},
        follow_redirects=True,
    )
    said = html_lib.unescape(answer.get_data(as_text=True))
    assert "Accepted stance AGAINST on sentence 1 into gold." in said


def test_a_form_post_without_the_csrf_token_changes_nothing(client, session, world) -> None:
    """No token: refused, and no gold layer appears."""
    login(client, "rita")
    answer = client.post(
        f"/projects/demo/review/{world['doc'].id}/accept",
        data={"kind": "span", "id": world["claims"]["alice"].id},
    )
    assert answer.status_code in (400, 403)
    session.expire_all()
    assert session.scalars(select(Layer).where(Layer.user_id.is_(None))).first() is None


def test_an_item_of_another_document_is_refused(client, session, world, make_document) -> None:
    """The accept form of one document's page cannot adjudicate another document's span: it
    is no span of this document, answered as an id nothing has (404)."""
    other = make_document(world["project"], "Another text.", external_id="d2")
    login(client, "rita")
    token = csrf_token_from(client.get(f"/projects/demo/review/{other.id}").get_data(True))
    answer = client.post(
        f"/projects/demo/review/{other.id}/accept",
        data={"csrf_token": token, "kind": "span", "id": world["claims"]["alice"].id},
    )
    assert answer.status_code == 404
    session.expire_all()
    assert session.scalars(select(Layer).where(Layer.user_id.is_(None))).first() is None


def test_unanimous_and_status_forms(client, session, world) -> None:
    """Accept-unanimous adds nothing where nobody agrees; the status form asks first about the
    differences still undecided, and sets final once confirmed."""
    login(client, "rita")
    doc = world["doc"]
    token = csrf_token_from(client.get(f"/projects/demo/review/{doc.id}").get_data(True))
    answer = client.post(
        f"/projects/demo/review/{doc.id}/unanimous", data={"csrf_token": token, "confirm": "1"}
    )
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Accepted 0 spans, 0 relations and 0 labels" in page
    asked = client.post(
        f"/projects/demo/review/{doc.id}/status", data={"csrf_token": token, "status": "final"}
    )
    assert "final=check" in asked.headers["Location"]
    assert "Gold: final" not in client.get("/projects/demo").get_data(as_text=True)
    client.post(
        f"/projects/demo/review/{doc.id}/status",
        data={"csrf_token": token, "status": "final", "confirm": "1"},
    )
    assert "Gold: final" in client.get("/projects/demo").get_data(as_text=True)


@pytest.mark.parametrize("where", ["document", "curate", "project"])
def test_accepting_the_unanimous_items_without_confirming_writes_nothing(
    client, session, world, where: str
) -> None:
    """A plain post of "accept every unanimous item" (no ``confirm``) writes nothing into gold
    and goes to the page that asks, saying how many items it would write."""
    alice, bob = (
        open_layer(session, world["users"][n], world["doc"], None) for n in ("alice", "bob")
    )
    for layer in (alice, bob):
        add_span(session, layer, "SOURCE", 0, 9)
    # Both done: the project's accept leaves out a document someone has not finished.
    for name in ("alice", "bob"):
        set_status(session, world["users"][name], world["doc"], "done")
    session.commit()
    doc = world["doc"].id
    login(client, "rita")
    token = csrf_token_from(client.get(f"/projects/demo/review/{doc}").get_data(True))
    path = (
        "/projects/demo/review/unanimous"
        if where == "project"
        else f"/projects/demo/review/{doc}/unanimous"
    )
    form = {"csrf_token": token} | ({"back": "curate"} if where == "curate" else {})
    answer = client.post(path, data=form)
    assert answer.status_code == 302
    assert "unanimous=check" in answer.headers["Location"]
    assert ("/curate" in answer.headers["Location"]) == (where == "curate")
    assert session.scalars(select(Layer).where(Layer.user_id.is_(None))).first() is None
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Accepting writes 1 item into gold" in page
    # The unanimous accept keeps decided differences too, and the question says so.
    assert "every difference already decided" in " ".join(page.split())
    assert session.scalars(select(Layer).where(Layer.user_id.is_(None))).first() is None
    answer = client.post(path, data=form | {"confirm": "1"})
    gold = session.scalars(select(Span).join(Layer).where(Layer.user_id.is_(None))).all()
    assert [(s.label, s.start, s.end) for s in gold] == [("SOURCE", 0, 9)]


def test_agreement_page_draws_charts_without_inline_styles(client, world) -> None:
    """Tables and inline SVG charts; no style attribute (the CSP forbids them); CSV download."""
    login(client, "rita")
    # The world's layers are in progress: the page's own default counts finished work only.
    answer = client.get("/projects/demo/agreement?status=all")
    assert answer.status_code == 200
    assert "style-src 'self'" in answer.headers["Content-Security-Policy"]
    html = answer.get_data(as_text=True)
    assert html.count("<svg") >= 4
    assert not re.search(r"\sstyle=", html)
    assert "<script" not in html.split("<main", 1)[1]
    assert "Cohen" in html and "unitizing" in html
    csv_answer = client.get("/projects/demo/agreement.csv?annotators=alice,bob&status=all")
    assert csv_answer.mimetype == "text/csv"
    assert csv_answer.get_data(as_text=True).startswith("section,item,pair,metric,value")


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ("documents=zzz", "documents", "no document 'zzz'"),
        ("annotators=alice,zed", "annotators", "annotators with work there: alice, bob"),
    ],
)
def test_a_bad_agreement_filter_shows_the_form_with_the_reason_at_its_field(
    client, world, query: str, field: str, reason: str
) -> None:
    login(client, "rita")
    answer = client.get(f"/projects/demo/agreement?{query}&status=all")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    form = html.split('<form class="filters"', 1)[1].split("</form>", 1)[0]
    # The input keeps what was typed, is marked invalid, and the reason sits right after it.
    marked = re.search(rf'<input name="{field}" value="([^"]*)"[^>]*aria-invalid="true"', form)
    assert marked is not None and marked.group(1) in query
    after = form.split(f'name="{field}"', 1)[1]
    assert reason in html_lib.unescape(after.split("</label>", 1)[0])
    assert 'href="/projects/demo/agreement"' in form  # a way back: the report unfiltered
    assert "<h2>Labels</h2>" not in html


def test_names_in_charts_are_escaped(client, session, world, make_user, assign) -> None:
    """A username with markup shows as text in the SVG, never as markup."""
    user = make_user("<b>x<b>", "annotator")  # no '/': a username is one path segment
    assign(world["doc"], user)
    layer = open_layer(session, user, world["doc"], None)
    set_label(session, layer, 0, "stance", "AGAINST")
    session.commit()
    login(client, "rita")
    html = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    assert "<b>x<b>" not in html
    assert "&lt;b&gt;x&lt;b&gt;" in html


def test_the_page_numbers_sentences_from_1_as_the_workspace_does(client, world) -> None:
    """Data index 0 shows as sentence 1: in the differences, the ranking and the text."""
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    assert "· sentence 1</p>" in page and "· sentence 0" not in page
    assert '<a href="#d-1">sentence 1</a> (2)' in page  # to its first difference
    assert "sentence 1: stance = AGAINST" in page and "sentence 0:" not in page
    assert '<ol class="sentences" id="sentences">' in page  # no start="0": numbered from 1


@pytest.mark.parametrize(
    ("suffix", "title"),
    [("", "Review A title"), ("/curate", "Curate A title"), ("/history", "History of A title")],
)
def test_a_documents_review_pages_name_it_by_title_and_lead_back_to_the_project(
    client, session, world, suffix: str, title: str
) -> None:
    world["doc"].title = "A title"
    session.commit()
    login(client, "rita")
    queue = client.get("/projects/demo/review").get_data(as_text=True)
    assert f'/projects/demo/review/{world["doc"].id}">A title</a>' in queue
    assert '<span class="muted slug">d1</span>' in queue
    html = client.get(f"/projects/demo/review/{world['doc'].id}{suffix}").get_data(as_text=True)
    assert f"<title>{title} · demo · annotator</title>" in html
    trail = html.split('<nav class="breadcrumbs" aria-label="Breadcrumb">', 1)[1].split("</nav>")[0]
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', trail)
    # The history page goes back to the document's review, the others to the queue.
    review = "/projects/demo/review"
    if suffix == "/history":
        review += f"/{world['doc'].id}"
    assert links[:3] == [("/", "Projects"), ("/projects/demo", "demo"), (review, "Review")]


def test_layers_side_by_side_list_each_layers_relations_by_their_spans(
    client, session, world
) -> None:
    """An annotator's relations are listed with their layer, and gold's too, each by its two
    spans' labels, offsets and text; gold's were shown as bare row ids ("7 → 5") and the
    annotators' not at all."""
    from annotator.services.annotation.relations import add_relation
    from annotator.services.review.adjudication import accept_relation

    alice = session.get(Layer, world["claims"]["alice"].layer_id)
    source = add_span(session, alice, "SOURCE", 0, 9)
    relation = add_relation(session, alice, "ATTRIBUTED_TO", world["claims"]["alice"].id, source.id)
    accept_relation(session, world["users"]["rita"], relation.id)
    session.commit()
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    layers = page.split("<h2>Layers side by side</h2>", 1)[1].split("</div>", 1)[0]
    sections = dict(re.findall(LAYER_SECTION, layers, re.S))
    shown = "ATTRIBUTED_TO: CLAIM [15, 31) “the talks failed” → SOURCE [0, 9) “Officials”"
    items = {
        name: re.findall(r'<li class="layer__relation">(.*?)</li>', body)
        for name, body in sections.items()
    }
    assert items == {"alice": [shown], "bob": [], "Gold": [shown]}


def test_the_agreement_reports_least_agreeing_documents_are_named_by_title(
    client, session, world
) -> None:
    """As in the review queue: the title links to the document's review, its id beneath; the
    table named each by its id alone ("000_b0605cf2c4f92556.txt")."""
    world["doc"].title = "Talks <b>failed</b>"
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    table = page.split("<h3>Least agreement</h3>", 1)[1].split("</table>", 1)[0]
    link = f'<a href="/projects/demo/review/{world["doc"].id}">Talks &lt;b&gt;failed&lt;/b&gt;</a>'
    assert link in table
    assert '<span class="muted slug">d1</span>' in table


def test_layers_side_by_side_show_each_layers_span_and_relation_notes_escaped(
    client, session, world
) -> None:
    """Each layer's notes on its spans and relations are shown there, escaped, so that a
    reviewer sees why an annotator chose differently; the page showed none."""
    from annotator.services.annotation.relations import add_relation, set_relation_note

    alice = session.get(Layer, world["claims"]["alice"].layer_id)
    source = add_span(session, alice, "SOURCE", 0, 9, note="the <b>officials</b>, unnamed")
    relation = add_relation(session, alice, "ATTRIBUTED_TO", world["claims"]["alice"].id, source.id)
    set_relation_note(session, relation, "said so\nin paragraph 3")
    session.commit()
    login(client, "rita")
    page = client.get(f"/projects/demo/review/{world['doc'].id}").get_data(as_text=True)
    layers = page.split("<h2>Layers side by side</h2>", 1)[1].split("</div>", 1)[0]
    sections = dict(re.findall(LAYER_SECTION, layers, re.S))
    notes = {
        name: re.findall(r'<p class="layer__note" dir="auto">(.*?)</p>', body, re.S)
        for name, body in sections.items()
    }
    assert notes == {
        "alice": ["the &lt;b&gt;officials&lt;/b&gt;, unnamed", "said so\nin paragraph 3"],
        "bob": [],
        "Gold": [],
    }
    # Each under its own item: the span's under the SOURCE span, the relation's under it.
    assert re.search(r"SOURCE \[0, 9\) “Officials”<p class=\"layer__note\"", sections["alice"])
    relation_note = r'<li class="layer__relation">ATTRIBUTED_TO: [^<]*<p class="layer__note"'
    assert re.search(relation_note + r' dir="auto">said so', sections["alice"])


def test_least_agreement_puts_a_label_disagreement_before_full_agreement(
    client, session, world, make_document, assign
) -> None:
    """Spans agreeing on both documents, labels only on the first: the second has less
    agreement, as the review list says, though the page sorted by span F1 alone (then id)."""
    from annotator.services.annotation.labels import set_label
    from annotator.services.annotation.layers import open_layer
    from annotator.services.annotation.spans import add_span

    users = world["users"]
    documents = {}
    for name, stances in (("same", ("FAVOR", "FAVOR")), ("differ", ("FAVOR", "AGAINST"))):
        doc = make_document(world["project"], TEXT, external_id=name)
        assign(doc, users["alice"], users["bob"])
        for annotator, stance in zip(("alice", "bob"), stances, strict=True):
            layer = open_layer(session, users[annotator], doc, None)
            add_span(session, layer, "CLAIM", 15, 31)
            set_label(session, layer, 0, "stance", stance)
        documents[name] = doc
    session.commit()
    login(client, "rita")
    page = client.get("/projects/demo/agreement?status=all").get_data(as_text=True)
    table = page.split("<h3>Least agreement</h3>", 1)[1].split("</table>", 1)[0]
    order = re.findall(r'href="/projects/demo/review/(\d+)"', table)
    assert order.index(str(documents["differ"].id)) < order.index(str(documents["same"].id))
    queue = client.get("/projects/demo/review").get_data(as_text=True)
    listed = re.findall(r'href="/projects/demo/review/(\d+)"', queue)
    assert listed.index(str(documents["differ"].id)) < listed.index(str(documents["same"].id))
