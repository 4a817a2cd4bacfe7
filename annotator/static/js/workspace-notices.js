// What the workspace says: the save state, notices and refusals, the notices that stay (a
// conflict, a session gone), and the words for screen readers.

import { touchScreen } from "./touch.js";

const SAVE_TEXT = { saved: "Saved", saving: "Saving…", retrying: "Connection lost: retrying…", failed: "Not saved" };

// The regions that say a passing message or a write (the template's): one holds words at a
// time, the latest, so that a reader never hears or finds an older one beside it.
const REGIONS = ["notice-said", "notice-alarm", "announce"];

function emptyRegions(keep) {
  for (const id of REGIONS) {
    const region = document.getElementById(id);
    if (region && region !== keep) region.textContent = "";
  }
}

// What a refused status change did not do: the labels and spans before it were saved.
const NOT_STATUS = { done: "Not marked done", skipped: "Not marked skipped", in_progress: "Not reopened" };

// The bar's words for a failed write. "Not saved: ..." for a write that did not save; a
// refused status change (Mark done with a required field blank) saved nothing less, so it
// says "Not marked done: ...". Blank required fields are counted, not listed ("Not done: 2
// required fields blank"): the list, a sentence's number after another's, made the bar two
// lines tall at 1366 pixels and five on a phone, and moved Mark done from under the pointer.
// The list stays whole in the toast and the sentence marks.
function failedWords(message, error) {
  const status = error && error.method === "PUT" && /\/status$/.test(error.path) ? error.sent?.status : null;
  if (!NOT_STATUS[status]) return `${SAVE_TEXT.failed}: ${message}`;
  const missing = error.details?.reason === "required_missing" ? error.details.missing || [] : [];
  if (!missing.length) return `${NOT_STATUS[status]}: ${message.replace(/^cannot mark [^:]*:\s*/i, "")}`;
  const many = missing.length > 1;
  return `Not done: ${missing.length} required field${many ? "s" : ""} blank`;
}

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class WorkspaceNotices {
  // `error`: the ApiError of a "failed" write, so that the bar names what was refused.
  showSaveState(state, message, error = null) {
    const box = document.getElementById("save-state");
    // Every other write saved, the document note not (yet): the bar says so, not "Saved".
    if (state === "saved" && this.noteTrouble) {
      box.dataset.state = this.noteTrouble;
      box.textContent = this.noteTrouble === "retrying" ? SAVE_TEXT.retrying : "Not saved: your note on this document";
      return;
    }
    box.dataset.state = state;
    box.textContent = state === "failed" && message ? failedWords(message, error) : SAVE_TEXT[state];
    // The count of blank required fields is short and all it says: never cut (workspace.css).
    box.toggleAttribute("data-whole", box.textContent.startsWith("Not done: "));
    // Cut to one line on a wide window (workspace.css): the whole of it in its tooltip.
    box.title = box.textContent;
  }

  // Whether this is a touch screen: its hints name taps and buttons, not keys.
  get touch() {
    return touchScreen();
  }

  // A key that does nothing here says why (and counts as handled): never a silent key.
  refuse(message) {
    this.notify(message, "info");
    return true;
  }

  // Whether the caller's own layer is marked done or skipped: read-only until Reopen (the
  // server refuses its writes too, 409 layer_done), so that what the review read stays so.
  get closed() {
    return this.own && this.closedStatuses.includes(this.status);
  }

  // Whether the layer takes a write now.
  get writable() {
    return this.mayWrite && !this.closed;
  }

  // What a write to a closed layer is answered: "Done: press Reopen to change it." (`already`:
  // to marking it so again, "Already done: ...").
  closedWords({ already = false } = {}) {
    const name = this.statusNames[this.status] || this.status;
    return `${already ? `Already ${name.toLowerCase()}` : name}: press Reopen to change it.`;
  }

  // Why this page cannot change the layer it shows (now).
  readOnly() {
    if (this.mayWrite) return this.refuse(this.closedWords());
    // Gold marked final (services/gold/lock.py): the page's line offers the way back.
    if (this.goldFinal) return this.refuse("Gold is final: set it back to in review (Set back to in review, above the text) to change it.");
    return this.refuse(`Read-only: this is ${this.layer}'s layer, open for reading; nothing on this page changes it.`);
  }

  // A write refused as a conflict (409): the layer changed elsewhere since the page read it
  // (another tab, a reviewer, a sentence split), so what the page shows may be out of date.
  // Or refused because the page's labels are out of date (`labels`): the page only sends the
  // labels and values it was given, so a refusal naming the ones allowed means the project's
  // labels were renamed or removed since it opened. Said until the page is reloaded, with the
  // button that does it.
  showStale(message, { labels = false } = {}) {
    const box = document.getElementById("stale");
    document.getElementById("stale-reason").textContent = `Not saved: ${message.replace(/\.$/, "")}.`;
    // The explanation follows the latest refusal: the template's (a layer changed elsewhere)
    // unless the labels changed, and back to it after.
    const why = document.getElementById("stale-why");
    why.dataset.layer ??= why.textContent;
    // The server's 409 schema_changed says already that the labels changed, and to what.
    const said = /^the project's labels changed/i.test(message);
    why.textContent = !labels ? why.dataset.layer : said
      ? "The page comes back to this sentence: make the change again with the new names."
      : "The project's labels changed since this page was opened: reload to get them (the page comes back to this sentence), then make the change again.";
    box.hidden = false;
  }

  // Reload the page, back at the sentence it is at: a refusal's Reload (the labels changed,
  // or the layer elsewhere) is no reason to lose the place, which the server's resume (the
  // last sentence changed) would not find when the write was refused.
  reloadInPlace() {
    try {
      sessionStorage.setItem(`annotator:place:${this.documentId}`, String(this.view.current));
    } catch { /* storage refused (a private window): reload all the same */ }
    window.location.reload();
  }

  // The sentence a reload in place left for this document, taken once; null if none.
  keptPlace() {
    const key = `annotator:place:${this.documentId}`;
    let kept = null;
    try {
      kept = sessionStorage.getItem(key);
      sessionStorage.removeItem(key);
    } catch { return null; }
    const at = Number(kept);
    return kept !== null && Number.isInteger(at) && at >= 0 && at < this.store.sentences.length ? at : null;
  }

  // Once, on opening a document of a project whose labels changed since this browser last
  // opened one of its documents (as this user): what the latest change did, in the settings
  // page's words ("renamed value AGAINST of stance to OPPOSE"). An annotator's values were
  // renamed with it and show under the new names without a word otherwise. The first visit
  // only notes the version. Said in a line under the bar until the page is left.
  sayLabelsChanged(project) {
    const key = `annotator:schema:${this.project}:${this.user}`;
    let seen = null;
    try {
      seen = Number(localStorage.getItem(key)) || null;
      localStorage.setItem(key, String(project.schema_version));
    } catch { return; }
    const box = document.getElementById("labels-changed");
    if (!box || !seen || seen >= project.schema_version) return;
    const since = project.schema_version - seen;
    const latest = project.schema_change ? `${since > 1 ? `${since} changes; the latest: ` : ""}${project.schema_change}` : "";
    box.textContent = `The project's labels changed since you last worked on it${latest ? ` (${latest})` : ""}: `
      + "your values carry the new names.";
    box.hidden = false;
  }

  // A write refused because the page's login session is gone: logged out (in another tab, or
  // the session timed out or was ended), or replaced by a new login whose token this page does
  // not hold. Said until the page is left, with the way back: log in again (which comes back
  // to this document, where the layer was last changed), or reload.
  showSignedOut(loggedOut) {
    const action = document.getElementById("signed-out-action");
    document.getElementById("signed-out-reason").textContent = loggedOut
      ? "Not saved: you are logged out (in another tab, or the session ended). Log in again, then make the change again."
      : "Not saved: you logged in again since this page was opened, so it must be reloaded. Reload, then make the change again.";
    action.textContent = loggedOut ? "Log in again" : "Reload";
    action.href = loggedOut ? this.root.dataset.login : window.location.href;
    document.getElementById("signed-out").hidden = false;
  }

  // A passing message: seen in the toast, heard from its region (the template's #notice-said,
  // polite, or for a failure #notice-alarm), the others emptied so that old words are not
  // read (nor found there by a reader going back over the page). `spoken: false`: seen only,
  // its words heard from #announce, where the write that it follows said them.
  notify(message, kind = "info", { spoken = true } = {}) {
    const box = document.getElementById("notice");
    box.textContent = message;
    if (spoken) {
      const said = document.getElementById(kind === "error" ? "notice-alarm" : "notice-said");
      emptyRegions(said);
      if (said) said.textContent = said.textContent === message ? `${message}\u00a0` : message;
    }
    box.dataset.kind = kind;
    box.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => { box.hidden = true; }, kind === "error" ? 8000 : 2500);
  }

  // A hint (an info notice: "Select words first ...") once what it asked for is done: it
  // stayed over the span just made until its timer ran out. Errors stay their time.
  clearHint() {
    const box = document.getElementById("notice");
    if (box.hidden || box.dataset.kind !== "info") return;
    clearTimeout(this.noticeTimer);
    box.hidden = true;
  }

  // Said to screen readers only (a polite live region): what a key or button just made,
  // moved or removed, in words, where the eye sees it on the text. Every write says so here
  // (a span, a link, a label value, a note, a status): the region never keeps the words of
  // an earlier write, and the notices' regions are emptied of an earlier passing message.
  announce(message) {
    // What a key did since j / k moved is said instead of the sentence still to be said.
    if (this.sentenceSaid) { clearTimeout(this.sentenceSaid); this.sentenceSaid = null; }
    const box = document.getElementById("announce");
    if (!box) return;
    emptyRegions(box);
    // The same words twice in a row are announced again only if the region changes.
    box.textContent = box.textContent === message ? `${message}\u00a0` : message;
  }
}
