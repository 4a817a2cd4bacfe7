"""Helpers for the browser tests: selecting text by offsets, counting as the browser does,
whether a tap reaches an element, and waiting for the page to draw."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

#: Where a run leaves the screenshots a person looks at afterwards: a fresh folder each run,
#: never a fixed path that another run or another user of the machine could hold.
SHOTS = Path(tempfile.mkdtemp(prefix="annotator-shots-"))


def shot(name: str) -> str:
    """The path to save the screenshot ``name`` at, in this run's folder."""
    return str(SHOTS / name)


def stance_required_after_done(make_world: Any, api_as: Any, doc: tuple[str, str]) -> Any:
    """A project where alice and bob marked ``doc`` done, alice with a stance on its first
    sentence and bob without, and where stance was made required after: the schema PATCH's
    answer (both layers leave a sentence's stance blank). Returns (world, that answer)."""
    world = make_world(
        {"alice": "annotator", "bob": "annotator", "rita": "reviewer", "ada": "admin"}, doc=doc
    )
    document = world.doc.id
    alice, bob = api_as(world.tokens["alice"]), api_as(world.tokens["bob"])
    alice.write(
        "PUT", f"/documents/{document}/labels", {"sentence": 0, "name": "stance", "value": "NONE"}
    )
    for api in (alice, bob):
        api.write("PUT", f"/documents/{document}/status", {"status": "done"})
    admin = api_as(world.tokens["ada"])
    schema = copy.deepcopy(admin.get("/projects/demo")["schema"])
    next(f for f in schema["sentence_labels"] if f["name"] == "stance")["required"] = True
    return world, admin.write("PATCH", "/projects/demo", {"schema": schema})


# Whether an element is inside the window and drawn on top there (a tap at its middle reaches
# it, not something laid over it): for ``page.evaluate(REACHABLE_JS, handle)``.
#: JavaScript statements for a script that holds an arc's path as ``line``: they define
#: ``at(t)``, the point ``t`` pixels along the path in client pixels. A script says
#: ``POINT_AT;`` where they go (:func:`with_point_at`).
POINT_AT_JS = """const ctm = line.getScreenCTM();
    const at = (t) => {
      const p = line.getPointAtLength(t);
      const q = new DOMPoint(p.x, p.y).matrixTransform(ctm);
      return [q.x, q.y];
    };"""


def with_point_at(script: str) -> str:
    """Return ``script`` with its ``POINT_AT;`` replaced by :data:`POINT_AT_JS`."""
    assert script.count("POINT_AT;") == 1, "a script takes the statements once"
    return script.replace("POINT_AT;", POINT_AT_JS)


#: A phone's window, as the phone tests size the page.
PHONE = {"width": 390, "height": 844}

#: How many of the page and its scrolling tables are wider than their box (scroll sideways).
SIDEWAYS_JS = """() => [document.documentElement, ...document.querySelectorAll('.table-scroll')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1).length"""


def within_the_window(locator: Any, width: int = PHONE["width"]) -> None:
    """Assert that every element ``locator`` finds (at least one) lies within ``width``."""
    assert locator.count() > 0
    for i in range(locator.count()):
        box = locator.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0, box
        assert box["x"] + box["width"] <= width, (locator.nth(i).inner_text(), box)


def statements(count: int, separator: str = " ") -> str:
    """Return an article of ``count`` short sentences, long enough to scroll on a phone."""
    return separator.join(
        f"Officials said in statement {n} that the border was closed." for n in range(count)
    )


REACHABLE_JS = """(node) => {
  const box = node.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight || box.width === 0) return false;
  return node.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
}"""


def select_text(page: Any, start_units: int, end_units: int) -> None:
    """Select a range of the document text, counted in UTF-16 code units, as a drag would."""
    page.evaluate(
        """([start, end]) => {
          const segs = [...document.querySelectorAll('#text .seg')];
          const find = (u, isEnd) => {
            for (const seg of segs) {
              const s = Number(seg.dataset.s), len = seg.firstChild.length;
              const inside = u < s + len || (isEnd && u === s + len);
              if (u >= s && inside) return [seg.firstChild, u - s];
            }
            throw new Error('offset ' + u + ' is not in the drawn text');
          };
          const range = document.createRange();
          range.setStart(...find(start, false));
          range.setEnd(...find(end, true));
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }""",
        [start_units, end_units],
    )


def units(text: str, code_points: int) -> int:
    """Return the UTF-16 length of ``text[:code_points]``: where the browser counts it."""
    return len(text[:code_points].encode("utf-16-le")) // 2


def source_difference(reader: Any, doc: int) -> dict[str, Any]:
    """Return the review API's difference for the span only some annotators marked."""
    answer = reader.get(f"/projects/demo/review/{doc}")
    return next(d for d in answer["differences"] if d["kind"] == "only_some")


#: Marks, after ``frames`` more frames and ``then_ms`` more milliseconds, that the page drew.
_DRAW_JS = """([frames, thenMs]) => {
  window.__drawn = false;
  const wait = (left) => left > 0
    ? requestAnimationFrame(() => wait(left - 1))
    : setTimeout(() => { window.__drawn = true; }, thenMs);
  wait(frames);
}"""


def after_frames(page: Any, frames: int = 1, then_ms: int = 0) -> None:
    """Wait until the page has drawn ``frames`` more frames, then ``then_ms`` milliseconds.

    Awaiting a promise in ``page.evaluate`` has no time limit: a page that never draws the
    frame would hang the whole run until pytest-timeout ends it (a CI run did hang in a
    browser test). The wait here is bounded and polled by the clock, not by frames.
    """
    page.evaluate(_DRAW_JS, [frames, then_ms])
    page.wait_for_function("() => window.__drawn === true", polling=50, timeout=10_000)


def attributed(api: Any, doc: int, text: str, claim: str, source: str) -> None:
    """In ``api``'s caller's layer of ``doc`` (whose text is ``text``), mark the words
    ``claim`` a CLAIM and ``source`` a SOURCE (their first occurrences) and link the claim to
    its source (ATTRIBUTED_TO)."""
    ids = []
    for label, words in (("CLAIM", claim), ("SOURCE", source)):
        start = text.index(words)
        body = {"label": label, "start": start, "end": start + len(words)}
        ids.append(api.write("POST", f"/documents/{doc}/spans", body)["id"])
    body = {"type": "ATTRIBUTED_TO", "from": ids[0], "to": ids[1]}
    api.write("POST", f"/documents/{doc}/relations", body)


def gold_words(reader: Any, doc: int) -> tuple[list[str], list[tuple[str, str]]]:
    """Return gold's spans of ``doc`` as their words (sorted) and its relations as the words
    of their two ends, read back through the API by ``reader``."""
    layer = reader.layer(doc, "gold")
    texts = {s["id"]: s["text"] for s in layer["spans"]}
    relations = [(texts[r["from"]], texts[r["to"]]) for r in layer["relations"]]
    return sorted(texts.values()), relations
