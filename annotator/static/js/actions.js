// Every user action: one change on the page at once, one API write behind it, and its
// inverse on the undo stack. Undo and redo are API writes too, so the server always holds
// what the page shows. Each entry says `what` it did in a few words ("CLAIM span"), which the
// Undo and Redo buttons are named by; `onHistory` hears of every change to the two stacks.

import { localKey } from "./state.js";
import { touchScreen } from "./touch.js";
import { idToCome } from "./unsent.js";

// A span create refused because the layer holds that span (409 naming it in `details.span`):
// the answer the page goes on with, or undefined for any other refusal.
function existingSpan(error) {
  const id = error.status === 409 && error.details ? error.details.span : undefined;
  return id == null ? undefined : { id, existing: true };
}

// What is said after an undo or a redo: the way to take it back, a key on a keyboard's screen,
// the bar's other button (by its name and arrow) on a touch screen, which has no keys.
// What was undone or redone is named, in the words the Undo button was named by ("Undone:
// stance FAVOR on sentence 15 (Ctrl+Shift+Z redoes it)."): what is undone may be far from
// the text on screen, and a screen reader user hears nothing else of it. An entry may say
// what its undo brings back (`undone`: "stance AGAINST back on sentence 3"), said in place of
// "Undone: ...": a value taken off far from the text on screen came back unseen.
const AFTER = {
  undo: { done: "Undone", keys: "(Ctrl+Shift+Z redoes it).", touch: "(the Redo button ↷ puts it back)." },
  redo: { done: "Redone", keys: "(Ctrl+Z undoes it again).", touch: "(the Undo button ↶ takes it back again)." },
};

function afterWords(which, entry) {
  const { done } = AFTER[which];
  const how = AFTER[which][touchScreen() ? "touch" : "keys"];
  if (which === "undo" && entry.undone) return `${entry.undone} ${how}`;
  return entry.what ? `${done}: ${entry.what} ${how}` : `${done} ${how}`;
}

// What setting a label did, in words: "stance FAVOR on sentence 2", "clear genre".
function labelWords(sentence, name, value) {
  const shown = Array.isArray(value) ? value.join(", ") : value;
  const what = value == null || shown === "" ? `clear ${name}` : `${name} ${shown}`;
  return sentence == null ? what : `${what} on sentence ${sentence + 1}`;
}

const STATUS_WORDS = { done: "mark done", skipped: "skip", in_progress: "reopen" };

export class Actions {
  constructor({ api, store, documentId, readPath, notify, onHistory = () => {}, closed = () => null }) {
    this.api = api;
    this.store = store;
    this.doc = documentId;
    this.readPath = readPath; // GET path of this layer
    this.notify = notify; // (message, kind) -> void
    this.onHistory = onHistory; // () -> void: the undo or redo stack changed
    this.closed = closed; // () -> why the layer takes no write now (done, skipped), or null
    this.undoStack = [];
    this.redoStack = [];
    this.serverIds = new Map(); // span key -> server id, kept after the span leaves the page
    this.statusWrites = 0; // status writes made: one made since another answers undid it
    this.relationIds = new Map(); // relation key -> server id, as serverIds for spans
    // span key -> the version the server last answered, kept after the span leaves the page
    // (as serverIds): a removal queued behind a change sends the version that change made.
    this.versions = new Map();
  }

  record(entry) {
    this.undoStack.push(entry);
    this.redoStack.length = 0;
    this.onHistory();
  }

  // What undo (or redo) would take back (put again), in words; null with nothing to.
  next(which) {
    const stack = which === "undo" ? this.undoStack : this.redoStack;
    return stack.length ? stack[stack.length - 1].what : null;
  }

  // Take an entry off both stacks: its write was refused, so there is nothing to undo (an
  // entry left there made Undo say "Undone" and do nothing). None (a write not recorded): no-op.
  forget(entry) {
    if (!entry) return;
    for (const stack of [this.undoStack, this.redoStack]) {
      const at = stack.indexOf(entry);
      if (at >= 0) stack.splice(at, 1);
    }
    this.onHistory();
  }

  undo() { this.replay(this.undoStack, this.redoStack, "undo"); }

  redo() { this.replay(this.redoStack, this.undoStack, "redo"); }

  replay(from, to, which) {
    const entry = from[from.length - 1];
    if (!entry) { this.notify(`Nothing to ${which}.`, "info"); return null; }
    // A layer marked done takes back or puts again only its status (Ctrl+Z after Done reopens).
    const closed = entry.status ? null : this.closed();
    if (closed) { this.notify(closed, "info"); return null; }
    from.pop();
    entry[which]();
    to.push(entry);
    this.onHistory();
    // Said, as every other key says what it did: what is undone may be far from the text on
    // screen (a label of another sentence), and a notice of the step before stayed up.
    this.notify(afterWords(which, entry), "info");
    return entry;
  }

  spanId(key) {
    const span = this.store.spans.get(key);
    const id = span && span.id != null ? span.id : this.serverIds.get(key);
    if (id != null) return id;
    // Built to be kept while offline, behind the write that makes the span (unsent.js).
    const coming = idToCome(key);
    if (coming) return coming;
    throw new Error("that span was not saved");
  }

  // The version of a span the page holds: the one on the page, else the last answered.
  heldVersion(key) {
    const span = this.store.spans.get(key);
    return span && span.version != null ? span.version : this.versions.get(key);
  }

  // A server's answer gave a span `version`: the page's span takes it, and it is kept for a
  // write queued after the span left the page.
  answered(key, version) {
    this.versions.set(key, version);
    const current = this.store.spans.get(key);
    if (current) this.store.putSpan({ ...current, version }, false);
  }

  // `refused`: what the write would have made, said before the server's reason ("Not
  // linked": a link announced only once the server took it, and its refusal said as one).
  failed(error, refused = null) {
    // Marked done or skipped elsewhere (another tab): the page's words, not the API's. A row
    // removed elsewhere (api.js words it) is not saved; the stale notice says what to do.
    const closed = error.code === "layer_done" ? this.closed() : null;
    // Mark done refused for a blank required field: a sentence, in the bar's words ("Not
    // marked done: ..."), not the API's lower-case "cannot mark done: ...".
    const required = error.details?.reason === "required_missing"
      ? `Not marked done: ${error.message.replace(/^cannot mark done:\s*/i, "")}.` : null;
    const why = error.gone ? `Not saved: ${error.message}.` : error.message;
    this.notify(closed || required || (refused ? `${refused}: ${error.message}.` : why), "error");
  }

  // -- spans ----------------------------------------------------------------------------

  // `when`: asked as the write's turn comes; false sends nothing (an undo of a removal the
  // server refused: the span is still there, as the reload after the refusal shows).
  createSpan(props, { key = localKey("s"), record = true, when = null } = {}) {
    const { store } = this;
    const [start, end] = store.serverOffsets(props);
    const body = { label: props.label, start, end };
    if (props.attributes && Object.keys(props.attributes).length) body.attributes = props.attributes;
    // A span put back by an undo of its removal comes back with its note.
    if (props.note) body.note = props.note;
    // The request goes out first and the span is drawn while it travels: drawing takes a few
    // milliseconds that the save need not wait for.
    const entry = record ? { what: `${props.label} span`, undo: () => this.deleteSpan(key, { record: false }),
      redo: () => this.createSpan(props, { key, record: false }) } : null;
    this.api.write(() => (when && !when() ? null : ["POST", `/documents/${this.doc}/spans`, body]), (answer) => {
      this.serverIds.set(key, answer.id);
      if (answer.existing) { this.adoptSpan(key, props, entry); return; }
      this.versions.set(key, answer.version);
      const span = store.spans.get(key);
      if (span) store.putSpan({ ...span, id: answer.id, version: answer.version }, false);
    }, { settle: (error) => existingSpan(error), makes: key }).catch((error) => { store.removeSpan(key); this.forget(entry); this.failed(error); });
    store.putSpan({ key, id: null, version: null, attributes: {}, ...props });
    if (entry) this.record(entry);
    return key;
  }

  // The layer had the span already (made in another tab since this page read the layer): the
  // server refused a copy naming it, and the page shows that span, as made there, in place of
  // the one it drew. Undo then has nothing of this page's to take back.
  adoptSpan(key, props, entry) {
    this.forget(entry);
    this.notify(`These words are already a ${props.label} span (made elsewhere, another tab?): selected it.`, "info");
    const span = this.store.spans.get(key);
    if (span) this.store.putSpan({ ...span, id: this.serverIds.get(key) }, false);
    this.reloadSpan(key);
  }

  // The DELETE carries the version the page holds: the server refuses it (409) if the span
  // was changed elsewhere since (another tab), as it refuses a stale change, and the page then
  // reads the layer again. An undo of a refused removal puts nothing back, even one pressed
  // before the refusal came: the span it would make again is still there, changed.
  deleteSpan(key, { record = true } = {}) {
    const { store } = this;
    const span = store.spans.get(key);
    if (!span) return;
    if (span.id != null) this.serverIds.set(key, span.id);
    if (span.version != null) this.versions.set(key, span.version);
    const relations = store.removeSpan(key);
    const props = { label: span.label, start: span.start, end: span.end, attributes: span.attributes,
      note: span.note || null };
    const removal = { done: false }; // whether the server removed it; asked by the undo's writes
    const landed = () => removal.done;
    const entry = record ? {
      what: `remove ${span.label} span`,
      undo: () => this.restoreSpan(key, props, relations, landed),
      redo: () => this.deleteSpan(key, { record: false }),
    } : null;
    this.api.write(() => {
      const version = this.heldVersion(key);
      return ["DELETE", `/spans/${this.spanId(key)}${version == null ? "" : `?version=${version}`}`];
    }, () => { removal.done = true; }, { settle: (error) => this.goneAlready(error, "span") })
      .catch((error) => {
        this.forget(entry);
        if (error.stale) this.notify(`Not removed: ${error.message}. Reloaded the layer from the server.`, "error");
        else this.failed(error); // a layer marked done elsewhere says so, with Reopen
        this.reload();
      });
    if (entry) this.record(entry);
  }

  // Put a removed span back as it was: the server restores its deletion, so the span keeps
  // its id (and its note, attributes and the links removed with it keep theirs), and the
  // layer's history goes on naming one span. Drawn at once, as a create is. `when`: as a
  // create takes it. Refused (an identical span made meanwhile, in another tab: 409 naming
  // it), the page says why and reads the layer again, which shows the span that is there.
  restoreSpan(key, props, relations, when) {
    const { store } = this;
    store.putSpan({ key, id: this.serverIds.get(key) ?? null, version: null, attributes: {}, ...props });
    for (const relation of relations) store.putRelation({ ...relation });
    this.api.write(() => (when && !when() ? null
      : ["POST", `/documents/${this.doc}/spans/${this.spanId(key)}/restore`]), (answer) => {
      this.serverIds.set(key, answer.id);
      this.versions.set(key, answer.version);
      // As the server put it back: what its latest removal found, which a redo after a
      // change may have taken from a later state than the one this undo drew.
      store.putServerSpan(answer, key);
      this.relinked(relations, answer);
    }, { keyless: true }).catch((error) => this.notPutBack(error, "span",
      `these words are a ${props.label} span again, made elsewhere (another tab?)`));
  }

  // The links a restored span brought back, each with its id, shown as the server holds
  // them: one it could not put back (its other span gone since) leaves the page, with the
  // server's reason; one the drawing lacked (made after this undo's removal, taken by a
  // later one) or back under another id (its own taken: a database from before ids were
  // never reused) is drawn.
  relinked(relations, answer) {
    const back = new Set(answer.relations.map((relation) => relation.id));
    const drawn = new Set(relations.map((relation) => relation.id));
    for (const relation of relations) {
      if (!back.has(relation.id)) this.store.removeRelation(relation.key);
    }
    for (const relation of answer.relations) {
      if (!drawn.has(relation.id)) this.store.putServerRelation(relation, localKey("r"));
    }
    if (answer.skipped.length) this.notify(`Not put back: ${answer.skipped.join("; ")}.`, "error");
  }

  // A restore refused: said, and the layer read again. `again`: the page's words for the
  // row being in the layer again, made elsewhere (the server's name it by a change and an id
  // the page never shows). One that landed before (a retry whose first answer was lost) is
  // refused naming this very row: nothing to say then.
  notPutBack(error, kind, again) {
    const there = error.status === 409 && error.details ? error.details[kind] : undefined;
    if (error.code === "layer_done" || error.sessionGone) this.failed(error);
    else if (there == null) this.notify(`Not put back: ${error.message}.`, "error");
    else if (!this.ownRow(kind, there)) this.notify(`Not put back: ${again}.`, "error");
    this.reload();
  }

  // Whether the page holds a row of that kind with that server id (a restore's own row).
  ownRow(kind, id) {
    const rows = kind === "span" ? this.store.spans : this.store.relations;
    return [...rows.values()].some((row) => row.id === id);
  }

  // Change a span's label, attributes and/or note; a stale version (409) reloads that span.
  // Returns the write, for a caller that shows its own save state (the span's note box).
  patchSpan(key, changes, { record = true, keepalive = false, undone = null } = {}) {
    const { store } = this;
    const span = store.spans.get(key);
    if (!span) return;
    const before = {};
    for (const name of Object.keys(changes)) before[name] = span[name];
    store.putSpan({ ...span, ...changes });
    const relabelled = "label" in changes && changes.label !== before.label;
    const part = "attributes" in changes ? "attributes" : "note";
    const entry = record ? {
      what: relabelled ? `relabel ${before.label} as ${changes.label}` : `${span.label} span's ${part}`, undone,
      undo: () => this.patchSpan(key, before, { record: false }),
      redo: () => this.patchSpan(key, changes, { record: false }),
    } : null;
    // The version as the write's turn comes (heldVersion: the span may have left the page
    // meanwhile, removed and put back by keys pressed faster than the server answers).
    const write = this.api.write(() => ["PATCH", `/spans/${this.spanId(key)}`, { ...changes, version: this.heldVersion(key) }],
      (answer) => this.answered(key, answer.version), { keepalive });
    write.catch((error) => {
      this.forget(entry);
      if (existingSpan(error)) {
        // A relabelling onto a span the layer has (made elsewhere): this one is put back.
        this.notify(`Not changed: ${error.message}.`, "error");
        this.reloadSpan(key);
      } else if (error.stale) {
        this.notify(`Not saved: ${error.message}. Reloaded it from the server.`, "error");
        this.reloadSpan(key);
      } else {
        this.failed(error);
        this.reload();
      }
    });
    if (entry) this.record(entry);
    return write;
  }

  // Move a span to [start, end) (code units): it keeps its key, id, label, attributes and
  // relations. The schema's rules (overlap, offsets) are the server's: a refusal (422) puts
  // the span back where it was, takes the move off the undo stack and hands the server's
  // words to `refused`; a stale version (409) reloads the span, as for any other change.
  moveSpan(key, start, end, { record = true, refused = () => {} } = {}) {
    const { store } = this;
    const span = store.spans.get(key);
    if (!span) return;
    const before = [span.start, span.end];
    store.putSpan({ ...span, start, end });
    const entry = record ? {
      what: `move ${span.label} span`,
      undo: () => this.moveSpan(key, before[0], before[1], { record: false, refused }),
      redo: () => this.moveSpan(key, start, end, { record: false, refused }),
    } : null;
    this.api.write(() => {
      const [from, to] = store.serverOffsets({ start, end });
      return ["PATCH", `/spans/${this.spanId(key)}`, { start: from, end: to, version: this.heldVersion(key) }];
    }, (answer) => this.answered(key, answer.version)).catch((error) => {
      // A move onto a span the layer has (made elsewhere) is refused as a rule's breach is.
      if (error.status === 422 || existingSpan(error)) {
        // Only this move is taken back: a later one drawn since stays as it is.
        const current = store.spans.get(key);
        if (current && current.start === start && current.end === end) {
          store.putSpan({ ...current, start: before[0], end: before[1] });
        }
        if (entry) this.forget(entry);
        refused(error.message, key);
      } else if (error.stale) {
        this.notify(`Not saved: ${error.message}. Reloaded it from the server.`, "error");
        this.reloadSpan(key);
      } else {
        this.failed(error);
        this.reload();
      }
    });
    if (entry) this.record(entry);
  }

  // -- relations ------------------------------------------------------------------------

  // `note`: a relation put back by an undo of its removal (or of its span's) comes back with
  // its note, as a span does.
  // `when`: as a span's create takes it.
  // `saved`: called once the server has taken the link (the page says so then, not before);
  // a refusal is then said as "Not linked: <the server's reason>."
  createRelation(type, from, to, { key = localKey("r"), record = true, note = null, when = null, saved = null } = {}) {
    const { store } = this;
    store.putRelation({ key, id: null, type, from, to, note: note || null });
    const entry = record ? { what: `${type} link`, undo: () => this.deleteRelation(key, { record: false }),
      redo: () => this.createRelation(type, from, to, { key, record: false, note }) } : null;
    this.api.write(
      () => (when && !when() ? null : ["POST", `/documents/${this.doc}/relations`,
        { type, from: this.spanId(from), to: this.spanId(to), ...(note ? { note } : {}) }]),
      (answer) => {
        this.relationIds.set(key, answer.id);
        const relation = store.relations.get(key);
        if (relation) relation.id = answer.id;
        if (saved) saved(answer);
      },
      { makes: key },
    ).catch((error) => {
      store.removeRelation(key); this.forget(entry); this.failed(error, saved ? "Not linked" : null);
    });
    if (entry) this.record(entry);
    return key;
  }

  // A removal refused because the span or link was removed elsewhere already (404): what the
  // removal wanted is so, so it is no failure ("Not saved" read as if the row were still
  // there); said as information, and the page goes on. Undefined for any other refusal.
  goneAlready(error, row) {
    if (error.gone !== row) return undefined;
    this.notify(`This ${row} had already been removed elsewhere (another tab, or a reviewer).`, "info");
    return { gone: true };
  }

  // The server's id of a relation, kept after the relation leaves the page (a write queued
  // before its removal is sent after it has gone from the store).
  relationId(key) {
    const relation = this.store.relations.get(key);
    const id = relation && relation.id != null ? relation.id : this.relationIds.get(key);
    if (id != null) return id;
    const coming = idToCome(key); // as a span's (spanId)
    if (coming) return coming;
    throw new Error("that relation was not saved");
  }

  deleteRelation(key, { record = true } = {}) {
    const { store } = this;
    const relation = store.relations.get(key);
    if (!relation) return;
    if (relation.id != null) this.relationIds.set(key, relation.id);
    store.removeRelation(key);
    const entry = record ? { what: `remove ${relation.type} link`,
      undo: () => this.restoreRelation(relation),
      redo: () => this.deleteRelation(key, { record: false }) } : null;
    this.api.write(() => ["DELETE", `/relations/${this.relationId(key)}`], null,
      { settle: (error) => this.goneAlready(error, "link") })
      .catch((error) => { this.forget(entry); this.failed(error); this.reload(); });
    if (entry) this.record(entry);
  }

  // Put a removed link back with its id and note (the server restores its deletion), as
  // restoreSpan puts back a span.
  restoreRelation(relation) {
    this.store.putRelation({ ...relation });
    this.api.write(() => ["POST", `/documents/${this.doc}/relations/${this.relationId(relation.key)}/restore`],
      (answer) => {
        this.relationIds.set(relation.key, answer.id);
        const shown = this.store.relations.get(relation.key);
        if (shown) shown.id = answer.id;
      }, { keyless: true }).catch((error) => this.notPutBack(error, "relation",
        `that ${relation.type} link is there again, made elsewhere (another tab?)`));
  }

  // Write a relation's note (null: none), one change undone by Ctrl+Z. Returns the write, for
  // the link's note box, which shows its own save state.
  patchRelation(key, note, { record = true, keepalive = false } = {}) {
    const { store } = this;
    const relation = store.relations.get(key);
    if (!relation) return Promise.reject(new Error("that relation is gone"));
    const before = relation.note || null;
    store.putRelation({ ...relation, note });
    const entry = record ? { what: `${relation.type} link's note`,
      undo: () => this.patchRelation(key, before, { record: false }),
      redo: () => this.patchRelation(key, note, { record: false }) } : null;
    const write = this.api.write(() => ["PATCH", `/relations/${this.relationId(key)}`, { note }], null, { keepalive });
    write.catch((error) => { this.forget(entry); this.failed(error); this.reload(); });
    if (entry) this.record(entry);
    return write;
  }

  // -- labels and status ----------------------------------------------------------------

  // `undone`: what an undo of this write brings back, in words (a take-off's).
  setLabel(sentence, name, value, { record = true, undone = null } = {}) {
    const { store } = this;
    const before = sentence == null
      ? store.documentLabels.get(name) ?? null
      : store.sentenceLabels.get(`${sentence}|${name}`) ?? null;
    if (JSON.stringify(before) === JSON.stringify(value)) return;
    if (sentence == null) store.setDocumentLabel(name, value);
    else store.setSentenceLabel(sentence, name, value);
    // Refused: the value shown goes back to what it was (should reading the layer again fail
    // too, the page must not show a value that is not saved), or, changed elsewhere, to the
    // value the server names; then the layer is read again.
    const show = (shown) => (sentence == null ? store.setDocumentLabel(name, shown) : store.setSentenceLabel(sentence, name, shown));
    const entry = record ? { what: labelWords(sentence, name, value), undone, undo: () => this.setLabel(sentence, name, before, { record: false }),
      redo: () => this.setLabel(sentence, name, value, { record: false }) } : null;
    // `previous`: the value this page shows, so that one set in another tab (or by a reviewer)
    // since is not overwritten, nor wiped by an undo here: 409, naming the value stored.
    this.api.write(() => ["PUT", `/documents/${this.doc}/labels`, { sentence, name, value, previous: before }])
      .catch((error) => {
        show(error && error.details?.reason === "label_changed" ? error.details.value : before);
        this.forget(entry);
        this.failed(error);
        this.reload();
      });
    if (entry) this.record(entry);
  }

  // Counted in `statusWrites`: a caller that acts once its write is saved (Done goes on to
  // the next document) does not when a later one was made meanwhile (Ctrl+Z undid it).
  // `onRefused`: the page shows the status it had, the write refused (shown at once, as the
  // other edits are, it said "Done" over a refusal).
  setStatus(status, before, { record = true, onSaved, onRefused } = {}) {
    this.statusWrites += 1;
    const back = before === "new" ? "in_progress" : before;
    const entry = record && before ? { what: STATUS_WORDS[status] || status, status: true,
      undo: () => this.setStatus(back, null, { record: false, onSaved, onRefused }),
      redo: () => this.setStatus(status, null, { record: false, onSaved, onRefused }) } : null;
    const write = this.api.write(() => ["PUT", `/documents/${this.doc}/status`, { status }]);
    write.then((answer) => onSaved && onSaved(answer)).catch((error) => {
      this.forget(entry);
      this.failed(error);
      if (onRefused) onRefused(error);
    });
    if (entry) this.record(entry);
    return write;
  }

  // -- reading back ---------------------------------------------------------------------

  // The layer read again once this page's queued writes are all answered: read while some
  // were still on their way, it showed the server before them, and they (their answers
  // landing on rows the read replaced) never showed after. Reloads asked meanwhile are one.
  reload() {
    if (!this.reloading) {
      this.reloading = this.api.idle().then(() => { this.reloading = null; return this.readAgain(); });
    }
    return this.reloading;
  }

  async readAgain() {
    try {
      const layer = await this.api.get(this.readPath);
      // Undo entries hold local keys of rows that no longer exist: start afresh.
      this.undoStack.length = 0;
      this.redoStack.length = 0;
      this.onHistory();
      this.store.load(layer);
    } catch (error) {
      this.notify(`could not reload: ${error.message}`, "error");
    }
  }

  async reloadSpan(key) {
    const span = this.store.spans.get(key);
    if (!span) return;
    const layer = await this.api.get(this.readPath);
    const server = layer.spans.find((s) => s.id === span.id);
    if (server) { this.versions.set(key, server.version); this.store.putServerSpan(server, key); }
    else this.store.removeSpan(key);
  }
}
