// The side panels: label palette, the selected span, linking, sentence and document labels,
// and notes (the key overlay is key-help.js). All text goes in through textContent.

import { oncePerClick, redraw } from "./controls.js";
import { el } from "./elements.js";
import { linkList } from "./link-list.js";
import { NOTE_STATES, readDraft } from "./note.js";
import { olderTargetLine } from "./older-target.js";
import { showNoteConflict } from "./note-conflict.js";
import { suggestedLinkList } from "./suggested-links.js";
import { heldOutAccuracy, modelAndScore } from "./suggestions.js";
import { counted } from "./wording.js";

function swatch(color) {
  const box = el("span", { class: "swatch", "aria-hidden": "true" });
  box.style.setProperty("--c", color);
  return box;
}

// The attribute values of a span label, numbered 1..9 in schema order.
export function attributeChoices(label) {
  const out = [];
  for (const attribute of (label && label.attributes) || []) {
    for (const value of attribute.values) out.push({ attribute, value });
  }
  return out.slice(0, 9);
}

// Each label is a button that does what its key does, for the mouse (and a label without a
// key). Pressing it must not take the text selection away: its mousedown is not acted on.
export function renderPalette(ws, box, schema) {
  box.replaceChildren(...schema.span_labels.map((label) => el("li", { class: "palette__item" },
    el("button", { type: "button", class: "palette__pick", title: label.description || "", disabled: !ws.mayWrite,
      dataset: { label: label.name },
      onmousedown: (event) => event.preventDefault(), onclick: () => ws.labelKey(label) },
    swatch(label.color), el("kbd", { text: label.key || "–" }), el("span", { class: "palette__name", text: label.name })))));
}

export function renderSpanPanel(ws) {
  const { store, view } = ws;
  const panel = document.getElementById("span-panel");
  const box = document.getElementById("span-details");
  const span = view.selected && store.spans.get(view.selected);
  panel.hidden = !span;
  if (!span) { box.replaceChildren(); return; }
  const label = store.spanLabels.get(span.label);
  const parts = [
    el("p", { class: "span-head" }, swatch(label ? label.color : "#777"),
      el("strong", { text: span.label }), " ", el("q", { dir: "auto", class: "span-text", text: store.text.slice(span.start, span.end) })),
  ];
  // A move the server (or the text's edge) refused, said where the span is shown.
  const refusal = ws.extentRefusal && ws.extentRefusal.key === span.key ? ws.extentRefusal.message : null;
  if (refusal) parts.push(el("p", { class: "notice span-refusal", id: "span-refusal", dataset: { kind: "error" }, text: refusal }));
  if (span.suggested) {
    parts.push(el("p", { class: "muted small", id: "span-provenance",
      text: `From an accepted suggestion: ${modelAndScore(span.suggested)}` }));
  }
  if (ws.mayWrite) parts.push(spanNoteBox(ws, span));
  else if (span.note) {
    // A layer read, not written: the note as text, its lines kept.
    parts.push(el("div", { class: "span-note", id: "span-note" },
      el("p", { class: "muted small span-note__head", text: "Note" }),
      el("p", { class: "span-note__text", dir: "auto", text: span.note })));
  }
  const choices = attributeChoices(label);
  if (choices.length) {
    const list = el("ul", { class: "attributes" });
    choices.forEach((choice, i) => {
      const value = span.attributes[choice.attribute.name];
      const on = Array.isArray(value) ? value.includes(choice.value) : value === choice.value;
      const name = choice.attribute.name;
      // A value's button sets it (pressed again: kept, and said so); its × takes it off.
      list.append(el("li", {},
        el("button", { type: "button", class: `attr${on ? " is-on" : ""}`, "aria-pressed": on ? "true" : "false",
          disabled: !ws.mayWrite, dataset: { focus: `attr:${name}:${choice.value}`, attribute: name, value: choice.value },
          onclick: oncePerClick(() => ws.setAttribute(i)) },
        el("kbd", { text: String(i + 1) }), ` ${name}: ${choice.value}`),
        on && ws.mayWrite ? el("button", { type: "button", class: "value-off", "aria-label": `Take ${name} ${choice.value} off the ${span.label} span`,
          title: `Take ${choice.value} off this span`, dataset: { focus: `attr-off:${name}:${choice.value}`,
            focusAfter: `attr:${name}:${choice.value}`, attribute: name, value: choice.value },
          onclick: oncePerClick(() => ws.takeAttribute(name, choice.value)) }, "×") : ""));
    });
    parts.push(list);
  }
  const relations = store.relationsOf(span.key);
  if (relations.length) parts.push(linkList(ws, span, relations));
  const suggestedLinks = suggestedLinkList(ws, span);
  if (suggestedLinks) parts.push(suggestedLinks);
  if (ws.mayWrite) {
    parts.push(el("p", {},
      el("button", { type: "button", class: "button button--quiet", id: "remove-span", onclick: () => ws.deleteSelected() },
        el("kbd", { text: "Delete" }), " Remove span"), " ",
      el("button", { type: "button", class: "button button--quiet", id: "link-span", onclick: () => ws.startLink() },
        el("kbd", { text: "l" }), " Link"), " ",
      // Like a label button, pressing it must not take the text selection away.
      el("button", { type: "button", class: "button button--quiet", id: "set-extent",
        title: "Make this span cover the words selected on the text (its label, attributes and relations stay)",
        onmousedown: (event) => event.preventDefault(), onclick: () => ws.setExtent() }, "Set extent")),
    el("p", { class: "muted small keys-hint", text: "Label key or a label above: relabel · Esc: deselect"
      + " · Ctrl+→ / Ctrl+←: move its end a word, with Shift its start, with Alt a character" }),
    el("p", { class: "muted small", id: "extent-hint", text: "Other words: select them, then Set extent." }));
  }
  redraw(box, ...parts);
}

// The selected span's note, written here (its note box, note-box.js, saves it when the box is
// left or on Ctrl+Enter), with its save state under it as the document note's.
function spanNoteBox(ws, span) {
  const area = el("textarea", { id: "span-note-text", class: "span-note__box", rows: "2", dir: "auto",
    maxlength: String(ws.noteMost), dataset: { focus: "span-note" }, "aria-describedby": "span-note-state span-note-hint",
    placeholder: "e.g. unsure of the source" });
  const said = ws.spanNotes.attach(area, span, { id: "span-note-state", class: "note-state small" });
  // A layer marked done or skipped takes no note until Reopen: the box is read, not typed in
  // (what was typed there was never saved, the refusal coming only as the box was left).
  area.readOnly = ws.closed;
  return el("div", { class: "span-note span-note--writable", id: "span-note" },
    el("label", { for: "span-note-text", class: "muted small span-note__head", text: "Note on this span" }),
    area, said,
    el("p", { class: "muted small keys-hint", id: "span-note-hint",
      text: ws.closed ? ws.closedWords() : "Saved when you leave the box (Ctrl+Enter or Esc: save and back to the text)." }));
}

// The suggestions: how many are shown (or why none), and the selected one with its
// suggested relations, each with a button that accepts it.
export function renderSuggestionPanel(ws) {
  const panel = document.getElementById("suggestion-panel");
  if (!panel) return;
  const { suggestions, store } = ws;
  const box = document.getElementById("suggestion-details");
  // A narrow window shows the panel only with a selection, or to say why a done layer keeps
  // its suggestions back (workspace.css).
  panel.classList.remove("has-selection", "is-paused");
  if (!ws.mayWrite || !ws.view.suggestions) { panel.hidden = true; return; }
  panel.hidden = false;
  if (suggestions.hidden) {
    box.replaceChildren(el("p", { class: "muted", id: "suggestions-hidden", text: `Hidden: ${suggestions.hidden}.` }));
    return;
  }
  if (suggestions.paused) {
    // No suggestion is selected on a done layer: a phone, which showed the panel only with
    // one, never said why the suggestions had gone. Said there while some are kept back.
    panel.classList.toggle("is-paused", Boolean(suggestions.spans.size || suggestions.labels.size));
    box.replaceChildren(el("p", { class: "muted", id: "suggestions-paused", text: suggestions.paused }));
    return;
  }
  // The label values suggested where the layer has none: they are suggestions too, shown
  // under their fields and marked on their sentences, so the panel counts them.
  const labelsLine = labelSuggestionCount(ws);
  // None made for this document (no model yet, say): said once, without the keys, which would
  // have nothing to go to.
  if (!suggestions.spans.size) {
    box.replaceChildren(labelsLine || el("p", { class: "muted small", id: "suggestions-none", text: "None for this document." }));
    return;
  }
  const shown = suggestions.ordered();
  const inSentence = suggestions.startingIn(ws.view.current).length;
  const parts = [el("p", { class: "muted small", id: "suggestion-count",
    text: `${shown.length} shown · ${inSentence} in sentence ${ws.view.current + 1}` })];
  if (labelsLine) parts.push(labelsLine);
  const span = suggestions.selected && suggestions.spans.get(suggestions.selected);
  panel.classList.toggle("has-selection", Boolean(span));
  if (span) {
    const label = store.spanLabels.get(span.label);
    parts.push(el("p", { class: "span-head" }, swatch(label ? label.color : "#777"),
      el("strong", { text: span.label }), " ", el("q", { dir: "auto", class: "span-text", text: store.text.slice(span.start, span.end) })),
    el("p", { class: "muted small", text: suggestions.describe(span) }),
    el("p", {},
      el("button", { type: "button", class: "button", id: "accept-suggestion", onclick: () => ws.acceptSuggestion() },
        el("kbd", { text: "Enter" }), " Accept"), " ",
      el("button", { type: "button", class: "button button--quiet", id: "reject-suggestion", onclick: () => ws.rejectSuggestion() },
        el("kbd", { text: "Delete" }), " Reject")));
    const relations = suggestions.relationsOf(span.key);
    if (relations.length) {
      const list = el("ul", { class: "relations suggested-relations" });
      for (const { relation, other, outgoing } of relations) {
        list.append(el("li", {}, `${relation.type} ${outgoing ? "→" : "←"} ${other.label} `,
          el("q", { dir: "auto", text: store.text.slice(other.start, other.end) }), " ",
          el("button", { type: "button", class: "button button--quiet", text: "accept with its spans",
            dataset: { relation: String(relation.id) }, onclick: () => ws.acceptRelation(relation.id) })));
      }
      parts.push(el("p", { class: "small", text: "Suggested relations:" }), list);
    }
  }
  // Shift+Enter's button, for a touch screen or a mouse: it accepts what the count says starts
  // in the current sentence (the selected suggestion's). With one, Accept does as much.
  if (inSentence > 1) {
    parts.push(el("p", {},
      el("button", { type: "button", class: "button button--quiet", id: "accept-sentence",
        title: "Accept every suggestion shown that starts in this sentence, with the suggested relations between them",
        onclick: () => ws.acceptSentence() },
      el("kbd", { text: "Shift+Enter" }), " ",
      el("span", { class: "accept-sentence__what", text: `Accept all ${inSentence} in sentence ${ws.view.current + 1}` }))));
  }
  parts.push(el("p", { class: "muted small keys-hint", text: ". / ,: next / previous suggestion · Shift+Enter: accept all in the sentence" }));
  box.replaceChildren(...parts);
}

export function renderLinkPanel(ws) {
  const panel = document.getElementById("link-panel");
  const text = document.getElementById("link-details");
  const link = ws.linking;
  panel.hidden = !link;
  if (!link) return;
  const target = link.candidates[link.at];
  // A touch screen has no Tab, Enter or Esc: it taps a span, or Cancel.
  const how = ws.touch ? "Tap a span marked green to link it, or Cancel. " : "Tab: next · Enter: link · click a span · Esc: cancel. ";
  text.replaceChildren(
    link.candidates.length
      ? `${counted(link.candidates.length, "span")} can be linked to this one; this is ${link.at + 1} of ${link.candidates.length}. ${how}`
      : `No span in this document can be linked to this one (or its links are all drawn). ${ws.touch ? "Cancel" : "Esc"}: cancel. `,
    target ? el("strong", { text: `${target.links[0].type}: ${target.span.label} “${ws.store.text.slice(target.span.start, target.span.end)}”` }) : "",
  );
}

export function renderSentencePanel(ws) {
  const { store, view } = ws;
  const i = view.current;
  document.getElementById("sentence-number").textContent = String(i + 1);
  const box = document.getElementById("sentence-fields");
  const fields = store.schema.sentence_labels;
  if (!fields.length) { box.replaceChildren(el("p", { class: "muted", text: "No sentence labels." })); return; }
  const rows = fields.map((field, f) => {
    const value = store.sentenceLabels.get(`${i}|${field.name}`);
    const active = f === ws.activeField;
    // Each field's values are a group named by the field's button; that button makes the
    // field active (the one 1-9 and 0 act on), which it says as the current one, not as a
    // pressed toggle (the values' buttons are the toggles: set or not).
    return el("div", { class: `field-row${active ? " is-active" : ""}`, dataset: { field: field.name },
      role: "group", "aria-labelledby": `field-name-${f}` },
      el("button", { type: "button", class: "field-row__name", title: field.description || "", id: `field-name-${f}`,
        "aria-current": active ? "true" : null, dataset: { focus: `field:${field.name}` },
        onclick: () => ws.setActiveField(f) },
      field.name + (store.targetOf(field) ? ` (${store.targetOf(field)})` : "") + requiredWords(field)),
      el("span", { class: "field-row__values" }, ...field.values.flatMap((v, n) => {
        const on = Array.isArray(value) ? value.includes(v) : value === v;
        const hinted = suggestedLabel(ws, i, field.name);
        const isSuggested = hinted && hinted.value === v;
        // A value's button sets it (pressed again: kept, and said so); its × takes it off.
        const button = el("button", { type: "button", class: `value${on ? " is-on" : ""}${isSuggested ? " is-suggested" : ""}`,
          "aria-pressed": on ? "true" : "false",
          disabled: !ws.mayWrite, dataset: { focus: `value:${field.name}:${v}`, field: field.name, value: v },
          onclick: oncePerClick(() => ws.setSentenceValue(f, n)) },
        active && n < 9 ? el("kbd", { text: String(n + 1) }) : "",
        field.keys && field.keys[n] ? el("kbd", { text: field.keys[n] }) : "", ` ${v}${isSuggested ? "?" : ""}`);
        if (!ws.mayWrite) return [button];
        // The × has its room beside every value, set or not: put in the row when a value was
        // set, it moved the values after it (at 390 px, onto another line).
        const off = on ? el("button", { type: "button", class: "value-off", "aria-label": `Take ${field.name} ${v} off sentence ${i + 1}`,
          title: `Take ${v} off this sentence`, dataset: { focus: `value-off:${field.name}:${v}`, focusAfter: `value:${field.name}:${v}`, field: field.name, value: v },
          onclick: oncePerClick(() => ws.takeSentenceValue(field.name, v)) }, "×")
          : el("span", { class: "value-room", "aria-hidden": "true" });
        return [el("span", { class: "value-slot" }, button, off)];
      })),
      olderTargetLine(store, i, field.name, value),
      labelSuggestionLine(ws, i, field.name, active));
  });
  redraw(box, ...rows,
    el("p", { class: "muted small keys-hint", text: "j/k: sentence · 1–9: value of the active field · 0: next field · Shift+Delete: take the active field's value off" }));
}

// A required field (schema "required": true) says so beside its name: Mark done is refused
// while it has no value (services/annotation/required.py).
function requiredWords(field) {
  return field.required ? " · required" : "";
}

// Once Mark done was refused for it (workspace-status.js showMissingRequired), a required
// document field with no value is marked as the sentences lacking one are: a dashed
// "genre: required" under it, which its control names as its description, until it has one.
function missingMark(ws, field, value) {
  const given = Array.isArray(value) ? value.length > 0 : value != null;
  if (!field.required || given || !ws.view.requiredShown) return null;
  return el("span", { class: "chip chip--missing", id: `doc-missing-${field.name}`, text: `${field.name}: required`,
    title: `${field.name} needs a value before the document can be marked done` });
}

export function renderDocumentPanel(ws) {
  const { store } = ws;
  const box = document.getElementById("document-fields");
  const fields = store.schema.document_labels;
  // A narrow window's sheet offers the document's labels only when there are some.
  document.getElementById("document-toggle").hidden = !fields.length;
  if (!fields.length) { box.replaceChildren(el("p", { class: "muted", text: "No document labels." })); return; }
  redraw(box, ...fields.map((field) => {
    const value = store.documentLabels.get(field.name);
    const id = `doc-label-${field.name}`;
    const target = store.targetOf(field, true);
    const named = field.name + (target ? ` (${target})` : "") + requiredWords(field);
    const missing = missingMark(ws, field, value);
    const marked = missing ? { "aria-invalid": "true", "aria-describedby": missing.id } : {};
    if (field.multiple) {
      return el("fieldset", { class: `doc-field${missing ? " is-missing" : ""}`, ...marked }, el("legend", { text: named }),
        missing || "", olderTargetLine(store, null, field.name, value),
        ...field.values.map((v) => el("label", {}, el("input", { type: "checkbox", name: field.name, value: v,
          checked: Array.isArray(value) && value.includes(v), disabled: !ws.mayWrite,
          // A double click is one change, as on the value buttons.
          dataset: { focus: `doc:${field.name}:${v}` }, onclick: oncePerClick(() => {}),
          onchange: (event) => {
            if (!ws.writable) { ws.readOnly(); renderDocumentPanel(ws); return; }
            const now = new Set(store.documentLabels.get(field.name) || []);
            if (event.target.checked) now.add(v); else now.delete(v);
            ws.setDocumentLabel(field, now.size ? field.values.filter((x) => now.has(x)) : null);
          } }), ` ${v}`)));
    }
    const hint = labelSuggestionLine(ws, null, field.name, false);
    const select = el("select", { id, name: field.name, disabled: !ws.mayWrite, dataset: { focus: `doc:${field.name}` }, ...marked,
      onchange: (event) => {
        if (!ws.writable) { ws.readOnly(); renderDocumentPanel(ws); return; }
        ws.setDocumentLabel(field, event.target.value || null);
      } },
    el("option", { value: "", text: "—" }),
    ...field.values.map((v) => el("option", { value: v, text: v, selected: v === value })));
    return el("div", { class: `doc-field${missing ? " is-missing" : ""}` }, el("label", { for: id, text: named }),
      missing || "", select, olderTargetLine(store, null, field.name, value), hint);
  }));
}

// "2 sentence labels and 1 document label suggested": the label values the panels show as
// suggested now (none while the layer has a value there); null when there are none.
function labelSuggestionCount(ws) {
  const { schema } = ws.store;
  let sentences = 0;
  for (let i = 0; i < ws.store.sentences.length; i += 1) {
    sentences += schema.sentence_labels.filter((f) => suggestedLabel(ws, i, f.name)).length;
  }
  const documents = schema.document_labels.filter((f) => suggestedLabel(ws, null, f.name)).length;
  const parts = [[sentences, "sentence label"], [documents, "document label"]]
    .filter(([n]) => n).map(([n, what]) => counted(n, what));
  if (!parts.length) return null;
  return el("p", { class: "muted small", id: "suggestion-labels-count", text: `${parts.join(" and ")} suggested` });
}

// The value suggested for a sentence's field (sentence null: the document's) while the
// layer has none there and the annotator may see suggestions; null otherwise.
function suggestedLabel(ws, sentence, name) {
  if (!ws.mayWrite || !ws.view.suggestions) return null;
  return ws.suggestions.labelFor(sentence, name);
}

// "Suggested: FAVOR · score 0.87 · model 1 · the model was right on 80% of held-out sentences
// [Enter Accept]" under a field with a suggestion.
function labelSuggestionLine(ws, sentence, name, active) {
  const suggested = suggestedLabel(ws, sentence, name);
  if (!suggested) return "";
  const where = sentence == null ? "doc" : "sentence";
  return el("p", { class: "label-suggestion small", dataset: { field: name, where } },
    el("span", { class: "label-suggestion__what",
      text: `Suggested: ${suggested.value} · ${[modelAndScore(suggested), heldOutAccuracy(suggested)].filter(Boolean).join(" · ")} ` }),
    el("button", { type: "button", class: "button button--quiet", dataset: { acceptLabel: `${where}:${name}` },
      title: "Set the suggested value (keeps which model suggested it); choose another value to ignore it",
      onclick: oncePerClick(() => ws.acceptLabelSuggestion(sentence, name)) },
    active ? el("kbd", { text: "Enter" }) : "", " Accept"));
}

export function renderNotes(ws, notes) {
  const box = document.getElementById("notes");
  if (ws.own) {
    const stored = notes.find((n) => n.annotator === ws.user);
    const mine = stored || { note: "", unsure: false };
    const area = el("textarea", { id: "note-text", rows: "3", maxlength: "10000", "aria-label": "Your note on this document" });
    area.value = mine.note;
    const unsure = el("input", { type: "checkbox", id: "note-unsure", checked: mine.unsure });
    const state = el("p", { id: "note-state", class: "note-state small", "aria-live": "polite", dataset: { state: stored ? "saved" : "none" }, text: stored ? NOTE_STATES.saved : NOTE_STATES.none });
    const saver = ws.noteSaver((name, message) => {
      state.dataset.state = name;
      state.textContent = NOTE_STATES[name] + (message ? ` ${message}` : "");
    }, stored ? stored.version : 0);
    // Typed on this document in this tab and not stored (logged out meanwhile, the page
    // left while offline): put back in the box once, and saved over the version it was typed
    // on (a note stored since from elsewhere makes that the conflict below).
    if (!ws.noteDraftRead) {
      ws.noteDraftRead = true;
      const draft = readDraft(saver.draftKey);
      if (draft && (draft.note !== mine.note || Boolean(draft.unsure) !== mine.unsure)) {
        area.value = draft.note;
        unsure.checked = Boolean(draft.unsure);
        saver.version = Number(draft.version) || 0;
        saver.changed(area.value, unsure.checked);
      } else if (draft) saver.forgetDraft(); // stored as typed
    }
    // Saved in another tab since: both notes shown, the annotator chooses (note-conflict.js).
    ws.noteConflict = (message, version) => showNoteConflict(ws, saver, { area, unsure, version });
    const typed = () => saver.changed(area.value, unsure.checked);
    area.addEventListener("input", typed);
    unsure.addEventListener("change", () => { typed(); saver.flush(); });
    area.addEventListener("change", () => saver.flush());
    box.replaceChildren(area, state, el("label", { class: "unsure" }, unsure, " Unsure about this document"),
      el("p", { class: "muted small", text: "Reviewers see your note and flag." }));
    return;
  }
  const shown = ws.layer === "gold" ? notes : notes.filter((n) => n.annotator === ws.layer);
  if (!shown.length) { box.replaceChildren(el("p", { class: "muted", text: "No notes." })); return; }
  box.replaceChildren(...shown.map((n) => el("div", { class: "note" },
    el("strong", { text: n.annotator }), n.unsure ? el("span", { class: "status status--in_progress", text: " unsure" }) : "",
    el("p", { class: "note__text", text: n.note || "(no note)" }))));
}
