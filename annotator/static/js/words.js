// Whole words for mouse selections: a drag that starts or ends inside a word takes the whole
// word, as annotation tools do, so that a span is never "Puti" of "Putin" by accident. The
// keyboard with Alt (Alt+Shift+arrows, keys.js) stays character-exact: it is how a part-word
// span is made on purpose. Shift+arrows alone stop where selectionStop (below) says.
//
// Offsets here are UTF-16 code units, like the rest of the front end (offsets.js converts at
// the edge). Characters are read whole with codePointAt, so a letter outside the Basic
// Multilingual Plane counts as one, and an emoji (not a letter) ends a word.

import { trimRange } from "./offsets.js";

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
// Joins two parts of one word ("don't", "Jean-Luc") only when a word character is on each side.
const INNER_JOINER = /^['\u2019\u02bc\-\u2010\u2011]$/u;

export function charAt(text, i) {
  return String.fromCodePoint(text.codePointAt(i));
}

// The code-unit index where the character ending at `i` starts.
export function previousIndex(text, i) {
  const low = text.charCodeAt(i - 1);
  const high = i >= 2 ? text.charCodeAt(i - 2) : 0;
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return i - (pair ? 2 : 1);
}

function isLetterLike(text, i) {
  return i >= 0 && i < text.length && WORD_CHAR.test(charAt(text, i));
}

// Whether the character starting at code unit `i` belongs to a word.
function inWord(text, i) {
  if (i < 0 || i >= text.length) return false;
  const char = charAt(text, i);
  if (WORD_CHAR.test(char)) return true;
  return INNER_JOINER.test(char) && i > 0 && isLetterLike(text, previousIndex(text, i))
    && isLetterLike(text, i + char.length);
}

// A code-unit range of `text`, trimmed of surrounding white space and grown to the word
// boundaries at each end; null when only white space was selected. A range whose ends are
// already word edges, or that holds punctuation only, comes back as it was (trimmed).
export function growToWords(text, start, end) {
  const trimmed = trimRange(text, start, end);
  if (!trimmed) return null;
  let [from, to] = trimmed;
  if (inWord(text, from)) {
    while (from > 0 && inWord(text, previousIndex(text, from))) from = previousIndex(text, from);
  }
  if (inWord(text, previousIndex(text, to))) {
    while (to < text.length && inWord(text, to)) to += charAt(text, to).length;
  }
  return [from, to];
}

// Grow every selection a mouse drag over `container` makes to whole words, on the page.
// Only a drag that began in the text counts: a click on a label button (which keeps the
// selection) must leave a keyboard selection character-exact. A double or triple click (and
// a drag begun by one) is the browser's own word or sentence selection, and stays as the
// browser made it. A key (other than a modifier held for the drag) or leaving the window
// before the release ends the drag's claim, so that no later release grows what the keyboard
// selected.
const MODIFIERS = new Set(["Shift", "Alt", "Control", "Meta"]);

export function bindWordSelection(container, view) {
  let dragging = false;
  container.addEventListener("mousedown", (event) => { dragging = event.button === 0 && event.detail <= 1; });
  document.addEventListener("keydown", (event) => { if (!MODIFIERS.has(event.key)) dragging = false; });
  window.addEventListener("blur", () => { dragging = false; });
  document.addEventListener("mouseup", () => {
    if (!dragging) return;
    dragging = false;
    const range = view.selectionRange();
    if (!range) return;
    const words = growToWords(view.store.text, range[0], range[1]);
    if (words && (words[0] !== range[0] || words[1] !== range[1])) view.selectUnits(words[0], words[1]);
  });
}

// Where Shift+→ / Shift+← stop (the README's keyboard table). A sentence is read as tokens:
// a word (as above) with an opening quote or bracket just before it and, when the sentence does
// not end at it, a dot just after it ("Dr.", "U.S.": the server's segmenter already decided
// that such a dot is an abbreviation's, so the stored sentences say it); any other run of
// punctuation is a token of its own, so a sentence's closing `."` is one stop. Tokens never
// cross a sentence's bounds, so a move never passes a sentence's end in one press.
const OPENING = /^["'\u201c\u2018\u201e\u201a\u00ab\u2039([{]$/u;
const SPACE = /^\s$/u;

function sentenceTokens(text, start, end) {
  const tokens = [];
  let i = start;
  while (i < end) {
    const char = charAt(text, i);
    if (SPACE.test(char)) { i += char.length; continue; }
    const from = i;
    let to = i;
    if (OPENING.test(char) && inWord(text, i + char.length) && i + char.length < end) to = i + char.length;
    if (inWord(text, to)) {
      while (to < end && (inWord(text, to) || (text[to] === "." && isLetterLike(text, to + 1) && to + 1 < end))) {
        to += charAt(text, to).length;
      }
      // An abbreviation's dot: the sentence goes on after the punctuation that follows it.
      let run = to;
      while (run < end && !SPACE.test(charAt(text, run)) && !inWord(text, run)) run += charAt(text, run).length;
      if (text[to] === "." && text[to + 1] !== "." && run < end) to += 1;
    } else {
      to = from;
      while (to < end && !SPACE.test(charAt(text, to)) && !inWord(text, to)) to += charAt(text, to).length;
    }
    tokens.push([from, to]);
    i = to;
  }
  return tokens;
}

// The tokens of the sentences around code unit `at`: the one holding it, the one before and
// the two after.
function tokensNear(store, at) {
  const here = store.sentenceAt(at);
  const tokens = [];
  for (let s = Math.max(here - 1, 0); s <= Math.min(here + 2, store.sentences.length - 1); s += 1) {
    tokens.push(...sentenceTokens(store.text, store.sentences[s].start, store.sentences[s].end));
  }
  return tokens;
}

// The selection's moving end (`focus`, its other end `anchor`, code units) moved one stop right
// (`forward`) or left; null when there is none. The end right of the anchor stops at tokens'
// ends, the end left of it at their starts, so that no stop leaves a space at the selection's
// edge; a move that would pass the anchor goes to the first stop on its other side.
export function selectionStop(store, anchor, focus, forward) {
  const tokens = tokensNear(store, focus);
  const ends = tokens.map((t) => t[1]);
  const starts = tokens.map((t) => t[0]);
  if (forward) {
    const edges = focus >= anchor ? ends : starts;
    let to = Math.min(...edges.filter((e) => e > focus));
    if (focus < anchor && to >= anchor) to = Math.min(...ends.filter((e) => e > anchor));
    return Number.isFinite(to) ? to : null;
  }
  const edges = focus <= anchor ? starts : ends;
  let to = Math.max(...edges.filter((e) => e < focus));
  if (focus > anchor && to <= anchor) to = Math.max(...starts.filter((e) => e < anchor));
  return Number.isFinite(to) ? to : null;
}

// The words → / ← select and Ctrl+→ / Ctrl+← move a span's end to: the tokens above that hold
// a word, without the opening quote a selection takes along, so that "U.S." is one word (its
// dots the abbreviation's, as for Shift+→) and a span started on "We is not started on the
// quote. Sentences are read from the one holding `at` on (going `forward`) or back, one at a
// time; the first word `wanted` accepts comes back as [start, end], or null.
function wordsOf(store, s) {
  const { text } = store;
  return sentenceTokens(text, store.sentences[s].start, store.sentences[s].end)
    .filter(([from, to]) => {
      for (let i = from; i < to; i += charAt(text, i).length) if (inWord(text, i)) return true;
      return false;
    })
    .map(([from, to]) => (OPENING.test(charAt(text, from)) ? [from + charAt(text, from).length, to] : [from, to]));
}

export function findWord(store, at, forward, wanted) {
  if (!store.sentences.length) return null;
  const step = forward ? 1 : -1;
  for (let s = store.sentenceAt(at); s >= 0 && s < store.sentences.length; s += step) {
    const words = wordsOf(store, s);
    if (!forward) words.reverse();
    const found = words.find(wanted);
    if (found) return found;
  }
  return null;
}

// The whole word starting at or after code unit `from` (→), or ending at or before `to` (←).
export function wordAfter(store, from) {
  return findWord(store, from, true, ([start]) => start >= from);
}

export function wordBefore(store, to) {
  return findWord(store, to, false, ([, end]) => end <= to);
}
