// The suggested relations still offered at a span of the layer: both their ends are in the
// layer (accepted one at a time, or the annotator's own spans over them), not linked so (a
// link the layer refused when the second end was accepted, or one removed since). Listed
// under the span's own links, each with the button that accepts it (only the relation is
// written: its ends are there).

import { el } from "./elements.js";

export function suggestedLinkList(ws, span) {
  if (!ws.writable || !ws.view.suggestions) return null;
  const offered = ws.suggestions.offeredAt(span);
  if (!offered.length) return null;
  const { store } = ws;
  const list = el("ul", { class: "relations suggested-relations", id: "suggested-links" });
  for (const { relation, held, outgoing } of offered) {
    const words = store.text.slice(held.start, held.end);
    const said = `${relation.type} ${outgoing ? "→" : "←"} ${held.label}`;
    list.append(el("li", {}, `${said} `, el("q", { dir: "auto", text: words }), " ",
      el("button", { type: "button", class: "button button--quiet", text: "Accept link",
        "aria-label": `Accept the suggested link ${said} “${words}”`,
        dataset: { relation: String(relation.id) }, onclick: () => ws.acceptRelation(relation.id) })));
  }
  return el("div", {}, el("p", { class: "small", text: "Suggested links:" }), list);
}
