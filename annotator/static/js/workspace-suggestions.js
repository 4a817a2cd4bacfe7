// The suggestions offered: selected, stepped through, accepted (one, a sentence's, a
// relation with its spans) and rejected, each undone as an edit.

import { localKey } from "./state.js";
import { suggestionsPath } from "./suggestions.js";
import { counted } from "./wording.js";
import { saySuggestion } from "./workspace-announce.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class SuggestionWork {
  // Select a suggestion (null: none); it is marked in place, the rows are not drawn again.
  selectSuggestion(key, refresh = true) {
    const { suggestions } = this;
    const before = suggestions.selected && suggestions.spans.get(suggestions.selected);
    if (key) {
      if (this.arcs.selected) this.selectRelation(null);
      if (this.view.selected) { this.view.select(null); this.view.setMarks(new Map()); }
      this.leaveValueButton(); // Delete rejects it: the focus is the text's
    }
    suggestions.selected = key && suggestions.visible(key) ? key : null;
    const span = suggestions.selected && suggestions.spans.get(suggestions.selected);
    const rows = [...(before ? this.store.sentencesOf(before) : []), ...(span ? this.store.sentencesOf(span) : [])];
    this.view.refreshSuggestions(rows);
    if (span) { this.view.setCurrent(this.store.sentenceAt(span.start), false); this.view.scrollToSuggestion(span); }
    if (refresh) this.refreshPanels();
    // A phone's sheet scrolls from its foot (the span labels'): a panel taller than the room
    // above them opened at its hints, its label, words and Accept above the sheet's top edge.
    // Shown from its head instead (showPanel scrolls only as far as it must).
    if (refresh && span) this.showPanel(document.getElementById("suggestion-panel"));
  }

  // Why suggestions are not offered now, or null: the layer is marked done or skipped, and
  // the server refuses every accept into it (409 layer_done, services/annotation/access.py
  // require_open). Drawn there they invited an accept only to refuse it.
  suggestionsPausedWords() {
    if (!this.closed) return null;
    const name = (this.statusNames[this.status] || this.status).toLowerCase();
    return `This document is ${name}; reopen it to use suggestions.`;
  }

  // After a status change: the suggestions drawn again on Reopen, or taken off the text when
  // the layer is marked done (only the sentences that hold one are drawn again).
  followClosedForSuggestions() {
    const why = this.suggestionsPausedWords();
    const { suggestions } = this;
    if (!suggestions || why === suggestions.paused) return;
    if (why && suggestions.selected) this.selectSuggestion(null, false);
    suggestions.paused = why;
    if (!this.view.suggestions) return;
    const rows = new Set();
    suggestions.buckets.forEach((keys, i) => { if (keys.size) rows.add(i); });
    for (const label of suggestions.labels.values()) if (label.sentence != null) rows.add(label.sentence);
    this.store.changed([...rows]);
  }

  // The next (step 1) or previous (-1) suggestion shown, from the selected one or the
  // current sentence.
  stepSuggestion(step) {
    if (this.suggestions.paused) return this.refuse(this.suggestions.paused);
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
    saySuggestion(this);
    return true;
  }

  // Accept the selected suggestion: it becomes a span of the layer (drawn at once, saved
  // behind), keeping the suggestion's model and score on the server; then on to the next.
  acceptSuggestion(key = this.suggestions.selected, { spanKey = localKey("s"), record = true } = {}) {
    const suggestion = key && this.suggestions.spans.get(key);
    if (!this.writable) return this.readOnly();
    // No span suggestion selected: Enter takes the active field's suggested value for the
    // current sentence, when there is one to take.
    const field = this.store.schema.sentence_labels[this.activeField];
    if (!suggestion && field && this.suggestions.labelFor(this.view.current, field.name)) {
      return this.acceptLabelSuggestion(this.view.current, field.name);
    }
    if (!suggestion) {
      return this.refuse(this.suggestions.ordered().length
        ? "No suggestion selected: . and , go to the next and previous one."
        : "No suggestions to accept.");
    }
    const { store, actions } = this;
    const next = this.suggestions.ordered().find((s) => s.key !== key && s.start >= suggestion.start);
    const props = { label: suggestion.label, start: suggestion.start, end: suggestion.end, attributes: {} };
    // Read before the span is put: the suggested relations whose other end is in the layer,
    // which the server links with the accept.
    const written = this.api.write(() => ["POST", `/suggestions/${suggestion.id}/accept`], (answer) => {
      actions.serverIds.set(spanKey, answer.id);
      const span = store.spans.get(spanKey);
      if (span) store.putSpan({ ...span, id: answer.id, version: answer.version, suggested: answer.suggested || span.suggested }, false);
      // The links it completed (gone with the span on Ctrl+Z, as the server removes them).
      for (const relation of answer.relations || []) store.putServerRelation(relation, localKey("r"));
    });
    written.catch((error) => { store.removeSpan(spanKey); actions.failed(error); });
    if (this.suggestions.selected === key) this.suggestions.selected = null;
    const suggested = { model: suggestion.model, score: suggestion.score };
    store.putSpan({ key: spanKey, id: null, version: null, ...props, suggested });
    if (record) {
      actions.record({ what: `accept ${suggestion.label} suggestion`, undo: () => actions.deleteSpan(spanKey, { record: false }),
        redo: () => this.acceptSuggestion(key, { spanKey, record: false }) });
    }
    // Said once the server has answered, with the links it made, not those it might: a link
    // it refused (one more than max_per_source) is said as not made, with its reason.
    if (record) this.afterDecision(next, written.then((answer) => this.acceptedWords(suggestion, answer)), suggestion);
    return true;
  }

  // "Accepted: a CLAIM span, and its CUED_BY link to CUE “said”." and, for a suggested link
  // the layer refused, " Not linked: <the server's reason>." (the first one's).
  acceptedWords(suggestion, answer) {
    const links = (answer.relations || []).map((relation) =>
      `${relation.type} link to ${this.spanWords(relation.from === answer.id ? relation.to : relation.from)}`);
    const linked = links.length ? `, and its ${links.join(" and its ")}` : "";
    const skipped = answer.skipped && answer.skipped.length ? ` Not linked: ${answer.skipped[0].reason}.` : "";
    return `Accepted: a ${suggestion.label} span${linked}.${skipped}`;
  }

  // After an Accept or a Reject: the keyboard goes on to the next suggestion (Enter, Enter,
  // ...), saying what was done and, when the next one is in another sentence, where it went
  // (the selection moving there silently read as a jump). A touch screen does not go on: the
  // next one selected kept the panel open over a third of a phone and scrolled the text to
  // wherever that one was, away from the span just made. The panel closes there, and a tap
  // picks the next one. `said`: the words, or the promise of them (an accept's, said once the
  // server answered; a refusal is said by the write itself, so a failed promise says nothing).
  afterDecision(next, said, decided) {
    const tell = (words) => this.notify(this.touch ? `${words} Tap the next dashed outline to see it.`
      : `${words}${this.whereNext(decided, next)}`, "info");
    if (typeof said === "string") tell(said);
    else said.then(tell, () => {});
    if (!this.touch && next) this.selectSuggestion(next.key);
  }

  // " The next suggestion is in sentence 4." when the next one is not in the sentence of the
  // one just decided; " No more suggestions." after the last.
  whereNext(decided, next) {
    if (!next) return " No more suggestions.";
    const there = this.store.sentenceAt(next.start);
    return there !== this.store.sentenceAt(decided.start) ? ` The next suggestion is in sentence ${there + 1}.` : "";
  }

  // Accept the value suggested for a sentence's field (sentence null: the document's): set
  // at once, saved behind with the suggestion's model and score (`suggested` on the server);
  // Ctrl+Z puts back the value shown before (none: the suggestion shows again). It sends
  // `previous`, the value shown, as a label write does: a value set in another tab since is
  // not overwritten by a stale suggestion (409, naming it; the page then shows that value).
  acceptLabelSuggestion(sentence, name, { record = true } = {}) {
    if (!this.writable) return this.readOnly();
    const suggested = this.suggestions.labelFor(sentence, name);
    if (!suggested) return this.refuse(`No value suggested for ${name} here.`);
    const { store, actions } = this;
    const before = (sentence == null ? store.documentLabels.get(name) : store.sentenceLabels.get(`${sentence}|${name}`)) ?? null;
    const put = (value) => (sentence == null ? store.setDocumentLabel(name, value) : store.setSentenceLabel(sentence, name, value));
    const entry = record ? { what: `accept ${name} ${suggested.value} suggestion`,
      undo: () => actions.setLabel(sentence, name, before, { record: false }),
      redo: () => this.acceptLabelSuggestion(sentence, name, { record: false }) } : null;
    this.api.write(() => ["POST", `/suggestions/labels/${suggested.id}/accept`, { previous: before }], null, { keyless: true })
      .catch((error) => {
        put(error && error.details?.reason === "label_changed" ? error.details.value : before);
        actions.forget(entry);
        actions.failed(error);
        actions.reload();
      });
    put(suggested.value);
    if (entry) actions.record(entry);
    return true;
  }

  // Reject the selected suggestion: gone from the page, and the server remembers it for
  // this annotator. Ctrl+Z takes the rejection back (the server forgets it), as it undoes an
  // accept: a mistaken Delete must not cost the suggestion for good, nor undo an earlier edit.
  rejectSuggestion(key = this.suggestions.selected, { record = true } = {}) {
    const suggestion = key && this.suggestions.spans.get(key);
    if (!suggestion) return false;
    if (!this.writable) return this.readOnly();
    const next = this.suggestions.ordered().find((s) => s.key !== key && s.start >= suggestion.start);
    const removed = this.suggestions.remove(key);
    this.store.changed(removed.touched);
    const path = `/suggestions/${suggestion.id}/reject`;
    this.api.write(() => ["POST", path], null, { keyless: true })
      .catch((error) => { this.actions.failed(error); this.reloadSuggestions(); });
    if (record) {
      this.actions.record({
        what: `reject ${suggestion.label} suggestion`,
        undo: () => {
          this.store.changed(this.suggestions.restore(removed));
          this.selectSuggestion(key);
          this.api.write(() => ["DELETE", path], null, { keyless: true })
            .catch((error) => { this.actions.failed(error); this.reloadSuggestions(); });
        },
        redo: () => this.rejectSuggestion(key, { record: false }),
      });
    }
    if (record && this.touch) {
      this.afterDecision(next, `Rejected: the ${suggestion.label} suggestion (Undo ↶ brings it back).`);
    } else if (record) {
      // Said, since the suggestion only disappears: how to take the rejection back.
      this.afterDecision(next, `Rejected the ${suggestion.label} suggestion (Ctrl+Z brings it back).`, suggestion);
    }
    return true;
  }

  // Accept every suggestion shown that starts in the current sentence (the ones the panel
  // counts; the server accepts the same), with the suggested relations between them; one undo
  // takes them all back.
  acceptSentence(index = this.view.current, { record = true } = {}) {
    if (!this.writable && record) return this.readOnly();
    if (!this.writable || !this.suggestions.startingIn(index).length) {
      // One drawn here but started before is the sentence before's: say where, not "none".
      const drawn = this.writable ? this.suggestions.visibleIn(index) : [];
      const from = drawn.length ? this.store.sentenceAt(drawn[0].start) + 1 : null;
      if (record) {
        this.notify(from == null ? "No suggestions in this sentence."
          : `No suggestion starts in this sentence: the one running into it is sentence ${from}'s (accept it there).`, "info");
      }
      return true;
    }
    this.selectSuggestion(null, false);
    const path = `/documents/${this.documentId}/suggestions/accept`;
    this.api.write(() => ["POST", path, { sentence: index }], null, { keyless: true }).then((answer) => {
      const added = this.putAccepted(answer);
      if (record) {
        this.actions.record({
          what: `accept sentence ${index + 1}'s suggestions`,
          undo: () => {
            for (const r of added.relations) this.actions.deleteRelation(r, { record: false });
            for (const k of added.spans) this.actions.deleteSpan(k, { record: false });
          },
          redo: () => this.acceptSentence(index, { record: false }),
        });
      }
      // A skip is no failure (the rest was accepted, and the skipped ones stay offered): said
      // as information, naming the first by its label and words (the server's reason).
      const more = answer.skipped.length > 1 ? ` (and ${answer.skipped.length - 1} more)` : "";
      const skipped = answer.skipped.length
        ? `; ${answer.skipped.length} left as suggestions, which your layer does not take: ${answer.skipped[0].reason}${more}` : "";
      this.notify(`Accepted ${counted(answer.spans.length, "span")} and ${counted(answer.relations.length, "relation")}${skipped}.`, "info");
    }).catch((error) => this.actions.failed(error));
    return true;
  }

  // Accept a suggested relation, with its spans; said once the server has answered ("Not
  // linked: <its reason>." when it refused).
  acceptRelation(relationId) {
    if (!this.writable) return this.readOnly();
    const suggested = this.suggestions.relations.get(relationId);
    const what = `accept ${suggested ? suggested.type : "suggested"} link`;
    this.api.write(() => ["POST", `/suggestions/relations/${relationId}/accept`], null, { keyless: true })
      .then((answer) => {
        const selected = this.suggestions.spans.get(this.suggestions.selected);
        const added = this.putAccepted(answer);
        this.notify(this.linkedWords(answer), "info");
        // The selected suggestion is one of the relation's ends, a span of the layer now: on
        // to the next one shown, as after accepting it alone (left selected, Enter would try
        // to accept it a second time).
        if (selected && !this.suggestions.visible(selected.key)) {
          const next = this.suggestions.ordered().find((s) => s.start >= selected.start);
          this.selectSuggestion(next ? next.key : null);
        }
        this.actions.record({
          what,
          undo: () => {
            for (const r of added.relations) this.actions.deleteRelation(r, { record: false });
            for (const k of added.spans) this.actions.deleteSpan(k, { record: false });
          },
          redo: () => this.acceptRelation(relationId),
        });
      }).catch((error) => this.actions.failed(error, "Not linked"));
    return true;
  }

  // "ATTRIBUTED_TO link accepted: CLAIM “…” to SOURCE “…”." for an accepted relation.
  linkedWords(answer) {
    const [relation] = answer.relations;
    return `${relation.type} link accepted: ${this.spanWords(relation.from)} to ${this.spanWords(relation.to)}.`;
  }

  // A span of the layer by its server id, in words: CUE “said”.
  spanWords(id) {
    const span = this.store.spans.get(this.store.byId.get(id));
    return span ? `${span.label} “${this.store.text.slice(span.start, span.end)}”` : "a span";
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
      this.suggestions.load(await this.api.get(suggestionsPath(this.documentId, this.api.writeLayer)));
      this.store.changed(null);
    } catch (error) {
      this.notify(`could not reload the suggestions: ${error.message}`, "error");
    }
  }
}
