// The curation view's keys: n / p move between the differences still to decide, a digit takes
// that annotator's version of the focused one into gold (its form posts, and the page comes
// back focused on the next undecided difference; on a difference gold decided with another
// version, it takes this one instead and comes back on it), 0 decides that gold holds none
// of its versions, and u reopens a decided difference (the page comes back on it): the one
// focused, or, when that one is still to decide, the one just decided (the page came back
// on the next, and u is the way back from a key pressed by mistake). n and p skip decided
// differences. What the page then confirms is said in the card of the
// difference decided or reopened (`after`, or `focus`), not in the next one's.
//
// Each lane draws its relations as arcs (lane-arcs.js). An annotator's relation that is a
// version of a difference is marked on its arc, undecided or decided, as spans are; focusing
// the difference lights its arcs up, and clicking an arc (or Enter on it) focuses it.

import { drawLaneArcs } from "./lane-arcs.js";

const root = document.getElementById("curation");

function undecided() {
  return [...root.querySelectorAll(".cur-diff[data-undecided]")];
}

let current = null;
// The difference decided by the form the page came back from, which u reopens while the
// one focused is still to decide (null: none was, or it has no Reopen).
let justDecided = null;

function partOf(node, number) {
  return Boolean(node.dataset.diffs) && node.dataset.diffs.split(" ").includes(number);
}

// Focus a difference: its card, and what is its in the text. `fromText`: chosen in the text
// (a click on a mark, a span or an arc), which is in view already; the card is brought into
// view instead, with its buttons (on a narrow window the list is above the text, off screen).
// So it is on a narrow window for n and p too: the page scrolled to the sentence, far below
// the card whose buttons decide it; the card names the sentence, a link to it.
function focusDifference(card, { fromText = false } = {}) {
  if (!card) return;
  for (const old of root.querySelectorAll(".cur-diff--focus, .cur-span--focus, .cur-flag--focus, .cur-sentence--focus, .arc--focus")) {
    old.classList.remove("cur-diff--focus", "cur-span--focus", "cur-flag--focus", "cur-sentence--focus", "arc--focus");
  }
  current = card;
  card.classList.add("cur-diff--focus");
  card.focus({ preventScroll: true });
  showInList(card);
  const number = card.dataset.number;
  for (const span of root.querySelectorAll(".cur-span[data-diffs]")) {
    if (partOf(span, number)) span.classList.add("cur-span--focus");
  }
  for (const flag of root.querySelectorAll(".cur-flag")) {
    if (partOf(flag, number)) flag.classList.add("cur-flag--focus");
  }
  for (const arc of root.querySelectorAll(".arc[data-diffs]")) {
    if (partOf(arc, number)) arc.classList.add("arc--focus");
  }
  const sentence = card.dataset.sentence === "" ? null : document.getElementById(`cur-s-${card.dataset.sentence}`);
  if (sentence) sentence.classList.add("cur-sentence--focus");
  if (fromText || listAbove()) {
    const box = card.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) card.scrollIntoView({ block: "nearest" });
  } else {
    showTop(sentence || card); // a document label's difference: no sentence to show
  }
}

// Whether the list of differences is above the text (a narrow window, review.css), not
// beside it.
function listAbove() {
  const list = root.querySelector(".curation__differences").getBoundingClientRect();
  return list.bottom <= root.querySelector(".curation__text").getBoundingClientRect().top;
}

// Scroll the list of differences (a box of its own) to the card, not the page: the page
// scrolled too, and on opening it the first card's foot took the page's heading and counts
// out of sight.
function showInList(card) {
  const list = card.parentElement;
  const box = card.getBoundingClientRect();
  const frame = list.getBoundingClientRect();
  if (box.top < frame.top) list.scrollTop -= frame.top - box.top;
  else if (box.bottom > frame.bottom) list.scrollTop += Math.min(box.bottom - frame.bottom, box.top - frame.top);
}

// Scroll the page to an element's top when that is out of sight: a tall sentence brought in
// "nearest" showed its last lanes only.
function showTop(node) {
  const top = node.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight - 64) node.scrollIntoView({ block: "start" });
}

// A key that cannot act here says why, in the line under the keys.
function explain(message) {
  const box = document.getElementById("curation-notice");
  box.textContent = message;
  box.hidden = false;
}

// Why there is nothing for n, p or a digit to go to.
function nothingLeft() {
  return root.querySelector(".cur-diff") ? "Every difference is decided." : "Nothing to decide: there are no differences.";
}

function step(direction) {
  const open = undecided();
  if (open.length === 0) { explain(nothingLeft()); return; }
  const here = current ? Number(current.dataset.number) : 0;
  const next = direction > 0
    ? open.find((card) => Number(card.dataset.number) > here) || open[0]
    : [...open].reverse().find((card) => Number(card.dataset.number) < here) || open[open.length - 1];
  focusDifference(next);
}

// Why a digit has no version to accept: a digit is an annotator's lane number (as the keys'
// legend says, "2 accept bob's"), and a difference only some marked lacks the others' versions;
// the message names those it has, with their digits.
function noSuchVersion(key) {
  const versions = [...current.querySelectorAll("form.cur-take")]
    .map((form) => ({ key: form.dataset.key, who: form.dataset.annotator }));
  if (versions.length === 1) return `This difference has only ${versions[0].who}’s version: ${versions[0].key}.`;
  const listed = versions.map((v) => `${v.who}’s (${v.key})`).join(", ");
  return `This difference has no version ${key} to accept: its versions are ${listed}.`;
}

// Mark an arc drawn in a lane with the differences its relation is a version of; one still
// to decide is also named, as a span's is, by the "?N" of its card, in the arc's label (a
// dashed line alone was hard to tell from a solid one) and to a screen reader.
function markArc(data) {
  return (g, relation) => {
    const open = data.open[relation.id] || [];
    const numbers = open.length ? open : data.decided[relation.id] || [];
    if (!numbers.length) return;
    g.dataset.diffs = numbers.join(" ");
    g.classList.add(open.length ? "arc--open" : "arc--decided");
    if (current && partOf(g, current.dataset.number)) g.classList.add("arc--focus");
    const label = g.getAttribute("aria-label");
    const state = open.length ? `to decide: difference ${open.join(", ")}` : "decided";
    if (label) g.setAttribute("aria-label", `${label} (${state})`);
  };
}

// The mark in the label of an arc whose relation is a version of a difference to decide.
function flagArc(data) {
  return (relation) => (data.open[relation.id] || []).map((number) => `?${number}`).join(" ");
}

// The difference an arc marks: focused by a click or by Enter on the arc.
function arcDifference(target) {
  const arc = target.closest(".arc[data-diffs]");
  return arc ? document.getElementById(`diff-${arc.dataset.diffs.split(" ")[0]}`) : null;
}

// The difference an undecided span or its mark in a lane's text is part of: focused by a click.
function markDifference(target) {
  const mark = target.closest(".cur-flag, .cur-span--open");
  return mark ? document.getElementById(`diff-${mark.dataset.diffs.split(" ")[0]}`) : null;
}

// The confirmation of the decision just made (the page's flashed message, at its top) is
// said in the card of the difference it is about, under what that card says of its decision,
// and names it ("Difference 3: …"; on a phone the list's box may show the confirmation without
// the card's head): a confirmation at the page's top was off screen, unread, and one in the
// card the page came back to (the next difference) read as that one's. Returns it, or null.
function sayAt(card) {
  const said = document.querySelector("main > .flashes");
  if (!card || !said) return null;
  (card.querySelector(".cur-diff__decided") || card.querySelector(".cur-diff__head")).after(said);
  for (const message of said.querySelectorAll(".flash")) {
    const about = document.createElement("strong");
    about.className = "flash__about";
    about.textContent = `Difference ${card.dataset.number}: `;
    message.prepend(about);
  }
  return said;
}

// Bring the confirmation in a card above the one focused into view as well, from that
// card's head (which says which difference it is) when both fit, or from the confirmation
// itself: in the list's box, and in the window when the list is above the text (a narrow
// window). The focused card's head stays in view either way.
function showAlso(said, card) {
  if (!said) return;
  if (!card) { said.scrollIntoView({ block: "nearest" }); return; }
  const acted = said.closest(".cur-diff");
  if (acted === card) return;
  const lift = (top, bottom) => {
    const room = Math.max(bottom - card.getBoundingClientRect().top - 48, 0);
    for (const node of [acted, said]) {
      const over = top - node.getBoundingClientRect().top + 8;
      if (over <= room) return Math.max(over, 0);
    }
    return room;
  };
  const list = card.parentElement;
  const frame = list.getBoundingClientRect();
  list.scrollTop -= lift(frame.top, frame.bottom);
  if (listAbove()) window.scrollBy(0, -lift(0, window.innerHeight));
}

if (root) {
  const after = Number(root.dataset.after || 0);
  const open = undecided();
  // A decided difference changed (another version taken instead) is focused itself; so is
  // one still to decide after its form came back (reopened, or a take refused).
  const changed = root.dataset.focus && document.getElementById(`diff-${root.dataset.focus}`);
  const next = changed || open.find((card) => Number(card.dataset.number) >= after) || open[0];
  const acted = changed || document.getElementById(`diff-${after}`) || next;
  const said = sayAt(acted);
  justDecided = acted && acted.querySelector("button.cur-reopen") ? acted : null;
  focusDifference(next);
  showAlso(said, next);
  const source = document.getElementById("curation-arcs");
  if (source) {
    const started = performance.now();
    const data = JSON.parse(source.textContent);
    drawLaneArcs(root, data, markArc(data), flagArc(data));
    // Reading the data and drawing the first screen's arcs, for the benchmark.
    performance.measure("lane arcs", { start: started });
  }

  // "None of these" and "Reopen" share a form each: come back after the difference decided.
  for (const form of document.querySelectorAll("form.cur-decision")) {
    form.addEventListener("submit", (event) => {
      if (event.submitter) form.elements.after.value = event.submitter.dataset.after;
    });
  }

  root.addEventListener("click", (event) => {
    const listed = event.target.closest(".cur-diff");
    const card = listed || arcDifference(event.target) || markDifference(event.target);
    if (card && !event.target.closest("form")) focusDifference(card, { fromText: !listed });
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) return;
    if (event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "Enter" && arcDifference(event.target)) {
      focusDifference(arcDifference(event.target), { fromText: true });
      event.preventDefault();
    } else if ((event.key === "0" || event.key === "u") && current) {
      const reopen = current.querySelector("button.cur-reopen") || (justDecided && justDecided.querySelector("button.cur-reopen"));
      const button = event.key === "0" ? current.querySelector("button.cur-none") : reopen;
      if (button) { button.form.requestSubmit(button); event.preventDefault(); }
      else if (event.key === "u") explain("This difference is not decided: there is nothing to reopen.");
      else explain("This difference is decided already: u reopens it.");
    } else if (/^[1-9]$/.test(event.key) && current) {
      const form = current.querySelector(`form.cur-take[data-key="${event.key}"]`);
      if (form) { form.requestSubmit(); event.preventDefault(); }
      else if (current.dataset.split) explain("Gold holds spans of this difference from more than one version: u reopens it.");
      else if (current.dataset.undecided) explain(noSuchVersion(event.key));
      else explain(`Gold holds no other version ${event.key} of this difference to take instead.`);
    } else if (/^[0-9u]$/.test(event.key)) {
      explain(undecided().length ? "Focus a difference first: n / p." : nothingLeft());
    }
  });
}
