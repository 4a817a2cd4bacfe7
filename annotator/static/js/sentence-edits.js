// The review page's sentence list: a click inside a sentence's text chooses where a split
// would start the next sentence, and fills the split form's offset (code points, as the
// server counts them; the DOM counts UTF-16 units, converted in offsets.js).

import { OffsetMap } from "./offsets.js";

function caretUnits(row) {
  const selection = window.getSelection();
  const text = row.querySelector(".sentence-row__text");
  if (!selection || selection.rangeCount === 0 || !text.contains(selection.anchorNode)) {
    return null;
  }
  // The sentence's text is one text node: the offset inside it is the offset in the sentence.
  return selection.anchorNode === text.firstChild ? selection.anchorOffset : null;
}

function chooseSplitPoint(row) {
  const units = caretUnits(row);
  if (units === null) return;
  const sentence = row.querySelector(".sentence-row__text").textContent;
  const offset = Number(row.dataset.start) + new OffsetMap(sentence).toCodePoints(units);
  const input = row.querySelector(".sentence-split input[name=at]");
  input.value = String(offset);
  row.classList.add("sentence-row--split-chosen");
  const button = row.querySelector(".sentence-split button");
  button.textContent = `Split before “${sentence.slice(units, units + 12).trim()}…”`;
}

const list = document.getElementById("sentences");
if (list) {
  list.addEventListener("mouseup", (event) => {
    const row = event.target.closest(".sentence-row");
    if (row && event.target.closest(".sentence-row__text")) chooseSplitPoint(row);
  });
}
