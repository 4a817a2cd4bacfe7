// One relation's arc as SVG: its path, arrowhead and label with its type on a tag, placed
// by arc-geometry.js at the top of its line (measured by arc-layout.js).

import { arcPath, arrowhead, BASE, foldText, LEVEL, LIFT } from "./arc-geometry.js";

const NS = "http://www.w3.org/2000/svg";
const LABEL_FONT = "600 10px system-ui, sans-serif"; // .arc__label in workspace.css
const LABEL_PAD = 3; // px of background on each side of a label

export function svg(tag, attributes = {}) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

// Text shortened to `max` characters on one line, for an arc's accessible name.
export function clip(text, max = 40) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

const widths = new Map(); // label text -> width in px
let canvas = null;

// The width of a label's tag in px: its text as the label's font sets it, and the padding.
export function labelWidth(text) {
  if (!widths.has(text)) {
    if (!canvas) {
      canvas = document.createElement("canvas").getContext("2d");
      canvas.font = LABEL_FONT;
    }
    widths.set(text, canvas.measureText(text).width + 2 * LABEL_PAD);
  }
  return widths.get(text);
}

// Draw a measured item (arc-geometry.js: stacked, and its line's top known) into its group
// g; `tag` is what its label says: {type, mark}, the mark ("" for none) in a tspan of its own.
export function drawArc(g, item, tag) {
  const { top } = item;
  const y = top - BASE - item.level * LEVEL;
  const foot = top - LIFT;
  const d = arcPath(item, y, foot);
  g.append(svg("path", { class: "arc__hit", d }), svg("path", { class: "arc__line", d }));
  const head = arrowhead(item, foot);
  if (head) g.append(svg("path", { class: "arc__head", d: head }));
  const w = labelWidth(tag.type + tag.mark);
  const label = svg("text", { class: "arc__label", x: item.mid, y: y + 3.5, "text-anchor": "middle" });
  label.textContent = tag.type;
  if (tag.mark) label.append(Object.assign(svg("tspan", { class: "arc__flag" }), { textContent: tag.mark }));
  g.append(svg("rect", { class: "arc__tag", x: item.mid - w / 2, y: y - 6, width: w, height: 12, rx: 3 }), label);
}

// Draw a line's fold (arc-geometry.js stack()) into its group g: a tag on the level above the
// arcs shown, saying how many it hides ("+30 more links") or that it folds them again; `top`
// is its line's top.
export function drawFold(g, fold, top) {
  const y = top - BASE - fold.level * LEVEL;
  const text = foldText(fold.count, fold.open);
  const w = labelWidth(text);
  g.append(svg("rect", { class: "arc__tag", x: fold.mid - w / 2, y: y - 6, width: w, height: 12, rx: 6 }));
  const label = svg("text", { class: "arc__label", x: fold.mid, y: y + 3.5, "text-anchor": "middle" });
  label.textContent = text;
  g.append(label);
}
