// The layer as the page holds it: spans, relations and labels, with offsets in code units.
//
// Rows are known by a local key that never changes, because the server id of a span changes
// when an undo re-creates it; `id` is the server's current id (null while being created).

import { OffsetMap } from "./offsets.js";

let counter = 0;

// The key of a label value in Store.olderTargets: its sentence (null: the document) and field.
function olderKey(sentence, name) { return `${sentence == null ? "document" : sentence}|${name}`; }

export function localKey(prefix) { counter += 1; return `${prefix}${counter}`; }

export class Store {
  constructor(documentData, schema) {
    this.text = documentData.text;
    this.map = new OffsetMap(this.text);
    this.sentences = documentData.sentences.map((s) => {
      const [start, end] = this.map.rangeToUnits(s.start, s.end);
      // `opens`: a paragraph or a line of the text starts here (render.js draws the gap).
      return { index: s.index, start, end, opens: s.opens || null };
    });
    this.starts = this.sentences.map((s) => s.start);
    this.schema = schema;
    // What each label field's values are toward on this document, as the API resolved it
    // (a sentence field by name, a document field as "document:NAME"): a field may take
    // each document's own target from its meta.
    this.targets = documentData.targets || {};
    this.spanLabels = new Map(schema.span_labels.map((l, i) => [l.name, { ...l, order: i }]));
    this.spans = new Map();
    this.relations = new Map();
    this.byId = new Map(); // server span id -> local key
    this.sentenceLabels = new Map(); // "index|name" -> value
    this.documentLabels = new Map(); // name -> value
    // The values given toward an older target or description of their field (the API's
    // `given_toward`: {target, version, words, changed, description?}), by olderKey; a value
    // given again here is given toward today's.
    this.olderTargets = new Map();
    this.buckets = this.sentences.map(() => new Set()); // sentence -> span keys touching it
    this.listeners = new Set();
  }

  // The target of a label field on this document (null: none); `document`: a document field.
  targetOf(field, document = false) {
    return this.targets[document ? `document:${field.name}` : field.name] ?? null;
  }

  onChange(listener) { this.listeners.add(listener); }

  // Tell listeners which sentences need drawing again (null: all of them).
  changed(sentences) { for (const listener of this.listeners) listener(sentences); }

  // The index of the sentence holding code-unit offset `u` (the last starting at or before it).
  sentenceAt(u) {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= u) lo = mid + 1; else hi = mid;
    }
    return Math.max(lo - 1, 0);
  }

  sentencesOf(span) {
    const first = this.sentenceAt(span.start);
    const last = this.sentenceAt(Math.max(span.end - 1, span.start));
    const out = [];
    for (let i = first; i <= last; i += 1) out.push(i);
    return out;
  }

  // Load a layer answer of the API (offsets in code points).
  load(layer) {
    this.spans.clear();
    this.relations.clear();
    this.byId.clear();
    this.buckets.forEach((b) => b.clear());
    for (const span of layer.spans) this.putServerSpan(span, localKey("s"), false);
    for (const relation of layer.relations) this.putServerRelation(relation, localKey("r"), false);
    this.sentenceLabels.clear();
    for (const l of layer.sentence_labels) this.sentenceLabels.set(`${l.sentence}|${l.name}`, l.value);
    this.documentLabels.clear();
    for (const l of layer.document_labels) this.documentLabels.set(l.name, l.value);
    this.olderTargets.clear();
    for (const l of [...layer.sentence_labels, ...layer.document_labels]) {
      if (l.given_toward) this.olderTargets.set(olderKey(l.sentence ?? null, l.name), l.given_toward);
    }
    this.changed(null);
  }

  putServerSpan(server, key, notify = true) {
    const [start, end] = this.map.rangeToUnits(server.start, server.end);
    return this.putSpan({
      key, id: server.id, label: server.label, start, end,
      attributes: server.attributes || {}, version: server.version,
      // {model, score} when the span came from an accepted suggestion (kept by the server).
      suggested: server.suggested || null,
      // Its annotator's notes on it from another tool (brat's # lines), a line each.
      note: server.note || null,
    }, notify);
  }

  putSpan(span, notify = true) {
    const old = this.spans.get(span.key);
    const touched = new Set(old ? this.sentencesOf(old) : []);
    if (old) for (const i of this.sentencesOf(old)) this.buckets[i].delete(span.key);
    if (old && old.id != null) this.byId.delete(old.id);
    this.spans.set(span.key, span);
    if (span.id != null) this.byId.set(span.id, span.key);
    for (const i of this.sentencesOf(span)) { this.buckets[i].add(span.key); touched.add(i); }
    if (notify) this.changed([...touched]);
    return span;
  }

  removeSpan(key) {
    const span = this.spans.get(key);
    if (!span) return [];
    const gone = [...this.relations.values()].filter((r) => r.from === key || r.to === key);
    for (const r of gone) this.relations.delete(r.key);
    this.spans.delete(key);
    if (span.id != null) this.byId.delete(span.id);
    const touched = this.sentencesOf(span);
    for (const i of touched) this.buckets[i].delete(key);
    for (const r of gone) touched.push(...this.relationSentences(r, span));
    this.changed(touched);
    return gone;
  }

  putServerRelation(server, key, notify = true) {
    const from = this.byId.get(server.from);
    const to = this.byId.get(server.to);
    if (!from || !to) return null;
    // Its annotator's note on it (brat's # lines on R, or written in the span panel).
    return this.putRelation({ key, id: server.id, type: server.type, from, to, note: server.note || null }, notify);
  }

  putRelation(relation, notify = true) {
    this.relations.set(relation.key, relation);
    if (notify) this.changed(this.relationSentences(relation));
    return relation;
  }

  removeRelation(key) {
    const relation = this.relations.get(key);
    this.relations.delete(key);
    if (relation) this.changed(this.relationSentences(relation));
  }

  relationSentences(relation, removed = null) {
    const out = [];
    for (const k of [relation.from, relation.to]) {
      const span = this.spans.get(k) || removed;
      if (span) out.push(...this.sentencesOf(span));
    }
    return out;
  }

  relationsOf(key) {
    return [...this.relations.values()].filter((r) => r.from === key || r.to === key);
  }

  // The span of the layer with this label and these offsets, if there is one: the same label
  // on the same text is the same span (a second copy would count twice everywhere).
  sameSpan({ label, start, end }) {
    for (const key of this.buckets[this.sentenceAt(start)]) {
      const span = this.spans.get(key);
      if (span.start === start && span.end === end && span.label === label) return span;
    }
    return null;
  }

  // A span of `label` sharing a character with [start, end), or null.
  overlapping({ label, start, end }) {
    for (const i of this.sentencesOf({ start, end })) {
      for (const key of this.buckets[i]) {
        const span = this.spans.get(key);
        if (span.label === label && span.start < end && start < span.end) return span;
      }
    }
    return null;
  }

  // The spans touching sentence `i`, sorted by start, longest first.
  spansIn(i) {
    return [...this.buckets[i]].map((k) => this.spans.get(k))
      .sort((a, b) => a.start - b.start || b.end - a.end || a.key.localeCompare(b.key));
  }

  setSentenceLabel(index, name, value) {
    const key = `${index}|${name}`;
    if (value == null) this.sentenceLabels.delete(key); else this.sentenceLabels.set(key, value);
    this.olderTargets.delete(olderKey(index, name));
    this.changed([index]);
  }

  setDocumentLabel(name, value) {
    if (value == null) this.documentLabels.delete(name); else this.documentLabels.set(name, value);
    this.olderTargets.delete(olderKey(null, name));
    this.changed([]);
  }

  // The older target a sentence's (null: the document's) value was given toward, or null.
  olderTarget(sentence, name) { return this.olderTargets.get(olderKey(sentence, name)) || null; }

  // The span in code points, as the API takes it.
  serverOffsets(span) { return this.map.rangeToCodePoints(span.start, span.end); }

  // Relation types allowed from span a to span b: [{type, from, to}] with ends resolved,
  // trying both directions so that linking works whichever end was chosen first. A link
  // the layer already has, or one more than the type's max_per_source leaving its `from`
  // span (which the server refuses), is not offered.
  allowedLinks(a, b) {
    const out = [];
    for (const t of this.schema.relation_types) {
      if (t.from.includes(a.label) && t.to.includes(b.label)) out.push({ type: t.name, from: a, to: b, max: t.max_per_source });
      else if (t.from.includes(b.label) && t.to.includes(a.label)) out.push({ type: t.name, from: b, to: a, max: t.max_per_source });
    }
    const relations = [...this.relations.values()];
    return out.filter((link) => {
      const leaving = relations.filter((r) => r.type === link.type && r.from === link.from.key);
      if (leaving.some((r) => r.to === link.to.key)) return false;
      return link.max == null || leaving.length < link.max;
    });
  }
}
