"""The curation view's reading of a document: lanes over the text, and each difference decided
exactly when gold holds one of its versions (spans, attributes, relations, labels)."""

from __future__ import annotations

import pytest

from annotator.services.review.curation import curation_view
from tests.api_world import World, build_world
from tests.helpers import login, logout

# sentence 0: "Officials said the talks failed." [0, 32); 1: "Moscow denied it." [35, 52)


@pytest.fixture
def bare_world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    """The project, its document and its people, before anyone has annotated."""
    return build_world(client, make_user, make_token, make_project, make_document, assign)


@pytest.fixture
def world(bare_world: World) -> World:
    world = bare_world
    for name, claimer, source in (("alice", "REPORTED", (0, 9)), ("bob", "JOURNALIST", (35, 41))):
        claim = world.span(name, "CLAIM", 15, 31, attributes={"claimer": claimer})
        src = world.span(name, "SOURCE", *source)
        world.relation(name, "ATTRIBUTED_TO", claim["id"], src["id"])
    return world


def kinds(view) -> list[tuple[str, bool]]:  # noqa: ANN001
    return [(d.difference.kind, d.decided) for d in view.differences]


def accept(world: World, version) -> None:  # noqa: ANN001
    kind, row_id, attribute = version.accept
    body = {"kind": kind, "id": row_id} | ({"attribute": attribute} if attribute else {})
    answer = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/accept", body)
    assert answer.status_code == 200, answer.get_json()


def test_differences_are_decided_as_gold_takes_a_version(world: World, session) -> None:  # noqa: ANN001
    view = curation_view(session, world.doc)
    assert view.lanes == ["alice", "bob", "gold"]
    assert sorted(kinds(view)) == sorted(
        [
            ("attribute", False),
            ("only_some", False),  # alice's source
            ("only_some", False),  # bob's source
            ("relation_target", False),
        ]
    )
    by_kind = {d.difference.kind: d for d in view.differences}
    # Alice's relation first (it brings her spans, attributes and all), then bob's attribute.
    relation = by_kind["relation_target"].difference
    accept(world, next(v for v in relation.versions if v.annotator == "alice"))
    attribute = by_kind["attribute"].difference
    accept(world, next(v for v in attribute.versions if v.annotator == "bob"))

    session.expire_all()
    view = curation_view(session, world.doc)
    decided = {d.difference.kind: d.taken for d in view.differences if d.decided}
    # Accepting alice's relation brought her claim and source: her "only_some" source is
    # decided too; bob's source is not.
    assert decided == {"attribute": ["bob"], "relation_target": ["alice"], "only_some": ["alice"]}
    assert [d.difference.kind for d in view.undecided] == ["only_some"]
    # The review API and page say the same, and stop offering what is decided.
    answer = world.call("rita", "GET", f"/projects/demo/review/{world.doc.id}").get_json()
    assert {d["kind"]: d["taken"] for d in answer["differences"] if d["decided"]} == decided
    assert [d["kind"] for d in answer["differences"] if not d["decided"]] == ["only_some"]
    # The lanes: the first sentence in alice's lane, cut at her spans' bounds.
    first = view.sentences[0]
    alice = next(row for row in first.rows if row.lane == "alice")
    assert [(seg.text, seg.labels) for seg in alice.segments] == [
        ("Officials", ["SOURCE"]),
        (" said ", []),
        ("the talks failed", ["CLAIM"]),
        (".", []),
    ]
    gold = next(row for row in first.rows if row.lane == "gold")
    assert ("the talks failed", ["CLAIM"]) in [(s.text, s.labels) for s in gold.segments]
    # Each lane's relation, to draw as an arc between the spans its marks name, with the
    # difference it is a version of (decided: gold holds alice's).
    arcs = view.arcs
    assert arcs is not None and set(arcs["lanes"]) == {"alice", "bob", "gold"}
    lane = arcs["lanes"]["alice"]
    spans = {span_id: (start, end) for span_id, start, end in lane["spans"]}
    [(relation, kind, source, target)] = lane["relations"]
    assert kind == "ATTRIBUTED_TO"
    assert (spans[source], spans[target]) == ((15, 31), (0, 9))
    marked = {s.text: s.spans for s in alice.segments if s.spans}
    assert marked == {"Officials": [target], "the talks failed": [source]}
    number = by_kind["relation_target"].number
    assert arcs["decided"][relation] == [number] and relation not in arcs["open"]
    assert arcs["sentences"][:2] == [[0, 32], [35, 52]]


def test_the_page_is_for_reviewers_and_escapes_text(
    client,
    make_user,
    make_project,
    make_document,
    assign,  # noqa: ANN001
) -> None:
    reviewer, annotator = make_user("reviewer2", "reviewer"), make_user("ann2", "annotator")
    project = make_project("esc")
    document = make_document(project, "He wrote <b>bold</b> & left. Then more.")
    assign(document, annotator)
    login(client, "ann2")
    assert client.get(f"/projects/esc/review/{document.id}/curate").status_code in (403, 404)
    logout(client)
    login(client, reviewer.username)
    page = client.get(f"/projects/esc/review/{document.id}/curate?sentences=all")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; left." in html and "<b>bold</b>" not in html


def test_an_annotator_with_two_versions_in_gold_is_named_once(bare_world: World, session) -> None:  # noqa: ANN001
    world = bare_world
    # Alice marks the claim twice (whole and without its article), bob once (without its
    # last letter, so that neither of alice's is his too): one boundary difference holding
    # two versions of alice's.
    world.span("alice", "CLAIM", 15, 31)
    world.span("alice", "CLAIM", 19, 31)
    world.span("bob", "CLAIM", 15, 30)
    view = curation_view(session, world.doc)
    difference = next(d.difference for d in view.differences if d.difference.kind != "only_some")
    for version in [v for v in difference.versions if v.annotator == "alice"]:
        accept(world, version)

    session.expire_all()
    view = curation_view(session, world.doc)
    taken = next(d.taken for d in view.differences if d.difference.kind == difference.kind)
    assert taken == ["alice"]  # gold holds two of alice's versions: she is named once


def test_a_relation_everyone_drew_between_differing_spans_is_offered_until_taken(
    bare_world: World,
    session,  # noqa: ANN001
) -> None:
    # Both link their claim to the same cue, but bob's claim leaves out the article: at the
    # level of overlapping spans they agree, yet no unanimous item can bring the relation.
    world = bare_world
    for name, claim_start in (("alice", 15), ("bob", 19)):
        claim = world.span(name, "CLAIM", claim_start, 31)
        cue = world.span(name, "CUE", 10, 14)
        world.relation(name, "CUED_BY", claim["id"], cue["id"])
    view = curation_view(session, world.doc)
    by_kind = {d.difference.kind: d for d in view.differences}
    assert "relation_spans" in by_kind
    assert not by_kind["relation_spans"].decided
    answer = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/unanimous", {})
    assert answer.status_code == 200, answer.get_json()

    accept(
        world,
        next(v for v in by_kind["relation_spans"].difference.versions if v.annotator == "alice"),
    )

    session.expire_all()
    view = curation_view(session, world.doc)
    decided = {d.difference.kind: d.taken for d in view.differences if d.decided}
    # Gold's relation is alice's exactly, as the export's provenance names it: bob's runs
    # from his own claim, which gold does not hold (his is taken instead, claim and all).
    assert decided["relation_spans"] == ["alice"]
    gold = world.call("rita", "GET", f"/documents/{world.doc.id}/annotations?annotator=gold")
    relations = gold.get_json()["relations"]
    assert [r["type"] for r in relations] == ["CUED_BY"]


@pytest.mark.parametrize("page", ["curate", "review"])
def test_one_annotators_layer_is_said_to_leave_nothing_to_compare(
    bare_world: World,
    client,
    make_user,
    page: str,  # noqa: ANN001
) -> None:
    """With only alice's layer (bob assigned, not started) no one agrees: there is no one
    to compare her with, and the page says so with how many are assigned."""
    world = bare_world
    world.span("alice", "CLAIM", 15, 31)
    login(client, make_user("reader", "reviewer").username)
    path = f"/projects/demo/review/{world.doc.id}" + ("/curate" if page == "curate" else "")
    html = client.get(path).get_data(as_text=True)
    assert "agree on everything" not in html
    assert "Only alice’s layer is here, so there is nothing to compare yet" in html
    assert "1 of the 2 annotators assigned has worked on it" in html


def test_two_layers_that_agree_are_said_to_agree(bare_world: World, client, make_user) -> None:  # noqa: ANN001
    world = bare_world
    world.span("alice", "CLAIM", 15, 31)
    world.span("bob", "CLAIM", 15, 31)
    login(client, make_user("reader", "reviewer").username)
    html = client.get(f"/projects/demo/review/{world.doc.id}/curate").get_data(as_text=True)
    assert "The annotators agree on everything in this document." in html
    assert "nothing to compare" not in html


def test_a_document_label_difference_is_marked_on_each_version_until_decided(
    bare_world: World,
    client,  # noqa: ANN001
    make_user,  # noqa: ANN001
    session,  # noqa: ANN001
) -> None:
    world = bare_world
    for name, genre in (("alice", "NEWS"), ("bob", "STATE_MEDIA")):
        body = {"sentence": None, "name": "genre", "value": genre}
        answer = world.call(name, "PUT", f"/documents/{world.doc.id}/labels", body)
        assert answer.status_code == 200, answer.get_json()
    view = curation_view(session, world.doc)
    (difference,) = [d for d in view.differences if not d.decided]
    number = difference.number
    assert view.document_labels == {
        "alice": ["genre = NEWS"],
        "bob": ["genre = STATE_MEDIA"],
        "gold": [],
    }
    assert view.document_label_marks == {"alice": [[number]], "bob": [[number]], "gold": []}
    # The page flags both versions with the difference's number, as it flags a sentence's.
    login(client, make_user("reader", "reviewer").username)
    page = client.get(f"/projects/demo/review/{world.doc.id}/curate").get_data(as_text=True)
    labels = page[page.index('aria-label="Document labels"') :].split("</section>")[0]
    assert labels.count(f'class="cur-flag" data-diffs="{number}"') == 2

    accept(world, next(v for v in difference.difference.versions if v.annotator == "bob"))
    session.expire_all()
    view = curation_view(session, world.doc)
    assert view.document_label_marks == {"alice": [[]], "bob": [[]], "gold": [[]]}
    assert view.document_labels["gold"] == ["genre = STATE_MEDIA"]
    logout(client)


def test_a_span_across_sentences_is_cut_into_parts_marked_as_running_on(
    bare_world: World,
    session,  # noqa: ANN001
) -> None:
    """alice's claim runs from "the talks" into sentence 1 ("Moscow denied"); bob's ends in
    the spaces after sentence 0: a lane shows alice's in both sentences (sentence 1 has no
    difference of its own), her label once and her difference's mark after its real end;
    bob's is one part, marked after it, not running on."""
    world = bare_world
    world.span("alice", "CLAIM", 15, 48)
    world.span("bob", "CLAIM", 15, 33)
    view = curation_view(session, world.doc)
    assert [s.index for s in view.sentences] == [0, 1]
    [number] = [d.number for d in view.differences]

    def parts(sentence: int, lane: str) -> list[tuple[str, list[str], bool, bool, list[int]]]:
        row = next(r for r in view.sentences[sentence].rows if r.lane == lane)
        return [(s.text, s.tags, s.continues, s.continued, s.ends) for s in row.segments if s.spans]

    assert parts(0, "alice") == [("the talks failed.", ["CLAIM"], True, False, [])]
    assert parts(1, "alice") == [("Moscow denied", [], False, True, [number])]
    assert parts(0, "bob") == [("the talks failed.", ["CLAIM"], False, False, [number])]
    assert parts(1, "bob") == []


def test_a_span_begun_in_a_sentence_without_differences_is_shown_from_its_start(
    bare_world: World,
    session,  # noqa: ANN001
) -> None:
    """Both annotators' claim runs from sentence 0 into sentence 1, where alone alice's SOURCE
    "it" differs: sentence 0 is shown too, so that the claim is drawn from its start, with its
    label, not as an unlabelled part continued from a sentence the reviewer cannot see."""
    world = bare_world
    for name in ("alice", "bob"):
        world.span(name, "CLAIM", 15, 48)
    world.span("alice", "SOURCE", 49, 51)
    view = curation_view(session, world.doc)
    assert [s.index for s in view.sentences] == [0, 1]
    row = next(r for r in view.sentences[0].rows if r.lane == "bob")
    assert [(s.text, s.tags, s.continues) for s in row.segments if s.spans] == [
        ("the talks failed.", ["CLAIM"], True)
    ]


def test_a_span_one_annotator_drew_across_an_agreed_one_is_its_own_difference(
    bare_world: World,
    session,  # noqa: ANN001
) -> None:
    """Both mark the claim alike; alice also marks a BIASED_WORD from its last words into the
    next sentence. The three were one cluster, read as the claim's boundary shift and label
    swap: deciding those (taking bob's claim) decided the cluster, and alice's span was left
    out of gold without anyone deciding it."""
    world = bare_world
    for name in ("alice", "bob"):
        world.span(name, "CLAIM", 15, 31)
    world.span("alice", "BIASED_WORD", 25, 41)  # "failed. ... Moscow", across the sentences
    view = curation_view(session, world.doc)
    assert [(d.difference.kind, d.difference.summary) for d in view.differences] == [
        ("only_some", "BIASED_WORD marked by alice; not by bob")
    ]
    (only,) = view.differences
    assert [v.annotator for v in only.difference.versions] == ["alice"]
    # The agreed claim is the unanimous accept's; alice's span waits for a decision.
    answer = world.call("rita", "POST", f"/projects/demo/review/{world.doc.id}/unanimous", {})
    assert answer.status_code == 200, answer.get_json()
    session.expire_all()
    view = curation_view(session, world.doc)
    assert [(d.difference.kind, d.decided) for d in view.differences] == [("only_some", False)]
    accept(world, only.difference.versions[0])
    gold = world.call("rita", "GET", f"/documents/{world.doc.id}/annotations?annotator=gold")
    spans = sorted((s["label"], s["start"], s["end"]) for s in gold.get_json()["spans"])
    assert spans == [("BIASED_WORD", 25, 41), ("CLAIM", 15, 31)]
