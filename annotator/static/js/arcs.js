// Relations drawn on the text: an arc from one span to the other above the line, its type
// as SVG text (CONTRACT section 8).
//
// Each sentence row with arcs gets one SVG layer over it (positioned by CSS, coordinates
// relative to the row). An arc starts at the middle of the first line of each span's text
// (arc-layout.js), rises into the space reserved above that line (arc-room.js) and runs
// across at its level (arc-geometry.js: full arcs, bridges and halves, and their levels);
// the arrowhead is at the "to" span (arc-svg.js). With rove the arcs are one stop in the
// keyboard's order (arc-focus.js). This layer keeps what needs its state: which rows are
// drawn and when, the drawn arcs of each relation, the selection and hovering, and which
// crowded lines are shown open (a line shows at most MOST_LEVELS levels of arcs, the rest
// behind a fold that a click, Enter or Space opens; arc-geometry.js stack()).
//
// The workspace draws one layer over its sentence rows; the curation view draws one ArcLayer
// per lane, each over that lane's rows. What a layer needs of its page:
// - view: {container, rows, segSpans}: rows[i] is the element of sentence i (absent where the
//   sentence is not shown), its second child the text, cut into elements whose first child
//   is text; segSpans maps such an element to the spans covering it ([{key}]);
// - store: a Store (state.js) holding the layer's spans and relations;
// - options.blocks: the selector of the elements holding the rows (watched for being on
//   screen: a row's parent); options.decorate(g, relation): marks an arc's group as it is drawn;
//   options.flag(relation): a mark to write after the type in the arc's label ("?3": the
//   curation view's difference to decide), or "" for none; options.rove: the arcs are one
//   stop in the keyboard's order (the workspace).
//
// Drawing is lazy: only blocks of sentences near the screen are drawn (IntersectionObserver).
// An edit marks the rows it changed and the next animation frame redraws them, on screen or
// not: such a row's text was drawn again, without the room its old arcs had above its lines,
// so its old arcs, left until the row was scrolled to, showed over the new text. A resize
// marks every row dirty and redraws those on screen at once; those off screen drop their arcs
// until they are seen, rather than show them where the old width put them. Rows that scrolled into
// view are drawn when the page is idle, a few at a time, so that a save's answer never waits
// behind them.

import { ArcStops } from "./arc-focus.js";
import { OpenLines } from "./arc-folds.js";
import { measureRow, planRow, segmentsOf } from "./arc-layout.js";
import { ArcRooms } from "./arc-room.js";
import { clip, drawArc, drawFold, labelWidth, svg } from "./arc-svg.js";

const MARGIN = 300; // px above and below the screen where rows are drawn ahead
// Rows with arcs drawn per pass after the first screen: a block scrolled into view is drawn
// over a few passes.
const ROWS_PER_PASS = 6;

export class ArcLayer {
  constructor(view, store, root, { blocks = ".sent-block", decorate = null, flag = null, rove = false } = {}) {
    this.view = view;
    this.store = store;
    this.root = root; // data-arcs-at is set on it on the first draw
    this.container = view.container;
    this.blocks = blocks;
    this.decorate = decorate;
    this.flag = flag;
    this.dirty = new Set(); // sentence indices whose arcs must be drawn again
    this.edited = new Set(); // of those, the rows an edit changed: drawn first
    this.onScreen = new Set(); // blocks near the viewport
    this.layers = new Map(); // sentence index -> its <svg>
    this.rooms = new ArcRooms();
    this.byRelation = new Map(); // relation key -> its <g> elements (one or two halves)
    this.opened = new OpenLines(store); // the crowded lines shown open (arc-folds.js)
    this.folds = new Map(); // sentence index -> the folds drawn in its row
    this.stops = new ArcStops(this.container, this.byRelation, rove);
    this.selected = null; // relation key
    this.hot = []; // elements highlighted by hovering
    this.pending = null; // the scheduled pass: {urgent, id}
    this.urgent = false; // rows an edit or a resize changed are waiting
    this.observed = false; // the observer has reported once: which blocks are on screen is known
    this.observer = new IntersectionObserver((entries) => {
      this.observed = true;
      for (const entry of entries) {
        if (entry.isIntersecting) this.onScreen.add(entry.target); else this.onScreen.delete(entry.target);
      }
      this.schedule();
    }, { rootMargin: `${MARGIN}px 0px` });
    let width = this.container.clientWidth;
    new ResizeObserver(() => {
      if (this.container.clientWidth === width) return;
      width = this.container.clientWidth;
      // Every line may wrap elsewhere: the rows on screen at once, the others when seen. Those
      // drop their arcs now, drawn for the old width: kept, they showed at the old places (and
      // their room on lines that moved) a moment after the row came into view.
      const shown = [];
      this.view.rows.forEach((row, i) => { if (this.onScreen.has(row.parentElement)) shown.push(i); });
      for (const i of [...this.layers.keys()]) if (!shown.includes(i)) this.drop(i);
      this.invalidate(null);
      this.invalidate(shown);
    }).observe(this.container);
  }

  // The rows were rebuilt (renderAll): observe the new blocks, everything is to be drawn.
  reset() {
    this.observer.disconnect();
    this.onScreen.clear();
    this.layers.clear();
    this.byRelation.clear();
    this.folds.clear();
    const blocks = this.container.querySelectorAll(this.blocks);
    for (const block of blocks) this.observer.observe(block);
    for (let i = 0; i < this.store.sentences.length; i += 1) this.dirty.add(i);
    // Draw the blocks on screen now rather than after the observer's first report: the page's
    // first layout then already has the arcs in, instead of laying out twice.
    const bottom = window.innerHeight + MARGIN;
    for (const block of blocks) {
      const box = block.getBoundingClientRect();
      if (box.top > bottom) break;
      if (box.bottom > -MARGIN) this.onScreen.add(block);
    }
    this.observed = true;
    this.draw(Infinity);
  }

  // Sentences whose text or relations changed (null: all of them, as after a resize).
  invalidate(indices, urgent = true) {
    if (indices === null) for (let i = 0; i < this.store.sentences.length; i += 1) this.dirty.add(i);
    else for (const i of indices) { this.dirty.add(i); this.edited.add(i); }
    if (urgent) this.urgent = true;
    this.schedule();
  }

  // The next pass: in the next animation frame after an edit (the arcs move with the text in
  // the same frame), else when the page is idle.
  schedule() {
    if (this.pending && (this.pending.urgent || !this.urgent)) return;
    if (this.pending) cancelIdleCallback(this.pending.id);
    const run = () => { this.pending = null; this.urgent = false; this.draw(ROWS_PER_PASS); };
    this.pending = this.urgent
      ? { urgent: true, id: requestAnimationFrame(run) }
      : { urgent: false, id: requestIdleCallback(run, { timeout: 300 }) };
  }

  // -- drawing ----------------------------------------------------------------------------

  // Draw dirty rows: every row an edit changed, wherever it is, then others on screen up to
  // `limit` rows.
  draw(limit) {
    const started = performance.now();
    const index = this.relationIndex();
    const drawn = [];
    let more = false;
    for (const i of [...this.edited, ...this.dirty]) {
      const row = this.view.rows[i];
      if (!row || !this.dirty.has(i)) continue;
      if (!this.edited.has(i) && !this.onScreen.has(row.parentElement)) continue;
      // Rows without relations and without arcs to take away cost nothing more.
      if (this.layers.has(i) || this.hasRelations(i, index)) {
        if (!this.edited.has(i) && drawn.length >= limit) { more = true; continue; }
        drawn.push(i);
      }
      this.dirty.delete(i);
    }
    this.edited.clear();
    if (more) this.schedule();
    if (drawn.length) {
      // Plan on the lines as the text sets them: neighbouring lines are then one line height
      // apart, whatever room the last pass opened above them.
      for (const i of drawn) this.rooms.clear(i);
      const plans = drawn.map((i) => planRow(this.view, this.store, i, index, (r) => this.tagWidth(r), this.opened.of(i)));
      // Levels are known from x alone (room above a line never changes where it wraps):
      // reserve the space for all rows, then read the tops once and draw.
      for (const plan of plans) this.rooms.open(plan);
      const misplaced = plans.flatMap((plan) => this.rooms.misplaced(plan.i));
      for (const room of misplaced) this.rooms.raise(room);
      // Read every top first, then write every layer: one layout for the pass, not one a row.
      for (const plan of plans) measureRow(this.view, this.store, plan);
      for (const plan of plans) this.paint(plan);
      // Each pass shows in the page's performance timeline (read by the benchmark).
      performance.measure("arcs", { start: started, detail: drawn.length });
      this.stops.settle();
    }
    // For the benchmark: when the arcs of the first screen are drawn.
    if (this.observed && !this.root.dataset.arcsAt) this.root.dataset.arcsAt = String(Math.round(performance.now()));
  }

  // span key -> the relations at that span, for one drawing pass.
  relationIndex() {
    const index = new Map();
    for (const r of this.store.relations.values()) {
      for (const k of [r.from, r.to]) {
        if (!index.has(k)) index.set(k, []);
        index.get(k).push(r);
      }
    }
    return index;
  }

  hasRelations(i, index) {
    for (const key of this.store.buckets[i]) if (index.has(key)) return true;
    return false;
  }

  // What an arc's label says: its type, and its mark if it has one (after a no-break space,
  // which SVG text keeps where it would drop an ordinary one at the end of a text node).
  tagText(r) {
    const mark = this.flag ? this.flag(r) : "";
    return mark ? { type: `${r.type}\u00a0`, mark } : { type: r.type, mark: "" };
  }

  tagWidth(r) {
    const tag = this.tagText(r);
    return labelWidth(tag.type + tag.mark);
  }

  // Take row i's arcs and their room away (it is drawn again when seen).
  drop(i) {
    const layer = this.layers.get(i);
    for (const g of layer.querySelectorAll(".arc")) this.forget(g);
    layer.remove();
    this.layers.delete(i);
    this.folds.delete(i);
    this.rooms.clear(i);
    this.stops.settle();
  }

  // Draw the measured arcs of one row.
  paint(plan) {
    const { i, row, folds } = plan;
    const active = document.activeElement;
    const mine = active && active.classList && row.contains(active);
    const refocus = mine && active.classList.contains("arc") ? active.dataset.relation : null;
    const refold = mine && active.classList.contains("arc-fold") ? active.dataset.fold : null;
    const old = this.layers.get(i);
    if (old) {
      for (const g of old.querySelectorAll(".arc")) this.forget(g);
      old.remove();
      this.layers.delete(i);
    }
    this.folds.delete(i);
    const items = plan.items.filter((item) => !item.folded);
    if (!items.length) return;
    const layer = svg("svg", { class: "arcs", role: "group", "aria-label": `Relations in sentence ${i + 1}` });
    // In reading order, so that Tab goes from arc to arc as the text reads; a line's fold
    // after its arcs.
    items.sort((p, q) => p.line - q.line || p.x1 - q.x1 || p.level - q.level);
    items.forEach((item, k) => {
      const g = this.group(item);
      drawArc(g, item, this.tagText(item.r));
      layer.append(g);
      const next = items[k + 1];
      if (next && next.line === item.line) return;
      const fold = folds.find((f) => f.line === item.line);
      if (fold) layer.append(this.foldGroup(fold, Math.min(...items.filter((x) => x.line === fold.line).map((x) => x.top))));
    });
    layer.addEventListener("click", (event) => this.onFold(event, i));
    layer.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") this.onFold(event, i);
    });
    row.append(layer);
    this.layers.set(i, layer);
    if (folds.length) this.folds.set(i, folds);
    // An open line's relations keep it open, those drawn on it since too (arc-folds.js).
    for (const fold of folds) if (fold.open) this.opened.open(i, fold.lineKeys);
    if (refocus) this.focus(refocus);
    if (refold) {
      const g = layer.querySelector(`.arc-fold[data-fold="${CSS.escape(refold)}"]`);
      if (g) g.focus({ preventScroll: true });
    }
  }

  // A line's fold: a control that shows its folded arcs, or folds them again.
  foldGroup(fold, top) {
    const g = svg("g", {
      class: `arc-fold${fold.open ? " is-open" : ""}`,
      role: "button",
      tabindex: this.stops.rove ? "-1" : "0",
      "aria-expanded": String(fold.open),
      "aria-label": fold.open ? `Fold ${fold.count} links of this line` : `${fold.count} more links on this line: show them`,
    });
    g.dataset.fold = fold.keys[0];
    drawFold(g, fold, top);
    return g;
  }

  // A click, Enter or Space on a fold of row i opens its line, or folds it again; the row is
  // drawn again in the next frame, the fold keeping the focus.
  onFold(event, i) {
    const g = event.target.closest && event.target.closest(".arc-fold");
    if (!g) return;
    event.preventDefault();
    event.stopPropagation();
    const fold = (this.folds.get(i) || []).find((f) => f.keys[0] === g.dataset.fold);
    if (fold) this.toggle(fold, i);
  }

  toggle(fold, i) {
    if (fold.open) this.opened.close(i, fold.lineKeys); else this.opened.open(i, fold.lineKeys);
    this.invalidate([i]);
  }

  group(item) {
    const { r } = item;
    const { store } = this;
    const from = store.spans.get(r.from);
    const to = store.spans.get(r.to);
    const g = svg("g", { class: `arc arc--${item.kind}` });
    g.dataset.relation = r.key;
    const primary = item.promoted || item.kind === "full" || item.kind === "bridge" || item.end === "from";
    if (primary) {
      g.setAttribute("tabindex", this.stops.tabindex(r.key));
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", `${r.type}: '${clip(store.text.slice(from.start, from.end))}' → '${clip(store.text.slice(to.start, to.end))}'`);
    } else {
      g.setAttribute("aria-hidden", "true");
    }
    if (r.key === this.selected) g.classList.add("is-selected");
    if (this.decorate) this.decorate(g, r);
    if (!this.byRelation.has(r.key)) this.byRelation.set(r.key, []);
    this.byRelation.get(r.key).push(g);
    return g;
  }

  forget(g) {
    const list = this.byRelation.get(g.dataset.relation);
    if (!list) return;
    const rest = list.filter((x) => x !== g);
    if (rest.length) this.byRelation.set(g.dataset.relation, rest); else this.byRelation.delete(g.dataset.relation);
  }

  // -- selection, the keyboard and hovering ------------------------------------------------

  select(key) {
    for (const g of this.byRelation.get(this.selected) || []) g.classList.remove("is-selected");
    this.selected = key;
    for (const g of this.byRelation.get(key) || []) g.classList.add("is-selected");
    if (key) this.stops.move(key);
    // A relation selected elsewhere whose only arc is folded: its line opens to show it.
    if (key && !this.byRelation.has(key)) {
      for (const [i, folds] of this.folds) {
        const fold = folds.find((f) => !f.open && f.keys.includes(key));
        if (fold) this.toggle(fold, i);
      }
    }
  }

  // From the focused arc to the next (delta 1) or previous (-1) drawn; false at either end.
  step(delta) {
    return this.stops.step(delta);
  }

  focus(key) {
    this.stops.focus(key);
  }

  // Highlight the arcs of some spans, or the spans of one relation (null: nothing).
  highlight({ spans = [], relation = null } = {}) {
    for (const node of this.hot) node.classList.remove("is-hot");
    this.hot = [];
    const keys = new Set(spans);
    if (relation) {
      const r = this.store.relations.get(relation);
      if (r) { keys.add(r.from); keys.add(r.to); }
      for (const g of this.byRelation.get(relation) || []) this.hot.push(g);
      for (const seg of this.segsOf(keys)) this.hot.push(seg);
    } else if (keys.size) {
      for (const r of this.store.relations.values()) {
        if (keys.has(r.from) || keys.has(r.to)) this.hot.push(...(this.byRelation.get(r.key) || []));
      }
    }
    for (const node of this.hot) node.classList.add("is-hot");
  }

  segsOf(keys) {
    const out = [];
    for (const key of keys) {
      const span = this.store.spans.get(key);
      if (!span) continue;
      for (const i of this.store.sentencesOf(span)) out.push(...segmentsOf(this.view, i, key));
    }
    return out;
  }
}
