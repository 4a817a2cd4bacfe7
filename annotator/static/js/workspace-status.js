// The document's status (shown, saved, the queue's progress) and the note's saver.

import { el } from "./elements.js";
import { NoteSaver } from "./note.js";
import { showStatus } from "./status.js";

// The tab's note to the next page it opens of what Mark done (Skip, Ctrl+Enter) just marked.
const MARKED = "annotator:marked";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class StatusAndNotes {
  showStatus() {
    const box = document.getElementById("status-box");
    if (box) showStatus(box, this.status || "new", this.statusNames);
    // The selected span's note box and each link's note are boxes or text by whether the
    // layer takes a write now: drawn again when marking it done or reopening it changes that
    // (not on the first call, before the panels are).
    const writable = this.writable;
    // Suggestions are drawn again, or no longer, as the layer is reopened or marked done.
    this.followClosedForSuggestions();
    if (this.drawnWritable !== undefined && this.drawnWritable !== writable) this.refreshPanels();
    this.drawnWritable = writable;
  }

  // The queue's "N done" (to a screen reader "N of your M done") follows this document's
  // status as the server saves it.
  showProgress(before, after) {
    const box = document.getElementById("my-progress");
    if (!box || (before === "done") === (after === "done")) return;
    const bar = box.querySelector("progress");
    const done = Number(bar.value) + (after === "done" ? 1 : -1);
    bar.value = done;
    box.querySelector(".progress__text").replaceChildren(`${done}`,
      el("span", { class: "visually-hidden", text: ` of your ${bar.max}` }), " done");
  }

  setStatus(status, { thenNext = false } = {}) {
    if (!this.own) {
      this.refuse(this.layer === "gold"
        ? "Gold has no done status: a reviewer marks it final on the document's review page."
        : `Only ${this.layer} can mark ${this.layer}'s layer done or skipped.`);
      return;
    }
    // Done or skipped already: Ctrl+Enter (the buttons are hidden then) says why it does nothing.
    if (this.closed && status !== "in_progress") return this.refuse(this.closedWords({ already: true }));
    const before = this.status;
    this.status = status;
    this.showStatus();
    this.announce(`This document: ${this.statusNames[status] || status}.`);
    const onSaved = (answer) => {
      this.showProgress(this.savedStatus, answer.status);
      this.savedStatus = answer.status;
      this.status = answer.status;
      this.showStatus();
      // A project that shows suggestions once the document is done shows them now.
      if (answer.status === "done" && this.suggestions.hidden && this.view.suggestions) this.reloadSuggestions();
    };
    // Refused (a login session gone, a network that never came back): the status the
    // server last answered, not the one pressed.
    const onRefused = (error) => {
      this.status = this.savedStatus;
      this.showStatus();
      if (error && error.details?.reason === "required_missing") this.showMissingRequired(error.details);
    };
    const write = this.actions.setStatus(status, before, { onSaved, onRefused });
    const turn = this.actions.statusWrites;
    write
      .then(() => {
        // Undone (Ctrl+Z) before the server answered: the undo's write follows this one, and
        // the page stays for it, as "Undone" said.
        if (this.actions.statusWrites !== turn) return;
        if (thenNext && this.nextUrl) {
          this.rememberMarked(status);
          window.location.assign(this.nextUrl);
        }
        else if (thenNext) this.notify(`Marked ${status}: no other document in your queue is still to do.`, "info");
      })
      .catch(() => {});
  }

  // Done refused as a required label field has no value (services/annotation/required.py):
  // every sentence lacking one shows a "FIELD: required" chip from now on (each goes as its
  // value is given), and so does a document field under Document. The page then goes to the
  // first gap the message names (sentence fields come first): the text jumps to the first
  // such sentence, or a document field's control takes the focus. The message is the
  // server's, naming the fields and sentences.
  showMissingRequired(details) {
    this.view.requiredShown = true;
    this.view.render(this.store.sentences.map((_s, i) => i));
    this.refreshPanels();
    const missing = details.missing || [];
    if (missing.length && missing[0].kind === "document") {
      this.focusMissingDocumentFields(missing.filter((gap) => gap.kind === "document"));
      return;
    }
    const sentences = missing.flatMap((gap) => gap.sentences || []);
    if (sentences.length) this.resumeAt(Math.min(...sentences));
  }

  // The document's labels shown (a narrow window's fold opened, as its button opens it) and
  // the first blank field's control focused; said in #announce, as the focus moved away from
  // Mark done: a reader would otherwise hear only the control's name.
  focusMissingDocumentFields(gaps) {
    const panel = document.getElementById("document-panel");
    const toggle = document.getElementById("document-toggle");
    if (getComputedStyle(panel).display === "none" && toggle && !toggle.hidden) toggle.click();
    this.showPanel(panel);
    const name = gaps[0].field;
    const controls = [...panel.querySelectorAll("[data-focus]")];
    const control = controls.find((node) => node.dataset.focus === `doc:${name}`)
      || controls.find((node) => node.dataset.focus.startsWith(`doc:${name}:`));
    if (control) control.focus();
    const names = gaps.map((gap) => `'${gap.field}'`);
    const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
    const many = names.length > 1;
    this.announce(`Not marked done: the required document field${many ? "s" : ""} ${listed} `
      + `${many ? "have" : "has"} no value. ${many ? `'${name}'` : "It"} has the focus, under Document: `
      + "give it a value, then Mark done again.");
  }

  // Leaving for the next document: it says which one was just marked, so that the move is
  // not taken for a page that did nothing with the key (sessionStorage: this tab, once).
  rememberMarked(status) {
    const title = this.root.querySelector(".ws-bar h1").textContent.trim();
    const words = `Marked ${(this.statusNames[status] || status).toLowerCase()}: ${title}`;
    try { sessionStorage.setItem(MARKED, words); } catch { /* storage refused: nothing said */ }
  }

  // On opening: what the page before marked, said once (politely: information).
  sayMarked() {
    let words = null;
    try {
      words = sessionStorage.getItem(MARKED);
      sessionStorage.removeItem(MARKED);
    } catch { return; }
    if (words) this.notify(words, "info");
  }

  // One saver for the page's note box (panels.renderNotes), whatever redraws the panel;
  // `version` is the stored note's as the page read it, and the saver keeps it after.
  noteSaver(show, version) {
    if (!this.noteSaving) {
      const url = `${this.api.root}/documents/${this.documentId}/note`;
      this.noteSaving = new NoteSaver({
        url, csrf: this.api.csrf, version,
        // Per user and document: a tab logged in again as someone else never sees it.
        draftKey: `annotator:note-draft:${this.user}:${this.documentId}`,
        show: (state, message) => {
          // The bar's "Saved" is for every write of the page, the note's too.
          this.noteTrouble = state === "retrying" || state === "failed" ? state : null;
          this.showSaveState(this.api.state, this.api.lastError, this.api.lastFailure);
          this.showNote(state, message);
          if (state === "saved") this.announce("Your note on this document saved.");
        },
        // Another tab saved the note since this page read it: the note box offers both notes
        // (panels.renderNotes), or, drawn without a box, the stale notice and its Reload.
        stale: (message, version) => (this.noteConflict ? this.noteConflict(message, version) : this.showStale(message)),
        signedOut: (error) => this.showSignedOut(error.status === 401),
      });
    }
    this.showNote = show;
    return this.noteSaving;
  }
}
