// The selected span's note, written in its panel ("unsure of the source"; panels.js draws
// its box): a note box (note-box.js) whose item is the span. A span's PATCH answers its new
// version, which the store keeps; a stored note says "Saved." under it.

import { NoteBox } from "./note-box.js";

export function newSpanNoteBox(ws) {
  return new NoteBox(ws, {
    items: () => ws.store.spans,
    patch: (key, note, options) => ws.actions.patchSpan(key, { note }, options),
    path: (key) => `/spans/${ws.actions.spanId(key)}`,
    stored: (current, note, answer) => ({ ...current, note, version: answer.version }),
    put: (span) => ws.store.putSpan(span),
    storedState: (span) => (span.note ? "saved" : "none"),
    said: (span, note) => (note ? "Note saved on the span." : "Note removed from the span."),
    shownIn: (key) => ws.view.selected === key,
    isBox: (element) => element.id === "span-note-text",
  });
}
