// The curation view's keys: n / p move between the differences still to decide, a digit takes
// that annotator's version of the focused one into gold (its form posts, and the page comes
// back focused on the next undecided difference). Decided differences are skipped.

const root = document.getElementById("curation");

function undecided() {
  return [...root.querySelectorAll(".cur-diff[data-undecided]")];
}

let current = null;

function focusDifference(card) {
  if (!card) return;
  for (const old of root.querySelectorAll(".cur-diff--focus, .cur-span--focus, .cur-sentence--focus")) {
    old.classList.remove("cur-diff--focus", "cur-span--focus", "cur-sentence--focus");
  }
  current = card;
  card.classList.add("cur-diff--focus");
  card.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
  const number = card.dataset.number;
  for (const span of root.querySelectorAll(".cur-span[data-diffs]")) {
    if (span.dataset.diffs.split(" ").includes(number)) span.classList.add("cur-span--focus");
  }
  const sentence = card.dataset.sentence === "" ? null : document.getElementById(`cur-s-${card.dataset.sentence}`);
  if (sentence) {
    sentence.classList.add("cur-sentence--focus");
    sentence.scrollIntoView({ block: "nearest" });
  }
}

function step(direction) {
  const open = undecided();
  if (open.length === 0) return;
  const here = current ? Number(current.dataset.number) : 0;
  const next = direction > 0
    ? open.find((card) => Number(card.dataset.number) > here) || open[0]
    : [...open].reverse().find((card) => Number(card.dataset.number) < here) || open[open.length - 1];
  focusDifference(next);
}

if (root) {
  const after = Number(root.dataset.after || 0);
  const open = undecided();
  focusDifference(open.find((card) => Number(card.dataset.number) > after) || open[0]);

  root.addEventListener("click", (event) => {
    const card = event.target.closest(".cur-diff");
    if (card && !event.target.closest("form")) focusDifference(card);
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea")) return;
    if (event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "p") { step(-1); event.preventDefault(); }
    else if (/^[1-9]$/.test(event.key) && current) {
      const form = current.querySelector(`form.cur-take[data-key="${event.key}"]`);
      if (form) { form.requestSubmit(); event.preventDefault(); }
    }
  });
}
