// The relation selected by its arc (a click, a tap, Tab to it): its type, its two ends with
// their words, its note and Remove link, in a panel of its own. Its note's box is a link's
// (link-list.js; saved by workspace-relation-note.js): written where the layer takes a write,
// read-only while the layer is marked done or skipped (as the span's note box is, until
// Reopen), and text where the layer is another annotator's.

import { redraw } from "./controls.js";
import { el } from "./elements.js";
import { linkNoteBox } from "./link-list.js";

export function renderRelationPanel(ws) {
  const panel = document.getElementById("relation-panel");
  const box = document.getElementById("relation-details");
  const key = ws.arcs && ws.arcs.selected;
  const relation = key && ws.store.relations.get(key);
  panel.hidden = !relation;
  if (!relation) { box.replaceChildren(); return; }
  const [from, to] = [relation.from, relation.to].map((spanKey) => ws.store.spans.get(spanKey));
  const words = (span) => (span ? ws.store.text.slice(span.start, span.end) : "");
  const said = (span) => `${span ? span.label : "?"} “${words(span)}”`;
  const end = (span) => el("span", { class: "relation-panel__end" },
    el("strong", { text: span ? span.label : "?" }), " ", el("q", { dir: "auto", class: "span-text", text: words(span) }));
  const parts = [
    el("p", { class: "relation-panel__type" }, el("strong", { text: relation.type })),
    el("p", { class: "relation-panel__ends" }, end(from), el("span", { "aria-label": "to", text: " → " }), end(to)),
  ];
  const named = `${relation.type}: ${said(from)} → ${said(to)}`;
  if (ws.mayWrite) {
    parts.push(linkNoteBox(ws, relation, named, "relation-note-hint"),
      el("p", { class: "muted small keys-hint", id: "relation-note-hint",
        text: ws.closed ? ws.closedWords() : "Saved when you leave the box (Ctrl+Enter or Esc: save and back to the text)." }),
      el("p", {}, el("button", { type: "button", class: "button button--quiet", id: "remove-relation",
        "aria-label": `Remove link ${named}`, onclick: () => ws.deleteSelected() },
      el("kbd", { text: "Delete" }), " Remove link")));
  } else if (relation.note) {
    parts.push(el("p", { class: "relation-note__text", dir: "auto", text: relation.note }));
  }
  redraw(box, ...parts);
}
