// Where a relation's arc goes, in numbers alone (no DOM): the pieces a relation is drawn as,
// the level of each on its line, the room a line needs above it, and the SVG path and
// arrowhead of one piece. The places of the spans' text come from arc-layout.js.
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
// Arcs on the same line that overlap (labels included) are stacked on levels, the shortest
// lowest, so no label covers another; arcs that do not overlap share a level. A line shows
// at most MOST_LEVELS levels: the arcs above them are folded behind one control ("+N more
// links") on the level above, which opens the line (every level) and folds it again. One
// span linked to many others far away (a cue to the claims of a long sentence, all run out
// to the line's edge from it) otherwise raised its line by a level per relation.

export const BASE = 13; // px from the top of a line's text to the lowest level (clears label tags)
export const LEVEL = 15; // px between levels: more than a label's height
export const LIFT = 2; // px between an arc's foot and the text
const GAP = 4; // px kept free between arcs on the same level
export const MOST_LEVELS = 8; // levels a line shows before the rest are folded

// One full arc, a bridge between neighbouring lines, or the halves of relation r, whose ends
// are drawn at anchors a ("from") and b ("to"), each null when not in the sentence drawn.
export function pieces(r, from, to, a, b, lineHeight) {
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

// Give each item a level per line: the lowest where neither it nor its label overlaps
// another's; the shortest arcs first, so that longer ones span over them (taken the other
// way, a short arc under a long one rose through it). Each item learns how many levels its
// line has (`levels`, its fold's included). Above MOST_LEVELS a line's items are `folded`
// unless a relation drawn on the line is in `opened` (`has(key)`: the line is open, whatever
// moved past the eighth level since); the folds are returned, one a line: {line, level,
// count, keys (folded), lineKeys (every relation on the line), open, mid}.
// `labelWidth(relation)`: its label's width in px;
// `textWidth(text)`: the width of a fold's label.
export function stack(items, edges, labelWidth, { opened = new Set(), textWidth = () => 0 } = {}) {
  for (const item of items) {
    const xs = item.ends.map((e) => e.x);
    if (item.kind === "right") xs.push(edges.right);
    if (item.kind === "left") xs.push(edges.left);
    item.x1 = Math.min(...xs);
    item.x2 = Math.max(...xs);
    item.line = item.ends[0].line;
    const w = labelWidth(item.r);
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
  const folds = [];
  for (const [line, levels] of taken) {
    const on = items.filter((item) => item.line === line);
    if (levels.length <= MOST_LEVELS) {
      for (const item of on) item.levels = levels.length;
      continue;
    }
    const over = on.filter((item) => item.level >= MOST_LEVELS);
    const keys = [...new Set(over.map((item) => item.r.key))];
    const lineKeys = [...new Set(on.map((item) => item.r.key))];
    const open = lineKeys.some((key) => opened.has(key));
    for (const item of over) item.folded = !open;
    const level = open ? levels.length : MOST_LEVELS;
    for (const item of on) item.levels = level + 1;
    const lo = Math.min(...over.map((item) => item.lo));
    const hi = Math.max(...over.map((item) => item.hi));
    const w = textWidth(foldText(keys.length, open));
    const mid = Math.min(Math.max((lo + hi) / 2, edges.left + w / 2), edges.right - w / 2);
    folds.push({ line, level, count: keys.length, keys, lineKeys, open, mid });
  }
  return folds;
}

// What a fold's control says: how many links it hides, or that it folds them again.
export function foldText(count, open) {
  return open ? `fold ${count} links` : `+${count} more links`;
}

// The room in px a line needs above it for `levels` levels of arcs.
export function roomFor(levels) {
  return BASE + (levels - 1) * LEVEL + 8;
}

// From the "from" end to the "to" end: up from the foot, across at level y, down to the
// other foot (a bridge: up to below its upper end); a half runs from its end to the line's
// edge, or from the edge to its end.
export function arcPath(item, y, foot) {
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
export function arrowhead(item, foot) {
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
