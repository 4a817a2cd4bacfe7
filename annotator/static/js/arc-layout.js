// Where a sentence row's arcs go, read from the page's layout: where each span's text sits,
// the pieces and levels of the row's arcs (arc-geometry.js) and, once the room above the
// lines is open, the tops of their lines. A view (see arcs.js) gives rows[i], the element of
// sentence i, its second child the text cut into elements each holding a text node (after
// the span's label, in the curation lanes, which draw it before the text where the span
// starts), and segSpans, which maps such an element to the spans covering it ([{key}]); a
// store (state.js) the spans and relations.

import { LIFT, pieces, stack } from "./arc-geometry.js";
import { labelWidth as textWidth } from "./arc-svg.js";

// The text of one of a row's elements: its label, when drawn before it, is not the span's.
export function textOf(seg) {
  return [...seg.childNodes].find((node) => node.nodeType === Node.TEXT_NODE) || seg.firstChild;
}

// The elements of row i's text that span `key` covers, in order.
export function segmentsOf(view, i, key) {
  const out = [];
  for (const seg of view.rows[i].children[1].children) {
    const entries = view.segSpans.get(seg);
    if (entries && entries.some((e) => e.key === key)) out.push(seg);
  }
  return out;
}

// The first line of a span's text in sentence i: the middle of that line's text, its top
// (relative to the row) and the line (its top on screen), and as `last` the middle, bottom
// and line of its last line (where a bridge from below meets it); null when not drawn there.
export function anchor(view, span, i) {
  const row = view.rows[i];
  const rects = [];
  const range = document.createRange();
  let seg = null; // the element of the first line's first rectangle
  for (const candidate of segmentsOf(view, i, span.key)) {
    range.selectNodeContents(textOf(candidate));
    const some = [...range.getClientRects()].filter((r) => r.width > 0);
    if (some.length && !seg) seg = candidate;
    rects.push(...some);
  }
  const shown = rects; // only rectangles with a width: a line's text, not its break
  if (!shown.length) return null;
  const box = row.getBoundingClientRect();
  // The rectangles of one line of the span's text, by any one of them, as a line.
  const line = (one) => {
    let { left, right } = one;
    for (const r of shown) {
      if (Math.abs(r.top - one.top) < 2) { left = Math.min(left, r.left); right = Math.max(right, r.right); }
    }
    return { x: (left + right) / 2 - box.left, top: one.top - box.top, bottom: one.bottom - box.top, line: Math.round(one.top) };
  };
  const first = line(shown[0]);
  const lowest = shown.reduce((a, r) => (r.top > a.top + 2 ? r : a));
  return { key: span.key, x: first.x, top: first.top, line: first.line, seg, last: line(lowest) };
}

// Where each arc of sentence i goes and on which level. `index`: span key -> the relations
// at that span; `labelWidth(relation)`: the width of its label in px; `opened.has(key)`:
// whether relation `key` is on a line of this row shown open (arc-folds.js, arc-geometry.js
// stack()).
export function planRow(view, store, i, index, labelWidth, opened) {
  const row = view.rows[i];
  const text = row.children[1];
  const items = [];
  const seen = new Set();
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 0;
  for (const key of store.buckets[i]) {
    for (const r of index.get(key) || []) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      const from = store.spans.get(r.from);
      const to = store.spans.get(r.to);
      if (!from || !to) continue;
      const fromIn = store.sentenceAt(from.start) === i;
      const toIn = store.sentenceAt(to.start) === i;
      if (!fromIn && !toIn) continue;
      const a = fromIn ? anchor(view, from, i) : null;
      const b = toIn ? anchor(view, to, i) : null;
      items.push(...pieces(r, from, to, a, b, lineHeight));
    }
  }
  const box = row.getBoundingClientRect();
  const textBox = text.getBoundingClientRect();
  const edges = { left: textBox.left - box.left, right: textBox.right - box.left };
  const folds = stack(items, edges, labelWidth, { opened, textWidth });
  // A relation with a piece folded and another drawn (its other half, on a line of its own)
  // takes focus at the drawn one: reachable without opening the fold.
  const folded = new Set(items.filter((item) => item.folded).map((item) => item.r.key));
  for (const item of items) if (!item.folded && folded.has(item.r.key)) item.promoted = true;
  return { i, row, text, items, folds };
}

// The tops of the planned items' lines (and the bottom of a bridge's upper end), now that
// the space above them is reserved.
export function measureRow(view, store, plan) {
  for (const item of plan.items) {
    if (item.folded) continue; // not drawn
    const fresh = anchor(view, store.spans.get(item.ends[0].key), plan.i);
    item.top = fresh ? (item.ends[0].at === "last" ? fresh.last : fresh).top : item.ends[0].top;
    if (item.kind !== "bridge") continue;
    const upper = anchor(view, store.spans.get(item.ends[1].key), plan.i);
    item.rise = (upper ? upper.last.bottom : item.ends[1].bottom) + LIFT;
  }
}
