// A span's extent: its ends moved by keys or set to the words selected, and why a move was
// refused, said at the span.

import { movedExtent } from "./extent.js";
import { trimRange } from "./offsets.js";
import * as panels from "./panels.js";
import { touchScreen } from "./touch.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class ExtentEditing {
  // Ctrl+→ / Ctrl+← (with Shift: the start; with Alt: a character): one boundary of the
  // selected span moves, the span staying the same span (its label, attributes, relations).
  moveExtent(edge, forward, unit) {
    if (!this.writable) return this.readOnly();
    if (this.linking) return this.refuse("Linking: finish the link (Enter) or cancel it (Esc) before moving the span's ends.");
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) {
      return this.refuse("Select a span first (click it, or select a word of it with → / ← and press Enter), then Ctrl+→ / Ctrl+← move its end a word"
        + " and Ctrl+Shift+→ / Ctrl+Shift+← its start (with Alt: a character).");
    }
    const moved = movedExtent(this.store, span, edge, forward, unit);
    if (moved.refusal) { this.refuseExtent(span.key, moved.refusal); return true; }
    return this.putExtent(span, moved.start, moved.end);
  }

  // "Set extent": the selected span comes to cover the words selected on the text now.
  setExtent() {
    if (!this.writable) return this.readOnly();
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) return this.refuse("Select a span first (click it), then select the words it should cover and Set extent.");
    const range = this.view.selectionRange();
    const words = range && trimRange(this.store.text, range[0], range[1]);
    if (!words) {
      return this.refuse(touchScreen()
        ? "Select the words this span should cover (touch and hold a word, drag the handles), then tap Set extent."
        : "Select the words this span should cover (drag over them, or Shift+→), then Set extent.");
    }
    window.getSelection().removeAllRanges();
    if (words[0] === span.start && words[1] === span.end) return this.refuse("The span covers these words already.");
    return this.putExtent(span, words[0], words[1]);
  }

  putExtent(span, start, end) {
    const same = this.store.sameSpan({ label: span.label, start, end });
    if (same && same.key !== span.key) {
      this.refuseExtent(span.key, `Not moved: these words are already a ${span.label} span.`);
      return true;
    }
    this.extentRefusal = null;
    this.actions.moveSpan(span.key, start, end, {
      refused: (message, key) => this.refuseExtent(key, `Not moved: ${this.plainRefusal(message, key)}`),
    });
    this.view.scrollToSpan(span.key);
    this.announce(`${span.label} span now: “${this.store.text.slice(start, end)}”`);
    return true;
  }

  // The server names an overlapping span by its id and code-point offsets; the page names
  // it as the annotator sees it, by its label and words.
  plainRefusal(message, key) {
    if (!/overlap/.test(message)) return message;
    const id = Number((/overlaps span (\d+)/.exec(message) || [])[1]);
    const other = this.store.spans.get(this.store.byId.get(id));
    if (!other || other.key === key) return message;
    const words = this.store.text.slice(other.start, other.end);
    return `it would overlap the ${other.label} span “${words}”, and this project does not allow overlapping spans.`;
  }

  // Why the selected span did not move: said at the span, in its panel (not in the passing
  // notice too, which on a phone covered the text above the panel with the same words), and
  // to screen readers.
  refuseExtent(key, message) {
    this.extentRefusal = { key, message };
    panels.renderSpanPanel(this);
    this.keepSelectionInView();
    this.announce(message);
  }
}
