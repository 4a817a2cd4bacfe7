"""Sentence boundaries that reviewers fix: a split and a merge keep every span where it was
and move each layer's sentence labels with their sentence (CONTRACT section 4; issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from annotator.models import AuditEntry
from tests.api_world import World, build_world

# Four sentences; the second is really two clauses, a good place to cut by hand.
TEXT = (
    "Officials said the talks failed. Moscow denied it; the envoy left early. "
    "A third one here. The fourth ends it 😀."
)


@pytest.fixture
def world(client, make_user, make_token, make_project, make_document, assign) -> World:  # noqa: ANN001
    return build_world(
        client, make_user, make_token, make_project, make_document, assign, text=TEXT
    )


def sentences(world: World, who: str = "rita") -> list[tuple[int, int]]:
    doc = world.call(who, "GET", f"/documents/{world.doc.id}").get_json()
    return [(s["start"], s["end"]) for s in doc["sentences"]]


def label(world: World, who: str, sentence: int | None, name: str, value: Any) -> None:
    body = {"sentence": sentence, "name": name, "value": value}
    response = world.call(who, "PUT", f"/documents/{world.doc.id}/labels", body)
    assert response.status_code == 200, response.get_json()


def labels_of(world: World, annotator: str) -> dict[tuple[int | None, str], Any]:
    layer = world.layer("rita", annotator)
    found = {(item["sentence"], item["name"]): item["value"] for item in layer["sentence_labels"]}
    return found | {(None, item["name"]): item["value"] for item in layer["document_labels"]}


def split(world: World, index: int, at: int, who: str = "rita") -> Any:
    path = f"/projects/demo/review/{world.doc.id}/sentences/{index}/split"
    return world.call(who, "POST", path, {"at": at})


def merge(world: World, index: int, keep: str | None = None, who: str = "rita") -> Any:
    path = f"/projects/demo/review/{world.doc.id}/sentences/{index}/merge"
    return world.call(who, "POST", path, {"keep": keep} if keep else {})


def test_a_split_keeps_spans_and_moves_later_labels(world: World, session) -> None:  # noqa: ANN001
    text = world.doc.text
    before = sentences(world)
    assert len(before) == 4
    envoy = text.index("the envoy")
    world.span("alice", "SOURCE", text.index("Moscow"), text.index("Moscow") + 6)
    world.span("alice", "CLAIM", envoy, envoy + len("the envoy left early"))
    label(world, "alice", 1, "stance", "AGAINST")
    label(world, "alice", 2, "stance", "FAVOR")
    label(world, "bob", 3, "bias", "BIASED")
    label(world, "alice", None, "genre", "NEWS")  # a document label: not a sentence's

    answer = split(world, 1, envoy)
    assert answer.status_code == 200, answer.get_json()
    first, second = answer.get_json()["sentences"]
    assert (first["index"], second["index"]) == (1, 2)
    assert text[first["start"] : first["end"]] == "Moscow denied it;"
    assert text[second["start"] : second["end"]] == "the envoy left early."

    after = sentences(world)
    assert after == [before[0], (first["start"], first["end"]), (envoy, before[1][1]), *before[2:]]
    for start, end in after:
        assert text[start:end] == text[start:end].strip() and start < end
    # Spans are offsets into the text, which never changes.
    for span in world.layer("rita", "alice")["spans"]:
        assert span["text"] == text[span["start"] : span["end"]]
    # The split sentence's label stays on its first part; later ones move down by one.
    assert labels_of(world, "alice") == {
        (1, "stance"): "AGAINST",
        (3, "stance"): "FAVOR",
        (None, "genre"): "NEWS",
    }
    assert labels_of(world, "bob") == {(4, "bias"): "BIASED"}
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sentence.split")).one()
    assert entry.actor == "rita" and entry.before == list(before[1])


def test_a_merge_joins_labels_and_refuses_a_conflict_unless_told(world: World, session) -> None:  # noqa: ANN001
    text = world.doc.text
    before = sentences(world)
    label(world, "alice", 1, "stance", "AGAINST")
    label(world, "alice", 2, "stance", "AGAINST")  # the same value: kept once
    label(world, "alice", 2, "bias", "BIASED")  # only on the second: joins the merged one
    label(world, "bob", 1, "stance", "FAVOR")
    label(world, "bob", 2, "stance", "NONE")  # differs: a conflict
    label(world, "bob", 3, "opinion", "ENTIRELY_FACTUAL")

    refused = merge(world, 1)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["details"]["conflicts"] == [
        {"layer": "bob", "field": "stance", "first": "FAVOR", "second": "NONE"}
    ]
    assert error["message"] == (
        "the labels differ in 1 case (bob: stance is FAVOR on the first sentence and NONE on "
        "the second); say which sentence's labels to keep (keep: first or second)"
    )
    assert sentences(world) == before  # nothing changed
    assert labels_of(world, "bob")[(2, "stance")] == "NONE"

    answer = merge(world, 1, keep="second")
    assert answer.status_code == 200, answer.get_json()
    (merged,) = answer.get_json()["sentences"]
    assert (merged["start"], merged["end"]) == (before[1][0], before[2][1])
    assert (
        text[merged["start"] : merged["end"]]
        == "Moscow denied it; the envoy left early. A third one here."
    )
    assert sentences(world) == [before[0], (before[1][0], before[2][1]), before[3]]
    assert labels_of(world, "alice") == {(1, "stance"): "AGAINST", (1, "bias"): "BIASED"}
    assert labels_of(world, "bob") == {(1, "stance"): "NONE", (2, "opinion"): "ENTIRELY_FACTUAL"}
    assert session.scalars(select(AuditEntry.action)).all() == ["sentence.merge"]


def test_split_then_merge_gives_back_the_same_sentences(world: World) -> None:
    before = sentences(world)
    label(world, "alice", 3, "stance", "NONE")
    at = world.doc.text.index("the envoy")
    assert split(world, 1, at).status_code == 200
    assert merge(world, 1).status_code == 200
    assert sentences(world) == before
    assert labels_of(world, "alice") == {(3, "stance"): "NONE"}


def test_the_first_sentence_splits_and_merges_too(world: World, make_user) -> None:  # noqa: ANN001
    """Sentence indexes count from 0: the first one is no missing row (ids count from 1)."""
    from tests.helpers import csrf_token_from, login

    before = sentences(world)
    said = world.doc.text.index("said")
    answer = split(world, 0, said)
    assert answer.status_code == 200, answer.get_json()
    assert len(sentences(world)) == 5
    assert merge(world, 0).status_code == 200
    assert sentences(world) == before
    # The review page's own forms, on its first sentence.
    make_user("reva", "reviewer")
    client = world.client
    assert login(client, "reva").status_code == 302
    review = f"/projects/demo/review/{world.doc.id}"
    token = csrf_token_from(client.get(review).get_data(as_text=True))
    done = client.post(
        f"{review}/sentences/0/split",
        data={"at": said, "csrf_token": token},
        follow_redirects=True,
    )
    assert "Split sentence 1 in two." in done.get_data(as_text=True)
    assert len(sentences(world)) == 5


@pytest.mark.parametrize(
    ("index", "at", "status", "code"),
    [
        (1, None, 422, "invalid"),  # at the sentence's start: nothing before
        (1, 10_000, 422, "invalid"),  # outside the sentence
        (9, 5, 404, "not_found"),  # no such sentence
    ],
)
def test_a_split_that_leaves_an_empty_part_is_refused(
    world: World, index: int, at: int | None, status: int, code: str
) -> None:
    before = sentences(world)
    answer = split(world, index, before[1][0] if at is None else at)
    assert answer.status_code == status
    assert answer.get_json()["error"]["code"] == code
    assert sentences(world) == before


def test_merging_the_last_sentence_is_refused(world: World) -> None:
    answer = merge(world, 3)
    assert answer.status_code == 422
    assert "last" in answer.get_json()["error"]["message"]


def test_annotators_cannot_change_sentences(world: World) -> None:
    before = sentences(world)
    assert split(world, 1, world.doc.text.index("the envoy"), who="alice").status_code in (403, 404)
    assert merge(world, 1, who="alice").status_code in (403, 404)
    assert sentences(world) == before


def test_exports_use_the_corrected_sentences(world: World) -> None:
    label(world, "alice", 2, "stance", "FAVOR")
    assert split(world, 1, world.doc.text.index("the envoy")).status_code == 200
    exported = world.call("rita", "GET", "/projects/demo/export?format=jsonl")
    assert exported.status_code == 200
    records = [json.loads(line) for line in exported.get_data(as_text=True).splitlines()]
    record = next(r for r in records if r["id"] == "doc-1")
    assert len(record["sentences"]) == 5
    alice = next(a for a in record["annotations"] if a["annotator"] == "alice")
    assert {(item["sentence"], item["value"]) for item in alice["sentence_labels"]} == {
        (3, "FAVOR")
    }


def test_a_merge_with_an_unknown_keep_is_refused(world: World) -> None:
    before = sentences(world)
    answer = merge(world, 1, keep="both")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["details"]["field"] == "keep"
    assert sentences(world) == before


def suggest(session, world: World, label: str, start: int, end: int) -> None:  # noqa: ANN001
    """Put a span in the document's suggestions layer, as a prediction would."""
    from annotator.core.vocabulary import SUGGESTIONS
    from annotator.models import Layer
    from annotator.services.annotation.spans import add_span

    layer = Layer(document_id=world.doc.id, user_id=None, key=SUGGESTIONS)
    session.add(layer)
    session.flush()
    add_span(session, layer, label, start, end)
    session.commit()


def test_a_split_through_spans_is_refused_naming_each_layers_until_forced(
    world: World,
    session,  # noqa: ANN001
) -> None:
    text = world.doc.text
    envoy = text.index("the envoy")  # the cut: the first part ends after "it;"
    denied, semicolon = text.index("denied"), text.index(";")
    world.span("alice", "CLAIM", denied, envoy + len("the envoy"))
    world.span("rita", "SOURCE", text.index("it;"), envoy + 3, query="?layer=gold")
    suggest(session, world, "CUE", semicolon, envoy + len("the envoy left"))
    # Not cut: one ends in the whitespace at the cut, one starts where the second part does.
    world.span("bob", "SOURCE", text.index("Moscow"), envoy)
    world.span("bob", "CLAIM", envoy, envoy + len("the envoy"))
    label(world, "alice", 1, "stance", "AGAINST")
    before = sentences(world)

    refused = split(world, 1, envoy)
    assert refused.status_code == 409, refused.get_json()
    error = refused.get_json()["error"]
    cut = error["details"]["spans"]
    assert [(s["layer"], s["label"], s["start"], s["end"]) for s in cut] == [
        ("alice", "CLAIM", denied, envoy + 9),
        ("gold", "SOURCE", text.index("it;"), envoy + 3),
        ("suggestions", "CUE", semicolon, envoy + 14),
    ]
    assert all(s["text"] == text[s["start"] : s["end"]] for s in cut)
    assert "alice's CLAIM" in error["message"] and "force" in error["message"]
    assert "cuts through 3 spans:" in error["message"]
    # Refused means untouched: the sentences, the labels, the audit log.
    assert sentences(world) == before
    assert labels_of(world, "alice") == {(1, "stance"): "AGAINST"}
    assert session.scalars(select(AuditEntry.action)).all() == []

    path = f"/projects/demo/review/{world.doc.id}/sentences/1/split"
    forced = world.call("rita", "POST", path, {"at": envoy, "force": True})
    assert forced.status_code == 200, forced.get_json()
    assert forced.get_json()["spans_across"] == cut
    assert sentences(world)[1:3] == [(before[1][0], semicolon + 1), (envoy, before[1][1])]
    # The spans keep their offsets and text, and now cross into sentence 2, from sentence 1.
    (claim,) = world.layer("rita", "alice")["spans"]
    assert (claim["start"], claim["end"], claim["sentence"]) == (denied, envoy + 9, 1)
    assert claim["text"] == text[denied : envoy + 9]
    assert labels_of(world, "alice") == {(1, "stance"): "AGAINST"}


def test_a_split_through_no_span_needs_no_force(world: World) -> None:
    text = world.doc.text
    world.span("alice", "CLAIM", text.index("Moscow"), text.index(";"))
    answer = split(world, 1, text.index("the envoy"))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["spans_across"] == []


@pytest.mark.parametrize("force", ["yes", 1, None])
def test_force_must_be_true_or_false(world: World, force: Any) -> None:
    text = world.doc.text
    before = sentences(world)
    path = f"/projects/demo/review/{world.doc.id}/sentences/1/split"
    answer = world.call("rita", "POST", path, {"at": text.index("the envoy"), "force": force})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["details"]["field"] == "force"
    assert sentences(world) == before


def test_the_preview_names_what_the_split_would_cut_and_changes_nothing(
    world: World,
    session,  # noqa: ANN001
) -> None:
    from annotator.core.errors import Conflict, Invalid
    from annotator.models import Document
    from annotator.services.datasets import sentence_split

    text = world.doc.text
    envoy = text.index("the envoy")
    world.span("alice", "CLAIM", text.index("denied"), envoy + 9)
    document = session.get(Document, world.doc.id)
    preview = sentence_split.spans_across_split(session, None, document, 1, envoy)
    assert [(s["layer"], s["text"]) for s in preview] == [("alice", "denied it; the envoy")]
    with pytest.raises(Conflict) as refused:
        sentence_split.split_sentence(session, None, document, 1, envoy)
    assert refused.value.details["spans"] == preview
    with pytest.raises(Invalid):
        sentence_split.spans_across_split(session, None, document, 1, text.index("Moscow"))
    assert len(document.sentences) == 4
    split_made = sentence_split.split_sentence(session, None, document, 1, envoy, force=True)
    assert split_made.spans_across == preview
    assert len(split_made.sentences) == 2


def test_the_page_asks_before_a_split_through_spans_naming_layers_as_it_shows_them(
    world: World,
    make_user,  # noqa: ANN001
) -> None:
    from tests.helpers import csrf_token_from, login

    make_user("reva", "reviewer")
    text = world.doc.text
    envoy = text.index("the envoy")
    world.span("alice", "CLAIM", text.index("denied"), envoy + 9)
    client = world.client
    assert login(client, "reva").status_code == 302
    review = f"/projects/demo/review/{world.doc.id}"
    token = csrf_token_from(client.get(review).get_data(as_text=True))
    path = f"{review}/sentences/1/split"
    asked = client.post(path, data={"at": envoy, "csrf_token": token, "anonymous": "1"})
    assert asked.status_code == 302
    location = asked.headers["Location"]
    assert f"split=1&at={envoy}" in location and "anonymous=1" in location
    assert location.endswith("#sentence-1")
    page = " ".join(client.get(location).get_data(as_text=True).split())
    # Named as the anonymous page names alice; nothing split yet.
    assert "cuts through 1 span." in page
    assert "<strong>Annotator 1</strong>: CLAIM" in page and "alice" not in page
    assert len(sentences(world)) == 4
    forced = client.post(
        path, data={"at": envoy, "csrf_token": token, "force": "1"}, follow_redirects=True
    )
    assert "Split sentence 2 in two; 1 span now crosses into sentence 3." in forced.get_data(
        as_text=True
    )
    assert len(sentences(world)) == 5


@pytest.mark.parametrize("index", ["²", str(2**31), str(2**64), "9" * 5000])
def test_the_page_ignores_a_split_to_confirm_that_names_no_sentence(
    world: World,
    make_user,  # noqa: ANN001
    index: str,
) -> None:
    from tests.helpers import login

    make_user("reva", "reviewer")
    text = world.doc.text
    world.span("alice", "CLAIM", text.index("denied"), text.index("the envoy") + 9)
    assert login(world.client, "reva").status_code == 302
    review = f"/projects/demo/review/{world.doc.id}"
    # A digit to str.isdigit but not to int(), or a number no column holds: no sentence.
    for query in (f"split={index}&at=40", f"split=1&at={index}"):
        page = world.client.get(f"{review}?{query}")
        assert page.status_code == 200, query
        assert "split-confirm" not in page.get_data(as_text=True)


def test_the_anonymous_warning_orders_spans_by_the_names_it_shows(
    world: World,
    make_user,  # noqa: ANN001
    make_token,  # noqa: ANN001
    assign,  # noqa: ANN001
) -> None:
    from tests.helpers import login

    # zoe sorts after "gold": in the real names' order gold would come before her, and its
    # place among "Annotator N" would tell how the hidden names sort.
    zoe = make_user("zoe", "annotator", None)
    world.headers["zoe"] = make_token(zoe)
    assign(world.doc, zoe)
    make_user("reva", "reviewer")
    text = world.doc.text
    envoy = text.index("the envoy")
    world.span("alice", "CLAIM", text.index("denied"), envoy + 9)
    world.span("zoe", "CLAIM", text.index("denied"), envoy + 9)
    world.span("rita", "CLAIM", text.index("denied"), envoy + 9, query="?layer=gold")
    assert login(world.client, "reva").status_code == 302
    page = world.client.get(
        f"/projects/demo/review/{world.doc.id}?split=1&at={envoy}&anonymous=1"
    ).get_data(as_text=True)
    warning = page[page.index("split-confirm") :]
    # zoe keeps her number in the project (she joined after alice and bob).
    named = [warning.index(f"<strong>{name}</strong>") for name in ("Annotator 1", "Annotator 3")]
    assert named[0] < named[1] < warning.index("<strong>gold</strong>")
    assert "zoe" not in page and "alice" not in page


def test_the_page_says_a_split_or_merge_it_refuses_on_the_page(
    world: World,
    make_user,  # noqa: ANN001
) -> None:
    """An offset outside the sentence, or a merge of the last one, is said in the page's
    banner as every refusal of its forms is, not with a bare error page."""
    from tests.helpers import csrf_token_from, login

    make_user("reva", "reviewer")
    client = world.client
    assert login(client, "reva").status_code == 302
    review = f"/projects/demo/review/{world.doc.id}"
    token = csrf_token_from(client.get(review).get_data(as_text=True))
    before = sentences(world)
    for path, data, said in [
        (f"{review}/sentences/1/split", {"at": 10_000}, "Not split: "),
        (f"{review}/sentences/3/merge", {}, "Not merged: "),
    ]:
        answer = client.post(path, data={**data, "csrf_token": token})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
        page = client.get(answer.headers["Location"]).get_data(as_text=True)
        assert said in page
    assert sentences(world) == before
