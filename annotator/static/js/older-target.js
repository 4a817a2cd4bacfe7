// A label value given toward its field's target or description before that changed (the
// API's `given_toward`, services.schema.older_targets; its words say which): marked in the panels and on the text's
// chips, so that the annotator looks at it again. Giving a value anew takes the mark away
// (state.js), as the server then holds it under today's target.

import { el } from "./elements.js";

// "AGAINST was given when the target was 'NATO' (schema version 1): look at it again." under
// a value so given; nothing for any other value.
export function olderTargetLine(store, sentence, name, value) {
  const older = value == null ? null : store.olderTarget(sentence, name);
  if (!older) return "";
  const given = [].concat(value).join(", ");
  return el("p", { class: "older-target small", role: "note", dataset: { olderTarget: name },
    text: `${given} was ${older.words} (schema version ${older.version}): look at it again.` });
}

// The chip of a sentence's value on the text: amber, with a flag, its words in its name.
export function olderTargetChip(older, said) {
  const chip = el("span", { class: "chip chip--older", title: `${said}, ${older.words}`,
    "aria-label": `${said}, ${older.words}` }, `${said} ⚑`);
  return chip;
}
