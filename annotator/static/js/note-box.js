// A note box of the workspace: the selected span's (panels.js) and each of its links'
// (link-list.js), one of this class each (workspace-span-note.js, workspace-relation-note.js
// say what differs). A note is saved as one PATCH of `note` when its box is left or on
// Ctrl+Enter / Esc, so that a note change is one edit, undone by Ctrl+Z like any other (the
// document's note box saves as it is typed instead: it has no undo). What is typed and not
// yet saved is kept here by the item's key, since the panel is drawn anew from the store on
// every change and its boxes with it. As the page goes away (a closed tab, another address, a
// hidden tab) a note typed and not saved is sent at once, with keepalive, as the document's
// note is (note.js): no blur comes then to save it.

import { el } from "./elements.js";
import { NOTE_STATES } from "./note.js";

export class NoteBox {
  // `ws`: the workspace. `kind` says what differs between a span's box and a link's:
  //   items(): the store's map of such items, by key;
  //   patch(key, note, options): the write through the queue, undoable (actions.js);
  //   path(key): the item's API path, for the write sent at once (throws when it has no id);
  //   stored(current, note, answer): the item as the store keeps it after that write;
  //   put(item): keep it in the store;
  //   storedState(item): the state shown under a stored note;
  //   said(item, note): the words announced as a note is saved or removed;
  //   shownIn(key): whether a settled save's item is on screen, to draw it again;
  //   isBox(element, key): whether the focus is on the item's box (drawn again, not left).
  constructor(ws, kind) {
    this.ws = ws;
    this.kind = kind;
    this.draft = null; // { key, text }: typed, not yet saved
    this.saving = null; // { key, state, message }: the last save's state
  }

  // The text the box shows for `item`: what was typed and not yet saved, else its note.
  shown(item) {
    return this.draft && this.draft.key === item.key ? this.draft.text : item.note || "";
  }

  // The box's save state for `item` ("none", "saved", "unsaved", "saving", "failed") and the
  // server's words for a failure.
  state(item) {
    if (this.draft && this.draft.key === item.key) return { state: "unsaved", message: "" };
    if (this.saving && this.saving.key === item.key) return this.saving;
    return { state: this.kind.storedState(item), message: "" };
  }

  // Fill `area` (a textarea drawn for `item`) and wire its keys, typing and leaving; return
  // the line under it that says its save state (`attributes`: that line's id and class).
  // `onInput`, if given, is called on each change of the text (a link's box grows).
  attach(area, item, attributes, onInput = null) {
    area.value = this.shown(item);
    const { state, message } = this.state(item);
    const said = el("p", { ...attributes, "aria-live": "polite", dataset: { state },
      text: NOTE_STATES[state] + (message ? ` ${message}` : "") });
    const show = (name) => { said.dataset.state = name; said.textContent = NOTE_STATES[name]; };
    area.addEventListener("input", () => {
      if (onInput) onInput();
      this.draft = { key: item.key, text: area.value };
      show("unsaved");
    });
    area.addEventListener("keydown", (event) => this.key(event));
    area.addEventListener("blur", () => this.left(item.key));
    return said;
  }

  // Save what was typed, if it differs from the item's note: trimmed, blank being none, as
  // the server keeps it (core/span_notes.py), so the page shows what it keeps.
  save({ leaving = false } = {}) {
    const { ws, kind, draft } = this;
    const item = draft && kind.items().get(draft.key);
    if (!item) { this.draft = null; return; }
    const note = draft.text.trim() || null;
    // A closed layer keeps what was typed, not saved, until Reopen (and the box is left again).
    if (!ws.writable && note !== (item.note || null)) { ws.readOnly(); return; }
    this.draft = null;
    if (note === (item.note || null)) {
      this.saving = null;
      ws.refreshPanels();
      return;
    }
    const key = item.key;
    this.saving = { key, state: "saving", message: "" };
    const settle = (state, message = "") => {
      if (this.saving && this.saving.key === key) {
        this.saving = { key, state, message };
        if (kind.shownIn(key)) ws.refreshPanels();
      }
    };
    // Leaving, a write queued behind others would never be sent: it goes out at once,
    // without a span's version, which those writes are about to change (only the note changes).
    const sent = leaving && ws.api.pending() > 0
      ? this.sendNow(key, note)
      : kind.patch(key, note, { keepalive: leaving });
    sent.then(() => settle("saved"), (error) => settle("failed", error.message));
    ws.announce(kind.said(item, note));
  }

  // PATCH the note now, out of the queue of writes (the page is going away), and keep it in
  // the store should the page stay after all (a tab hidden, then shown).
  sendNow(key, note) {
    const { ws, kind } = this;
    let path;
    try { path = kind.path(key); } catch (error) { return Promise.reject(error); }
    return ws.api.request("PATCH", path, { note }, { keepalive: true }).then((answer) => {
      const current = kind.items().get(key);
      if (current) kind.put(kind.stored(current, note, answer));
    });
  }

  // Watch for the page going away, to save a note typed and not yet saved (once, at start).
  bindLeaving() {
    const leave = () => { if (this.draft) this.save({ leaving: true }); };
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
  }

  // Ctrl+Enter saves and goes back to the text (where the workspace's keys act again: Ctrl+Z
  // undoes the note), as Esc does; other keys are the box's own.
  key(event) {
    const ctrl = event.ctrlKey || event.metaKey;
    if ((ctrl && event.key === "Enter") || event.key === "Escape") {
      event.preventDefault();
      this.ws.focusText(); // the box's blur saves it
    }
  }

  // The box lost the focus: save, unless it was only drawn again (the panel's redraw hands
  // the keyboard's focus on to the new box of the same item, controls.js).
  left(key) {
    setTimeout(() => {
      const focused = document.activeElement;
      if (focused && this.kind.isBox(focused, key)) return;
      this.save();
    });
  }
}
