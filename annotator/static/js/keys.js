// The keyboard: every key of the `?` overlay, in one handler.

import { noKeySaid } from "./key-help.js";
import { saySelectedSpan, saySelectedWords } from "./workspace-announce.js";
import { selectionMove, wordAfter, wordBefore } from "./words.js";

// Inputs that take no typing: a tick box takes only Space (a button-like input, Enter and
// Space), so the workspace's keys act there as on a button: Ctrl+Enter marks the document
// done from "Unsure about this document". Radio buttons, ranges and selects keep their arrows.
const KEYLESS_INPUTS = new Set(["checkbox", "button", "submit", "reset"]);

function typing(target) {
  const field = target && target.closest ? target.closest("input, textarea, select, [contenteditable]") : null;
  return field !== null && !(field.tagName === "INPUT" && KEYLESS_INPUTS.has(field.type));
}

// A control that takes no typing (a select, a radio button, a range): its letters and arrows
// are its own (a select's letters pick a value), but Ctrl+Enter and Ctrl+Z / Ctrl+Shift+Z /
// Ctrl+Y are the workspace's, as on a button: from a document field's select, Ctrl+Enter did
// nothing. Esc from a document field goes back to the text (`g` came there).
const TEXT_INPUTS = new Set(["text", "search", "email", "url", "tel", "password", "number", "date",
  "datetime-local", "month", "time", "week"]);

function workspaceKeyOnControl(ws, event) {
  const field = event.target && event.target.closest ? event.target.closest("input, select") : null;
  if (!field || (field.tagName === "INPUT" && TEXT_INPUTS.has(field.type))) return false;
  if (event.key === "Escape" && field.closest("#document-fields")) { ws.focusText(); return true; }
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return false;
  const key = event.key.toLowerCase();
  return (key === "enter" || key === "z" || key === "y") && handle(ws, event, new Map(), new Map());
}

// `g`: to the document's labels, its first field (24 Tabs from the text); Esc goes back.
function toDocumentLabels(ws) {
  const first = document.querySelector("#document-fields select, #document-fields input");
  if (!first) return ws.refuse("This project has no document labels.");
  const sheet = document.getElementById("document-toggle");
  // A narrow window's sheet, folded: opened first (a wide window shows the panel unfolded).
  if (sheet && sheet.getClientRects().length && sheet.getAttribute("aria-expanded") === "false") sheet.click();
  first.focus({ preventScroll: true });
  first.scrollIntoView({ block: "nearest" });
  return true;
}

// Enter and Space on a focused button or link press it (on a tick box, Space ticks it and
// Enter does nothing): the workspace keys leave them be.
function onControl(target) {
  return Boolean(target && target.closest && target.closest("button, a[href], summary, input"));
}

// Shift+arrows move the selection's moving end (its focus) a word right or left (with Alt, a
// character), which grows or shrinks it; with none, one starts at the current sentence, so
// that text can be selected without a mouse. A word's stops are ours (selectionMove in
// words.js), not the browser's, which ended a word at "Dr." and took a quote mark alone.
function extendSelection(ws, forward, unit) {
  const selection = window.getSelection();
  const text = document.getElementById("text");
  if (!selection.rangeCount || !text.contains(selection.anchorNode)) {
    const row = ws.view.rows[ws.view.current];
    const first = row && row.querySelector(".seg");
    if (!first || !first.firstChild) return true;
    selection.collapse(first.firstChild, 0);
  }
  if (unit === "character") {
    selection.modify("extend", forward ? "forward" : "backward", unit);
    saySelectedWords(ws);
    return true;
  }
  const { view } = ws;
  const moved = selectionMove(ws.store, view.pointToUnits(selection.anchorNode, selection.anchorOffset, "start"),
    view.pointToUnits(selection.focusNode, selection.focusOffset, "start"), forward);
  if (moved == null) return ws.refuse(`The selection reaches the ${forward ? "end" : "start"} of the text.`);
  const [anchor, to] = moved;
  const from = view.unitsToPoint(anchor, to >= anchor ? "start" : "end");
  const at = view.unitsToPoint(to, to >= anchor ? "end" : "start");
  if (from && at) selection.setBaseAndExtent(from[0], from[1], at[0], at[1]);
  if (at) (at[0].parentElement || at[0]).scrollIntoView({ block: "nearest" });
  saySelectedWords(ws);
  return true;
}

// → / ← select the next / previous whole word: where a span starts, anywhere in a sentence
// (Shift+arrows then grow the selection from there). From the selected text or span, the word
// after its end (before its start); with neither, the current sentence's first (last) word.
// The sentence of the word becomes the current one.
function stepWord(ws, forward) {
  const { store } = ws;
  const { sentences } = store;
  const span = ws.view.selected && ws.store.spans.get(ws.view.selected);
  const range = ws.view.selectionRange() || (span ? [span.start, span.end] : null);
  const sentence = sentences[ws.view.current];
  let word;
  if (range) word = forward ? wordAfter(store, range[1]) : wordBefore(store, range[0]);
  else if (sentence) word = forward ? wordAfter(store, sentence.start) : wordBefore(store, sentence.end);
  if (!word) return ws.refuse(forward ? "This is the last word of the text." : "This is the first word of the text.");
  ws.view.setCurrent(store.sentenceAt(word[0]), false);
  ws.select(null); // a selected span or suggestion lets go; the panels show the sentence
  window.getSelection().removeAllRanges();
  ws.view.selectUnits(word[0], word[1]);
  const focus = window.getSelection().focusNode;
  const holder = focus && (focus.nodeType === Node.TEXT_NODE ? focus.parentElement : focus);
  if (holder) holder.scrollIntoView({ block: "nearest" });
  saySelectedWords(ws);
  return true;
}

// Tab from the text with a span selected: to the span's note box (the first of its panel's
// controls when it has none, a layer read-only), as the help promises. Past the text, the
// first stop was the arcs', whose focus selects a relation and so let go of the span and
// its box, which the later stops never reached. With no span selected the arcs keep it.
function tabToSpanPanel(ws, target) {
  const fromText = target && target.closest && target.closest("#text") && !target.closest("#text .arc");
  const panel = document.getElementById("span-panel");
  if (!fromText || !ws.view.selected || panel.hidden) return false;
  const stop = panel.querySelector("#span-note-text")
    || panel.querySelector("textarea, input, select, button:not([disabled]), a[href], [tabindex='0']");
  if (!stop) return false;
  // The panel's head (which span) in view with its box: a phone's sheet scrolled to the box
  // alone, the span's label and words above it cut off.
  stop.focus({ preventScroll: true });
  ws.showPanel(panel);
  stop.scrollIntoView({ block: "nearest" });
  return true;
}

// Enter with words selected in the text (no suggestion selected): the span they lie in,
// the innermost, becomes the selected one, so that its keys (Ctrl+arrows, l, Delete) and its
// note are a key away without a mouse.
function selectSpanOfWords(ws) {
  if (ws.suggestions.selected) return false;
  const range = ws.view.selectionRange();
  if (!range) return false;
  const around = [...ws.store.spans.values()]
    .filter((s) => s.start <= range[0] && range[1] <= s.end)
    .sort((a, b) => (a.end - a.start) - (b.end - b.start));
  if (!around.length) return false;
  window.getSelection().removeAllRanges();
  ws.select(around[0].key);
  saySelectedSpan(ws, around[0].key);
  return true;
}

// Ctrl+Enter (or Esc) in the document's note box: saved now and back to the text, as a
// span's note box does (note-box.js); the box's other keys are its own.
function leaveDocumentNote(ws, event) {
  const ctrl = event.ctrlKey || event.metaKey;
  if (event.target.id !== "note-text" || !((ctrl && event.key === "Enter") || event.key === "Escape")) return;
  if (ws.noteSaving) ws.noteSaving.flush();
  ws.focusText();
  event.preventDefault();
}

// Shift+Delete: the active field's value (all, for a field that takes many) off the current
// sentence.
function takeActiveValue(ws) {
  const field = ws.store.schema.sentence_labels[ws.activeField];
  if (!field) return ws.refuse("This project has no sentence labels.");
  return ws.takeSentenceValue(field.name);
}

// Delete (or Backspace) on a value's button or its ×: under Sentence, that value off the
// current sentence; under Selected span, that attribute value off the span. Shift: the
// active field's value, from anywhere. The only keys that take a value off. Delete takes
// off what has the focus: a span or suggestion selected takes the focus off a value's
// button (ws.leaveValueButton), so a button that has it was gone to after the selection.
// After a take-off the focus goes back to the text, so that the next Delete is the text's.
function takeValueByKey(ws, event) {
  const at = event.target && event.target.closest ? event.target : null;
  const attribute = at && at.closest("#span-details [data-attribute]");
  if (attribute) {
    ws.takeAttribute(attribute.dataset.attribute, attribute.dataset.value);
    ws.focusText();
    return true;
  }
  const button = at && at.closest("#sentence-fields [data-value]");
  if (button) {
    ws.takeSentenceValue(button.dataset.field, button.dataset.value);
    ws.focusText();
    return true;
  }
  return event.shiftKey ? takeActiveValue(ws) : false;
}

export function bindKeys(ws) {
  const keyOf = new Map(ws.store.schema.span_labels.filter((l) => l.key).map((l) => [l.key, l]));
  // Keys the schema gives to sentence label values: one press sets the value on the current
  // sentence, whichever field is active (again: it stays).
  const valueOf = new Map();
  ws.store.schema.sentence_labels.forEach((field, f) => (field.keys || []).forEach((k, n) => {
    if (k) valueOf.set(k, { field: f, value: n });
  }));
  document.addEventListener("keydown", (event) => {
    if (typing(event.target)) {
      if (workspaceKeyOnControl(ws, event)) event.preventDefault();
      else leaveDocumentNote(ws, event);
      return;
    }
    // The guidelines' dialog is open: its keys are the browser's (Esc closes it, Tab stays in it).
    if (document.querySelector("dialog[open]")) return;
    const help = document.getElementById("help");
    if (!help.hidden) {
      if (event.key === "Escape" || event.key === "?") { ws.toggleHelp(false); event.preventDefault(); }
      // A modal dialog: Tab stays on its one control, not on the page's links behind it.
      if (event.key === "Tab") {
        document.getElementById("close-help").focus({ preventScroll: true });
        event.preventDefault();
      }
      return;
    }
    if (handle(ws, event, keyOf, valueOf)) event.preventDefault();
  });
}

function handle(ws, event, keyOf, valueOf) {
  const { key } = event;
  const ctrl = event.ctrlKey || event.metaKey;
  // With a span selected, Ctrl+→ / Ctrl+← move its end a word (Shift: its start; Alt: a
  // character): Shift+arrows (with Alt) already move the text selection's end.
  if (ctrl && (key === "ArrowRight" || key === "ArrowLeft")) {
    return ws.moveExtent(event.shiftKey ? "start" : "end", key === "ArrowRight", event.altKey ? "character" : "word");
  }
  if (ctrl && !event.altKey) {
    const lower = key.toLowerCase();
    if (lower === "z" && event.shiftKey) { ws.actions.redo(); return true; }
    if (lower === "z") { ws.actions.undo(); return true; }
    if (lower === "y") { ws.actions.redo(); return true; }
    if (key === "Enter") { ws.setStatus("done", { thenNext: true }); return true; }
    return false;
  }
  if (event.altKey && !event.shiftKey) return false;
  if (event.shiftKey && (key === "ArrowRight" || key === "ArrowLeft")) {
    return extendSelection(ws, key === "ArrowRight", event.altKey ? "character" : "word");
  }
  // On an arc, → / ← go to the next / previous relation: the arcs are one stop for Tab.
  const onArc = event.target && event.target.closest && event.target.closest("#text .arc, #text .arc-fold");
  if (onArc && !event.shiftKey && (key === "ArrowRight" || key === "ArrowLeft")) {
    const forward = key === "ArrowRight";
    return ws.arcs.step(forward ? 1 : -1)
      || ws.refuse(forward ? "This is the last relation drawn here." : "This is the first relation drawn here.");
  }
  if (!ws.linking && !event.shiftKey && (key === "ArrowRight" || key === "ArrowLeft")) {
    return ws.leaveValueButton() && stepWord(ws, key === "ArrowRight");
  }
  if (ws.linking) {
    if (key === "Tab") { ws.cycleLink(event.shiftKey ? -1 : 1); return true; }
    if (key === "Enter" || key === "l") { ws.finishLink(); return true; }
    if (key === "Escape") { ws.cancelLink(); return true; }
    // Nothing else happens half-way through a link; a key that would do something says so.
    if (key.length === 1 || key === "Delete" || key === "Backspace") {
      ws.refuse("Linking: Tab for the next candidate, Enter to link (or click one of the spans marked green), Esc to cancel.");
    }
    return true;
  }
  if (key === "Tab" && !event.shiftKey) return tabToSpanPanel(ws, event.target);
  if (key === "?") { ws.toggleHelp(true); return true; }
  // Suggestions: Enter accepts the selected one, Shift+Enter all in the current sentence,
  // Delete rejects the selected one, . and , go to the next and previous.
  if (key === "Enter" && onControl(event.target)) return false;
  if (key === "Enter" && event.shiftKey) return ws.acceptSentence();
  if (key === "Enter") return selectSpanOfWords(ws) || ws.acceptSuggestion();
  if (ws.suggestions.selected && (key === "Delete" || key === "Backspace")) return ws.rejectSuggestion();
  if ((key === "Delete" || key === "Backspace") && takeValueByKey(ws, event)) return true;
  if (key === ".") return ws.stepSuggestion(1);
  if (key === ",") return ws.stepSuggestion(-1);
  if (key === "Escape") {
    // From a document field's tick box (`g` came there): back to the text, as from its list
    // (asked first: letting go of the selection redraws the panel, and the box with it).
    const fromField = Boolean(event.target.closest && event.target.closest("#document-fields"));
    window.getSelection().removeAllRanges();
    ws.select(null);
    if (fromField) ws.focusText();
    return true;
  }
  if (key === "j" || key === "ArrowDown") return ws.leaveValueButton() && ws.stepSentence(1);
  if (key === "k" || key === "ArrowUp") return ws.leaveValueButton() && ws.stepSentence(-1);
  if (key === "0") {
    const count = ws.store.schema.sentence_labels.length;
    if (!count) return ws.refuse("This project has no sentence labels.");
    ws.setActiveField((ws.activeField + 1) % count);
    return true;
  }
  if (/^[1-9]$/.test(key)) {
    const n = Number(key) - 1;
    // With a span selected, its attributes' (or a word why not): never the sentence's.
    if (ws.setAttribute(n)) return true;
    return ws.setSentenceValue(ws.activeField, n);
  }
  if (key === "Delete" || key === "Backspace") return ws.deleteSelected();
  if (key === "l") return ws.startLink();
  const label = keyOf.get(key);
  if (label) return ws.labelKey(label);
  const value = valueOf.get(key);
  // A value's letter means nothing to a span (its attributes take digits), so it sets the
  // current sentence's value even with a span selected, as after a link, and the notice names
  // the sentence: the claim, its source, the link and the stance in five key presses.
  if (value) return ws.setSentenceValue(value.field, value.value);
  // After the schema's keys: a project made before `g` was the workspace's keeps its own.
  if (key === "g") return toDocumentLabels(ws);
  // Any other letter: said, never silent. A schema may give its values no keys (CONTRACT's
  // stance has none), and `f` for FAVOR did nothing and said nothing.
  if (/^\p{L}$/u.test(key) && !event.altKey) return ws.refuse(noKeySaid(key, ws.store.schema));
  return false;
}
