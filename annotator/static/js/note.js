// The annotator's note on a document, saved as it is typed: a second after the last key,
// when the box loses focus, and as the page goes away (a closed tab, a followed link), so
// that nothing typed is lost. A state beside the box says whether what it shows is stored.
//
// Saves go out one at a time, the newest text last: a PUT replaces the note, so the one
// that lands last must be the newest. keepalive lets the last one finish after the page.
// Each names the note's version it follows, so that a note saved since from another tab is
// not overwritten: the server refuses it (409) and the page says so (`stale`), keeping the
// text typed here until the annotator chooses: keep it (`keepMine`, sent over the stored
// version) or take the stored note (`takeStored`).
//
// What is typed and not yet stored is also kept in the tab's sessionStorage (`draftKey`, per
// user and document), so that it outlives the page: logged out meanwhile, "Log in again"
// comes back to this page in this tab, and the box is filled again from the draft and saved
// over the version it was typed on. A save the network or the server failed is tried again,
// later and as soon as the browser is back online; a login session gone is said as the page
// says it for any other write (`signedOut`).

import { ApiError } from "./api.js";

const QUIET_MS = 1000;
const RETRY_FIRST_MS = 1000;
const RETRY_MOST_MS = 30000;

// What the state under a note box says: nothing while there is no note, neither typed nor
// stored ("none"), so that an empty box does not claim a save that never happened.
export const NOTE_STATES = {
  none: "",
  saved: "Saved.",
  unsaved: "Not saved yet.",
  saving: "Saving…",
  retrying: "Not saved yet: connection lost, trying again…",
  failed: "Not saved:",
};

// The draft kept for a note box, or null: { note, unsure, version } (version: the stored
// note's that it was typed over).
export function readDraft(draftKey) {
  if (!draftKey) return null;
  try {
    const draft = JSON.parse(sessionStorage.getItem(draftKey) || "null");
    return draft && typeof draft.note === "string" ? draft : null;
  } catch {
    return null; // storage refused (a private window) or not ours: no draft
  }
}

function keepDraft(draftKey, draft) {
  if (!draftKey) return;
  try {
    if (draft) sessionStorage.setItem(draftKey, JSON.stringify(draft));
    else sessionStorage.removeItem(draftKey);
  } catch {
    // Storage full or refused: the page still saves; only a reload would lose the text.
  }
}

export class NoteSaver {
  constructor({ url, csrf, show, stale, signedOut = null, draftKey = null, version = 0 }) {
    this.url = url;
    this.csrf = csrf;
    this.show = show; // show(state, message): a key of NOTE_STATES, and the server's words
    this.stale = stale; // stale(message, version): a 409, the note changed elsewhere since it was read
    this.signedOut = signedOut; // signedOut(error): the login session is gone (an ApiError)
    this.draftKey = draftKey;
    this.version = version; // the stored note's version this page read (0: none yet)
    this.wanted = null; // what the box holds and the server does not yet
    this.sending = false;
    this.timer = null;
    this.retryDelay = RETRY_FIRST_MS;
    const leave = () => this.flush({ leaving: true });
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
    // Back online: what waits for a retry goes now.
    window.addEventListener("online", () => { if (this.wanted && !this.sending) this.flush(); });
  }

  changed(note, unsure) {
    this.wanted = { note, unsure };
    keepDraft(this.draftKey, { note, unsure, version: this.version });
    this.show("unsaved");
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), QUIET_MS);
  }

  // Send what is wanted now. While a save is under way the next one waits for it, unless
  // the page is going away: then there is no later, and the newest text goes at once.
  flush({ leaving = false } = {}) {
    clearTimeout(this.timer);
    if (!this.wanted || (this.sending && !leaving)) return;
    const body = this.wanted;
    // Leaving while a save of this page's is on its way: the newest text goes without a
    // version, since either write could land first and the version check would refuse one of
    // the page's own (the older, landing second, is then refused, as the newer wins).
    const racing = this.sending && leaving;
    this.wanted = null;
    this.sending = true;
    this.show("saving");
    fetch(this.url, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": this.csrf },
      body: JSON.stringify(racing ? body : { ...body, version: this.version }),
      credentials: "same-origin",
      keepalive: true,
    })
      .then(async (response) => {
        const answer = await response.json().catch(() => null);
        if (!response.ok) throw new ApiError(response.status, answer);
        if (answer && answer.version != null) this.version = answer.version;
      })
      .then(() => {
        this.sending = false;
        this.retryDelay = RETRY_FIRST_MS;
        if (this.wanted) {
          // Typed while this save travelled: its draft now follows the version just stored,
          // or a draft put back later would be refused by the page's own save.
          keepDraft(this.draftKey, { ...this.wanted, version: this.version });
          this.flush();
        } else {
          keepDraft(this.draftKey, null);
          this.show("saved");
        }
      })
      .catch((error) => {
        this.sending = false;
        if (!this.wanted) this.wanted = body; // kept: the next key, a retry or leaving sends it again
        // The network failed (no answer) or the server did: tried again later, the text kept.
        const transient = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
        if (transient) {
          this.show("retrying");
          clearTimeout(this.timer);
          this.timer = setTimeout(() => this.flush(), this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MOST_MS);
          return;
        }
        this.show("failed", error.message);
        if (error.sessionGone && this.signedOut) this.signedOut(error);
        if (error.status === 409 && this.stale) this.stale(error.message, error.details && error.details.version);
      });
  }

  // After a 409: the text typed here replaces the note saved elsewhere (`version`, the stored
  // one the refusal named), as the annotator chose having seen both.
  keepMine(version, note, unsure) {
    this.version = version;
    this.changed(note, unsure); // its draft follows the version it now goes over
    this.flush();
  }

  // The draft kept for this box is what is stored: nothing to keep.
  forgetDraft() {
    keepDraft(this.draftKey, null);
  }

  // After a 409: the note saved elsewhere is taken, and what was typed here is dropped.
  takeStored(version) {
    clearTimeout(this.timer);
    this.version = version;
    this.wanted = null;
    keepDraft(this.draftKey, null);
    this.show("saved");
  }
}
