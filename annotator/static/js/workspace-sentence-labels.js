// The labels: the active sentence field; a sentence's value set by key or button, taken off
// only by its own act (its ×, Delete on it, Shift+Delete); a document label chosen.

import * as panels from "./panels.js";
import { sayActiveField } from "./workspace-announce.js";
import { counted } from "./wording.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class SentenceLabelling {
  setActiveField(f) {
    this.activeField = f;
    localStorage.setItem(`annotator:field:${this.project}`, String(f));
    panels.renderSentencePanel(this);
    sayActiveField(this);
  }

  // A value's key (or its button) sets value `n` of field `f` on the current sentence; on a
  // field that takes many, adds it. Pressed again it keeps the value and says so: people press
  // a key again to make sure, and a second press that took the value off (as it once did)
  // undid what they meant to confirm.
  setSentenceValue(f, n) {
    const field = this.store.schema.sentence_labels[f];
    if (!this.writable) return this.readOnly();
    if (!field) return this.refuse("This project has no sentence labels.");
    if (n >= field.values.length) return this.refuse(`${field.name} has ${counted(field.values.length, "value")}: no value ${n + 1}.`);
    const i = this.view.current;
    const value = field.values[n];
    const now = this.sentenceValues(i, field);
    if (now.includes(value)) {
      const already = field.multiple ? `${field.name} already has ${value}` : `${field.name} is already ${value}`;
      return this.refuse(`${already} on sentence ${i + 1}. To take it off: ${this.takeOffHow(f)}.`);
    }
    const next = field.multiple ? field.values.filter((v) => v === value || now.includes(v)) : value;
    this.actions.setLabel(i, field.name, next);
    const said = field.multiple && now.length
      ? `${field.name} ${value} added on sentence ${i + 1}: now ${next.join(", ")}.`
      : `${field.name} ${value} set on sentence ${i + 1}.`;
    // With a span selected its panel is on show, not the sentence's: said where the eye is too.
    if (this.view.selected) this.notify(said, "info");
    else this.announce(said);
    return true;
  }

  // Take `value` of the field named `name` off the current sentence (value null: all the
  // field's values there): the explicit act that a second press of a key no longer is.
  takeSentenceValue(name, value = null) {
    const field = this.store.schema.sentence_labels.find((x) => x.name === name);
    if (!this.writable) return this.readOnly();
    if (!field) return this.refuse("This project has no sentence labels.");
    const i = this.view.current;
    const now = this.sentenceValues(i, field);
    const taken = value == null ? now : now.filter((v) => v === value);
    if (!taken.length) {
      return this.refuse(`${field.name} has ${value == null ? "no value" : `no ${value}`} on sentence ${i + 1}: nothing to take off.`);
    }
    const left = now.filter((v) => !taken.includes(v));
    this.actions.setLabel(i, field.name, field.multiple && left.length ? left : null,
      { undone: `${field.name} ${taken.join(", ")} back on sentence ${i + 1}` });
    const back = this.touch ? "the Undo button ↶" : "Ctrl+Z";
    const words = `${field.name} ${taken.join(", ")} taken off sentence ${i + 1}`;
    // Seen in the toast with the way back, heard once (the toast's words are not spoken again).
    this.announce(`${words}.`);
    this.notify(`${words} (${back} puts it back).`, "info", { spoken: false });
    return true;
  }

  // The values of `field` on sentence `i`, as a list (none: empty).
  sentenceValues(i, field) {
    const now = this.store.sentenceLabels.get(`${i}|${field.name}`);
    return now == null ? [] : [].concat(now);
  }

  // How a value of field `f` is taken off, as this screen does it: Shift+Delete takes the
  // active field's, so it is named only for that one.
  takeOffHow(f) {
    if (this.touch) return "its × under Sentence";
    return f === this.activeField ? "Shift+Delete, or its × under Sentence" : "its × under Sentence (or Delete on its button)";
  }

  // A document label chosen in its panel (a list, for a field that takes many; null: none).
  setDocumentLabel(field, value) {
    this.actions.setLabel(null, field.name, value);
    const shown = [].concat(value ?? []).join(", ");
    this.announce(shown ? `${field.name} ${shown} set on the document.` : `${field.name} cleared on the document.`);
  }
}
