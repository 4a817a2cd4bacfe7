// The folds of the sheet at a narrow window's foot (workspace.css): the current sentence's
// labels and the document's, each opened and closed by its button, one open at a time: both
// open ran past the sheet's height, which scrolls from its foot, and the fold opened last was
// above its top, out of sight. The browser remembers each fold (localStorage), so that the
// next document opens with the sheet as the annotator left it; it was shut again on every
// document. A wide window shows both unfolded, whatever the folds say.

const STORED = "annotator:fold:";

function remembered(name) {
  try {
    return localStorage.getItem(STORED + name) === "open";
  } catch {
    return false; // storage refused (a private window's settings): folded, as at first
  }
}

function remember(name, open) {
  try {
    localStorage.setItem(STORED + name, open ? "open" : "closed");
  } catch {
    // Not remembered: the fold still opens and closes on this page.
  }
}

// Bind every button with a data-fold (the id of the panel it folds); `toggled(panel, open)`
// after each click.
export function bindFolds(root, toggled) {
  const folds = [...root.querySelectorAll("button[data-fold]")].map((button) => {
    const name = button.dataset.fold;
    const panel = document.getElementById(name);
    const show = (open) => {
      panel.classList.toggle("is-open", open);
      button.setAttribute("aria-expanded", String(open));
    };
    return { button, name, panel, show };
  });
  let opened = false;
  for (const fold of folds) {
    const open = !opened && remembered(fold.name);
    fold.show(open);
    opened ||= open;
  }
  for (const fold of folds) {
    fold.button.addEventListener("click", () => {
      const open = !fold.panel.classList.contains("is-open");
      for (const other of folds) {
        if (other === fold || !open) continue;
        other.show(false);
        remember(other.name, false);
      }
      fold.show(open);
      remember(fold.name, open);
      toggled(fold.panel, open);
    });
  }
}
