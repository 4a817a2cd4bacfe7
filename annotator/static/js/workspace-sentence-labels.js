// The current sentence's labels: the active field, and a value set or cleared by key or button.

import * as panels from "./panels.js";
import { touchScreen } from "./touch.js";
import { counted } from "./wording.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class SentenceLabelling {
  setActiveField(f) {
    this.activeField = f;
    localStorage.setItem(`annotator:field:${this.project}`, String(f));
    panels.renderSentencePanel(this);
  }

  toggleSentenceValue(f, n) {
    const field = this.store.schema.sentence_labels[f];
    if (!this.writable) return this.readOnly();
    if (!field) return this.refuse("This project has no sentence labels.");
    if (n >= field.values.length) return this.refuse(`${field.name} has ${counted(field.values.length, "value")}: no value ${n + 1}.`);
    const i = this.view.current;
    const value = field.values[n];
    const now = this.store.sentenceLabels.get(`${i}|${field.name}`);
    let next;
    if (field.multiple) {
      const set = new Set(now || []);
      if (set.has(value)) set.delete(value); else set.add(value);
      next = set.size ? field.values.filter((v) => set.has(v)) : null;
    } else {
      next = now === value ? null : value;
    }
    const removed = field.multiple ? Boolean(now && now.includes(value)) : now === value;
    this.actions.setLabel(i, field.name, next);
    // A second press (or a double click on a value already set) takes it off: said, with the
    // way back, since nothing else on screen shows that a press did something.
    if (removed) {
      const back = touchScreen() ? "the Undo button ↶" : "Ctrl+Z";
      this.notify(`${field.name} ${value} taken off sentence ${i + 1} (${back} puts it back).`);
    }
    return true;
  }
}
