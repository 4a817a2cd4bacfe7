// What a screen reader reads around a span on the text. The labels are drawn by CSS from
// data attributes (render.js), so that they are never part of the text, its selection or
// its offsets; the same CSS gives each drawn tag its words to be read instead (content's
// alternative text, workspace.css): "[CLAIM: " before a span's words and " end CLAIM]" after
// them, "[suggested CUE: " for a suggestion. Without them the tree read "The BIASED_WORDold
// CUE?joke": a label glued to its word, nothing where a span ended, a suggestion a span but
// for its "?". Words rather than brackets alone: a reader's usual punctuation level says no
// brackets.

// Outer first: of the spans starting at one point, the longest opens first.
const outerFirst = (a, b) => b.end - a.end || a.start - b.start;
// Inner first: of the spans ending at one point, the last started closes first.
const innerFirst = (a, b) => b.start - a.start || a.end - b.end;

// The words read before and after the segment [from, to) of `sentence`: `spans` the layer's
// covering it, `offered` the suggestions covering it. A span running past the sentence's end
// is said to run on, and its part in the next sentence to go on ("[CLAIM, continued: ").
export function spokenMarks(spans, offered, [from, to], sentence) {
  const open = [];
  const close = [];
  // A suggestion's tag is drawn before the layer's (render.js .sug-tag): read so too.
  for (const s of [...offered].sort(outerFirst)) {
    if (s.start === from) open.push(`[suggested ${s.label}: `);
    else if (from === sentence.start && s.start < from) open.push(`[suggested ${s.label}, continued: `);
  }
  for (const s of [...spans].sort(outerFirst)) {
    if (s.start === from) open.push(`[${s.label}: `);
    else if (from === sentence.start && s.start < from) open.push(`[${s.label}, continued: `);
  }
  for (const s of [...spans].sort(innerFirst)) {
    if (s.end === to) close.push(` end ${s.label}]`);
    else if (to === sentence.end && s.end > to) close.push(` ${s.label} runs on]`);
  }
  for (const s of [...offered].sort(innerFirst)) {
    if (s.end === to) close.push(` end suggested ${s.label}]`);
    else if (to === sentence.end && s.end > to) close.push(` suggested ${s.label} runs on]`);
  }
  return { open: open.join(""), close: close.join("") };
}
