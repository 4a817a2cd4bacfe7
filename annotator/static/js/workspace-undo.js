// The bar's Undo and Redo buttons: what Ctrl+Z and Ctrl+Shift+Z do, for a touch screen (no
// keyboard) or a mouse. Each is disabled while there is nothing to take back or put again, and
// named by what it would ("Undo: CLAIM span", the entry's words, actions.js).

const WORDS = { undo: "Undo", redo: "Redo" };
// The keys, in the tooltips (the buttons show their arrows only): Ctrl+Shift+Z redoes too,
// the shorter is said.
const KEYS = { undo: "Ctrl+Z", redo: "Ctrl+Y" };

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class UndoButtons {
  bindUndo() {
    for (const which of Object.keys(WORDS)) {
      const button = document.getElementById(which);
      if (button) button.addEventListener("click", () => this.actions[which]());
    }
    this.showUndo();
  }

  // Called whenever either stack changes (actions.js `onHistory`).
  showUndo() {
    for (const which of Object.keys(WORDS)) {
      const button = document.getElementById(which);
      if (!button) continue;
      const what = this.actions.next(which);
      const had = document.activeElement === button;
      button.disabled = what == null;
      button.setAttribute("aria-label", what == null ? WORDS[which] : `${WORDS[which]}: ${what}`);
      button.title = what == null ? `Nothing to ${which} (${KEYS[which]})` : `${WORDS[which]}: ${what} (${KEYS[which]})`;
      // A button pressed until there was nothing left to undo keeps no focus once disabled:
      // the focus goes to the other one, which has something now, rather than to the page's
      // start.
      if (had && button.disabled) {
        const other = document.getElementById(which === "undo" ? "redo" : "undo");
        if (other && !other.disabled) other.focus({ preventScroll: true });
      }
    }
  }
}
