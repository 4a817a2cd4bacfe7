// Relations drawn on the text: an arc from one span to the other above the line, its type
// as SVG text (CONTRACT section 8).
//
// Each sentence row with arcs gets one SVG layer over it (positioned by CSS, coordinates
// relative to the row). An arc starts at the middle of the first line of each span's text,
// rises into the space reserved above that line and runs across at its level; the arrowhead
// is at the "to" span. Arcs on the same line that overlap (labels included) are stacked on
// levels, the shortest lowest, so no label covers another. Each line with arcs gets the room
// its own levels need above it, and a line no arc runs over keeps the text's line spacing:
// see reserve(). One room for the whole sentence, from its most crowded line, opened every
// wrapped line of it as wide (the curation view's narrow lanes wrap often).
//
// Within one sentence, a span that wraps meets a relation at the line nearest the other end:
// where the earlier span's text ends. A relation whose earlier end ends on the line where the
// later one starts is a full arc on that line; one whose ends are on neighbouring lines (the
// sentence wrapped between them) is one bridge: from the later end up into the space above
// its line, across to below the earlier end and up to it. Run out to the lines' edges as
// halves, such a relation crossed the whole width twice, named its type twice and took a
// level from every arc it passed (the curation view's narrow lanes wrap often).
// A relation whose ends are further apart (lines between them, or two sentences) is drawn
// as two halves: from the earlier end up and along to the right edge of its line, and from
// the left edge of the later end's line along and down to that end; both halves carry the
// type, and the half at the "from" end is the one that takes focus.
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
//   stop in the keyboard's order (the workspace, below).
//
// With rove, only one arc takes Tab (the selected relation's, else the last one focused, else
// the first drawn); the others take focus from the arrows once an arc has it (step()). One Tab
// past the text then reaches the span labels: with every arc a stop, a keyboard user went
// through each relation of the page first (the roving tabindex of WAI-ARIA's composite
// widgets). The curation view, several layers over one text, keeps each arc a stop.
//
// Drawing is lazy: only blocks of sentences near the screen are drawn (IntersectionObserver).
// An edit marks the rows it changed and the next animation frame redraws them, on screen or
// not: such a row's text was drawn again, without the room its old arcs had above its lines,
// so its old arcs, left until the row was scrolled to, showed over the new text. A resize
// marks every row dirty and redraws those on screen at once; those off screen drop their arcs
// until they are seen, rather than show them where the old width put them. Rows that scrolled into
// view are drawn when the page is idle, a few at a time, so that a save's answer never waits
// behind them.

const NS = "http://www.w3.org/2000/svg";
const BASE = 13; // px from the top of a line's text to the lowest level (clears label tags)
const LEVEL = 15; // px between levels: more than a label's height
const LIFT = 2; // px between an arc's foot and the text
const LABEL_FONT = "600 10px system-ui, sans-serif"; // .arc__label in workspace.css
const LABEL_PAD = 3; // px of background on each side of a label
const GAP = 4; // px kept free between arcs on the same level
const MARGIN = 300; // px above and below the screen where rows are drawn ahead
// Rows with arcs drawn per pass after the first screen: a block scrolled into view is drawn
// over a few passes.
const ROWS_PER_PASS = 6;

function svg(tag, attributes = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

function clip(text, max = 40) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export class ArcLayer {
  constructor(view, store, root, { blocks = ".sent-block", decorate = null, flag = null, rove = false } = {}) {
    this.view = view;
    this.store = store;
    this.root = root; // data-arcs-at is set on it on the first draw
    this.container = view.container;
    this.blocks = blocks;
    this.decorate = decorate;
    this.flag = flag;
    this.rove = rove;
    this.stop = null; // with rove: the relation key whose arc takes Tab
    this.dirty = new Set(); // sentence indices whose arcs must be drawn again
    this.edited = new Set(); // of those, the rows an edit changed: drawn first
    this.onScreen = new Set(); // blocks near the viewport
    this.layers = new Map(); // sentence index -> its <svg>
    this.rooms = new Map(); // sentence index -> its .arc-room boxes
    this.byRelation = new Map(); // relation key -> its <g> elements (one or two halves)
    this.selected = null; // relation key
    this.hot = []; // elements highlighted by hovering
    this.pending = null; // the scheduled pass: {urgent, id}
    this.urgent = false; // rows an edit or a resize changed are waiting
    this.widths = new Map(); // label text -> width in px
    this.canvas = document.createElement("canvas").getContext("2d");
    this.canvas.font = LABEL_FONT;
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
      for (const i of drawn) this.clearRooms(i);
      const plans = drawn.map((i) => this.plan(i, index));
      // Levels are known from x alone (room above a line never changes where it wraps):
      // reserve the space for all rows, then read the tops once and draw.
      for (const plan of plans) this.reserve(plan);
      const misplaced = plans.flatMap((plan) => this.misplaced(plan));
      for (const room of misplaced) this.raise(room);
      // Read every top first, then write every layer: one layout for the pass, not one a row.
      for (const plan of plans) this.measure(plan);
      for (const plan of plans) this.paint(plan);
      // Each pass shows in the page's performance timeline (read by the benchmark).
      performance.measure("arcs", { start: started, detail: drawn.length });
      this.settleStop();
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

  // The first line of a span's text in sentence i: the middle of that line's text, its top
  // (relative to the row) and the line (its top on screen), and as `last` the middle, bottom
  // and line of its last line (where a bridge from below meets it); null when not drawn there.
  anchor(span, i) {
    const row = this.view.rows[i];
    const rects = [];
    const range = document.createRange();
    let seg = null; // the element of the first line's first rectangle
    for (const candidate of row.children[1].children) {
      const entries = this.view.segSpans.get(candidate);
      if (!entries || !entries.some((e) => e.key === span.key)) continue;
      range.selectNodeContents(candidate.firstChild);
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

  // Where each arc of sentence i goes and on which level.
  plan(i, index) {
    const { store } = this;
    const row = this.view.rows[i];
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
        items.push(...this.pieces(r, from, to, fromIn, toIn, i, lineHeight));
      }
    }
    const box = row.getBoundingClientRect();
    const textBox = text.getBoundingClientRect();
    const edges = { left: textBox.left - box.left, right: textBox.right - box.left };
    this.stack(items, edges);
    return { i, row, text, items };
  }

  // One full arc, a bridge between neighbouring lines, or the halves of a relation drawn in
  // sentence i.
  pieces(r, from, to, fromIn, toIn, i, lineHeight) {
    const a = fromIn ? this.anchor(from, i) : null;
    const b = toIn ? this.anchor(to, i) : null;
    if (a && b && a.line === b.line) return [{ r, kind: "full", ends: [a, b] }];
    if (a && b) {
      // Where the upper end's text ends (its last line) and the lower end's begins.
      const [upper, lower] = a.line < b.line ? [a, b] : [b, a];
      const meet = { key: upper.key, at: "last", ...upper.last };
      const apart = lower.line - upper.last.line;
      // On one line (a claim wrapped onto the line of its source): a full arc on that line.
      if (Math.abs(apart) < 2) return [{ r, kind: "full", ends: upper === a ? [meet, lower] : [lower, meet] }];
      // On lines next to each other: a bridge, across in the space above the lower line.
      if (apart > 0 && apart < 1.5 * lineHeight) return [{ r, kind: "bridge", ends: [lower, meet], up: upper === b }];
    }
    const out = [];
    const fromFirst = a && b ? a.line < b.line : before(from, to);
    if (a) out.push({ r, kind: fromFirst ? "right" : "left", ends: [a], end: "from" });
    if (b) out.push({ r, kind: fromFirst ? "left" : "right", ends: [b], end: "to" });
    return out;
  }

  // What an arc's label says: its type, and its mark if it has one (after a no-break space,
  // which SVG text keeps where it would drop an ordinary one at the end of a text node).
  tagText(r) {
    const mark = this.flag ? this.flag(r) : "";
    return mark ? { type: `${r.type}\u00a0`, mark } : { type: r.type, mark: "" };
  }

  labelWidth(text) {
    if (!this.widths.has(text)) this.widths.set(text, this.canvas.measureText(text).width + 2 * LABEL_PAD);
    return this.widths.get(text);
  }

  // Give each item a level per line: the lowest where neither it nor its label overlaps
  // another's; the shortest arcs first, so that longer ones span over them. Each item learns
  // how many levels its line has (`levels`).
  stack(items, edges) {
    for (const item of items) {
      const xs = item.ends.map((e) => e.x);
      if (item.kind === "right") xs.push(edges.right);
      if (item.kind === "left") xs.push(edges.left);
      item.x1 = Math.min(...xs);
      item.x2 = Math.max(...xs);
      item.line = item.ends[0].line;
      const tag = this.tagText(item.r);
      const w = this.labelWidth(tag.type + tag.mark);
      item.mid = Math.min(Math.max((item.x1 + item.x2) / 2, edges.left + w / 2), edges.right - w / 2);
      item.lo = Math.min(item.x1, item.mid - w / 2) - GAP;
      item.hi = Math.max(item.x2, item.mid + w / 2) + GAP;
    }
    const taken = new Map(); // line -> level -> [[lo, hi]]
    const order = [...items].sort((p, q) => (p.hi - p.lo) - (q.hi - q.lo) || p.lo - q.lo);
    for (const item of order) {
      if (!taken.has(item.line)) taken.set(item.line, []);
      const lines = taken.get(item.line);
      let level = 0;
      while (lines[level] && lines[level].some(([lo, hi]) => lo < item.hi && item.lo < hi)) level += 1;
      if (!lines[level]) lines[level] = [];
      lines[level].push([item.lo, item.hi]);
      item.level = level;
    }
    for (const item of items) item.levels = taken.get(item.line).length;
  }

  // Open the room above each line with arcs, at the first segment of the span an arc starts
  // at on that line (a bridge or a half starts at its end there; a full arc's other end may be
  // where a span wrapped onto the line ends): just before it, an .arc-room box (arcs.css)
  // raised above the line's top by the room the line's levels need; the line box grows to
  // hold it. Its line height is 0, so it sits half a line height below the line's top (its
  // font is the text's): hence the half line height in its rise. It holds one combining
  // grapheme joiner, which wraps with the text after it (an empty box stays at the end of
  // the line before when the segment starts a line) and changes no place the text may wrap.
  reserve(plan) {
    const rise = new Map(); // segment -> room in px
    const lineHeight = parseFloat(getComputedStyle(plan.text).lineHeight) || 0;
    for (const item of plan.items) {
      const start = item.ends.find((e) => e.at !== "last");
      if (!start || !start.seg) continue;
      const room = BASE + (item.levels - 1) * LEVEL + 8;
      rise.set(start.seg, Math.max(rise.get(start.seg) || 0, room));
    }
    const rooms = [];
    for (const [seg, room] of rise) {
      const box = document.createElement("span");
      box.className = "arc-room";
      box.setAttribute("aria-hidden", "true");
      box.textContent = "\u034f";
      box.style.verticalAlign = `${room + lineHeight / 2}px`;
      seg.before(box);
      rooms.push({ box, seg, room, rise: room + lineHeight / 2 });
    }
    if (rooms.length) this.rooms.set(plan.i, rooms);
  }

  // The rooms whose box did not land on its segment's first line: the text may still wrap
  // between them where the segment follows a hyphen, or in text written without spaces.
  misplaced(plan) {
    const out = [];
    const range = document.createRange();
    for (const room of this.rooms.get(plan.i) || []) {
      const [box] = room.box.getClientRects();
      range.selectNodeContents(room.seg.firstChild);
      const first = [...range.getClientRects()].find((r) => r.width > 0);
      if (box && first && Math.abs(box.top + room.rise - first.top) >= 2) out.push(room);
    }
    return out;
  }

  // The room for such a segment: the segment itself is raised by it and moved back down where
  // it was drawn. Every line it wraps over gets that room, so this is only the way round.
  raise(room) {
    room.box.remove();
    room.raised = true;
    const { style } = room.seg;
    style.verticalAlign = `${room.room}px`;
    style.position = "relative";
    style.top = `${room.room}px`;
  }

  // Take row i's arcs and their room away (it is drawn again when seen).
  drop(i) {
    const layer = this.layers.get(i);
    for (const g of layer.querySelectorAll(".arc")) this.forget(g);
    layer.remove();
    this.layers.delete(i);
    this.clearRooms(i);
    this.settleStop();
  }

  clearRooms(i) {
    for (const room of this.rooms.get(i) || []) {
      room.box.remove();
      if (room.raised) for (const name of ["vertical-align", "position", "top"]) room.seg.style.removeProperty(name);
    }
    this.rooms.delete(i);
  }

  // The tops of the items' lines (and the bottom of a bridge's upper end), now that the
  // space above them is reserved.
  measure(plan) {
    for (const item of plan.items) {
      const fresh = this.anchor(this.store.spans.get(item.ends[0].key), plan.i);
      item.top = fresh ? (item.ends[0].at === "last" ? fresh.last : fresh).top : item.ends[0].top;
      if (item.kind !== "bridge") continue;
      const upper = this.anchor(this.store.spans.get(item.ends[1].key), plan.i);
      item.rise = (upper ? upper.last.bottom : item.ends[1].bottom) + LIFT;
    }
  }

  // Draw the measured arcs of one row.
  paint(plan) {
    const { i, row, items } = plan;
    const active = document.activeElement;
    const refocus = active && active.classList && active.classList.contains("arc")
      && row.contains(active) ? active.dataset.relation : null;
    const old = this.layers.get(i);
    if (old) {
      for (const g of old.querySelectorAll(".arc")) this.forget(g);
      old.remove();
      this.layers.delete(i);
    }
    if (!items.length) return;
    const layer = svg("svg", { class: "arcs", role: "group", "aria-label": `Relations in sentence ${i + 1}` });
    // In reading order, so that Tab goes from arc to arc as the text reads.
    items.sort((p, q) => p.line - q.line || p.x1 - q.x1 || p.level - q.level);
    for (const item of items) {
      const { top } = item;
      const y = top - BASE - item.level * LEVEL;
      const foot = top - LIFT;
      const g = this.group(item);
      const d = this.path(item, y, foot);
      g.append(svg("path", { class: "arc__hit", d }), svg("path", { class: "arc__line", d }));
      const head = this.arrowhead(item, foot);
      if (head) g.append(svg("path", { class: "arc__head", d: head }));
      const tag = this.tagText(item.r);
      const w = this.labelWidth(tag.type + tag.mark);
      const label = svg("text", { class: "arc__label", x: item.mid, y: y + 3.5, "text-anchor": "middle" });
      label.textContent = tag.type;
      if (tag.mark) label.append(Object.assign(svg("tspan", { class: "arc__flag" }), { textContent: tag.mark }));
      g.append(svg("rect", { class: "arc__tag", x: item.mid - w / 2, y: y - 6, width: w, height: 12, rx: 3 }), label);
      layer.append(g);
    }
    row.append(layer);
    this.layers.set(i, layer);
    if (refocus) this.focus(refocus);
  }

  group(item) {
    const { r } = item;
    const { store } = this;
    const from = store.spans.get(r.from);
    const to = store.spans.get(r.to);
    const g = svg("g", { class: `arc arc--${item.kind}` });
    g.dataset.relation = r.key;
    const primary = item.kind === "full" || item.kind === "bridge" || item.end === "from";
    if (primary) {
      g.setAttribute("tabindex", !this.rove || r.key === this.stop ? "0" : "-1");
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

  // From the "from" end to the "to" end: up from the foot, across at level y, down to the
  // other foot (a bridge: up to below its upper end); a half runs from its end to the line's
  // edge, or from the edge to its end.
  path(item, y, foot) {
    let points;
    if (item.kind === "full") {
      const [a, b] = item.ends;
      points = [[a.x, foot], [a.x, y], [b.x, y], [b.x, foot]];
    } else if (item.kind === "bridge") {
      const [lower, upper] = item.ends;
      points = [[lower.x, foot], [lower.x, y], [upper.x, y], [upper.x, item.rise]];
      if (!item.up) points.reverse();
    } else {
      const x = item.ends[0].x;
      const edge = item.kind === "right" ? item.x2 : item.x1;
      points = item.end === "from" ? [[x, foot], [x, y], [edge, y]] : [[edge, y], [x, y], [x, foot]];
    }
    return rounded(points, 4);
  }

  // A small arrowhead on the foot at the "to" span; none on a half that does not end there.
  // A bridge to its upper end points up, under that end.
  arrowhead(item, foot) {
    let x;
    if (item.kind === "bridge" && item.up) {
      x = item.ends[1].x;
      return `M${x - 3.5},${item.rise + 6} L${x},${item.rise} L${x + 3.5},${item.rise + 6} Z`;
    }
    if (item.kind === "full" || item.kind === "bridge") x = item.ends[item.kind === "full" ? 1 : 0].x;
    else if (item.end === "to") x = item.ends[0].x;
    else return null;
    return `M${x - 3.5},${foot - 6} L${x},${foot} L${x + 3.5},${foot - 6} Z`;
  }

  // -- selection and hovering -------------------------------------------------------------

  select(key) {
    for (const g of this.byRelation.get(this.selected) || []) g.classList.remove("is-selected");
    this.selected = key;
    for (const g of this.byRelation.get(key) || []) g.classList.add("is-selected");
    if (key) this.moveStop(key);
  }

  // -- the one stop in the keyboard's order (rove) -----------------------------------------

  // The arcs that take focus, in reading order (rows in order, each row's arcs sorted).
  stops() {
    return [...this.container.querySelectorAll(".arc[role='button']")];
  }

  // Give Tab to the arc of relation `key` (drawn), and take it from the one that had it.
  moveStop(key) {
    if (!this.rove) return;
    const target = (this.byRelation.get(key) || []).find((g) => g.getAttribute("role") === "button");
    if (!target) return;
    for (const g of this.container.querySelectorAll(".arc[tabindex='0']")) g.setAttribute("tabindex", "-1");
    target.setAttribute("tabindex", "0");
    this.stop = key;
  }

  // After a drawing pass or a dropped row: one arc takes Tab, the first drawn when the one
  // that had it is gone (its relation removed, its row no longer drawn).
  settleStop() {
    if (!this.rove || this.container.querySelector(".arc[tabindex='0']")) return;
    const first = this.container.querySelector(".arc[role='button']");
    if (first) {
      first.setAttribute("tabindex", "0");
      this.stop = first.dataset.relation;
    }
  }

  // From the focused arc to the next (delta 1) or previous (-1) drawn; false at either end.
  step(delta) {
    const stops = this.stops();
    const at = stops.indexOf(document.activeElement);
    const next = at < 0 ? null : stops[at + delta];
    if (!next) return false;
    this.moveStop(next.dataset.relation);
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "nearest" });
    return true;
  }

  focus(key) {
    const target = (this.byRelation.get(key) || []).find((g) => g.getAttribute("role") === "button");
    if (target) target.focus({ preventScroll: true });
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
      for (const i of this.store.sentencesOf(span)) {
        for (const seg of this.view.rows[i].children[1].children) {
          const entries = this.view.segSpans.get(seg);
          if (entries && entries.some((e) => e.key === key)) out.push(seg);
        }
      }
    }
    return out;
  }
}

// Whether span a comes before span b in the text.
function before(a, b) {
  return a.start < b.start || (a.start === b.start && a.end <= b.end);
}

// A path through the points with its corners rounded by up to r pixels.
function rounded(points, r) {
  const f = (n) => Math.round(n * 10) / 10;
  let d = `M${f(points[0][0])},${f(points[0][1])}`;
  for (let k = 1; k < points.length - 1; k += 1) {
    const [p, c, n] = [points[k - 1], points[k], points[k + 1]];
    const into = Math.min(r, Math.hypot(c[0] - p[0], c[1] - p[1]) / 2);
    const out = Math.min(r, Math.hypot(n[0] - c[0], n[1] - c[1]) / 2);
    const toward = (a, b, len) => {
      const dist = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      return [a[0] + ((b[0] - a[0]) * len) / dist, a[1] + ((b[1] - a[1]) * len) / dist];
    };
    const [x1, y1] = toward(c, p, into);
    const [x2, y2] = toward(c, n, out);
    d += ` L${f(x1)},${f(y1)} Q${f(c[0])},${f(c[1])} ${f(x2)},${f(y2)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${f(last[0])},${f(last[1])}`;
}
