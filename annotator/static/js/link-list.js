// The selected span's links, in its panel: each named with its other end, its Remove link
// button, and its note (brat's # lines on R, or written here). Where the layer takes a write
// now, the note is a small box of its own, saved as the span's note is (leaving it, Ctrl+Enter
// or Esc, the page going away: workspace-relation-note.js); where it does not (another
// annotator's layer, a layer marked done), the note is text, and no box is drawn.

import { el } from "./elements.js";

export function linkList(ws, span, relations) {
  const { store } = ws;
  const list = el("ul", { class: "relations" });
  for (const r of relations) {
    const other = store.spans.get(r.from === span.key ? r.to : r.from);
    const arrow = r.from === span.key ? "→" : "←";
    const otherText = other ? store.text.slice(other.start, other.end) : "";
    const said = `${r.type} ${arrow} ${other ? other.label : "?"}`;
    // "Remove link", named with the link: a bare "remove" sat a line above the span's own
    // Remove (now Remove span), and a tap meant for the link could take the span with all
    // its links.
    const head = el("span", { class: "relation__head" }, `${said} `, el("q", { dir: "auto", text: otherText }), " ",
      ws.mayWrite ? el("button", { type: "button", class: "button button--quiet", text: "Remove link",
        "aria-label": `Remove link ${said} “${otherText}”`,
        onclick: () => { if (!ws.writable) { ws.readOnly(); return; } ws.actions.deleteRelation(r.key); ws.focusText(); } }) : "");
    let note = "";
    if (ws.writable) note = linkNoteBox(ws, r, `${said} “${otherText}”`);
    else if (r.note) note = el("p", { class: "relation-note__text", dir: "auto", text: r.note });
    list.append(el("li", { class: "relation", dataset: { relation: r.key } }, head, note));
  }
  return list;
}

// The link's note box: one row, growing as lines are typed (a textarea's own rows), with its
// save state under it while there is one to say; read-only while the layer is marked done
// (the relation's own panel draws it then, relation-panel.js). `hint`: the id of the words
// under it that say how it is saved.
export function linkNoteBox(ws, relation, named, hint = "span-note-hint") {
  const id = `relation-note-${relation.key}`;
  const area = el("textarea", { id, class: "relation-note__box", rows: "1", dir: "auto",
    maxlength: String(ws.noteMost), dataset: { focus: `relation-note:${relation.key}` },
    "aria-label": `Note on the link ${named}`, "aria-describedby": `${id}-state ${hint}`,
    placeholder: "Note on this link" });
  area.readOnly = ws.closed;
  const fit = () => { area.rows = Math.min(Math.max(area.value.split("\n").length, 1), 6); };
  const said = ws.relationNotes.attach(area, relation,
    { id: `${id}-state`, class: "note-state relation-note__state small" }, fit);
  fit();
  return el("div", { class: "relation-note" }, area, said);
}
