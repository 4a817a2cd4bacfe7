"""A span nested in another annotator's span of another label never drops out of gold.

alice marked a CLAIM and the BIASED_WORD "reckless" inside it; bob's CLAIM starts at
"reckless"; carol's CLAIM is alice's. The review put alice's BIASED_WORD in the claims' group
(a "label swap" of alice with herself): accepting alice's claim decided it, the page said
"0 to decide", and gold never got the BIASED_WORD. Whatever is decided, every annotator's span
ends in gold or in a decision that left its annotator's side out.
"""

from __future__ import annotations

import random
from typing import Any

from annotator.services.annotation.layers import open_layer
from annotator.services.annotation.spans import add_span
from annotator.services.review import adjudication, none_taken
from annotator.services.review.decided_differences import (
    decided_differences,
    gold_layer,
    to_decide,
)
from annotator.services.review.differences import document_differences
from annotator.services.review.gold_ends import SPAN_KINDS, span_key, version_spans
from annotator.services.review.layers import document_layers
from annotator.services.review.none_taken import rows_by_id
from annotator.services.review.unanimous.write import accept_unanimous
from tests.helpers import csrf_token_from, login
from tests.review_page_forms import accept_forms

TEXT = "Officials said: This is a reckless tax grab that will hurt families."
CLAIM = (TEXT.index("This"), TEXT.index("."))
RECKLESS = (TEXT.index("reckless"), TEXT.index("reckless") + len("reckless"))
ANNOTATORS = ("alice", "bob", "carol")


def _team(make_user: Any, assign: Any, document: Any) -> dict[str, Any]:
    users = {name: make_user(name, "annotator") for name in ANNOTATORS}
    users["rita"] = make_user("rita", "reviewer")
    assign(document, *(users[name] for name in ANNOTATORS))
    return users


def _differences(client: Any, headers: dict[str, str], doc_id: int) -> list[dict[str, Any]]:
    answer = client.get(f"/api/v1/projects/demo/review/{doc_id}", headers=headers)
    assert answer.status_code == 200
    return answer.get_json()["differences"]


def _accept(client: Any, headers: dict[str, str], doc_id: int, version: dict[str, Any]) -> None:
    answer = client.post(
        f"/api/v1/projects/demo/review/{doc_id}/accept", headers=headers, json=version["accept"]
    )
    assert answer.status_code == 200, answer.get_json()


def test_a_biased_word_inside_a_shifted_claim_is_decided_on_its_own(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """The reported case, through the review API and the page: the claims' boundary shift
    is one difference, alice's BIASED_WORD another; taking alice's claim leaves the word to
    decide, and accepting it puts it into the gold layer the API reads."""
    doc = make_document(make_project("demo"), TEXT, external_id="d1")
    users = _team(make_user, assign, doc)
    layers = {name: open_layer(session, users[name], doc, None) for name in ANNOTATORS}
    add_span(session, layers["alice"], "CLAIM", *CLAIM)
    word = add_span(session, layers["alice"], "BIASED_WORD", *RECKLESS)
    add_span(session, layers["bob"], "CLAIM", RECKLESS[0], CLAIM[1])
    add_span(session, layers["carol"], "CLAIM", *CLAIM)
    session.commit()
    rita = make_token(users["rita"])

    found = _differences(client, rita, doc.id)
    assert [(d["kind"], d["summary"]) for d in found] == [
        ("boundary", "CLAIM: same end; the starts are 10 characters apart"),
        ("only_some", "BIASED_WORD marked by alice; not by bob, carol"),
    ]
    claims = found[0]
    assert {v["text"].split(" ")[0] for v in claims["versions"]} == {"CLAIM"}
    alices = next(v for v in claims["versions"] if v["annotator"] == "alice")
    _accept(client, rita, doc.id, alices)

    found = _differences(client, rita, doc.id)
    assert [d["decided"] for d in found] == [True, False]
    (offered,) = found[1]["versions"]
    assert offered["accept"] == {"kind": "span", "id": word.id}
    login(client, "rita")
    page = " ".join(client.get(f"/projects/demo/review/{doc.id}").get_data(as_text=True).split())
    assert "Differences (1 to decide, 2 in all)" in page

    _accept(client, rita, doc.id, offered)
    assert all(d["decided"] for d in _differences(client, rita, doc.id))
    gold = client.get(f"/api/v1/documents/{doc.id}/annotations?layer=gold", headers=rita)
    assert gold.status_code == 200
    assert sorted((s["label"], s["start"], s["end"]) for s in gold.get_json()["spans"]) == [
        ("BIASED_WORD", *RECKLESS),
        ("CLAIM", *CLAIM),
    ]


def test_a_label_swap_of_different_annotators_is_still_one_difference(
    client, session, make_user, make_token, make_project, make_document, assign
) -> None:
    """alice and carol's CLAIM is bob's BIASED_WORD: nobody marked both there, so it is one
    label difference (of shifted bounds), as before."""
    doc = make_document(make_project("demo"), TEXT, external_id="d1")
    users = _team(make_user, assign, doc)
    layers = {name: open_layer(session, users[name], doc, None) for name in ANNOTATORS}
    add_span(session, layers["alice"], "CLAIM", *CLAIM)
    add_span(session, layers["bob"], "BIASED_WORD", RECKLESS[0], CLAIM[1])
    add_span(session, layers["carol"], "CLAIM", *CLAIM)
    session.commit()
    found = _differences(client, make_token(users["rita"]), doc.id)
    assert [d["kind"] for d in found] == ["boundary", "label"]
    assert found[1]["summary"] == "labels differ: BIASED_WORD/CLAIM"
    assert [v["annotator"] for v in found[1]["versions"]] == ["alice", "bob", "carol"]


# A property over many random small layers: three annotators, two labels, spans shifted,
# swapped and nested in each other (of the same label or not).

_SENTENCE = "The mayor said this reckless plan will ruin the city and its poor families"
_WORDS = _SENTENCE.split(" ")


def _word_bounds() -> list[tuple[int, int]]:
    bounds, at = [], 0
    for word in _WORDS:
        bounds.append((at, at + len(word)))
        at += len(word) + 1
    return bounds


def _random_layers(rng: random.Random) -> dict[str, set[tuple[str, int, int]]]:
    """Return each annotator's spans (label, start, end): a few stretches of words, which
    each annotator marks or not, shifted by a word, relabelled, cut in two spans side by
    side, or with a word (or a shorter stretch) marked inside."""
    words = _word_bounds()
    stretches = []
    for _ in range(rng.randint(1, 3)):
        first = rng.randrange(len(words) - 1)
        stretches.append((first, rng.randrange(first, min(first + 5, len(words)))))
    marked: dict[str, set[tuple[str, int, int]]] = {name: set() for name in ANNOTATORS}
    for first, last in stretches:
        label = rng.choice(("CLAIM", "BIASED_WORD"))
        for name in ANNOTATORS:
            if rng.random() < 0.25:
                continue
            start = max(0, min(last, first + rng.choice((-1, 0, 0, 1))))
            end = max(start, min(len(words) - 1, last + rng.choice((-1, 0, 0, 1))))
            own = label if rng.random() < 0.8 else ({"CLAIM", "BIASED_WORD"} - {label}).pop()
            if end > start and rng.random() < 0.2:  # as two spans side by side
                cut = rng.randrange(start, end)
                marked[name].add((own, words[start][0], words[cut][1]))
                marked[name].add((own, words[cut + 1][0], words[end][1]))
            else:
                marked[name].add((own, words[start][0], words[end][1]))
            if rng.random() < 0.4:  # a word or two inside, of either label
                inner = rng.randrange(start, end + 1)
                inner_end = min(end, inner + rng.choice((0, 0, 1)))
                inside = rng.choice(("CLAIM", "BIASED_WORD"))
                marked[name].add((inside, words[inner][0], words[inner_end][1]))
    return marked


def _span_versions(session: Any, doc: Any) -> tuple[list[Any], Any, list[Any]]:
    layers = document_layers(session, doc)
    curated = decided_differences(session, doc, layers, document_differences(session, doc, layers))
    return layers, rows_by_id(layers), curated


def _decide_all(session: Any, rng: random.Random, reviewer: Any, doc: Any) -> list[Any]:
    """Decide every difference, one at a time: accept one annotator's side of it (each of
    their versions, as the page's Accept does), or none of it; return the differences."""
    accept_unanimous(session, reviewer, doc)
    for _ in range(50):
        _, rows, curated = _span_versions(session, doc)
        left = [item for item in curated if not item.decided]
        if not left:
            return curated
        item = left[0]
        sides = sorted({annotator for annotator, _ in version_spans(item.difference, rows)})
        choice = rng.choice([*sides, None])
        if choice is None:
            none_taken.decide_none(session, reviewer, doc, item.key)
            continue
        for annotator, span in version_spans(item.difference, rows):
            if annotator == choice:
                adjudication.accept_item(session, reviewer, doc, "span", span.id)
    raise AssertionError("the differences were never all decided")


def _whole_sides(difference: Any, rows: Any, gold: set[Any]) -> set[str]:
    """Return the annotators every span of whose side of ``difference`` gold holds."""
    sides: dict[str, set[Any]] = {}
    for annotator, span in version_spans(difference, rows):
        sides.setdefault(annotator, set()).add(span_key(span))
    return {annotator for annotator, keys in sides.items() if keys <= gold}


def _lost(session: Any, doc: Any, curated: list[Any]) -> list[str]:
    """Return the annotators' spans that are neither in gold nor left out by a decision
    against their annotator's side: none taken, or another side taken whole (carol's two
    claims, one of which bob marked too, leave his other claim out). A side only partly in
    gold (alice's first claim of her two) leaves her second lost."""
    layers, rows, _ = _span_versions(session, doc)
    gold = {span_key(span) for span in gold_layer(session, doc).spans}
    lost = []
    for layer in layers:
        for span in layer.spans:
            if span_key(span) in gold:
                continue
            left_out = any(
                item.decided
                and any(s.id == span.id for _, s in version_spans(item.difference, rows))
                and (item.none_taken is not None or _whole_sides(item.difference, rows, gold))
                for item in curated
            )
            if not left_out:
                lost.append(f"{layer.name}'s {span_key(span)}")
    return lost


def _two_things_of_one_annotator(rows: Any, curated: list[Any]) -> list[str]:
    """Return the span differences holding two spans of one annotator that the annotator
    meant as two things: of two labels, or overlapping each other."""
    found = []
    for item in curated:
        if item.difference.kind not in SPAN_KINDS:
            continue
        spans = version_spans(item.difference, rows)
        for i, (name, one) in enumerate(spans):
            for other_name, other in spans[i + 1 :]:
                if name == other_name and (
                    one.label != other.label or (one.start < other.end and other.start < one.end)
                ):
                    found.append(f"{item.difference.summary}: {name}'s {span_key(one)}")
    return found


def test_every_span_ends_in_gold_or_in_a_decision_over_random_layers(
    session, make_user, make_project, make_document, assign
) -> None:
    """Over many random small layers: no difference holds two things one annotator meant
    apart, and once every difference is decided ("0 to decide") every span is in gold or
    left out by a decision against its annotator's side."""
    project = make_project("demo")
    rng = random.Random(38)
    users = None
    for number in range(60):
        doc = make_document(project, _SENTENCE, external_id=f"r{number}")
        if users is None:
            users = _team(make_user, assign, doc)
        else:
            assign(doc, *(users[name] for name in ANNOTATORS))
        marked = _random_layers(rng)
        for name in ANNOTATORS:
            layer = open_layer(session, users[name], doc, None)
            for label, start, end in sorted(marked[name]):
                add_span(session, layer, label, start, end)
        session.commit()
        _, rows, curated = _span_versions(session, doc)
        assert _two_things_of_one_annotator(rows, curated) == [], (number, marked)
        curated = _decide_all(session, rng, users["rita"], doc)
        session.commit()
        assert to_decide(curated) == 0
        assert _lost(session, doc, curated) == [], (number, marked)


def _decide_all_on_the_page(
    client: Any, session: Any, rng: random.Random, reviewer: Any, doc: Any
) -> list[Any]:
    """Decide every difference as a reviewer on the review page does: press "Accept NAME's"
    on one span of that annotator's side (the page's own form, as a browser sends it), or
    "None of these"; return the differences. One press takes the whole side: a form of that
    side still offered afterwards would be a side left partly out, and fails."""
    accept_unanimous(session, reviewer, doc)
    session.commit()
    page = f"/projects/demo/review/{doc.id}"
    for _ in range(50):
        _, rows, curated = _span_versions(session, doc)
        left = [item for item in curated if not item.decided]
        if not left:
            return curated
        item = left[0]
        sides = sorted({annotator for annotator, _ in version_spans(item.difference, rows)})
        choice = rng.choice([*sides, None])
        html = client.get(page).get_data(as_text=True)
        if choice is None:
            answer = client.post(
                f"{page}/none", data={"csrf_token": csrf_token_from(html), "difference": item.key}
            )
            assert answer.status_code == 302
            continue
        button = f"Accept {choice}’s"
        offered = [
            form
            for form in accept_forms(html)
            if form.difference == f"d-{item.number}" and form.button.strip() == button
        ]
        assert offered, (item.difference.summary, choice)
        pressed = rng.choice(offered)
        answer = client.post(pressed.action, data=pressed.fields)
        assert answer.status_code == 302
        session.expire_all()
    raise AssertionError("the differences were never all decided")


def test_every_span_ends_in_gold_or_in_a_decision_taken_on_the_page(
    client, session, make_user, make_project, make_document, assign
) -> None:
    """The same property, every side taken through the review page's forms: once the page
    says "0 to decide", every span is in gold or left out by a decision against its side."""
    project = make_project("demo")
    rng = random.Random(3808)
    users = None
    for number in range(25):
        doc = make_document(project, _SENTENCE, external_id=f"p{number}")
        if users is None:
            users = _team(make_user, assign, doc)
            login(client, "rita")
        else:
            assign(doc, *(users[name] for name in ANNOTATORS))
        marked = _random_layers(rng)
        for name in ANNOTATORS:
            layer = open_layer(session, users[name], doc, None)
            for label, start, end in sorted(marked[name]):
                add_span(session, layer, label, start, end)
        session.commit()
        curated = _decide_all_on_the_page(client, session, rng, users["rita"], doc)
        page = " ".join(client.get(f"/projects/demo/review/{doc.id}").get_data(True).split())
        assert f"Differences (0 to decide, {len(curated)} in all)" in page, (number, marked)
        assert _lost(session, doc, curated) == [], (number, marked)
