// The annotation workspace: loads one layer of one document and turns keys into API writes.
// Its jobs are modules of their own, each a class of methods mixed into Workspace below.

import { Actions } from "./actions.js";
import { Api, ApiError } from "./api.js";
import { ArcLayer } from "./arcs.js";
import { followBarHeight, followHeight, followSideTop } from "./bar-height.js";
import { renderHelp } from "./key-help.js";
import * as panels from "./panels.js";
import { renderRelationPanel } from "./relation-panel.js";
import { DocumentView } from "./render.js";
import { Store } from "./state.js";
import { bindKeys } from "./keys.js";
import { Suggestions, isSuggestion, suggestionsPath } from "./suggestions.js";
import { readKept, sendKept, unsentKey } from "./unsent.js";
import { holdKey, tabKey, takeKept } from "./unsent-tabs.js";
import { ExtentEditing } from "./workspace-extent.js";
import { Linking } from "./workspace-linking.js";
import { WorkspaceNotices } from "./workspace-notices.js";
import { PointerAndDialogs } from "./workspace-pointer.js";
import { newRelationNoteBox } from "./workspace-relation-note.js";
import { SentenceLabelling } from "./workspace-sentence-labels.js";
import { newSpanNoteBox } from "./workspace-span-note.js";
import { SpanEditing } from "./workspace-spans.js";
import { StatusAndNotes } from "./workspace-status.js";
import { SuggestionWork } from "./workspace-suggestions.js";
import { UndoButtons } from "./workspace-undo.js";
import { sayCurrentSentence } from "./workspace-announce.js";

// How long j / k rest before the sentence reached is said (stepSentence).
const SENTENCE_SAID_MS = 250;

class Workspace {
  constructor(root) {
    const d = root.dataset;
    this.root = root;
    this.documentId = Number(d.document);
    this.project = d.project;
    this.layer = d.layer;
    this.user = d.user;
    this.noteMost = Number(d.noteMost); // the most characters a note keeps (core/span_notes.py)
    // Whether the caller may write this layer at all; `writable` (workspace-notices.js) is
    // whether it takes a write now: not while their own layer is marked done or skipped.
    this.mayWrite = d.writable === "true";
    this.goldFinal = d.goldFinal === "true"; // gold marked final: read only until reopened
    this.own = d.own === "true";
    this.nextUrl = d.next; // the next document still to do (Done, Ctrl+Enter), not Next →
    this.statusNames = JSON.parse(d.statusNames); // how the project page says each status
    // The statuses of a layer that takes no write until reopened: the server's own list
    // (core/vocabulary.py CLOSED_STATUSES, its 409 layer_done rule), not a copy.
    this.closedStatuses = JSON.parse(d.closedStatuses);
    const writeLayer = d.writeLayer || null;
    // Writes not yet answered when the tab went away (offline), kept per user, document and
    // layer (unsent.js), each page's under a key of its own (unsent-tabs.js): sent before the
    // layer is read.
    this.documentKey = this.mayWrite ? unsentKey({ user: this.user, api: d.api, documentId: this.documentId, writeLayer }) : null;
    this.unsentKey = this.documentKey ? tabKey(this.documentKey) : null;
    if (this.unsentKey) holdKey(this.unsentKey);
    this.api = new Api({ root: d.api, csrf: d.csrf, writeLayer, unsentKey: this.unsentKey });
    this.readPath = `/documents/${this.documentId}/annotations`
      + (this.own ? "" : `?annotator=${encodeURIComponent(this.layer)}`);
    this.linking = null;
    this.sentenceSaid = null; // the timer of the sentence j / k reached, till it is said
    this.status = null;
    this.notes = [];
  }

  async start() {
    const started = performance.now();
    const kept = this.unsentKey ? await this.sendKeptWrites() : null;
    if (kept === "reloading") return;
    const [documentData, project, layer, notes, suggested] = await Promise.all([
      this.api.get(`/documents/${this.documentId}`),
      this.api.get(`/projects/${encodeURIComponent(this.project)}`),
      this.api.get(this.readPath),
      this.api.get(`/documents/${this.documentId}/notes`),
      // Suggestions are offered only to whoever writes this layer (a done one too: they are
      // there once it is reopened); a failure to read them must not keep the workspace from opening.
      this.mayWrite ? this.api.get(suggestionsPath(this.documentId, this.api.writeLayer)).catch(() => null) : null,
    ]);
    this.store = new Store(documentData, project.schema);
    this.api.schemaVersion = project.schema_version;
    this.status = documentData.status;
    this.savedStatus = documentData.status; // as the server last answered it
    this.notes = notes.notes;
    const stored = Number(localStorage.getItem(`annotator:field:${this.project}`) || 0);
    this.activeField = stored < project.schema.sentence_labels.length ? stored : 0;
    this.view = new DocumentView(document.getElementById("text"), this.store);
    this.suggestions = new Suggestions(this.store);
    if (suggested) { this.suggestions.load(suggested); this.view.suggestions = this.suggestions; }
    // Before the first drawing: a done layer's text is drawn once, without them.
    this.suggestions.paused = this.suggestionsPausedWords();
    this.arcs = new ArcLayer(this.view, this.store, this.root, { rove: true });
    this.view.onDraw = (sentences) => this.arcs.invalidate(sentences);
    this.view.onReset = () => this.arcs.reset();
    this.actions = new Actions({ api: this.api, store: this.store, documentId: this.documentId,
      readPath: this.readPath, notify: (message, kind) => this.notify(message, kind),
      closed: () => (this.closed ? this.closedWords() : null),
      onHistory: () => this.showUndo() });
    // The selected span's note box and its links' (note-box.js): typed drafts and saving.
    this.spanNotes = newSpanNoteBox(this);
    this.relationNotes = newRelationNoteBox(this);
    this.store.onChange((sentences) => { this.view.render(sentences); this.refreshPanels(); });
    this.api.onState((state, message, error) => {
      this.showSaveState(state, message, error);
      // Marked done or skipped elsewhere (another tab): shown so, with Reopen beside it.
      // Not a stale page: the status shown with Reopen is the whole of it, said in the page's
      // words rather than the API's (which name the request that reopens). A stale write (409),
      // or one on a span or link removed elsewhere (api.js's `gone`): the stale notice.
      if (error && error.code === "layer_done") {
        this.status = error.details.status;
        this.showStatus();
        this.showSaveState(state, this.closedWords());
      } else if (error && error.code === "schema_changed") this.showStale(message, { labels: true });
      else if (error && (error.status === 409 || error.gone)) this.showStale(message);
      if (error && error.status === 422 && Array.isArray(error.details?.allowed)) this.showStale(message, { labels: true });
      if (error && error.sessionGone) this.showSignedOut(error.status === 401);
      // The server moves a new assignment to in progress on its first write: show it so.
      if (state === "saved" && this.own && this.status === "new" && this.actions.undoStack.length) {
        this.status = "in_progress";
        this.showStatus();
      }
    });
    // A required field's blanks are marked once Mark done was refused; on a finished layer (its
    // own, or another's read by a reviewer) and on one sent back, from the start: what it
    // leaves blank is what the layer is read, or was sent back, for.
    if (this.closed || this.root.dataset.sentBack === "true" || (!this.own && !this.api.writeLayer)) {
      this.view.requiredShown = true;
    }
    this.store.load(layer);
    // Back where the layer was last changed (the server reads it from the layer's history):
    // coming back to a document half done, the text opens at that sentence, not at its start.
    // A Reload offered by a refusal comes back to the sentence the page was at (keptPlace).
    const place = this.keptPlace();
    if (place !== null) this.resumeAt(place);
    else if (this.root.dataset.resume) this.resumeAt(Number(this.root.dataset.resume));
    panels.renderPalette(this, document.getElementById("palette"), project.schema);
    renderHelp(this);
    panels.renderNotes(this, this.notes);
    this.showStatus();
    this.bindMouse();
    this.bindUndo();
    if (this.mayWrite) { this.spanNotes.bindLeaving(); this.relationNotes.bindLeaving(); }
    bindKeys(this);
    this.focusOnLoad();
    this.sayMarked();
    if (this.own && this.mayWrite) this.sayLabelsChanged(project);
    this.sayKept(kept);
    // Those still to send go first once the connection is back, before any write of this page.
    this.api.onEarlier = (said) => this.sayKept({ ...said, left: 0 }, { now: true });
    if (this.api.earlier.length) this.api.pump();
    // Closing the tab, or leaving the page, with writes not yet saved: the browser asks first
    // (they are kept in storage too, but a tab closed for good would not send them).
    window.addEventListener("beforeunload", (event) => {
      if (!this.api.pending()) return;
      event.preventDefault();
      event.returnValue = "";
    });
    // Gone with writes on their way (a closed tab cancels them): kept, to go next time.
    window.addEventListener("pagehide", () => { if (this.api.pending()) this.api.keepUnsent(); });
    this.root.dataset.loadMs = String(Math.round(performance.now() - started));
    this.root.dataset.readyAt = String(Math.round(performance.now()));
    this.root.dataset.ready = "true";
  }

  // Send the writes kept from the last time this page was closed unsaved (unsent.js). Any
  // sent, the page loads again: the reads its HTML preloaded were answered before them. What
  // became of them is said after that load (kept for it in sessionStorage), or returned here
  // when none was sent (they wait for the connection): "reloading" while the page goes.
  async sendKeptWrites() {
    const saidKey = `${this.documentKey}:said`;
    await takeKept(this.documentKey, this.unsentKey);
    const kept = await sendKept(this.api, this.unsentKey, ApiError);
    // Those not sent stay kept, ahead of any this page keeps (not replaced by them).
    if (kept.left) this.api.keepAhead(readKept(this.unsentKey));
    if (kept.saved || kept.refused.length) {
      try {
        sessionStorage.setItem(saidKey, JSON.stringify(kept));
        window.location.reload();
        return "reloading";
      } catch {
        return kept; // no storage for the words: said now, over reads from before the writes
      }
    }
    try {
      const said = JSON.parse(sessionStorage.getItem(saidKey) || "null");
      sessionStorage.removeItem(saidKey);
      if (said) return { ...said, left: kept.left };
    } catch {
      // storage refused: nothing was kept to say
    }
    return kept;
  }

  // What became of the writes kept from the last time this page was closed unsaved; `now`:
  // sent while the page is open, which shows the layer as read before they went.
  sayKept(kept, { now = false } = {}) {
    if (!kept || (!kept.saved && !kept.refused.length && !kept.left)) return;
    const changes = (n) => `${n} change${n === 1 ? "" : "s"}`;
    const said = [];
    if (kept.saved) said.push(`Saved ${changes(kept.saved)} made before this page was last closed.`);
    if (kept.refused.length) said.push(`Not saved, of the changes made before this page was last closed: ${kept.refused.join("; ")}.`);
    if (kept.left) said.push(`${changes(kept.left)} made before this page was last closed still to send: they go first when the connection is back.`);
    if (now && kept.saved) said.push(`Reload to see ${kept.saved === 1 ? "it" : "them"}.`);
    this.notify(said.join(" "), kept.refused.length || kept.left ? "error" : "info");
  }

  // The text takes the focus once drawn, so that its keys work at once and a screen reader
  // is in its application region (the template's #text), not on the page's body; unless the
  // focus went somewhere meanwhile (a Tab while the page loaded).
  // Without the focus ring (focusVisible false): a click on the text then drew none over the
  // reading either, as when the page had not given it the focus (the ring is Tab's).
  focusOnLoad() {
    if (document.activeElement && document.activeElement !== document.body) return;
    document.getElementById("text").focus({ preventScroll: true, focusVisible: false });
  }

  resumeAt(sentence) {
    this.view.setCurrent(sentence, false);
    this.refreshPanels();
    const row = this.view.rows[this.view.current];
    if (row) row.scrollIntoView({ block: "center" });
  }

  refreshPanels() {
    panels.renderSpanPanel(this);
    renderRelationPanel(this);
    panels.renderSuggestionPanel(this);
    panels.renderLinkPanel(this);
    panels.renderSentencePanel(this);
    panels.renderDocumentPanel(this);
    this.keepSelectionInView();
  }

  // On a narrow window the panel of what is selected sits over the foot of the window (the
  // sheet, workspace.css): a span or suggestion on screen but under it is scrolled up above it,
  // and so is the current sentence while its labels are open there.
  keepSelectionInView() {
    const sheet = this.root.querySelector(".ws-sheet");
    if (!sheet || getComputedStyle(sheet).position !== "fixed") return;
    const labelling = document.getElementById("sentence-panel").classList.contains("is-open");
    const seg = document.querySelector("#text .seg.is-selected, #text .seg.is-suggestion-selected, #text .arc.is-selected")
      || (labelling && document.querySelector("#text .sent.is-current"));
    if (!seg) return;
    const box = seg.getBoundingClientRect();
    const over = box.bottom + 8 - sheet.getBoundingClientRect().top;
    if (over > 0 && box.top < window.innerHeight) window.scrollBy(0, over);
  }

  // A panel scrolled into its box, its top first if it is taller: on a wide window it sat
  // below the side column's fold, on a narrow one above the fold of the sheet at the window's
  // foot (which shows its bottom part first), cut off.
  showPanel(panel) {
    const sheet = this.root.querySelector(".ws-sheet");
    const narrow = sheet && getComputedStyle(sheet).position === "fixed";
    const box = narrow ? sheet : panel.closest(".ws-side");
    if (panel.hidden || !box) return;
    const inner = panel.getBoundingClientRect();
    // The box's part inside the window: the side column, not yet stuck, runs below its foot;
    // the sheet's foot is the span labels', which stay there as it scrolls (workspace.css).
    const outer = box.getBoundingClientRect();
    const labels = narrow ? document.getElementById("span-labels").getBoundingClientRect().height : 0;
    const top = Math.max(outer.top, 0);
    const bottom = Math.min(outer.bottom - labels, window.innerHeight);
    if (inner.top < top) box.scrollTop += inner.top - top;
    else if (inner.bottom > bottom) box.scrollTop += Math.min(inner.bottom - bottom, inner.top - top);
  }

  // -- what is selected, and the current sentence ----------------------------------------

  select(key) {
    if (isSuggestion(key)) { this.selectSuggestion(key); return; }
    if (this.suggestions.selected) this.selectSuggestion(null, false);
    if (this.arcs.selected) this.selectRelation(null);
    if (this.extentRefusal && this.extentRefusal.key !== key) this.extentRefusal = null;
    this.view.select(key);
    if (key) this.leaveValueButton(); // the focus follows the selection to the text
    const span = key && this.store.spans.get(key);
    if (span) this.view.setMarks(new Map(this.store.relationsOf(key).map((r) => [r.from === key ? r.to : r.from, "is-related"])));
    else this.view.setMarks(new Map());
    this.refreshPanels();
  }

  // The next (1) or previous (-1) sentence; at either end, say so. The sentence reached is
  // said once the keys rest (SENTENCE_SAID_MS): j held down, or pressed five times, says the
  // sentence it stops on, not each one it passed (a reader read every one in full).
  stepSentence(step) {
    const at = this.view.current;
    this.view.setCurrent(at + step);
    this.select(null);
    if (this.view.current === at) this.refuse(step > 0 ? "This is the last sentence." : "This is the first sentence.");
    else {
      clearTimeout(this.sentenceSaid);
      this.sentenceSaid = setTimeout(() => {
        this.sentenceSaid = null;
        sayCurrentSentence(this);
      }, SENTENCE_SAID_MS);
    }
    return true;
  }
}

// The jobs' methods, copied onto Workspace as if written in it (getters too): one workspace
// object, its state and its methods, in files of one job each.
for (const job of [WorkspaceNotices, StatusAndNotes, SpanEditing,
  ExtentEditing, SentenceLabelling, Linking, SuggestionWork, PointerAndDialogs, UndoButtons]) {
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(job.prototype))) {
    if (name === "constructor") continue;
    if (Object.hasOwn(Workspace.prototype, name)) throw new Error(`Workspace.${name} is defined twice`);
    Object.defineProperty(Workspace.prototype, name, descriptor);
  }
}

const root = document.getElementById("workspace");
if (root) {
  followBarHeight(root.querySelector(".ws-bar"));
  followHeight(root.querySelector(".ws-sheet"), "--ws-palette-height");
  followHeight(root.querySelector("#span-labels"), "--ws-labels-height");
  followSideTop(root.querySelector(".ws-side"));
  const workspace = new Workspace(root);
  window.annotatorWorkspace = workspace; // for the browser tests and benchmarks
  workspace.start().catch((error) => {
    root.dataset.ready = "error";
    workspace.notify(`Could not load the workspace: ${error.message}`, "error");
  });
}
