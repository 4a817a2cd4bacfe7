// Spans and relations on the text: a label key's span, relabelling, selecting a relation,
// removing what is selected and a span's attributes.

import { trimRange } from "./offsets.js";
import * as panels from "./panels.js";
import { renderRelationPanel } from "./relation-panel.js";
import { touchScreen } from "./touch.js";

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

  toggleAttribute(n) {
    const span = this.view.selected && this.store.spans.get(this.view.selected);
    if (!span) return false;
    if (!this.writable) return this.readOnly();
    const choice = panels.attributeChoices(this.store.spanLabels.get(span.label))[n];
    if (!choice) return false;
    const { attribute, value } = choice;
    const attributes = { ...span.attributes };
    const now = attributes[attribute.name];
    if (attribute.multiple) {
      const set = new Set(now || []);
      if (set.has(value)) set.delete(value); else set.add(value);
      attributes[attribute.name] = set.size ? attribute.values.filter((v) => set.has(v)) : null;
    } else {
      attributes[attribute.name] = now === value ? null : value;
    }
    if (attributes[attribute.name] == null) delete attributes[attribute.name];
    this.actions.patchSpan(span.key, { attributes });
    const set = [].concat(attributes[attribute.name] ?? []).includes(value);
    this.announce(`${attribute.name} ${value} ${set ? "set on" : "taken off"} the ${span.label} span.`);
    return true;
  }
}
