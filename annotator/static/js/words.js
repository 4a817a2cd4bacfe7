// Whole words for mouse selections: a drag that starts or ends inside a word takes the whole
// word, as annotation tools do, so that a span is never "Puti" of "Putin", nor "7%" of "83.7%",
// by accident. What a word is, the mouse and the keys ask one rule (sentenceTokens, below). The
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

// A code-unit range of the store's text, trimmed of surrounding white space and grown at
// each end that lies inside a word (wordsOf, below: the words → selects) to that word's edge;
// null when only white space was selected. An end at a word's edge, or in punctuation, stays
// where it was: a drag from "w|ait..." to "wait.|.." takes "wait.".
export function growToWords(store, start, end) {
  const trimmed = trimRange(store.text, start, end);
  if (!trimmed) return null;
  let [from, to] = trimmed;
  const first = wordsOf(store, store.sentenceAt(from)).find(([s, e]) => s <= from && from < e);
  if (first) from = first[0];
  const last = wordsOf(store, store.sentenceAt(to - 1)).find(([s, e]) => s < to && to <= e);
  if (last) to = last[1];
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
    const words = growToWords(view.store, range[0], range[1]);
    if (words && (words[0] !== range[0] || words[1] !== range[1])) view.selectUnits(words[0], words[1]);
  });
}

// The one word rule, for the mouse (growToWords) and the keys (selectionStop, findWord) alike:
// a sentence is read as tokens. A word token is a run of word characters (as inWord says) with
//   - a dot between two of them ("U.S", "83.7", "e.g") and a comma between two digits
//     ("3,000"): a number or an abbreviation is one word, the heart of a checkable claim;
//   - a currency sign just before its digits ("$1.5bn") and a percent sign just after them
//     ("83.7%");
//   - an abbreviation's dot: a dot just after the word that the sentence goes on after with
//     a word ("Dr.", "U.S.", "e.g."; the server's segmenter already decided that such a dot
//     is an abbreviation's, so the stored sentences say it), not with an emoji alone;
//   - an opening quote or bracket just before it, which Shift+→ takes along and the word
//     itself (wordsOf) leaves out.
// An emoji (one grapheme cluster) is a word token of its own (emojiLength, below).
// Any other run of punctuation is a token of its own, so a sentence's closing `."` is one
// stop. Tokens never cross a sentence's bounds, so a move never passes a sentence's end in
// one press. Each token is [from, to, word]: `word` is where its word starts, null for
// punctuation.
const OPENING = /^["'\u201c\u2018\u201e\u201a\u00ab\u2039([{]$/u;
const SPACE = /^\s$/u;
const DIGIT = /^\p{Nd}$/u;
const CURRENCY = /^\p{Sc}$/u;
const PERCENT = /^[%\u2030\u2031]$/u;

function isDigit(text, i) {
  return i >= 0 && i < text.length && DIGIT.test(charAt(text, i));
}

// An emoji is a word of its own, whole: one grapheme cluster (a flag's two letters, a face
// with its skin tone, a family joined by zero-width joiners). As punctuation it was glued to
// the comma after it, so that Shift+→ went from "Peskov" to "Peskov 🇷🇺,".
const EMOJI = /^[\p{Extended_Pictographic}\p{Regional_Indicator}]$/u;
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: "grapheme" });

// The length in code units of the emoji starting at code unit `i` (0: none starts there).
function emojiLength(text, i, end) {
  if (i >= end || !EMOJI.test(charAt(text, i))) return 0;
  const first = GRAPHEMES.segment(text.slice(i, Math.min(end, i + 64)))[Symbol.iterator]().next();
  return first.value.segment.length;
}

// Whether a word of letters or digits (or a sum: "$1.5bn") starts at code unit `i`, before
// the sentence's `end`.
function startsLetters(text, i, end) {
  if (i >= end) return false;
  const char = charAt(text, i);
  return inWord(text, i) || (CURRENCY.test(char) && i + char.length < end && isDigit(text, i + char.length));
}

// Whether a word (letters, or an emoji) starts at code unit `i`, before the sentence's `end`.
function startsWord(text, i, end) {
  return startsLetters(text, i, end) || emojiLength(text, i, end) > 0;
}

// Whether the sentence ending at `end` goes on with a word after the punctuation and spaces
// from code unit `i` (an opening quote or bracket before it allowed): "Dr. Lavrov", not
// "a $1.5bn mistake. 😂", whose dot ends what is said.
function wordFollows(text, i, end) {
  let at = i;
  while (at < end && SPACE.test(charAt(text, at))) at += charAt(text, at).length;
  if (at < end && OPENING.test(charAt(text, at))) at += charAt(text, at).length;
  return startsLetters(text, at, end);
}

// Where the word starting at code unit `i` ends, within the sentence ending at `end`.
function wordEnd(text, i, end) {
  const emoji = emojiLength(text, i, end);
  if (emoji) return i + emoji;
  let to = i + (CURRENCY.test(charAt(text, i)) ? charAt(text, i).length : 0);
  while (to < end) {
    if (inWord(text, to)) { to += charAt(text, to).length; continue; }
    const joins = to + 1 < end && (text[to] === "." ? isLetterLike(text, to + 1)
      : text[to] === "," && isDigit(text, previousIndex(text, to)) && isDigit(text, to + 1));
    if (!joins) break;
    to += 1;
  }
  if (to < end && PERCENT.test(text[to]) && isDigit(text, previousIndex(text, to))) to += 1;
  // An abbreviation's dot: the sentence goes on after the punctuation that follows it.
  let run = to;
  while (run < end && !SPACE.test(charAt(text, run)) && !inWord(text, run)) run += charAt(text, run).length;
  if (text[to] === "." && text[to + 1] !== "." && run < end && wordFollows(text, run, end)) to += 1;
  return to;
}

function sentenceTokens(text, start, end) {
  const tokens = [];
  let i = start;
  while (i < end) {
    const char = charAt(text, i);
    if (SPACE.test(char)) { i += char.length; continue; }
    const word = OPENING.test(char) && startsWord(text, i + char.length, end) ? i + char.length : i;
    const isWord = startsWord(text, word, end);
    let to = isWord ? wordEnd(text, word, end) : i;
    if (!isWord) {
      while (to < end && !SPACE.test(charAt(text, to)) && !startsWord(text, to, end)) to += charAt(text, to).length;
    }
    tokens.push([i, to, isWord ? word : null]);
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

// The selection after one stop of its moving end (selectionStop): [anchor, focus], or null.
// A move past the anchor leaves the white space beside it out, so that a selection never ends
// in a space: Shift+← from "failed" selects "talks", not "talks ".
export function selectionMove(store, anchor, focus, forward) {
  const to = selectionStop(store, anchor, focus, forward);
  if (to == null) return null;
  const { text } = store;
  let from = anchor;
  if (to < from) while (from > to && SPACE.test(text[from - 1])) from -= 1;
  else while (from < to && SPACE.test(text[from])) from += 1;
  return [from, to];
}

// The words → / ← select and Ctrl+→ / Ctrl+← move a span's end to: the tokens above that hold
// a word, without the opening quote a selection takes along, so that "U.S." and "83.7%" are one
// word each (as for Shift+→ and a drag) and a span started on "We is not started on the
// quote. Sentences are read from the one holding `at` on (going `forward`) or back, one at a
// time; the first word `wanted` accepts comes back as [start, end], or null.
function wordsOf(store, s) {
  const sentence = store.sentences[s];
  if (!sentence) return [];
  return sentenceTokens(store.text, sentence.start, sentence.end)
    .filter(([, , word]) => word !== null)
    .map(([, to, word]) => [word, to]);
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
