// Spans and relations on the text: a label key's span, relabelling, selecting a relation,
// removing what is selected and a span's attributes.

import { trimRange } from "./offsets.js";
import * as panels from "./panels.js";
import { renderRelationPanel } from "./relation-panel.js";
import { touchScreen } from "./touch.js";
import { counted } from "./wording.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class SpanEditing {
  // A label key: a span on the text selected, or a new label for the selected span.
  labelKey(label) {
    if (!this.writable) return this.readOnly();
    const range = this.view.selectionRange();
    if (range) {
      const trimmed = trimRange(this.store.text, range[0], range[1]);
      window.getSelection().removeAllRanges();
      if (!trimmed) return true;
      const wanted = { label: label.name, start: trimmed[0], end: trimmed[1] };
      const same = this.store.sameSpan(wanted);
      this.clearHint();
      this.select(same ? same.key : this.actions.createSpan({ ...wanted, attributes: {} }));
      const words = this.store.text.slice(trimmed[0], trimmed[1]);
      this.announce(same ? `Selected the ${label.name} span “${words}”: it was there already.`
        : `${label.name} span made: “${words}”`);
      return true;
    }
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) {
      // A touch screen has no keys: it selects by touch, and labels by the button.
      if (touchScreen()) {
        return this.refuse(`Select words first (touch and hold a word, drag the handles over the rest), then tap ${label.name}.`);
      }
      const how = label.key ? `press ${label.key}` : `pick ${label.name} under Span labels`;
      return this.refuse(`Select words first (drag, or → and Shift+→), then ${how} for a ${label.name} span.`);
    }
    if (span.label === label.name) return this.refuse(`The selected span is already a ${label.name} span.`);
    // Relabelled onto a span of that label on the same text, it would be a second copy.
    const same = this.store.sameSpan({ label: label.name, start: span.start, end: span.end });
    if (same) {
      this.select(same.key);
      this.notify(`These words are already a ${label.name} span: selected it.`, "info");
      return true;
    }
    const allowed = new Set((label.attributes || []).map((a) => a.name));
    const attributes = Object.fromEntries(Object.entries(span.attributes).filter(([name]) => allowed.has(name)));
    this.actions.patchSpan(span.key, { label: label.name, attributes });
    this.announce(`Now a ${label.name} span: “${this.store.text.slice(span.start, span.end)}”`);
    return true;
  }

  // A relation picked on the text (a click on its arc, or Tab to it); null: none. Its panel
  // shows its ends, type and note (relation-panel.js).
  selectRelation(key) {
    if (key && this.view.selected) this.select(null);
    const picked = key && this.store.relations.has(key) ? key : null;
    if (picked === this.arcs.selected) return;
    this.arcs.select(picked);
    renderRelationPanel(this);
    if (picked) this.keepSelectionInView();
  }

  deleteSelected() {
    const relation = this.arcs.selected;
    if (relation && this.store.relations.has(relation)) {
      if (!this.writable) return this.readOnly();
      const { type } = this.store.relations.get(relation);
      this.selectRelation(null);
      this.actions.deleteRelation(relation);
      this.announce(`${type} relation removed.`);
      this.focusText();
      return true;
    }
    const key = this.view.selected;
    if (!this.writable) return this.readOnly();
    if (!key) {
      return this.refuse("Nothing selected to remove: first select a span (click it, or select its words"
        + " and press its label key) or a relation (Tab to its arc, or click it)."
        + " A sentence's value: Shift+Delete takes the active field's off (or the value's × under Sentence).");
    }
    const span = this.store.spans.get(key);
    this.select(null);
    this.actions.deleteSpan(key);
    if (span) this.announce(`${span.label} span removed: “${this.store.text.slice(span.start, span.end)}”`);
    this.focusText();
    return true;
  }

  // Back to the text, where the keys act, after a removal: the button pressed (a panel's
  // Remove, a relation's remove) went with what it removed, and the focus fell to the page's
  // start.
  focusText() {
    document.getElementById("text").focus({ preventScroll: true });
  }

  // The focus on a value's button (under Sentence, or under Selected span) goes to the text
  // when the keys move to something else there: another sentence (j / k), a word (→ / ←), a
  // span or suggestion selected. Delete then takes off what is seen focused: the button
  // kept the focus, and Delete acted on the selection while the value looked focused.
  // True, for a key's handler to go on with.
  leaveValueButton() {
    const focused = document.activeElement;
    if (focused && focused.closest && focused.closest("#sentence-fields, #span-details")) this.focusText();
    return true;
  }

  // A digit (or a value's button in the span's panel) sets the selected span's attribute
  // value `n`; on an attribute that takes many, adds it. Pressed again it keeps it and says
  // so, as a sentence value's key does: a second press that took it off undid a check.
  // A digit past the span's choices does nothing and says why (it set a sentence value
  // unseen), and so does a digit on a span whose label has no attributes: with a span
  // selected, a digit never changes the sentence behind it. False: no span selected, the
  // digits are the sentence's.
  setAttribute(n) {
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) return false;
    const choices = panels.attributeChoices(this.store.spanLabels.get(span.label));
    if (!choices.length) return this.refuse(`${span.label} has no attributes; press Esc to act on the sentence.`);
    if (!this.writable) return this.readOnly();
    const choice = choices[n];
    if (!choice) {
      return this.refuse(`${span.label} has ${counted(choices.length, "choice")}: no choice ${n + 1} (Esc, then ${n + 1}, for a sentence value).`);
    }
    const { attribute, value } = choice;
    const now = [].concat(span.attributes[attribute.name] ?? []);
    if (now.includes(value)) {
      const already = attribute.multiple ? `${attribute.name} already has ${value}` : `${attribute.name} is already ${value}`;
      return this.refuse(`${already} on the ${span.label} span. To take it off: ${this.attributeOffHow()}.`);
    }
    const next = attribute.multiple ? attribute.values.filter((v) => v === value || now.includes(v)) : value;
    this.actions.patchSpan(span.key, { attributes: { ...span.attributes, [attribute.name]: next } });
    this.announce(`${attribute.name} ${value} set on the ${span.label} span.`);
    return true;
  }

  // Take `value` of the attribute named `name` off the selected span: its own act (the
  // value's × in the span's panel, Delete on the value's button), as for sentence values.
  // Delete on the text removes the span itself, so no key takes an attribute off from there.
  takeAttribute(name, value) {
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) return this.refuse("Select a span first: its attribute values are under Selected span.");
    if (!this.writable) return this.readOnly();
    const now = [].concat(span.attributes[name] ?? []);
    if (!now.includes(value)) return this.refuse(`The ${span.label} span has no ${name} ${value}: nothing to take off.`);
    const attributes = { ...span.attributes };
    const left = now.filter((v) => v !== value);
    if (Array.isArray(span.attributes[name]) && left.length) attributes[name] = left;
    else delete attributes[name];
    this.actions.patchSpan(span.key, { attributes }, { undone: `${name} ${value} back on the ${span.label} span` });
    const words = `${name} ${value} taken off the ${span.label} span`;
    this.announce(`${words}.`);
    this.notify(`${words} (${this.touch ? "the Undo button ↶" : "Ctrl+Z"} puts it back).`, "info", { spoken: false });
    return true;
  }

  attributeOffHow() {
    return this.touch ? "its × under Selected span" : "its × under Selected span (or Delete on its button)";
  }
}
