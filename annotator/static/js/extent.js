// Where a span's boundary goes when the keyboard moves it: its start or its end, left or
// right, by a word or by a character. Offsets are UTF-16 code units, like the rest of the
// front end; a character outside the Basic Multilingual Plane (an emoji) is stepped over
// whole, so the server's code points (offsets.js converts) always land between characters.
//
// A word step puts the boundary at the next word's edge (words.js says what a word is): the
// end grows to the end of the word after it or shrinks to the end of the word before its last
// one; the start likewise. A character step moves one character and then over any white space,
// so that a span never starts or ends with a space. A span keeps at least one character.

import { charAt, findWord, previousIndex } from "./words.js";

const SPACE = /^\s$/u;

function nextIndex(text, i) {
  return i + charAt(text, i).length;
}

// The end moved one character right (`forward`) or left, then past white space the span
// would otherwise end with; null at the text's edge.
function endByCharacter(text, end, forward) {
  if (forward) {
    if (end >= text.length) return null;
    let to = nextIndex(text, end);
    while (to < text.length && SPACE.test(charAt(text, previousIndex(text, to)))) to = nextIndex(text, to);
    return to;
  }
  if (end <= 0) return null;
  let to = previousIndex(text, end);
  while (to > 0 && SPACE.test(charAt(text, previousIndex(text, to)))) to = previousIndex(text, to);
  return to;
}

function startByCharacter(text, start, forward) {
  if (forward) {
    if (start >= text.length) return null;
    let to = nextIndex(text, start);
    while (to < text.length && SPACE.test(charAt(text, to))) to = nextIndex(text, to);
    return to;
  }
  if (start <= 0) return null;
  let to = previousIndex(text, start);
  while (to > 0 && SPACE.test(charAt(text, to))) to = previousIndex(text, to);
  return to;
}

// A word step: to the edge of the nearest word (words.js's findWord) whose same edge lies past
// the boundary in the step's direction, so that "U.S." is passed whole.
function endByWord(store, end, forward) {
  const word = findWord(store, end, forward, forward ? ([, e]) => e > end : ([, e]) => e < end);
  return word ? word[1] : null;
}

function startByWord(store, start, forward) {
  const word = findWord(store, start, forward, forward ? ([s]) => s > start : ([s]) => s < start);
  return word ? word[0] : null;
}

// The span's [start, end) with one boundary moved, or {refusal} saying why it cannot move.
// `edge`: "start" or "end"; `forward`: to the right; `unit`: "word" or "character". `store`:
// the workspace's text and sentences (state.js).
export function movedExtent(store, span, edge, forward, unit) {
  const at = edge === "start" ? span.start : span.end;
  const to = unit === "word"
    ? (edge === "start" ? startByWord : endByWord)(store, at, forward)
    : (edge === "start" ? startByCharacter : endByCharacter)(store.text, at, forward);
  const shrinking = (edge === "end") !== forward;
  const [start, end] = edge === "start" ? [to, span.end] : [span.start, to];
  if (shrinking && (to == null || start >= end)) {
    const other = edge === "start" ? "end" : "start";
    return { refusal: `A span keeps at least one ${unit}: its ${edge} cannot move past its ${other}.` };
  }
  if (to == null) {
    const last = forward ? "last" : "first";
    return { refusal: `The span's ${edge} is at the text's ${last} ${unit}: it cannot move further.` };
  }
  return { start, end };
}
