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

const QUIET_MS = 1000;

// What the state under a note box says: nothing while there is no note, neither typed nor
// stored ("none"), so that an empty box does not claim a save that never happened.
export const NOTE_STATES = {
  none: "",
  saved: "Saved.",
  unsaved: "Not saved yet.",
  saving: "Saving…",
  failed: "Not saved:",
};

export class NoteSaver {
  constructor({ url, csrf, show, stale, version = 0 }) {
    this.url = url;
    this.csrf = csrf;
    this.show = show; // show(state, message): "saved", "unsaved", "saving" or "failed"
    this.stale = stale; // stale(message, version): a 409, the note changed elsewhere since it was read
    this.version = version; // the stored note's version this page read (0: none yet)
    this.wanted = null; // what the box holds and the server does not yet
    this.sending = false;
    this.timer = null;
    const leave = () => this.flush({ leaving: true });
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") leave();
    });
  }

  changed(note, unsure) {
    this.wanted = { note, unsure };
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
        if (response.ok) { if (answer && answer.version != null) this.version = answer.version; return; }
        const error = new Error((answer && answer.error && answer.error.message) || `HTTP ${response.status}`);
        error.status = response.status;
        error.version = answer && answer.error && answer.error.details && answer.error.details.version;
        throw error;
      })
      .then(() => {
        this.sending = false;
        if (this.wanted) this.flush();
        else this.show("saved");
      })
      .catch((error) => {
        this.sending = false;
        if (!this.wanted) this.wanted = body; // kept: the next key or leaving sends it again
        this.show("failed", error.message);
        if (error.status === 409 && this.stale) this.stale(error.message, error.version);
      });
  }

  // After a 409: the text typed here replaces the note saved elsewhere (`version`, the stored
  // one the refusal named), as the annotator chose having seen both.
  keepMine(version) {
    this.version = version;
    this.flush();
  }

  // After a 409: the note saved elsewhere is taken, and what was typed here is dropped.
  takeStored(version) {
    clearTimeout(this.timer);
    this.version = version;
    this.wanted = null;
    this.show("saved");
  }
}
