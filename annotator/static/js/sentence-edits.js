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

// A sentence's split and merge forms, made from the page's template (those of sentence 0)
// when the reviewer points at the sentence or tabs to it: made for every sentence up front,
// a long document's thousands of forms took the browser many seconds to load.
function giveTools(row) {
  if (row.querySelector(".sentence-row__tools")) return;
  const template = document.getElementById("sentence-tools");
  const tools = template.content.firstElementChild.cloneNode(true);
  const index = Number(row.dataset.index);
  for (const form of tools.querySelectorAll("form")) {
    form.action = form.getAttribute("action").replace(/\/sentences\/0\//, `/sentences/${index}/`);
  }
  const at = tools.querySelector("input[name=at]");
  at.min = String(Number(row.dataset.start) + 1);
  at.max = String(Number(row.dataset.end) - 1);
  if (row.nextElementSibling) {
    tools.querySelector("option[value=first]").textContent = `keep sentence ${index + 1}’s`;
    tools.querySelector("option[value=second]").textContent = `keep sentence ${index + 2}’s`;
  } else {
    tools.querySelector(".sentence-merge").remove(); // the last sentence has no next
  }
  row.querySelector(".sentence-row__text").after(tools);
}

const list = document.getElementById("sentences");
if (list) {
  for (const kind of ["mouseover", "focusin"]) {
    list.addEventListener(kind, (event) => {
      const row = event.target.closest(".sentence-row");
      if (row) giveTools(row);
    });
  }
  list.addEventListener("mouseup", (event) => {
    const row = event.target.closest(".sentence-row");
    if (!row || !event.target.closest(".sentence-row__text")) return;
    giveTools(row);
    chooseSplitPoint(row);
  });
}
