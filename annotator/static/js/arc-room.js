// The room reserved above the lines with arcs, one sentence row at a time. Each line with
// arcs gets the room its own levels need above it, and a line no arc runs over keeps the
// text's line spacing. One room for the whole sentence, from its most crowded line, opened
// every wrapped line of it as wide (the curation view's narrow lanes wrap often).

import { roomFor } from "./arc-geometry.js";
import { textOf } from "./arc-layout.js";

export class ArcRooms {
  constructor() {
    this.byRow = new Map(); // sentence index -> its .arc-room boxes
  }

  // Open the room above each line with arcs, at the first segment of the span an arc starts
  // at on that line (a bridge or a half starts at its end there; a full arc's other end may be
  // where a span wrapped onto the line ends): just before it, an .arc-room box (arcs.css)
  // raised above the line's top by the room the line's levels need; the line box grows to
  // hold it. Its line height is 0, so it sits half a line height below the line's top (its
  // font is the text's): hence the half line height in its rise. It holds one combining
  // grapheme joiner, which wraps with the text after it (an empty box stays at the end of
  // the line before when the segment starts a line) and changes no place the text may wrap.
  open(plan) {
    const rise = new Map(); // segment -> room in px
    const lineHeight = parseFloat(getComputedStyle(plan.text).lineHeight) || 0;
    for (const item of plan.items) {
      const start = item.ends.find((e) => e.at !== "last");
      if (!start || !start.seg) continue;
      const room = roomFor(item.levels);
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
    if (rooms.length) this.byRow.set(plan.i, rooms);
  }

  // The rooms of row i whose box did not land on its segment's first line: the text may
  // still wrap between them where the segment follows a hyphen, or in text written without
  // spaces.
  misplaced(i) {
    const out = [];
    const range = document.createRange();
    for (const room of this.byRow.get(i) || []) {
      const [box] = room.box.getClientRects();
      range.selectNodeContents(textOf(room.seg));
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

  // Take row i's room away.
  clear(i) {
    for (const room of this.byRow.get(i) || []) {
      room.box.remove();
      if (room.raised) for (const name of ["vertical-align", "position", "top"]) room.seg.style.removeProperty(name);
    }
    this.byRow.delete(i);
  }
}
