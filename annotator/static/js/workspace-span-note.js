// The selected span's note, written in its panel ("unsure of the source"): one PATCH of
// `note` when the box is left or on Ctrl+Enter, so that a note change is one edit, undone by
// Ctrl+Z like any other (the document's note box saves as it is typed instead: it has no
// undo). What is typed and not yet saved is kept here, by the span's key, since the panel is
// drawn anew from the store on every change and its box with it. As the page goes away (a
// closed tab, another address, a hidden tab) a note typed and not saved is sent at once, with
// keepalive, as the document's note is (note.js): no blur comes then to save it.

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class SpanNoteEditing {
  // The text the box shows for `span`: what was typed and not yet saved, else its note.
  spanNoteShown(span) {
    const draft = this.spanNoteDraft;
    return draft && draft.key === span.key ? draft.text : span.note || "";
  }

  // The box's save state for `span` ("none", "saved", "unsaved", "saving", "failed") and
  // the server's words for a failure.
  spanNoteState(span) {
    const draft = this.spanNoteDraft;
    if (draft && draft.key === span.key) return { state: "unsaved", message: "" };
    const last = this.spanNoteSaving;
    if (last && last.key === span.key) return last;
    return { state: span.note ? "saved" : "none", message: "" };
  }

  typedSpanNote(key, text, show) {
    this.spanNoteDraft = { key, text };
    show("unsaved");
  }

  // Save what was typed in the box, if it differs from the span's note: trimmed, blank
  // being none, as the server keeps it (core/span_notes.py), so the page shows what it keeps.
  saveSpanNote({ leaving = false } = {}) {
    const draft = this.spanNoteDraft;
    const span = draft && this.store.spans.get(draft.key);
    if (!span) { this.spanNoteDraft = null; return; }
    const note = draft.text.trim() || null;
    // A closed layer keeps what was typed, not saved, until Reopen (and the box is left again).
    if (!this.writable && note !== (span.note || null)) { this.readOnly(); return; }
    this.spanNoteDraft = null;
    if (note === (span.note || null)) {
      this.spanNoteSaving = null;
      this.refreshPanels();
      return;
    }
    const key = span.key;
    this.spanNoteSaving = { key, state: "saving", message: "" };
    const settle = (state, message = "") => {
      if (this.spanNoteSaving && this.spanNoteSaving.key === key) {
        this.spanNoteSaving = { key, state, message };
        if (this.view.selected === key) this.refreshPanels();
      }
    };
    // Leaving, a write queued behind others would never be sent: it goes out at once, without
    // the version that those writes are about to change (only the note changes).
    const sent = leaving && this.api.pending() > 0
      ? this.sendSpanNoteNow(key, note)
      : this.actions.patchSpan(key, { note }, { keepalive: leaving });
    sent.then(() => settle("saved"), (error) => settle("failed", error.message));
    this.announce(note ? "Note saved on the span." : "Note removed from the span.");
  }

  // A note box's keys (the span's, and each link's): Ctrl+Enter saves and goes back to the
  // text (where the workspace's keys act again: Ctrl+Z undoes the note), as Esc does; other
  // keys are the box's own.
  noteBoxKey(event) {
    const ctrl = event.ctrlKey || event.metaKey;
    if ((ctrl && event.key === "Enter") || event.key === "Escape") {
      event.preventDefault();
      this.focusText(); // the box's blur saves it
    }
  }

  // PATCH the note now, out of the queue of writes (the page is going away), and keep the
  // answer's note and version should the page stay after all (a tab hidden, then shown).
  sendSpanNoteNow(key, note) {
    let path;
    try { path = `/spans/${this.actions.spanId(key)}`; } catch (error) { return Promise.reject(error); }
    return this.api.request("PATCH", path, { note }, { keepalive: true }).then((answer) => {
      const current = this.store.spans.get(key);
      if (current) this.store.putSpan({ ...current, note, version: answer.version });
    });
  }

  // Watch for the page going away, to save a note typed and not yet saved (once, at start).
  bindSpanNoteLeaving() {
    const leave = () => { if (this.spanNoteDraft) this.saveSpanNote({ leaving: true }); };
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
  }

  // The box lost the focus: save, unless it was only drawn again (the panel's redraw hands
  // the keyboard's focus on to the new box, controls.js).
  leftSpanNote() {
    setTimeout(() => {
      const focused = document.activeElement;
      if (focused && focused.id === "span-note-text") return;
      this.saveSpanNote();
    });
  }
}
