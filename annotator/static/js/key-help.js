// The `?` overlay: every key of the workspace and what it does (a touch screen: its taps and
// buttons). All text goes in through textContent.

import { el } from "./elements.js";
import { TOUCH_HELP, touchHelpRows } from "./touch-help.js";

// What the keys make a screen reader say (workspace-announce.js, text-said.js), in the
// overlay's own part: a reader user learns there what to listen for, and that j / k held
// down say only where they stop.
export const SAID = [
  "j / k: the sentence reached, its number, first words and values. Pressed quickly, only the"
    + " sentence where the keys rest is said (after a quarter of a second), not each one passed.",
  "0: the active field, its value on the sentence and what 1–9 set.",
  "→ / Shift+→: the words selected, and the span they lie in (Enter selects it); . / ,: the"
    + " suggestion reached and its keys; a span selected: its label, words and keys.",
  "Every change (a span, a link, a value, a note, an undo) is said once saved, in words.",
  "On the text, a span is read as “[CLAIM: its words end CLAIM]”, a suggestion as “[suggested …]”.",
];

export function renderHelp(ws) {
  const said = document.getElementById("help-said");
  if (said) {
    said.hidden = Boolean(ws.touch);
    document.getElementById("help-said-list").replaceChildren(...SAID.map((words) => el("li", { text: words })));
  }
  // A touch screen hears of taps and buttons (touch-help.js), a keyboard of its keys.
  if (ws.touch) {
    document.getElementById("help-title").textContent = TOUCH_HELP.title;
    document.getElementById("close-help").textContent = TOUCH_HELP.close;
    document.getElementById("help-keys").replaceChildren(...touchHelpRows(ws.store.schema).map(([way, what]) =>
      // One cell a row, the way leading its words: a phone's column of ways was a word wide
      // and broke "Touch" and "extent" inside them.
      el("tr", {}, el("td", {}, el("strong", { text: way }), `: ${what}`))));
    return;
  }
  const rows = [
    ...ws.store.schema.span_labels.filter((l) => l.key).map((l) => [l.key, `select text, then ${l.key}: a ${l.name} span (with a span selected: relabel it)`]),
    ...ws.store.schema.sentence_labels.flatMap((field) => field.values
      .map((v, n) => [field.keys && field.keys[n], field.multiple
        ? `${field.name}: add ${v} on the current sentence (again: kept, and said so; with a span selected too)`
        : `${field.name}: ${v} on the current sentence (again: kept, and said so; with a span selected too)`])
      .filter(([key]) => key)),
    ["drag", "select text with the mouse: a drag that starts or ends inside a word takes the whole word"
      + " (for part of a word, use Shift+→ / Shift+← with Alt, which stay character-exact)"],
    ["click", "select a span (click again: the next span under the pointer; click its underline to pick that one)"],
    ["click a label", "under Span labels: what its key does, for the selected text or span"],
    ["→ / ←", "select the next / previous word (after the selected text or span; with nothing selected, the"
      + " current sentence's first / last word, an abbreviation with its dot: \"U.S.\"): where a span starts, anywhere in a sentence"],
    ["Shift+→ / Shift+←", "move the moving end of the text selection one word right / left (a word keeps an"
      + " abbreviation's dot and an opening quote; other punctuation, a sentence's end too, is a stop of its own), which grows or shrinks"
      + " the selection (with Alt: one character); with nothing selected, a selection starts at the current sentence."
      + " A label key then makes it a span"],
    ["Ctrl+→ / Ctrl+←", "with a span selected: move its end one word right / left (with Alt: one character);"
      + " it keeps its label, attributes and relations, and Ctrl+Z moves it back"],
    ["Ctrl+Shift+→ / Ctrl+Shift+←", "with a span selected: move its start one word right / left (with Alt: one character)"],
    ["Set extent", "with a span selected: select the words it should cover, then press Set extent (under Selected span)"],
    ["Delete", "remove the selected span (and its relations), or the selected relation"],
    ["Enter on words of a span", "with words selected inside a span (→ / ← to them) and no suggestion selected: select that span"
      + " (the innermost), as a click does"],
    ["Note on this span", "with a span selected: Tab from the text goes to the box in its panel (the next Tab on through the panel);"
      + " write a note on it there; leaving the box,"
      + " Ctrl+Enter or Esc saves it (and Ctrl+Enter or Esc go back to the text, where Ctrl+Z takes the note back)"],
    ["Note on a link", "with a span selected: each of its links has a box for its note under it, saved as the span's note is"],
    ["Tab, click an arc", "with no span selected, select a relation drawn over the text (hover a span to light up its arcs): its panel"
      + " shows its ends, type and note, with a box to write the note in; the arcs are"
      + " one stop for Tab, the next Tab goes on to the span labels"],
    ["→ / ← on an arc", "select the next / previous relation drawn"],
    ["1–9", "with a span selected: set its attribute value (again: kept, and said so; a digit past its choices,"
      + " or on a span whose label has no attributes, does nothing and says why: Esc first, for the sentence);"
      + " with no span selected: set a value of the active sentence field"
      + " (pressed again, the value stays; a field that takes many adds it)"],
    ["Delete on an attribute's button", "Delete on an attribute's button under Selected span, or its ×: take that value"
      + " off the span (Delete on the text removes the span itself); Ctrl+Z puts it back"],
    ["Shift+Delete", "take the active field's value off the current sentence (all its values, for a field that takes many);"
      + " Delete on a value's button under Sentence, or its ×, takes that value off; Ctrl+Z puts it back"],
    ["0", "make the next sentence field active"],
    ["l", "link the selected span: click a span marked green, or Tab / Shift+Tab through them and Enter (or l); the span stays selected, so l again starts its next link"],
    ["j / ↓, k / ↑", "next / previous sentence"],
    documentLabelsRow(ws.store.schema),
    [". / ,", "select the next / previous suggestion (dashed outlines; hover one for its score and model)"],
    ["Enter", "accept the selected suggestion: it becomes a span of your layer; with none selected (and no words of a span selected), the value suggested for the active field of the current sentence"],
    ["Delete", "with a suggestion selected: reject it (it is not shown to you again; Ctrl+Z takes it back)"],
    ["Shift+Enter", "accept every suggestion that starts in the current sentence, with the suggested relations between them"
      + " (or the Suggestions panel's Accept all N in sentence K button)"],
    ["Ctrl+Z, Ctrl+Shift+Z (or Ctrl+Y)", "undo, redo (or the bar's Undo and Redo buttons, beside the save state:"
      + " each named by what it would undo or redo, and disabled with nothing to)"],
    ["Ctrl+Enter", "mark the document done and open the next one (as Mark done does), which says which was marked done;"
      + " in the document's note box: save it and go back to the text"],
    ["Esc", "deselect, cancel linking, close this overlay"],
    ["?", "show this overlay"],
  ];
  document.getElementById("help-keys").replaceChildren(...rows.map(([key, what]) =>
    el("tr", {}, el("th", {}, el("kbd", { text: key })), el("td", { text: what }))));
}

// What a letter no label or value has says: which keys set values here instead (a
// project's values have keys only when its schema gives them), and where every key is.
export function noKeySaid(key, schema) {
  const digits = schema.sentence_labels.length ? ": 1–9 set the active field's values" : "";
  return `No label or value has key ${key} in this project${digits}; press ? for the keys.`;
}

// `g` goes to the document's labels, unless the project's schema gave `g` to a label before
// the workspace kept it (keys.js asks the schema's keys first): that label keeps it, its own
// row says what `g` does, and this row how the document's labels are reached instead.
function documentLabelsRow(schema) {
  const owner = gOwner(schema);
  if (owner) {
    return ["document's labels", `Tab through the panels to them (or click): in this project g is ${owner}'s key`
      + " (its schema gave it before g went to the document's labels)"];
  }
  return ["g", "go to the document's labels (its first field); Esc goes back to the text. Ctrl+Enter and Ctrl+Z act from a"
    + " field's list as from the text; its letters choose a value"];
}

function gOwner(schema) {
  const label = schema.span_labels.find((l) => l.key === "g");
  if (label) return label.name;
  for (const field of schema.sentence_labels) {
    const n = (field.keys || []).indexOf("g");
    if (n >= 0) return `${field.name} ${field.values[n]}`;
  }
  return null;
}
