// Where the keys are, said to a screen reader (the workspace's polite #announce region): the
// sentence j / k moved to, the field 0 made active, the words → and Shift+→ selected, the
// suggestion . and , went to, the span Enter selected. The eye sees each of them marked on
// the text or the panel; without these words a screen reader user could not tell which
// sentence f / a / n or 1-9 would act on.

import { attributeChoices } from "./panels.js";

// A sentence's or span's words are cut to their first few: enough to know the place.
const WORDS_SAID = 8;

// “The first eight words of it …”, in the quotes the page uses for a span's words.
export function quoted(text) {
  const words = text.trim().split(/\s+/);
  const cut = words.length > WORDS_SAID ? `${words.slice(0, WORDS_SAID).join(" ")} …` : words.join(" ");
  return `“${cut}”`;
}

// "stance FAVOR, bias not set": the sentence fields' values on sentence `i`.
function valuesOn(ws, i) {
  return ws.store.schema.sentence_labels.map((field) => {
    const value = ws.store.sentenceLabels.get(`${i}|${field.name}`);
    const shown = value == null ? [] : [].concat(value);
    return `${field.name} ${shown.length ? shown.join(", ") : "not set"}`;
  }).join(", ");
}

// Said: the current sentence, its first words and its values ("Sentence 3 of 12: “The
// ministry denied …”; stance FAVOR, bias not set.").
export function sayCurrentSentence(ws) {
  const i = ws.view.current;
  const sentence = ws.store.sentences[i];
  if (!sentence) return;
  const values = valuesOn(ws, i);
  const words = quoted(ws.store.text.slice(sentence.start, sentence.end));
  ws.announce(`Sentence ${i + 1} of ${ws.store.sentences.length}: ${words}${values ? `; ${values}` : ""}.`);
}

// Said: the active field, its value on the current sentence and what 1-9 set there
// ("Active field stance, 1 of 2: FAVOR on sentence 3. 1 FAVOR, 2 AGAINST, 3 NONE.").
export function sayActiveField(ws) {
  const fields = ws.store.schema.sentence_labels;
  const field = fields[ws.activeField];
  if (!field) return;
  const i = ws.view.current;
  const value = ws.store.sentenceLabels.get(`${i}|${field.name}`);
  const shown = value == null ? "not set" : [].concat(value).join(", ");
  const keys = field.values.slice(0, 9).map((v, n) => `${n + 1} ${v}`).join(", ");
  ws.announce(`Active field ${field.name}, ${ws.activeField + 1} of ${fields.length}: ${shown} on sentence ${i + 1}. ${keys}.`);
}

// Said: the words selected on the text, and the span they lie in, which Enter selects.
export function saySelectedWords(ws) {
  const range = ws.view.selectionRange();
  if (!range) return;
  const [start, end] = range;
  const inside = [...ws.store.spans.values()]
    .filter((s) => s.start <= start && end <= s.end)
    .sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
  const within = inside ? `, in ${inside.label} ${quoted(ws.store.text.slice(inside.start, inside.end))} (Enter selects it)` : "";
  ws.clearHint();
  ws.announce(`Selected: ${quoted(ws.store.text.slice(start, end))}${within}.`);
}

// Said: the selected suggestion, where it is among those shown, and its keys.
export function saySuggestion(ws) {
  const key = ws.suggestions.selected;
  const all = ws.suggestions.ordered();
  const at = all.findIndex((s) => s.key === key);
  if (at < 0) return;
  const s = all[at];
  const where = ws.store.sentenceAt(s.start) + 1;
  ws.clearHint();
  ws.announce(`Suggestion ${at + 1} of ${all.length}: ${s.label} ${quoted(ws.store.text.slice(s.start, s.end))}`
    + ` in sentence ${where}. Enter accepts, Delete rejects.`);
}

// Said: the span just selected and what its keys do now.
export function saySelectedSpan(ws, key) {
  const span = ws.store.spans.get(key);
  if (!span) return;
  const words = `Span ${span.label} ${quoted(ws.store.text.slice(span.start, span.end))}`;
  const keys = ["Delete removes", "l links"];
  if (attributeChoices(ws.store.spanLabels.get(span.label)).length) keys.push("1-9 set its attributes");
  keys.push("Tab goes to its note", "Esc lets go");
  ws.clearHint();
  ws.announce(ws.writable ? `${words}: ${keys.join(", ")}.` : `${words}.`);
}
