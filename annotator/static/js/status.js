// The workspace's status box: the document's status, said as the project page says it, and
// beside it only the actions that change it from there: an open document offers "Mark done"
// and "Skip", a done or skipped one "Reopen" (Ctrl+Enter still marks any of them done). A
// "Done" chip beside a "Done" button read as two controls, or as one word said twice; and the
// fewer buttons keep the box on the bar's line on a phone.

// Which of the box's buttons each status shows.
const ACTIONS = {
  new: ["mark-done", "mark-skip"],
  in_progress: ["mark-done", "mark-skip"],
  done: ["mark-reopen"],
  skipped: ["mark-reopen"],
};

// Say `status` in the box (`names`: each status's words) and show the buttons it offers. A
// button pressed and so hidden hands the keyboard's focus to the first one left, instead of
// dropping it to the page's start.
export function showStatus(box, status, names) {
  const chip = box.querySelector(".status");
  chip.textContent = names[status] || status;
  chip.className = `status status--${status}`;
  const shown = ACTIONS[status] || ACTIONS.new;
  const focused = box.contains(document.activeElement) ? document.activeElement : null;
  for (const button of box.querySelectorAll("button")) button.hidden = !shown.includes(button.id);
  if (focused && focused.hidden) box.querySelector("button:not([hidden])").focus();
}
