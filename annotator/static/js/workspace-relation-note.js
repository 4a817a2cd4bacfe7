// A link's note, written in the selected span's panel (link-list.js draws its box): a note
// box (note-box.js) whose item is the relation, saved as the span's note is. A stored note
// goes unsaid: every link of the panel would say "Saved." under it.

import { NoteBox } from "./note-box.js";

export function newRelationNoteBox(ws) {
  return new NoteBox(ws, {
    items: () => ws.store.relations,
    patch: (key, note, options) => ws.actions.patchRelation(key, note, options),
    path: (key) => `/relations/${ws.actions.relationId(key)}`,
    stored: (current, note) => ({ ...current, note }),
    put: (relation) => ws.store.putRelation(relation),
    storedState: () => "none",
    said: (relation, note) => (note ? `Note saved on the ${relation.type} link.` : `Note removed from the ${relation.type} link.`),
    // Its link is in the selected span's panel, which is drawn again.
    shownIn: () => true,
    isBox: (element, key) => Boolean(element.dataset) && element.dataset.focus === `relation-note:${key}`,
  });
}
