"""Relations drawn on the text as SVG arcs: where they go, what they say, selecting and
deleting them, hovering; the document header; sentence numbers on the review page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.browser_helpers import select_text, units, with_point_at

pytestmark = pytest.mark.server

TEXT = (
    "Officials said the border was closed. "
    "The ministry denied that troops had moved. "
    "Analysts 👀 expect more talks."
)
HOSTILE = {
    "outlet": "<img src=x onerror=alert(1)>Daily",
    "date": "2024-05-01",
    "url": "https://example.org/a?b=1&c=2",
    "archive": "javascript:alert(1)",
}

# Ten sentences in one paragraph, each with a source, a cue and a claim: twenty relations.
PARAGRAPH = " ".join(f"Source{k} said that claim number {k} was true." for k in range(10))
# The same ten attributions in one sentence, which wraps over several lines.
CROWDED = ", ".join(f"Source{k} said that claim number {k} was true" for k in range(10)) + "."
# One long sentence that wraps: its first words and its last words are on different lines.
LONG = (
    "Spokesman Alvarez told reporters on Tuesday, after a long and tiring meeting that went "
    + "on and on about budgets, ports, railways, schools, hospitals and roads " * 4
    + "that the deal was done."
)

# The arcs as drawn: each <g> with its paths' ends, label box and text, in client pixels.
ARCS_JS = with_point_at(
    """() => [...document.querySelectorAll('#text .arc')].map((g) => {
  const line = g.querySelector('.arc__line');
  POINT_AT;
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  return { relation: g.dataset.relation, kind: g.getAttribute('class'),
    tabindex: g.getAttribute('tabindex'), name: g.getAttribute('aria-label'),
    start: at(0), end: at(line.getTotalLength()),
    line: box(line), tag: box(g.querySelector('.arc__tag')), label: box(g.querySelector('text')),
    text: g.querySelector('text').textContent };
})"""
)

# The boxes of every line of text (each text node's rectangles), in client pixels.
TEXT_BOXES_JS = """() => [...document.querySelectorAll('#text .seg')].flatMap((seg) => {
  const range = document.createRange();
  range.selectNodeContents(seg.firstChild);
  return [...range.getClientRects()].filter((r) => r.width > 0)
    .map((r) => [r.left, r.top, r.right, r.bottom]);
})"""

# The first-line box of the text of a span, given its code-unit offsets.
SPAN_BOX_JS = """([start, end]) => {
  const rects = [];
  for (const seg of document.querySelectorAll('#text .seg')) {
    const s = Number(seg.dataset.s);
    if (s < start || s >= end) continue;
    const range = document.createRange();
    range.selectNodeContents(seg.firstChild);
    rects.push(...[...range.getClientRects()].filter((r) => r.width > 0));
  }
  const top = Math.min(...rects.map((r) => r.top));
  const line = rects.filter((r) => Math.abs(r.top - top) < 2);
  return [Math.min(...line.map((r) => r.left)), top, Math.max(...line.map((r) => r.right)),
    Math.max(...line.map((r) => r.bottom))];
}"""


def overlap(a: list[float], b: list[float], slack: float = 0.5) -> bool:
    """Whether two [left, top, right, bottom] boxes overlap by more than ``slack`` pixels."""
    return min(a[2], b[2]) - max(a[0], b[0]) > slack and min(a[3], b[3]) - max(a[1], b[1]) > slack


@pytest.fixture
def world(make_world: Any) -> Any:
    return make_world(
        {"alice": "annotator"},
        doc=(TEXT, "news.txt", {"title": "News", "meta": HOSTILE}),
        long=(LONG, "long.txt"),
    )


def span_on(page: Any, words: str, key: str, text: str = TEXT) -> None:
    start = text.index(words)
    select_text(page, units(text, start), units(text, start + len(words)))
    page.keyboard.press(key)


def wait_arcs(page: Any, count: int) -> list[dict[str, Any]]:
    """Wait for ``count`` focusable arcs (one per relation) and return every arc drawn."""
    page.wait_for_function(
        "(n) => document.querySelectorAll('#text .arc[role=\"button\"]').length === n",
        arg=count,
        timeout=10_000,
    )
    return page.evaluate(ARCS_JS)


def span_box(page: Any, text: str, words: str) -> list[float]:
    start = text.index(words)
    return page.evaluate(SPAN_BOX_JS, [units(text, start), units(text, start + len(words))])


def post(api: Any, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.http.post(f"{api.server.url}/api/v1{path}", json=body, timeout=20)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_keyboard_relation_is_an_arc_that_tab_selects_and_delete_removes(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    tab = open_tab("alice")
    api = api_as(world.tokens["alice"])
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    span_on(page, "Officials", "s")
    span_on(page, "the border was closed", "c")
    page.keyboard.press("l")
    page.keyboard.press("Enter")  # the nearest candidate: ATTRIBUTED_TO "Officials"
    tab.wait_saved()
    (relation,) = api.layer(world.doc.id)["relations"]
    assert relation["type"] == "ATTRIBUTED_TO"
    (arc,) = wait_arcs(page, 1)
    assert arc["text"] == "ATTRIBUTED_TO"
    assert arc["name"] == "ATTRIBUTED_TO: 'the border was closed' → 'Officials'"
    # The arc rises from just above the claim and comes down just above the source.
    for (x, y), words in ((arc["start"], "the border was closed"), (arc["end"], "Officials")):
        left, top, right, _ = span_box(page, TEXT, words)
        assert left <= x <= right and top - 6 <= y <= top, (words, x, y)
    # Tab from the text reaches the arc and selects the relation; Delete removes it. (The
    # arcs are one stop: the next Tab goes on to the span labels, test_workspace_focus_order.)
    page.keyboard.press("Escape")
    page.focus("#text")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == arc["name"]
    assert page.locator("#text .arc.is-selected").count() == 1
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert api.layer(world.doc.id)["relations"] == []
    assert len(api.layer(world.doc.id)["spans"]) == 2  # only the relation went
    wait_arcs(page, 0)
    assert page.locator("#text svg text").count() == 0


def test_clicking_an_arc_selects_it_and_hovering_lights_up_both_sides(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    ids = {}
    for label, words in (("SOURCE", "Officials"), ("CUE", "said"), ("CLAIM", "the border")):
        start = TEXT.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids[words] = post(api, f"/documents/{world.doc.id}/spans", body)["id"]
    for kind, to in (("ATTRIBUTED_TO", "Officials"), ("CUED_BY", "said")):
        body = {"type": kind, "from": ids["the border"], "to": ids[to]}
        post(api, f"/documents/{world.doc.id}/relations", body)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    arcs = wait_arcs(page, 2)
    assert sorted(a["text"] for a in arcs) == ["ATTRIBUTED_TO", "CUED_BY"]
    # Hovering the cue lights up its arc only; hovering an arc lights up its two spans.
    page.locator("#text .seg--span", has_text="said").first.hover()
    assert page.eval_on_selector_all(
        "#text .arc.is-hot", "(gs) => gs.map((g) => g.querySelector('text').textContent)"
    ) == ["CUED_BY"]
    page.locator("#text .arc", has_text="ATTRIBUTED_TO").locator(".arc__tag").hover()
    hot = page.eval_on_selector_all("#text .seg.is-hot", "(s) => s.map((x) => x.textContent)")
    assert sorted(hot) == ["Officials", "the border"]
    # A click on the arc selects the relation, and Delete removes that one only.
    page.locator("#text .arc", has_text="ATTRIBUTED_TO").locator(".arc__tag").click()
    assert page.locator("#text .arc.is-selected").text_content() == "ATTRIBUTED_TO"
    page.keyboard.press("Delete")
    tab.wait_saved()
    assert [r["type"] for r in api.layer(world.doc.id)["relations"]] == ["CUED_BY"]
    assert [a["text"] for a in wait_arcs(page, 1)] == ["CUED_BY"]


@pytest.mark.parametrize("crowded", [False, True], ids=["ten-sentences", "one-sentence"])
def test_twenty_relations_in_a_paragraph_keep_labels_apart_and_off_the_text(
    world: Any, open_tab: Any, api_as: Any, make_document: Any, assign: Any, crowded: bool
) -> None:
    """Ten sentences with two relations each; or one wrapped sentence where each claim's cue
    is the next claim's, so that arcs overlap, stack, and one runs across a line break."""
    text = CROWDED if crowded else PARAGRAPH
    document = make_document(world.project, text, external_id="twenty.txt")
    assign(document, world.alice)
    api = api_as(world.tokens["alice"])
    doc = document.id
    ids: list[dict[str, int]] = []
    for k in range(10):
        at = text.index(f"Source{k} ")
        spans = {}
        for label, words in (("SOURCE", f"Source{k}"), ("CUE", "said"), ("CLAIM", "claim")):
            start = text.index(words, at)
            end = text.index(" was true", at) if label == "CLAIM" else start + len(words)
            body = {"label": label, "start": start, "end": end}
            spans[label] = post(api, f"/documents/{doc}/spans", body)["id"]
        ids.append(spans)
    for k in range(10):
        cue = ids[(k + 1) % 10 if crowded else k]["CUE"]
        for kind, to in (("ATTRIBUTED_TO", ids[k]["SOURCE"]), ("CUED_BY", cue)):
            post(
                api,
                f"/documents/{doc}/relations",
                {"type": kind, "from": ids[k]["CLAIM"], "to": to},
            )
    assert len(api.layer(doc)["relations"]) == 20
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    arcs = wait_arcs(page, 20)
    assert (
        sorted(a["text"] for a in arcs if a["tabindex"] is not None)
        == ["ATTRIBUTED_TO"] * 10 + ["CUED_BY"] * 10
    )
    if crowded:  # the last claim's cue is the first one, lines up: drawn as two halves
        lefts = page.locator("#text .arc--left").count()
        assert lefts >= 1 and page.locator("#text .arc--right").count() == lefts
    texts = page.evaluate(TEXT_BOXES_JS)
    assert len({round(box[1]) for box in texts}) >= (3 if crowded else 10)  # lines of text
    for i, a in enumerate(arcs):
        for b in arcs[i + 1 :]:
            assert not overlap(a["tag"], b["tag"]), (a, b)
        for box in texts:
            assert not overlap(a["line"], box), (a, box)
            assert not overlap(a["tag"], box), (a, box)


def test_relations_across_a_line_break_and_across_sentences_are_drawn_as_halves(
    world: Any, open_tab: Any, api_as: Any
) -> None:
    api = api_as(world.tokens["alice"])
    doc = world.long.id
    ids = {}
    for label, words in (("SOURCE", "Spokesman Alvarez"), ("CLAIM", "the deal was done")):
        start = LONG.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids[label] = post(api, f"/documents/{doc}/spans", body)["id"]
    post(
        api,
        f"/documents/{doc}/relations",
        {"type": "ATTRIBUTED_TO", "from": ids["CLAIM"], "to": ids["SOURCE"]},
    )
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{doc}")
    wait_arcs(page, 1)
    arcs = page.evaluate(ARCS_JS)
    source, claim = (
        span_box(page, LONG, "Spokesman Alvarez"),
        span_box(page, LONG, "the deal was done"),
    )
    assert claim[1] > source[3], "the sentence should wrap between the two spans"
    assert sorted(a["kind"] for a in arcs) == ["arc arc--left", "arc arc--right"]
    right = next(a for a in arcs if "right" in a["kind"])
    left = next(a for a in arcs if "left" in a["kind"])
    # The earlier end (the source) runs off to the right edge; the later (the claim) comes
    # in from the left edge. Each path runs from the "from" end to the "to" end: from the
    # claim to the left edge, from the right edge down to the source. Only the claim's half
    # (the "from" end) takes focus.
    assert right["start"][0] > source[2] and source[0] <= right["end"][0] <= source[2]
    assert claim[0] <= left["start"][0] <= claim[2] and left["end"][0] < claim[0]
    assert (left["tabindex"], right["tabindex"]) == ("0", None)  # the only arc: the stop
    assert left["text"] == right["text"] == "ATTRIBUTED_TO"
    for box in page.evaluate(TEXT_BOXES_JS):
        assert not overlap(left["line"], box) and not overlap(right["line"], box)
    # A narrower window wraps the lines elsewhere: the arcs are drawn again to match.
    page.set_viewport_size({"width": 1000, "height": 900})
    moved = span_box(page, LONG, "the deal was done")
    assert moved != claim

    def claim_end() -> list[float]:
        arcs = page.evaluate(ARCS_JS)
        return next(a for a in arcs if "left" in a["kind"])["start"]

    page.wait_for_function(
        """([left, right]) => {
          const line = document.querySelector('#text .arc--left .arc__line');
          const p = line.getPointAtLength(0);
          const x = new DOMPoint(p.x, p.y).matrixTransform(line.getScreenCTM()).x;
          return x >= left && x <= right;
        }""",
        arg=[moved[0], moved[2]],
        timeout=5_000,
    )
    assert moved[1] - 6 <= claim_end()[1] <= moved[1]


def test_the_header_shows_the_meta_escaped(world: Any, open_tab: Any) -> None:
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{world.doc.id}")
    items = page.eval_on_selector_all(
        "#doc-meta .doc-meta__item",
        "(xs) => xs.map((x) => [x.querySelector('dt').textContent,"
        " x.querySelector('dd').textContent])",
    )
    assert items == [
        ["outlet", HOSTILE["outlet"]],
        ["date", "2024-05-01"],
        ["url", HOSTILE["url"]],
        ["archive", "javascript:alert(1)"],
    ]
    assert page.locator("#doc-meta img").count() == 0
    links = page.eval_on_selector_all(
        "#doc-meta a", "(xs) => xs.map((a) => [a.getAttribute('href'), a.rel])"
    )
    assert links == [[HOSTILE["url"], "noopener noreferrer"]]


def test_the_review_page_numbers_the_first_sentence_1(
    world: Any, open_tab: Any, make_user: Any, make_token: Any, assign: Any, api_as: Any
) -> None:
    bob = make_user("bob", "annotator")
    make_user("rita", "reviewer")
    assign(world.doc, bob)
    tokens = {"alice": world.tokens["alice"], "bob": make_token(bob)}
    for name, start in (("alice", 0), ("bob", 10)):
        api = api_as(tokens[name])
        post(api, f"/documents/{world.doc.id}/spans", {"label": "CLAIM", "start": start, "end": 36})
    tab = open_tab("rita")
    page = tab.open(f"/projects/demo/review/{world.doc.id}")
    kinds = page.locator(".difference__kind").all_text_contents()
    assert kinds and all(k.strip().endswith("· sentence 1") for k in kinds), kinds
    # The sentence list starts at 1 too, and its first item is the data's sentence 0.
    first = page.locator("ol.sentences li").first
    assert first.get_attribute("id") == "sentence-0"
    assert page.evaluate("document.querySelector('ol.sentences').start") == 1


def test_arcs_far_down_are_drawn_when_scrolled_to(
    world: Any, open_tab: Any, api_as: Any, make_document: Any, assign: Any
) -> None:
    """Rows are drawn lazily: an arc in sentence 120 appears once that sentence is near."""
    text = " ".join(f"Writer{k} said that item {k} was ready." for k in range(130))
    document = make_document(world.project, text, external_id="many.txt")
    assign(document, world.alice)
    api = api_as(world.tokens["alice"])
    at = text.index("Writer120 ")
    ids = {}
    for label, words in (("SOURCE", "Writer120"), ("CLAIM", "item 120 was ready")):
        start = text.index(words, at)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids[label] = post(api, f"/documents/{document.id}/spans", body)["id"]
    body = {"type": "ATTRIBUTED_TO", "from": ids["CLAIM"], "to": ids["SOURCE"]}
    post(api, f"/documents/{document.id}/relations", body)
    # The newest change at the top, where the page then opens (it opens at the last change).
    label = {"sentence": 0, "name": "stance", "value": "NONE"}
    api.write("PUT", f"/documents/{document.id}/labels", label)
    tab = open_tab("alice")
    page = tab.open(f"/projects/demo/documents/{document.id}")
    page.wait_for_timeout(300)
    assert page.locator("#text .arc").count() == 0  # far below the screen: not drawn yet
    page.evaluate("document.querySelector('.sent[data-i=\"120\"]').scrollIntoView()")
    (arc,) = wait_arcs(page, 1)
    assert arc["name"] == "ATTRIBUTED_TO: 'item 120 was ready' → 'Writer120'"
    x, y = arc["end"]
    left, top, right, _ = span_box(page, text, "Writer120")
    assert left <= x <= right and top - 6 <= y <= top
