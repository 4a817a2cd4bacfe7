// The suggestions layer as the page holds it: drawn apart from the layer being annotated
// (dashed outlines, never in the store's spans) until the annotator accepts one.
//
// A suggestion is known by "g" + its server id. One is not shown when the annotator
// rejected it (the server leaves it out) or when the layer already holds it: a span of its
// label over any of its characters (accepting hides it, and undoing the accept shows it
// again), a value for its field there. A span the annotator drew wider or narrower ("Ms. Ng"
// for the rules' "Ng", a claim with its full stop) is their answer to the same suggestion,
// and accepting it as well made an overlapping copy.
//
// What "held" means is the server's rule (services/assist/held.py), which the API's list
// applies by itself. The page asks for the held ones too (`suggestionsPath`) and applies the
// rule again, here, to the layer as it stands on the page (`taken`, `labelFor`): the layer
// changes under it without a reload (deleting the span that held one offers it again, an
// accept hides it at once), and a suggested relation may end at a held span. A browser test
// (tests/browser/test_workspace_held_suggestions.py) holds the two to the same answer.

export const PREFIX = "g";

// The path of a document's suggestions as the workspace reads them: every one, the held too
// (marked `held`), as the layer being written holds them (`?layer=gold` for gold). The page
// preloads this very address (views/annotate.py).
export function suggestionsPath(documentId, writeLayer) {
  const layer = writeLayer ? `&layer=${encodeURIComponent(writeLayer)}` : "";
  return `/documents/${documentId}/suggestions?include_held=1${layer}`;
}

export function isSuggestion(key) {
  return typeof key === "string" && key.startsWith(PREFIX);
}

export class Suggestions {
  constructor(store) {
    this.store = store;
    this.spans = new Map(); // key -> {key, id, label, start, end, score, model} (code units)
    this.relations = new Map(); // server id -> {id, type, from, to} (suggestion keys)
    this.buckets = store.sentences.map(() => new Set()); // sentence -> suggestion keys
    this.selected = null;
    this.hidden = null; // why the project hides them now, or null
    // Why they are not offered while the layer is marked done or skipped (the workspace's
    // suggestionsPausedWords), or null: none is then shown, drawn or counted.
    this.paused = null;
    this.labels = new Map(); // "index|name" ("doc|name") -> {id, sentence, name, value, score, model, accuracy}
  }

  // The value suggested for a sentence's field (sentence null: the document's), shown only
  // while the layer has none there: a value set, by accepting or by choosing another, is the
  // annotator's answer to it, as a span over a suggestion is (`taken`); the server's rule
  // (services/assist/held.py `holds_label`), asked again as the layer changes on the page.
  labelFor(sentence, name) {
    const suggested = this.labels.get(`${sentence ?? "doc"}|${name}`);
    if (!suggested || this.paused) return null;
    const now = sentence == null ? this.store.documentLabels.get(name) : this.store.sentenceLabels.get(`${sentence}|${name}`);
    return now == null ? suggested : null;
  }

  // Load a GET /documents/<id>/suggestions answer (offsets in code points).
  load(layer) {
    this.spans.clear();
    this.relations.clear();
    this.buckets.forEach((b) => b.clear());
    this.hidden = layer.hidden || null;
    for (const s of layer.spans) {
      const [start, end] = this.store.map.rangeToUnits(s.start, s.end);
      const span = { key: `${PREFIX}${s.id}`, id: s.id, label: s.label, start, end, score: s.score, model: s.model };
      this.spans.set(span.key, span);
      for (const i of this.store.sentencesOf(span)) this.buckets[i].add(span.key);
    }
    for (const r of layer.relations) {
      this.relations.set(r.id, { id: r.id, type: r.type, from: `${PREFIX}${r.from}`, to: `${PREFIX}${r.to}` });
    }
    this.labels.clear();
    for (const l of [...(layer.sentence_labels || []), ...(layer.document_labels || [])]) {
      const sentence = l.sentence ?? null;
      this.labels.set(`${sentence ?? "doc"}|${l.name}`,
        { id: l.id, sentence, name: l.name, value: l.value, score: l.score, model: l.model, accuracy: l.accuracy ?? null });
    }
  }

  // Whether the layer being annotated, as it is now, holds this suggestion (then it is not
  // shown): a span of its label over it. The server's rule (services/assist/held.py
  // `span_holding`), asked again here as the layer changes on the page.
  taken(span) {
    return this.store.overlapping(span) !== null;
  }

  visible(key) {
    const span = this.spans.get(key);
    return Boolean(span) && !this.paused && !this.taken(span);
  }

  // The suggestions shown in sentence i (drawn there, wherever they start), in reading order.
  visibleIn(i) {
    const out = [];
    if (this.paused) return out;
    for (const key of this.buckets[i] || []) if (this.visible(key)) out.push(this.spans.get(key));
    return out.sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
  }

  // The suggestions shown that start in sentence i, in reading order: the ones that belong
  // to it, as a span belongs to the sentence its start is in (the export's `sentence`). What
  // the panel counts for the sentence and what accepting it writes (the server takes those
  // that start in it); one running into it from the sentence before is drawn there, but is
  // that sentence's.
  startingIn(i) {
    return this.visibleIn(i).filter((span) => this.store.sentenceAt(span.start) === i);
  }

  // Every shown suggestion, in reading order.
  ordered() {
    if (this.paused) return [];
    return [...this.spans.values()].filter((s) => !this.taken(s))
      .sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
  }

  // A rejected suggestion leaves the page (for good, unless the rejection is undone: then
  // `restore` puts back what `remove` answered).
  remove(key) {
    const span = this.spans.get(key);
    if (!span) return [];
    this.spans.delete(key);
    const gone = [];
    for (const [id, r] of this.relations) {
      if (r.from === key || r.to === key) { gone.push(r); this.relations.delete(id); }
    }
    const touched = this.store.sentencesOf(span);
    for (const i of touched) this.buckets[i].delete(key);
    if (this.selected === key) this.selected = null;
    return { span, relations: gone, touched };
  }

  // Put back a removed suggestion with its suggested relations whose other end is still here.
  restore({ span, relations }) {
    this.spans.set(span.key, span);
    for (const r of relations) if (this.spans.has(r.from) && this.spans.has(r.to)) this.relations.set(r.id, r);
    const touched = this.store.sentencesOf(span);
    for (const i of touched) this.buckets[i].add(span.key);
    return touched;
  }

  // The suggested relations at a suggested span, with the span at the other end.
  relationsOf(key) {
    const out = [];
    for (const r of this.relations.values()) {
      if (r.from !== key && r.to !== key) continue;
      const other = this.spans.get(r.from === key ? r.to : r.from);
      if (other) out.push({ relation: r, other, outgoing: r.from === key });
    }
    return out;
  }

  // The suggested relations a suggestion completes once accepted: those at it whose other
  // end the layer holds now (a span of its label over it). The server writes them with the
  // accept (services/assist/decisions.py accept_span), unless one more would leave the
  // layer's span at their "from" end than the type's max_per_source (then it is offered
  // still: `offeredAt`); the page says them as it accepts. Each with the layer's span at the
  // other end.
  completedBy(key) {
    const out = [];
    for (const { relation, other, outgoing } of this.relationsOf(key)) {
      const held = this.store.overlapping(other);
      if (held && (outgoing || this.roomFrom(relation.type, held))) out.push({ relation, held, outgoing });
    }
    return out;
  }

  // Whether the layer's span `from` takes one more relation of `type` leaving it.
  roomFrom(type, from) {
    const kind = this.store.schema.relation_types.find((t) => t.name === type);
    if (!kind || kind.max_per_source == null) return true;
    const leaving = [...this.store.relations.values()].filter((r) => r.type === type && r.from === from.key);
    return leaving.length < kind.max_per_source;
  }

  // The suggested relations at a span of the layer whose two ends the layer holds, but not
  // linked so (a link the layer refused, or removed since): still offered, under the span's
  // links. Each with the layer's span at the other end.
  offeredAt(span) {
    const out = [];
    if (this.paused) return out;
    for (const relation of this.relations.values()) {
      const ends = [this.spans.get(relation.from), this.spans.get(relation.to)];
      if (!ends[0] || !ends[1]) continue;
      const [from, to] = ends.map((end) => this.store.overlapping(end));
      if (!from || !to || (from.key !== span.key && to.key !== span.key)) continue;
      const linked = [...this.store.relations.values()].some((r) => r.type === relation.type && r.from === from.key && r.to === to.key);
      if (!linked) out.push({ relation, held: from.key === span.key ? to : from, outgoing: from.key === span.key });
    }
    return out;
  }

  describe(span) {
    return `Suggested ${span.label} · ${modelAndScore(span)}`;
  }
}

// "score 0.87 · model 3": what made a suggestion, and how sure it was; also said of a span
// of the layer that came from an accepted one.
export function modelAndScore({ model, score }) {
  return `score ${typeof score === "number" ? score.toFixed(2) : "?"} · model ${model}`;
}

// "the model was right on 38% of held-out documents": a suggested label's score is how sure
// its classifier is of the value, which can read 0.99 where the field's held-out accuracy
// (stored by the training) is 0.375; "" when the training stored none.
export function heldOutAccuracy({ accuracy, sentence }) {
  if (typeof accuracy !== "number") return "";
  const units = sentence == null ? "documents" : "sentences";
  return `the model was right on ${Math.round(accuracy * 100)}% of held-out ${units}`;
}
