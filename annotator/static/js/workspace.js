// The annotation workspace: loads one layer of one document and turns keys into API writes.

import { Actions } from "./actions.js";
import { Api } from "./api.js";
import { ArcLayer } from "./arcs.js";
import { followBarHeight, followHeight } from "./bar-height.js";
import { bindFolds } from "./folds.js";
import { movedExtent } from "./extent.js";
import { bindGuidelines } from "./guidelines.js";
import { trimRange } from "./offsets.js";
import * as panels from "./panels.js";
import { NoteSaver } from "./note.js";
import { DocumentView } from "./render.js";
import { Store, localKey } from "./state.js";
import { showStatus } from "./status.js";
import { bindKeys } from "./keys.js";
import { counted } from "./wording.js";
import { Suggestions, isSuggestion } from "./suggestions.js";
import { bindWordSelection } from "./words.js";

// A touch screen (a phone, a tablet): no pointer that hovers, so no keyboard to speak of. The
// same test as the styles' that hide the key hints there (app.css).
function touchScreen() {
  return window.matchMedia("(hover: none) and (pointer: coarse)").matches;
}

const SAVE_TEXT = { saved: "Saved", saving: "Saving…", retrying: "Connection lost: retrying…", failed: "Not saved" };

class Workspace {
  constructor(root) {
    const d = root.dataset;
    this.root = root;
    this.documentId = Number(d.document);
    this.project = d.project;
    this.layer = d.layer;
    this.user = d.user;
    this.writable = d.writable === "true";
    this.own = d.own === "true";
    this.nextUrl = d.next; // the next document still to do (Done, Ctrl+Enter), not Next →
    this.statusNames = JSON.parse(d.statusNames); // how the project page says each status
    this.api = new Api({ root: d.api, csrf: d.csrf, writeLayer: d.writeLayer || null });
    this.readPath = `/documents/${this.documentId}/annotations`
      + (this.own ? "" : `?annotator=${encodeURIComponent(this.layer)}`);
    this.linking = null;
    this.status = null;
    this.notes = [];
  }

  async start() {
    const started = performance.now();
    const [documentData, project, layer, notes, suggested] = await Promise.all([
      this.api.get(`/documents/${this.documentId}`),
      this.api.get(`/projects/${encodeURIComponent(this.project)}`),
      this.api.get(this.readPath),
      this.api.get(`/documents/${this.documentId}/notes`),
      // Suggestions are offered only to whoever writes this layer; a failure to read them
      // must not keep the workspace from opening.
      this.writable ? this.api.get(`/documents/${this.documentId}/suggestions`).catch(() => null) : null,
    ]);
    this.store = new Store(documentData, project.schema);
    this.status = documentData.status;
    this.savedStatus = documentData.status; // as the server last answered it
    this.notes = notes.notes;
    const stored = Number(localStorage.getItem(`annotator:field:${this.project}`) || 0);
    this.activeField = stored < project.schema.sentence_labels.length ? stored : 0;
    this.view = new DocumentView(document.getElementById("text"), this.store);
    this.suggestions = new Suggestions(this.store);
    if (suggested) { this.suggestions.load(suggested); this.view.suggestions = this.suggestions; }
    this.arcs = new ArcLayer(this.view, this.store, this.root, { rove: true });
    this.view.onDraw = (sentences) => this.arcs.invalidate(sentences);
    this.view.onReset = () => this.arcs.reset();
    this.actions = new Actions({ api: this.api, store: this.store, documentId: this.documentId,
      readPath: this.readPath, notify: (message, kind) => this.notify(message, kind) });
    this.store.onChange((sentences) => { this.view.render(sentences); this.refreshPanels(); });
    this.api.onState((state, message, error) => {
      this.showSaveState(state, message);
      if (error && error.status === 409) this.showStale(message);
      if (error && error.sessionGone) this.showSignedOut(error.status === 401);
      // The server moves a new assignment to in progress on its first write: show it so.
      if (state === "saved" && this.own && this.status === "new" && this.actions.undoStack.length) {
        this.status = "in_progress";
        this.showStatus();
      }
    });
    this.store.load(layer);
    // Back where the layer was last changed (the server reads it from the layer's history):
    // coming back to a document half done, the text opens at that sentence, not at its start.
    if (this.root.dataset.resume) this.resumeAt(Number(this.root.dataset.resume));
    panels.renderPalette(this, document.getElementById("palette"), project.schema);
    panels.renderHelp(this);
    panels.renderNotes(this, this.notes);
    this.showStatus();
    this.bindMouse();
    bindKeys(this);
    this.root.dataset.loadMs = String(Math.round(performance.now() - started));
    this.root.dataset.readyAt = String(Math.round(performance.now()));
    this.root.dataset.ready = "true";
  }

  resumeAt(sentence) {
    this.view.setCurrent(sentence, false);
    this.refreshPanels();
    const row = this.view.rows[this.view.current];
    if (row) row.scrollIntoView({ block: "center" });
  }

  refreshPanels() {
    panels.renderSpanPanel(this);
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
    const seg = document.querySelector("#text .seg.is-selected, #text .seg.is-suggestion-selected")
      || (labelling && document.querySelector("#text .sent.is-current"));
    if (!seg) return;
    const box = seg.getBoundingClientRect();
    const over = box.bottom + 8 - sheet.getBoundingClientRect().top;
    if (over > 0 && box.top < window.innerHeight) window.scrollBy(0, over);
  }

  showSaveState(state, message) {
    const box = document.getElementById("save-state");
    box.dataset.state = state;
    box.textContent = SAVE_TEXT[state] + (state === "failed" && message ? `: ${message}` : "");
  }

  // A key that does nothing here says why (and counts as handled): never a silent key.
  refuse(message) {
    this.notify(message, "info");
    return true;
  }

  // Why this page cannot change the layer it shows.
  readOnly() {
    return this.refuse(`Read-only: this is ${this.layer}'s layer, open for reading; nothing on this page changes it.`);
  }

  // A write refused as a conflict (409): the layer changed elsewhere since the page read it
  // (another tab, a reviewer, a sentence split), so what the page shows may be out of date.
  // Said until the page is reloaded, with the button that does it.
  showStale(message) {
    const box = document.getElementById("stale");
    document.getElementById("stale-reason").textContent = `Not saved: ${message.replace(/\.$/, "")}.`;
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

  notify(message, kind = "info") {
    const box = document.getElementById("notice");
    box.textContent = message;
    box.dataset.kind = kind;
    box.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => { box.hidden = true; }, kind === "error" ? 8000 : 2500);
  }

  showStatus() {
    const box = document.getElementById("status-box");
    if (box) showStatus(box, this.status || "new", this.statusNames);
  }

  // The queue's "N of M done" follows this document's status as the server saves it.
  showProgress(before, after) {
    const box = document.getElementById("my-progress");
    if (!box || (before === "done") === (after === "done")) return;
    const bar = box.querySelector("progress");
    const done = Number(bar.value) + (after === "done" ? 1 : -1);
    bar.value = done;
    box.querySelector(".progress__text").textContent = `${done} of ${bar.max} done`;
  }

  // -- what keys and clicks do ----------------------------------------------------------

  select(key) {
    if (isSuggestion(key)) { this.selectSuggestion(key); return; }
    if (this.suggestions.selected) this.selectSuggestion(null, false);
    if (this.arcs.selected) this.selectRelation(null);
    if (this.extentRefusal && this.extentRefusal.key !== key) this.extentRefusal = null;
    this.view.select(key);
    const span = key && this.store.spans.get(key);
    if (span) this.view.setMarks(new Map(this.store.relationsOf(key).map((r) => [r.from === key ? r.to : r.from, "is-related"])));
    else this.view.setMarks(new Map());
    this.refreshPanels();
  }

  // The next (1) or previous (-1) sentence; at either end, say so.
  stepSentence(step) {
    const at = this.view.current;
    this.view.setCurrent(at + step);
    this.select(null);
    if (this.view.current === at) this.refuse(step > 0 ? "This is the last sentence." : "This is the first sentence.");
    return true;
  }

  // A label key: a span on the text selected, or a new label for the selected span.
  labelKey(label) {
    if (!this.writable) return this.readOnly();
    const range = this.view.selectionRange();
    if (range) {
      const trimmed = trimRange(this.store.text, range[0], range[1]);
      window.getSelection().removeAllRanges();
      if (!trimmed) return true;
      const wanted = { label: label.name, start: trimmed[0], end: trimmed[1] };
      const same = this.store.sameSpan(wanted);
      this.select(same ? same.key : this.actions.createSpan({ ...wanted, attributes: {} }));
      const words = this.store.text.slice(trimmed[0], trimmed[1]);
      this.announce(same ? `Selected the ${label.name} span “${words}”: it was there already.`
        : `${label.name} span made: “${words}”`);
      return true;
    }
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) {
      // A touch screen has no keys: it selects by touch, and labels by the button.
      if (touchScreen()) {
        return this.refuse(`Select words first (touch and hold a word, drag the handles over the rest), then tap ${label.name}.`);
      }
      const how = label.key ? `press ${label.key}` : `pick ${label.name} under Span labels`;
      return this.refuse(`Select words first (drag, or → and Shift+→), then ${how} for a ${label.name} span.`);
    }
    if (span.label === label.name) return this.refuse(`The selected span is already a ${label.name} span.`);
    // Relabelled onto a span of that label on the same text, it would be a second copy.
    const same = this.store.sameSpan({ label: label.name, start: span.start, end: span.end });
    if (same) {
      this.select(same.key);
      this.notify(`These words are already a ${label.name} span: selected it.`, "info");
      return true;
    }
    const allowed = new Set((label.attributes || []).map((a) => a.name));
    const attributes = Object.fromEntries(Object.entries(span.attributes).filter(([name]) => allowed.has(name)));
    this.actions.patchSpan(span.key, { label: label.name, attributes });
    this.announce(`Now a ${label.name} span: “${this.store.text.slice(span.start, span.end)}”`);
    return true;
  }

  // A relation picked on the text (a click on its arc, or Tab to it); null: none.
  selectRelation(key) {
    if (key && this.view.selected) this.select(null);
    this.arcs.select(key && this.store.relations.has(key) ? key : null);
  }

  deleteSelected() {
    const relation = this.arcs.selected;
    if (relation && this.store.relations.has(relation)) {
      if (!this.writable) return this.readOnly();
      const { type } = this.store.relations.get(relation);
      this.selectRelation(null);
      this.actions.deleteRelation(relation);
      this.announce(`${type} relation removed.`);
      this.focusText();
      return true;
    }
    const key = this.view.selected;
    if (!this.writable) return this.readOnly();
    if (!key) {
      return this.refuse("Nothing selected to remove: first select a span (click it, or select its words"
        + " and press its label key) or a relation (Tab to its arc, or click it).");
    }
    const span = this.store.spans.get(key);
    this.select(null);
    this.actions.deleteSpan(key);
    if (span) this.announce(`${span.label} span removed: “${this.store.text.slice(span.start, span.end)}”`);
    this.focusText();
    return true;
  }

  // Back to the text, where the keys act, after a removal: the button pressed (a panel's
  // Remove, a relation's remove) went with what it removed, and the focus fell to the page's
  // start.
  focusText() {
    document.getElementById("text").focus({ preventScroll: true });
  }

  toggleAttribute(n) {
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!this.writable || !span) return false;
    const choice = panels.attributeChoices(this.store.spanLabels.get(span.label))[n];
    if (!choice) return false;
    const { attribute, value } = choice;
    const attributes = { ...span.attributes };
    const now = attributes[attribute.name];
    if (attribute.multiple) {
      const set = new Set(now || []);
      if (set.has(value)) set.delete(value); else set.add(value);
      attributes[attribute.name] = set.size ? attribute.values.filter((v) => set.has(v)) : null;
    } else {
      attributes[attribute.name] = now === value ? null : value;
    }
    if (attributes[attribute.name] == null) delete attributes[attribute.name];
    this.actions.patchSpan(span.key, { attributes });
    return true;
  }

  // -- a span's extent -------------------------------------------------------------------

  // Ctrl+→ / Ctrl+← (with Shift: the start; with Alt: a character): one boundary of the
  // selected span moves, the span staying the same span (its label, attributes, relations).
  moveExtent(edge, forward, unit) {
    if (!this.writable) return this.readOnly();
    if (this.linking) return this.refuse("Linking: finish the link (Enter) or cancel it (Esc) before moving the span's ends.");
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) {
      return this.refuse("Select a span first (click it), then Ctrl+→ / Ctrl+← move its end a word"
        + " and Ctrl+Shift+→ / Ctrl+Shift+← its start (with Alt: a character).");
    }
    const moved = movedExtent(this.store.text, span, edge, forward, unit);
    if (moved.refusal) { this.refuseExtent(span.key, moved.refusal); return true; }
    return this.putExtent(span, moved.start, moved.end);
  }

  // "Set extent": the selected span comes to cover the words selected on the text now.
  setExtent() {
    if (!this.writable) return this.readOnly();
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) return this.refuse("Select a span first (click it), then select the words it should cover and Set extent.");
    const range = this.view.selectionRange();
    const words = range && trimRange(this.store.text, range[0], range[1]);
    if (!words) {
      return this.refuse(touchScreen()
        ? "Select the words this span should cover (touch and hold a word, drag the handles), then tap Set extent."
        : "Select the words this span should cover (drag over them, or Shift+→), then Set extent.");
    }
    window.getSelection().removeAllRanges();
    if (words[0] === span.start && words[1] === span.end) return this.refuse("The span covers these words already.");
    return this.putExtent(span, words[0], words[1]);
  }

  putExtent(span, start, end) {
    const same = this.store.sameSpan({ label: span.label, start, end });
    if (same && same.key !== span.key) {
      this.refuseExtent(span.key, `Not moved: these words are already a ${span.label} span.`);
      return true;
    }
    this.extentRefusal = null;
    this.actions.moveSpan(span.key, start, end, {
      refused: (message, key) => this.refuseExtent(key, `Not moved: ${this.plainRefusal(message, key)}`),
    });
    this.view.scrollToSpan(span.key);
    this.announce(`${span.label} span now: “${this.store.text.slice(start, end)}”`);
    return true;
  }

  // The server names an overlapping span by its id and code-point offsets; the page names
  // it as the annotator sees it, by its label and words.
  plainRefusal(message, key) {
    if (!/overlap/.test(message)) return message;
    const id = Number((/overlaps span (\d+)/.exec(message) || [])[1]);
    const other = this.store.spans.get(this.store.byId.get(id));
    if (!other || other.key === key) return message;
    const words = this.store.text.slice(other.start, other.end);
    return `it would overlap the ${other.label} span “${words}”, and this project does not allow overlapping spans.`;
  }

  // Why the selected span did not move: said at the span, in its panel (not in the passing
  // notice too, which on a phone covered the text above the panel with the same words), and
  // to screen readers.
  refuseExtent(key, message) {
    this.extentRefusal = { key, message };
    panels.renderSpanPanel(this);
    this.keepSelectionInView();
    this.announce(message);
  }

  // Said to screen readers only (a polite live region): what a key or button just made,
  // moved or removed, in words, where the eye sees it on the text.
  announce(message) {
    const box = document.getElementById("announce");
    if (!box) return;
    // The same words twice in a row are announced again only if the region changes.
    box.textContent = box.textContent === message ? `${message}\u00a0` : message;
  }

  setActiveField(f) {
    this.activeField = f;
    localStorage.setItem(`annotator:field:${this.project}`, String(f));
    panels.renderSentencePanel(this);
  }

  toggleSentenceValue(f, n) {
    const field = this.store.schema.sentence_labels[f];
    if (!this.writable) return this.readOnly();
    if (!field) return this.refuse("This project has no sentence labels.");
    if (n >= field.values.length) return this.refuse(`${field.name} has ${counted(field.values.length, "value")}: no value ${n + 1}.`);
    const i = this.view.current;
    const value = field.values[n];
    const now = this.store.sentenceLabels.get(`${i}|${field.name}`);
    let next;
    if (field.multiple) {
      const set = new Set(now || []);
      if (set.has(value)) set.delete(value); else set.add(value);
      next = set.size ? field.values.filter((v) => set.has(v)) : null;
    } else {
      next = now === value ? null : value;
    }
    this.actions.setLabel(i, field.name, next);
    return true;
  }

  // -- linking --------------------------------------------------------------------------

  startLink() {
    const source = this.view.selected && this.store.spans.get(this.view.selected);
    if (!this.writable) return this.readOnly();
    if (!source) return this.refuse("Select a span first (click it, or select its text and press its label key), then press l to link it to another.");
    const candidates = [];
    for (const span of this.store.spans.values()) {
      if (span.key === source.key) continue;
      const links = this.store.allowedLinks(source, span);
      if (links.length) candidates.push({ span, links, distance: Math.abs(span.start - source.start) });
    }
    candidates.sort((a, b) => a.distance - b.distance || a.span.start - b.span.start);
    this.linking = { source, candidates, at: 0 };
    this.markCandidates();
    return true;
  }

  markCandidates() {
    const marks = new Map();
    if (this.linking) {
      this.linking.candidates.forEach((c, i) => marks.set(c.span.key, i === this.linking.at ? "is-target" : "is-candidate"));
      const target = this.linking.candidates[this.linking.at];
      if (target) this.view.scrollToSpan(target.span.key);
    }
    this.view.setMarks(marks);
    panels.renderLinkPanel(this);
  }

  cycleLink(step) {
    const { candidates } = this.linking;
    if (!candidates.length) return;
    this.linking.at = (this.linking.at + step + candidates.length) % candidates.length;
    this.markCandidates();
  }

  finishLink(key = null) {
    const link = this.linking;
    const target = key ? link.candidates.find((c) => c.span.key === key) : link.candidates[link.at];
    if (!target) { this.notify("That span cannot be linked to the selected one.", "error"); return; }
    const { type, from, to } = target.links[0];
    this.actions.createRelation(type, from.key, to.key);
    this.cancelLink();
    this.view.setCurrent(this.store.sentenceAt(link.source.start), false);
    this.select(null);
  }

  cancelLink() {
    this.linking = null;
    this.markCandidates();
  }

  // -- suggestions ----------------------------------------------------------------------

  // Select a suggestion (null: none); it is marked in place, the rows are not drawn again.
  selectSuggestion(key, refresh = true) {
    const { suggestions } = this;
    const before = suggestions.selected && suggestions.spans.get(suggestions.selected);
    if (key) {
      if (this.arcs.selected) this.selectRelation(null);
      if (this.view.selected) { this.view.select(null); this.view.setMarks(new Map()); }
    }
    suggestions.selected = key && suggestions.visible(key) ? key : null;
    const span = suggestions.selected && suggestions.spans.get(suggestions.selected);
    const rows = [...(before ? this.store.sentencesOf(before) : []), ...(span ? this.store.sentencesOf(span) : [])];
    this.view.refreshSuggestions(rows);
    if (span) { this.view.setCurrent(this.store.sentenceAt(span.start), false); this.view.scrollToSuggestion(span); }
    if (refresh) this.refreshPanels();
  }

  // The next (step 1) or previous (-1) suggestion shown, from the selected one or the
  // current sentence.
  stepSuggestion(step) {
    const all = this.suggestions.ordered();
    if (!all.length) { this.notify("No suggestions to go to.", "info"); return true; }
    const at = all.findIndex((s) => s.key === this.suggestions.selected);
    let next;
    if (at >= 0) next = all[(at + step + all.length) % all.length];
    else {
      const from = this.store.sentences[this.view.current].start;
      next = step > 0 ? all.find((s) => s.start >= from) || all[0]
        : [...all].reverse().find((s) => s.start < from) || all[all.length - 1];
    }
    this.selectSuggestion(next.key);
    return true;
  }

  // Accept the selected suggestion: it becomes a span of the layer (drawn at once, saved
  // behind), keeping the suggestion's model and score on the server; then on to the next.
  acceptSuggestion(key = this.suggestions.selected, { spanKey = localKey("s"), record = true } = {}) {
    const suggestion = key && this.suggestions.spans.get(key);
    if (!this.writable) return this.readOnly();
    if (!suggestion) {
      return this.refuse(this.suggestions.ordered().length
        ? "No suggestion selected: . and , go to the next and previous one."
        : "No suggestions to accept.");
    }
    const { store, actions } = this;
    const next = this.suggestions.ordered().find((s) => s.key !== key && s.start >= suggestion.start);
    const props = { label: suggestion.label, start: suggestion.start, end: suggestion.end, attributes: {} };
    this.api.write(() => ["POST", `/suggestions/${suggestion.id}/accept`], (answer) => {
      actions.serverIds.set(spanKey, answer.id);
      const span = store.spans.get(spanKey);
      if (span) store.putSpan({ ...span, id: answer.id, version: answer.version, suggested: answer.suggested || span.suggested }, false);
    }).catch((error) => { store.removeSpan(spanKey); actions.failed(error); });
    if (this.suggestions.selected === key) this.suggestions.selected = null;
    const suggested = { model: suggestion.model, score: suggestion.score };
    store.putSpan({ key: spanKey, id: null, version: null, ...props, suggested });
    if (record) {
      actions.record({ undo: () => actions.deleteSpan(spanKey, { record: false }),
        redo: () => this.acceptSuggestion(key, { spanKey, record: false }) });
    }
    if (next && record) this.selectSuggestion(next.key);
    return true;
  }

  // Reject the selected suggestion: gone from the page, and the server remembers it for
  // this annotator. Ctrl+Z takes the rejection back (the server forgets it), as it undoes an
  // accept: a mistaken Delete must not cost the suggestion for good, nor undo an earlier edit.
  rejectSuggestion(key = this.suggestions.selected, { record = true } = {}) {
    const suggestion = key && this.suggestions.spans.get(key);
    if (!this.writable || !suggestion) return false;
    const next = this.suggestions.ordered().find((s) => s.key !== key && s.start >= suggestion.start);
    const removed = this.suggestions.remove(key);
    this.store.changed(removed.touched);
    const path = `/suggestions/${suggestion.id}/reject`;
    this.api.write(() => ["POST", path], null, { keyless: true })
      .catch((error) => { this.actions.failed(error); this.reloadSuggestions(); });
    if (record) {
      this.actions.record({
        undo: () => {
          this.store.changed(this.suggestions.restore(removed));
          this.selectSuggestion(key);
          this.api.write(() => ["DELETE", path], null, { keyless: true })
            .catch((error) => { this.actions.failed(error); this.reloadSuggestions(); });
        },
        redo: () => this.rejectSuggestion(key, { record: false }),
      });
    }
    if (next && record) this.selectSuggestion(next.key);
    return true;
  }

  // Accept every suggestion shown in the current sentence, with the suggested relations
  // between them; one undo takes them all back.
  acceptSentence(index = this.view.current, { record = true } = {}) {
    if (!this.writable && record) return this.readOnly();
    if (!this.writable || !this.suggestions.visibleIn(index).length) {
      if (record) this.notify("No suggestions in this sentence.", "info");
      return true;
    }
    this.selectSuggestion(null, false);
    const path = `/documents/${this.documentId}/suggestions/accept`;
    this.api.write(() => ["POST", path, { sentence: index }], null, { keyless: true }).then((answer) => {
      const added = this.putAccepted(answer);
      if (record) {
        this.actions.record({
          undo: () => {
            for (const r of added.relations) this.actions.deleteRelation(r, { record: false });
            for (const k of added.spans) this.actions.deleteSpan(k, { record: false });
          },
          redo: () => this.acceptSentence(index, { record: false }),
        });
      }
      const skipped = answer.skipped.length ? `; ${answer.skipped.length} skipped: ${answer.skipped[0].reason}` : "";
      this.notify(`Accepted ${counted(answer.spans.length, "span")} and ${counted(answer.relations.length, "relation")}${skipped}.`,
        answer.skipped.length ? "error" : "info");
    }).catch((error) => this.actions.failed(error));
    return true;
  }

  // Accept a suggested relation, with its spans.
  acceptRelation(relationId) {
    if (!this.writable) return false;
    this.api.write(() => ["POST", `/suggestions/relations/${relationId}/accept`], null, { keyless: true })
      .then((answer) => {
        const selected = this.suggestions.spans.get(this.suggestions.selected);
        const added = this.putAccepted(answer);
        // The selected suggestion is one of the relation's ends, a span of the layer now: on
        // to the next one shown, as after accepting it alone (left selected, Enter would try
        // to accept it a second time).
        if (selected && !this.suggestions.visible(selected.key)) {
          const next = this.suggestions.ordered().find((s) => s.start >= selected.start);
          this.selectSuggestion(next ? next.key : null);
        }
        this.actions.record({
          undo: () => {
            for (const r of added.relations) this.actions.deleteRelation(r, { record: false });
            for (const k of added.spans) this.actions.deleteSpan(k, { record: false });
          },
          redo: () => this.acceptRelation(relationId),
        });
      }).catch((error) => this.actions.failed(error));
    return true;
  }

  // Put the spans and relations an accept wrote into the store; return their local keys.
  putAccepted(answer) {
    const spans = [];
    const relations = [];
    for (const span of answer.spans) {
      const key = localKey("s");
      this.store.putServerSpan(span, key);
      this.actions.serverIds.set(key, span.id);
      spans.push(key);
    }
    for (const relation of answer.relations) {
      const key = localKey("r");
      if (this.store.putServerRelation(relation, key)) relations.push(key);
    }
    return { spans, relations };
  }

  async reloadSuggestions() {
    try {
      this.suggestions.load(await this.api.get(`/documents/${this.documentId}/suggestions`));
      this.store.changed(null);
    } catch (error) {
      this.notify(`could not reload the suggestions: ${error.message}`, "error");
    }
  }

  // -- status and notes -----------------------------------------------------------------

  setStatus(status, { thenNext = false } = {}) {
    if (!this.own) {
      this.refuse(this.layer === "gold"
        ? "Gold has no done status: a reviewer marks it final on the document's review page."
        : `Only ${this.layer} can mark ${this.layer}'s layer done or skipped.`);
      return;
    }
    const before = this.status;
    this.status = status;
    this.showStatus();
    const onSaved = (answer) => {
      this.showProgress(this.savedStatus, answer.status);
      this.savedStatus = answer.status;
      this.status = answer.status;
      this.showStatus();
      // A project that shows suggestions once the document is done shows them now.
      if (answer.status === "done" && this.suggestions.hidden && this.view.suggestions) this.reloadSuggestions();
    };
    this.actions.setStatus(status, before, { onSaved })
      .then(() => {
        if (thenNext && this.nextUrl) window.location.assign(this.nextUrl);
        else if (thenNext) this.notify(`Marked ${status}: no other document in your queue is still to do.`, "info");
      })
      .catch(() => {});
  }

  // One saver for the page's note box (panels.renderNotes), whatever redraws the panel.
  noteSaver(show) {
    if (!this.noteSaving) {
      const url = `${this.api.root}/documents/${this.documentId}/note`;
      this.noteSaving = new NoteSaver({ url, csrf: this.api.csrf, show: (...state) => this.showNote(...state) });
    }
    this.showNote = show;
    return this.noteSaving;
  }

  bindMouse() {
    const text = document.getElementById("text");
    bindWordSelection(text, this.view);
    let lastSeg = null;
    text.addEventListener("focusin", (event) => {
      const arc = event.target.closest && event.target.closest(".arc");
      if (arc) this.selectRelation(arc.dataset.relation);
    });
    text.addEventListener("focusout", (event) => {
      const arc = event.target.closest && event.target.closest(".arc");
      const next = event.relatedTarget && event.relatedTarget.closest && event.relatedTarget.closest(".arc");
      if (arc && !next && this.arcs.selected === arc.dataset.relation) this.selectRelation(null);
    });
    let hovered = null;
    text.addEventListener("mouseover", (event) => {
      const arc = event.target.closest(".arc");
      const seg = !arc && event.target.closest(".seg--span");
      const what = arc || seg || null;
      if (what === hovered) return;
      hovered = what;
      if (arc) this.arcs.highlight({ relation: arc.dataset.relation });
      else if (seg) this.arcs.highlight({ spans: (this.view.segSpans.get(seg) || []).map((e) => e.key) });
      else this.arcs.highlight();
    });
    text.addEventListener("mouseleave", () => { hovered = null; this.arcs.highlight(); });
    text.addEventListener("click", (event) => {
      const arc = event.target.closest(".arc");
      if (arc) {
        const key = arc.dataset.relation;
        if (this.linking) return;
        this.selectRelation(key);
        this.arcs.focus(key);
        return;
      }
      const seg = event.target.closest(".seg");
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed) return; // the end of a drag, not a click
      const row = event.target.closest(".sent");
      const spanKeys = seg ? this.view.spansAt(seg, event.clientY) : [];
      // Spans of the layer first, then the suggestions under the pointer.
      const keys = seg && !this.linking ? [...spanKeys, ...this.view.suggestionsAt(seg)] : spanKeys;
      if (!keys.length) {
        if (this.linking) this.refuse("Linking: click one of the spans marked green, or press Esc to cancel.");
        else if (row) { this.view.setCurrent(Number(row.dataset.i), false); this.select(null); }
        return;
      }
      if (this.linking) {
        const hit = keys.find((k) => this.linking.candidates.some((c) => c.span.key === k));
        if (hit) this.finishLink(hit); else this.notify("That span cannot be linked to the selected one.", "error");
        return;
      }
      // A second click on the same place moves to the next span under the pointer.
      let key = keys[0];
      const selected = this.suggestions.selected || this.view.selected;
      if (seg.dataset.s === lastSeg && keys.includes(selected)) {
        key = keys[(keys.indexOf(selected) + 1) % keys.length];
      }
      lastSeg = seg.dataset.s;
      this.select(key);
    });
    const on = (id, fn) => { const b = document.getElementById(id); if (b) b.addEventListener("click", fn); };
    // Mark done does what Ctrl+Enter does: a mouse user is as done with the document.
    // Skip moves on too: a skipped document is one the annotator is not going to work on now.
    on("mark-done", () => this.setStatus("done", { thenNext: true }));
    on("mark-skip", () => this.setStatus("skipped", { thenNext: true }));
    // Reopening stays on the document: it is the one the annotator means to work on again.
    on("mark-reopen", () => this.setStatus("in_progress"));
    bindFolds(this.root, () => this.keepSelectionInView()); // a narrow window's sheet
    on("show-help", () => this.toggleHelp(true));
    bindGuidelines();
    on("stale-reload", () => window.location.reload());
    on("close-help", () => this.toggleHelp(false));
    // A click or tap on the dimmed page around the box closes it, as dialogs are closed.
    document.getElementById("help").addEventListener("click", (event) => {
      if (event.target.id === "help") this.toggleHelp(false);
    });
  }

  toggleHelp(show) {
    const help = document.getElementById("help");
    if (show && help.hidden) this.helpOpener = document.activeElement;
    help.hidden = !show;
    if (!show) {
      // Back to what had the focus (the Keys button, the text), not to the start of the page.
      const opener = this.helpOpener;
      this.helpOpener = null;
      if (opener && opener.isConnected) opener.focus({ preventScroll: true });
      return;
    }
    // The list opens at its first key and scrolls (wheel, arrows, Page Down) from there.
    document.getElementById("close-help").focus({ preventScroll: true });
    help.querySelector(".help__box").scrollTop = 0;
  }
}

const root = document.getElementById("workspace");
if (root) {
  followBarHeight(root.querySelector(".ws-bar"));
  followHeight(root.querySelector(".ws-sheet"), "--ws-palette-height");
  const workspace = new Workspace(root);
  window.annotatorWorkspace = workspace; // for the browser tests and benchmarks
  workspace.start().catch((error) => {
    root.dataset.ready = "error";
    workspace.notify(`Could not load the workspace: ${error.message}`, "error");
  });
}
