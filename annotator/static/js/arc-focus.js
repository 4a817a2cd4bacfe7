// The arcs as one stop in the keyboard's order (a layer's `rove` option: the workspace).
//
// With rove, only one arc takes Tab (the selected relation's, else the last one focused, else
// the first drawn); the others take focus from the arrows once an arc has it (step()). One Tab
// past the text then reaches the span labels: with every arc a stop, a keyboard user went
// through each relation of the page first (the roving tabindex of WAI-ARIA's composite
// widgets). The curation view, several layers over one text, keeps each arc a stop.

export class ArcStops {
  // `byRelation`: the layer's map of relation key -> its drawn <g> elements (one or two
  // halves), read as it changes.
  constructor(container, byRelation, rove) {
    this.container = container;
    this.byRelation = byRelation;
    this.rove = rove;
    this.key = null; // with rove: the relation key whose arc takes Tab
  }

  // The tabindex of the arc of relation `key` as it is drawn.
  tabindex(key) {
    return !this.rove || key === this.key ? "0" : "-1";
  }

  // The arcs that take focus, in reading order (rows in order, each row's arcs sorted), and
  // the folds of crowded lines after their line's arcs.
  all() {
    return [...this.container.querySelectorAll(".arc[role='button'], .arc-fold")];
  }

  // The drawn arc of relation `key` that takes focus (of its two halves, the "from" one).
  arcOf(key) {
    return (this.byRelation.get(key) || []).find((g) => g.getAttribute("role") === "button");
  }

  // Give Tab to the arc of relation `key` (drawn), and take it from the one that had it.
  move(key) {
    if (!this.rove) return;
    const target = this.arcOf(key);
    if (!target) return;
    for (const g of this.container.querySelectorAll(".arc[tabindex='0']")) g.setAttribute("tabindex", "-1");
    target.setAttribute("tabindex", "0");
    this.key = key;
  }

  // After a drawing pass or a dropped row: one arc takes Tab, the first drawn when the one
  // that had it is gone (its relation removed, its row no longer drawn).
  settle() {
    if (!this.rove || this.container.querySelector(".arc[tabindex='0']")) return;
    const first = this.container.querySelector(".arc[role='button']");
    if (first) {
      first.setAttribute("tabindex", "0");
      this.key = first.dataset.relation;
    }
  }

  // From the focused arc to the next (delta 1) or previous (-1) drawn; false at either end.
  step(delta) {
    const stops = this.all();
    const at = stops.indexOf(document.activeElement);
    const next = at < 0 ? null : stops[at + delta];
    if (!next) return false;
    if (next.dataset.relation) this.move(next.dataset.relation);
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "nearest" });
    return true;
  }

  focus(key) {
    const target = this.arcOf(key);
    if (target) target.focus({ preventScroll: true });
  }
}
