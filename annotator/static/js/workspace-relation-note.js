// A link's note, written in the selected span's panel (link-list.js draws its box): saved as
// the span's note is (workspace-span-note.js), one PATCH of `note` when the box is left or on
// Ctrl+Enter, undone by Ctrl+Z like any other edit, and sent at once with keepalive as the
// page goes away. What is typed and not yet saved is kept here by the relation's key, since
// the panel is drawn anew from the store on every change.

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class RelationNoteEditing {
  // The text the box shows for `relation`: what was typed and not yet saved, else its note.
  relationNoteShown(relation) {
    const draft = this.relationNoteDraft;
    return draft && draft.key === relation.key ? draft.text : relation.note || "";
  }

  // The box's save state for `relation` ("none", "saved", "unsaved", "saving", "failed") and
  // the server's words for a failure. A stored note goes unsaid: every link of the panel
  // would say "Saved." under it.
  relationNoteState(relation) {
    const draft = this.relationNoteDraft;
    if (draft && draft.key === relation.key) return { state: "unsaved", message: "" };
    const last = this.relationNoteSaving;
    if (last && last.key === relation.key) return last;
    return { state: "none", message: "" };
  }

  typedRelationNote(key, text, show) {
    this.relationNoteDraft = { key, text };
    show("unsaved");
  }

  // Save what was typed in a link's box, if it differs from the link's note: trimmed, blank
  // being none, as the server keeps it (core/span_notes.py).
  saveRelationNote({ leaving = false } = {}) {
    const draft = this.relationNoteDraft;
    const relation = draft && this.store.relations.get(draft.key);
    if (!relation) { this.relationNoteDraft = null; return; }
    const note = draft.text.trim() || null;
    // A closed layer keeps what was typed, not saved, until Reopen (and the box is left again).
    if (!this.writable && note !== (relation.note || null)) { this.readOnly(); return; }
    this.relationNoteDraft = null;
    if (note === (relation.note || null)) {
      this.relationNoteSaving = null;
      this.refreshPanels();
      return;
    }
    const key = relation.key;
    this.relationNoteSaving = { key, state: "saving", message: "" };
    const settle = (state, message = "") => {
      if (this.relationNoteSaving && this.relationNoteSaving.key === key) {
        this.relationNoteSaving = { key, state, message };
        this.refreshPanels();
      }
    };
    // Leaving, a write queued behind others would never be sent: it goes out at once.
    const sent = leaving && this.api.pending() > 0
      ? this.sendRelationNoteNow(key, note)
      : this.actions.patchRelation(key, note, { keepalive: leaving });
    sent.then(() => settle("saved"), (error) => settle("failed", error.message));
    this.announce(note ? `Note saved on the ${relation.type} link.` : `Note removed from the ${relation.type} link.`);
  }

  // PATCH the note now, out of the queue of writes (the page is going away), and keep it in
  // the store should the page stay after all (a tab hidden, then shown).
  sendRelationNoteNow(key, note) {
    let path;
    try { path = `/relations/${this.actions.relationId(key)}`; } catch (error) { return Promise.reject(error); }
    return this.api.request("PATCH", path, { note }, { keepalive: true }).then(() => {
      const current = this.store.relations.get(key);
      if (current) this.store.putRelation({ ...current, note });
    });
  }

  // Watch for the page going away, to save a link's note typed and not yet saved.
  bindRelationNoteLeaving() {
    const leave = () => { if (this.relationNoteDraft) this.saveRelationNote({ leaving: true }); };
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
  }

  // The box lost the focus: save, unless it was only drawn again (the panel's redraw hands
  // the keyboard's focus on to the new box of the same link, controls.js).
  leftRelationNote(key) {
    setTimeout(() => {
      const focused = document.activeElement;
      if (focused && focused.dataset && focused.dataset.focus === `relation-note:${key}`) return;
      this.saveRelationNote();
    });
  }
}
