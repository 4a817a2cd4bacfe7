// Drawing the text: one row per sentence, cut into segments at span edges, with one
// underline lane per overlapping span so that nested and overlapping spans all stay visible.
//
// Text reaches the DOM through textContent only. Label names show as tags drawn by CSS from
// a data attribute, so they are never part of the selectable text and never shift offsets.
// Relations are drawn over the rows by arcs.js, told through onDraw / onReset.
// Suggestions (suggestions.js) cut segments too, and are drawn as dashed outlines with
// their own tag, never as underlines: they are not part of the layer.

import { olderTargetChip } from "./older-target.js";
import { spokenMarks } from "./text-said.js";

const LANE = 5; // pixels between stacked underlines
// Pixels between a suggestion's dashed outline and the lowest underline inside it: touching,
// the two read as one garbled line.
const OUTLINE_GAP = 3;
// Each label's underline pattern, by its order in the schema, so that labels differ without
// colour. None is dashed: a suggestion's outline is, and a label underlined in dashes read as
// one (the demo's four labels are solid, double, dotted and dash-dot).
const PATTERNS = ["solid", "double", "dotted", "dashdot"];
// Sentences per block. The browser skips layout and paint of blocks off screen
// (content-visibility), and keeps one visibility check per block: per sentence, those checks
// alone cost milliseconds on every frame of a 2,000-sentence article.
const BLOCK = 40;
// Classes a span's segments take from the selection and the marks (set in place, no redraw).
const STATES = ["is-selected", "is-related", "is-candidate", "is-target"];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

// Give each span a lane: the lowest one free of every span it overlaps.
function lanes(spans) {
  const ends = []; // lane -> end of the last span put there
  const out = new Map();
  for (const span of spans) {
    let lane = ends.findIndex((end) => end <= span.start);
    if (lane === -1) { lane = ends.length; ends.push(0); }
    ends[lane] = span.end;
    out.set(span.key, lane);
  }
  return out;
}

// The first index in [0, count) for which `after(index)` holds, where it holds for every
// index past some point (count when for none): a bisection, so a drag on a long document
// reads a few dozen segments, not all of them.
function partitionPoint(count, after) {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(mid)) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function underline(color, pattern) {
  if (pattern === "dashdot") {
    return `repeating-linear-gradient(90deg, ${color} 0 7px, transparent 7px 9px, ${color} 9px 11px, transparent 11px 13px)`;
  }
  if (pattern === "dotted") return `repeating-linear-gradient(90deg, ${color} 0 2px, transparent 2px 4px)`;
  return `linear-gradient(${color}, ${color})`;
}

// How much of the window j keeps below the current sentence: a quarter of it, so that the
// next sentences are in sight as it steps down (with "nearest" alone the current sentence
// sat on the window's last line, and what came next was out of sight).
const FOOT_ROOM = 0.25;

// Bring the current sentence into view, clear of the window's foot (and of the span labels
// a narrow window fixes there, --ws-palette-height): scrolled just enough to leave that
// room below it, so that the text moves on one sentence at a time rather than in jumps.
function scrollClearOfFoot(row) {
  const style = getComputedStyle(document.documentElement);
  const box = row.getBoundingClientRect();
  const foot = window.innerHeight - (parseFloat(style.getPropertyValue("--ws-palette-height")) || 0);
  const over = box.bottom - foot * (1 - FOOT_ROOM);
  // Never past its own top: a sentence taller than the room left is shown from its start,
  // under the bar (the page's scroll-padding-top is the bar's height).
  if (over > 0) window.scrollBy(0, Math.min(over, box.top - (parseFloat(style.scrollPaddingTop) || 0)));
  else row.scrollIntoView({ block: "nearest" });
}

export class DocumentView {
  constructor(container, store) {
    this.container = container;
    this.store = store;
    this.rows = [];
    this.segSpans = new WeakMap(); // segment element -> span keys covering it, by lane
    this.segSuggestions = new WeakMap(); // segment element -> suggestion keys covering it
    this.requiredShown = false; // "Mark done" was refused: required fields left blank show
    this.suggestions = null; // a Suggestions (suggestions.js) when they are shown
    this.selected = null;
    this.marks = new Map(); // span key -> css class (link candidates, related spans)
    this.current = 0; // the sentence j/k moved to
    this.onDraw = null; // (sentence indices) -> void, after rows are drawn again
    this.onReset = null; // () -> void, after every row is new
  }

  renderAll() {
    const fragment = document.createDocumentFragment();
    let block = null;
    this.rows = this.store.sentences.map((s, i) => {
      if (i % BLOCK === 0) { block = el("div", "sent-block"); fragment.append(block); }
      const row = el("div", "sent");
      row.dataset.i = String(s.index);
      // The article's paragraphs show as gaps between rows (app.css), where the server says
      // a sentence opens one (core/paragraph_breaks.py): only the layout changes, never the
      // text, its offsets or the sentences' numbers.
      if (s.opens) row.dataset.break = s.opens;
      // dir="auto": each sentence takes its direction from its own first strong letter, so
      // that Arabic or Hebrew reads right to left beside English in the same document.
      const text = el("span", "sent__text");
      text.dir = "auto";
      row.append(el("span", "sent__n", String(s.index + 1)), text, el("span", "sent__labels"));
      block.append(row);
      return row;
    });
    this.container.replaceChildren(fragment);
    for (let i = 0; i < this.rows.length; i += 1) this.renderSentence(i);
    this.setCurrent(this.current, false);
    if (this.onReset) this.onReset();
  }

  render(indices) {
    if (indices === null) { this.renderAll(); return; }
    const drawn = [...new Set(indices)].filter((i) => this.rows[i]);
    for (const i of drawn) this.renderSentence(i);
    if (this.onDraw && drawn.length) this.onDraw(drawn);
  }

  renderSentence(i) {
    const { store } = this;
    const sentence = store.sentences[i];
    const row = this.rows[i];
    const textEl = row.children[1];
    const spans = store.spansIn(i);
    const laneOf = lanes(spans);
    const suggested = this.suggestions ? this.suggestions.visibleIn(i) : [];
    const cuts = new Set([sentence.start, sentence.end]);
    for (const span of [...spans, ...suggested]) {
      if (span.start > sentence.start && span.start < sentence.end) cuts.add(span.start);
      if (span.end > sentence.start && span.end < sentence.end) cuts.add(span.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    // Every suggestion outline in the sentence has its foot below all the underlines drawn
    // there, so that it runs level under plain and underlined segments alike.
    const depth = spans.length ? Math.max(...laneOf.values()) + 1 : 0;
    const outlineFoot = depth ? depth * LANE + OUTLINE_GAP : 0;
    const fragment = document.createDocumentFragment();
    let maxLane = -1;
    for (let p = 0; p + 1 < points.length; p += 1) {
      const [from, to] = [points[p], points[p + 1]];
      const seg = el("span", "seg", store.text.slice(from, to));
      seg.dataset.s = String(from);
      const covering = spans.filter((s) => s.start < to && s.end > from);
      const offered = suggested.filter((s) => s.start < to && s.end > from);
      if (covering.length) this.decorate(seg, covering, laneOf, [from, to], sentence, offered.length ? outlineFoot : null);
      if (offered.length) {
        const tag = this.decorateSuggested(seg, offered, from, to, outlineFoot);
        if (tag) fragment.append(tag);
      }
      for (const s of covering) maxLane = Math.max(maxLane, laneOf.get(s.key));
      // Read, not seen: where spans and suggestions open and end (text-said.js).
      const said = spokenMarks(covering, offered, [from, to], sentence);
      if (said.open) seg.dataset.saidOpen = said.open;
      if (said.close) seg.dataset.saidClose = said.close;
      fragment.append(seg);
    }
    textEl.replaceChildren(fragment);
    textEl.style.setProperty("--lanes", String(maxLane + 1));
    row.classList.toggle("has-spans", maxLane >= 0 || suggested.length > 0);
    this.renderChips(i, row.children[2]);
  }

  // outlineFoot: where a suggestion's outline around the segment runs (pixels below the
  // text), or null: the underlines keep their places and the outline runs below them.
  // A span that runs past its sentence's end is drawn in each sentence it covers: its part
  // that runs on ends in "→", and the part in the next sentence starts with "↪" and its label,
  // so that the underline at a sentence's start says whose it is (as the curation lanes do).
  decorate(seg, covering, laneOf, [from, to], sentence, outlineFoot) {
    const { store } = this;
    covering.sort((a, b) => laneOf.get(a.key) - laneOf.get(b.key));
    this.segSpans.set(seg, covering.map((s) => ({ key: s.key, lane: laneOf.get(s.key) })));
    const images = [];
    const positions = [];
    const tags = [];
    let runsOn = false;
    const own = (Math.max(...covering.map((s) => laneOf.get(s.key))) + 1) * LANE;
    const lift = outlineFoot === null ? 0 : outlineFoot - own;
    for (const span of covering) {
      const label = store.spanLabels.get(span.label);
      const color = label ? label.color : "#777";
      const pattern = PATTERNS[(label ? label.order : 0) % PATTERNS.length];
      const lane = laneOf.get(span.key);
      images.push(underline(color, pattern));
      positions.push(`0 calc(100% - ${lane * LANE + lift}px)`);
      if (pattern === "double") {
        images.push(underline(color, "solid"));
        positions.push(`0 calc(100% - ${lane * LANE + lift + 2}px)`);
      }
      if (span.start === from) tags.push(span.label);
      else if (from === sentence.start) tags.push(`\u21aa ${span.label}`);
      if (to === sentence.end && span.end > to) runsOn = true;
      const mark = this.marks.get(span.key);
      if (mark) seg.classList.add(mark);
      if (span.key === this.selected) seg.classList.add("is-selected");
    }
    seg.classList.add("seg--span");
    seg.style.backgroundImage = images.join(",");
    seg.style.backgroundPosition = positions.join(",");
    seg.style.backgroundSize = images.map(() => "100% 2px").join(",");
    seg.style.paddingBottom = `${own + lift}px`;
    if (tags.length) seg.dataset.tags = tags.join(" · ");
    if (runsOn) seg.dataset.runsOn = "";
  }

  // A dashed outline in the label's colour around the suggestion's text (its edges on the
  // first and last segments), its label as a tag, and what suggested it on hover.
  // A span of the layer starting where a suggestion starts keeps its own tag on the segment;
  // the suggestion's tag then opens the outline just before it, in an empty element of its
  // own (returned, to go before the segment), so that each tag keeps its own style.
  decorateSuggested(seg, offered, from, to, outlineFoot) {
    const label = this.store.spanLabels.get(offered[0].label);
    const color = label ? label.color : "#777";
    const keys = offered.map((s) => s.key);
    const isSelected = keys.includes(this.suggestions.selected);
    this.segSuggestions.set(seg, keys);
    seg.classList.add("seg--suggested");
    seg.classList.toggle("is-suggestion-selected", isSelected);
    seg.style.setProperty("--sug", color);
    if (outlineFoot) seg.style.paddingBottom = `${outlineFoot}px`;
    if (offered.some((s) => s.end === to)) seg.classList.add("sug-end");
    const starting = offered.filter((s) => s.start === from);
    if (starting.length) seg.dataset.sugTags = starting.map((s) => s.label).join(" · ");
    seg.dataset.suggestions = offered.map((s) => s.id).join(" ");
    seg.title = offered.map((s) => this.suggestions.describe(s)).join("\n");
    if (!starting.length) return null;
    if (!seg.dataset.tags) { seg.classList.add("sug-start"); return null; }
    const tag = el("span", "sug-tag seg--suggested sug-start");
    tag.setAttribute("aria-hidden", "true");
    tag.dataset.sugTags = seg.dataset.sugTags;
    tag.style.setProperty("--sug", color);
    if (outlineFoot) tag.style.paddingBottom = `${outlineFoot}px`;
    tag.classList.toggle("is-suggestion-selected", isSelected);
    this.segSuggestions.set(tag, starting.map((s) => s.key));
    return tag;
  }

  // Mark the selected suggestion again in the given sentences (classes only, no redraw).
  refreshSuggestions(indices) {
    for (const i of new Set(indices)) {
      const row = this.rows[i];
      if (!row) continue;
      for (const seg of row.children[1].children) {
        const keys = this.segSuggestions.get(seg);
        if (keys) seg.classList.toggle("is-suggestion-selected", keys.includes(this.suggestions.selected));
      }
    }
  }

  // The suggestion keys under a click, shortest first.
  suggestionsAt(seg) {
    const keys = [...(this.segSuggestions.get(seg) || [])];
    const size = (key) => { const s = this.suggestions.spans.get(key); return s ? s.end - s.start : Infinity; };
    return keys.sort((a, b) => size(a) - size(b));
  }

  // The sentence's label values, and a dashed "stance: FAVOR?" for a field whose value is
  // only suggested (the layer has none there), so that the text shows which sentences hold
  // a suggestion without opening each one.
  // Once "Mark done" was refused for it (requiredShown), a required field with no value has a
  // "stance: required" chip and the row is marked, until a value is given.
  renderChips(i, box) {
    const chips = [];
    let missing = false;
    for (const field of this.store.schema.sentence_labels) {
      const value = this.store.sentenceLabels.get(`${i}|${field.name}`);
      if (value == null && field.required && this.requiredShown) {
        missing = true;
        const chip = el("span", "chip chip--missing", `${field.name}: required`);
        chip.title = `${field.name} needs a value before the document can be marked done`;
        chips.push(chip);
        continue;
      }
      if (value != null) {
        const said = `${field.name}: ${[].concat(value).join(", ")}`;
        const older = this.store.olderTarget(i, field.name);
        if (!older) { chips.push(el("span", "chip", said)); continue; }
        chips.push(olderTargetChip(older, said));
        continue;
      }
      const suggested = this.suggestions && this.suggestions.labelFor(i, field.name);
      if (suggested) {
        const chip = el("span", "chip chip--suggested", `${field.name}: ${suggested.value}?`);
        chip.setAttribute("role", "note");
        chip.setAttribute("aria-label", `Suggested ${field.name}: ${suggested.value}, not set yet`);
        chip.title = `Suggested ${field.name}: ${suggested.value} (select the sentence to accept it)`;
        chips.push(chip);
      }
    }
    box.replaceChildren(...chips);
    box.parentElement.classList.toggle("is-missing", missing);
  }

  setCurrent(i, scroll = true) {
    const last = this.rows[this.current];
    if (last) last.classList.remove("is-current");
    if (last) last.removeAttribute("aria-current");
    this.current = Math.min(Math.max(i, 0), this.rows.length - 1);
    const row = this.rows[this.current];
    if (!row) return;
    row.classList.add("is-current");
    // The sentence j / k moved to, which f / a / n and 1-9 act on, for a screen reader too.
    row.setAttribute("aria-current", "true");
    if (scroll) scrollClearOfFoot(row);
  }

  // Set the selection and mark classes again on the segments of the given spans. Only
  // classes change, so the rows are not drawn again (the arcs over them stay as they are):
  // marking hundreds of link candidates costs no layout.
  refresh(keys) {
    const rows = new Set();
    for (const key of keys) {
      const span = this.store.spans.get(key);
      if (span) for (const i of this.store.sentencesOf(span)) rows.add(i);
    }
    for (const i of rows) {
      for (const seg of this.rows[i].children[1].children) {
        const entries = this.segSpans.get(seg);
        if (!entries) continue;
        seg.classList.remove(...STATES);
        for (const { key } of entries) {
          const mark = this.marks.get(key);
          if (mark) seg.classList.add(mark);
          if (key === this.selected) seg.classList.add("is-selected");
        }
      }
    }
  }

  select(key) {
    const before = this.selected;
    this.selected = key;
    this.refresh([before, key].filter(Boolean));
    const span = key && this.store.spans.get(key);
    if (span) this.setCurrent(this.store.sentenceAt(span.start), false);
  }

  setMarks(marks) {
    const keys = new Set();
    for (const [key, mark] of this.marks) if (marks.get(key) !== mark) keys.add(key);
    for (const [key, mark] of marks) if (this.marks.get(key) !== mark) keys.add(key);
    this.marks = marks;
    this.refresh(keys);
  }

  scrollToSpan(key) {
    const span = this.store.spans.get(key);
    if (!span) return;
    const row = this.rows[this.store.sentenceAt(span.start)];
    if (row) row.scrollIntoView({ block: "nearest" });
  }

  scrollToSuggestion(span) {
    const row = this.rows[this.store.sentenceAt(span.start)];
    if (row) row.scrollIntoView({ block: "nearest" });
  }

  // The span keys under a click: at the underline lane clicked, else innermost first.
  spansAt(seg, clientY) {
    const entries = this.segSpans.get(seg) || [];
    if (!entries.length) return [];
    const keys = entries.map((e) => e.key);
    const rect = seg.getBoundingClientRect();
    const lane = Math.floor((rect.bottom - clientY) / LANE);
    const hit = entries.filter((e) => e.lane === lane).map((e) => e.key);
    const inner = [...keys].sort((a, b) => this.length(a) - this.length(b));
    return [...hit, ...inner.filter((k) => !hit.includes(k))];
  }

  length(key) {
    const span = this.store.spans.get(key);
    return span ? span.end - span.start : Infinity;
  }

  // A DOM boundary point -> a code-unit offset of the text; segments hold data-s.
  pointToUnits(node, offset, edge) {
    if (node.nodeType === Node.TEXT_NODE && node.parentElement.classList.contains("seg")) {
      return Number(node.parentElement.dataset.s) + offset;
    }
    const segs = this.container.querySelectorAll(".seg");
    const range = document.createRange();
    range.setStart(node, offset);
    // The first segment at or after the point, in document order.
    const lo = partitionPoint(segs.length, (i) => range.comparePoint(segs[i], 0) >= 0);
    if (edge === "start") {
      return lo < segs.length ? Number(segs[lo].dataset.s) : this.store.text.length;
    }
    const before = segs[lo - 1];
    return before ? Number(before.dataset.s) + before.textContent.length : 0;
  }

  // The current text selection as a code-unit range inside the text, or null. A selection
  // with one end in the text and the other past it counts for its part in the text: a triple
  // click on the last sentence selects on to the side panel, a drag may end there. (With both
  // ends outside, as Ctrl+A makes, it is no selection of the text.)
  selectionRange() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const inside = (node) => this.container.contains(node);
    if (!inside(range.startContainer) && !inside(range.endContainer)) return null;
    const start = this.pointToUnits(range.startContainer, range.startOffset, "start");
    const end = this.pointToUnits(range.endContainer, range.endOffset, "end");
    return start < end ? [start, end] : null;
  }

  // A code-unit offset of the text -> a DOM boundary point in the segment holding it (for an
  // end, a segment's end counts: the point stays on the side of the text selected).
  // Segments follow each other in document order with rising data-s and never overlap, so
  // the one holding the offset is the last starting before it or the one starting at it.
  unitsToPoint(units, edge) {
    const segs = this.container.querySelectorAll(".seg");
    const first = partitionPoint(segs.length, (i) => Number(segs[i].dataset.s) >= units);
    const before = segs[first - 1];
    if (before) {
      const s = Number(before.dataset.s);
      const length = before.firstChild.length;
      if (units < s + length || (edge === "end" && units === s + length)) return [before.firstChild, units - s];
    }
    const at = segs[first];
    return at && Number(at.dataset.s) === units ? [at.firstChild, 0] : null;
  }

  // Select a code-unit range of the text on the page, keeping the direction of the current
  // selection, so that Shift+arrows still move the end the user was moving.
  selectUnits(start, end) {
    const from = this.unitsToPoint(start, "start");
    const to = this.unitsToPoint(end, "end");
    const selection = window.getSelection();
    if (!from || !to || !selection) return;
    const backward = selection.rangeCount > 0 && !selection.isCollapsed
      && selection.getRangeAt(0).startContainer === selection.focusNode
      && selection.getRangeAt(0).startOffset === selection.focusOffset;
    if (backward) selection.setBaseAndExtent(to[0], to[1], from[0], from[1]);
    else selection.setBaseAndExtent(from[0], from[1], to[0], to[1]);
  }
}
