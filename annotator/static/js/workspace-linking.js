// Linking: from the selected span to one of those the relation types allow, by keys or a
// click, with the candidates marked on the text and the panel in view.

import * as panels from "./panels.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class Linking {
  startLink() {
    const source = this.view.selected && this.store.spans.get(this.view.selected);
    if (!this.writable) return this.readOnly();
    if (!source) return this.refuse("Select a span first (click it, or select its text and press its label key), then press l to link it to another.");
    const candidates = [];
    for (const span of this.store.spans.values()) {
      if (span.key === source.key) continue;
      const links = this.store.allowedLinks(source, span);
      if (links.length) candidates.push({ span, links, distance: Math.abs(span.start - source.start) });
    }
    candidates.sort((a, b) => a.distance - b.distance || a.span.start - b.span.start);
    this.linking = { source, candidates, at: 0 };
    this.markCandidates();
    return true;
  }

  markCandidates() {
    const marks = new Map();
    if (this.linking) {
      this.linking.candidates.forEach((c, i) => marks.set(c.span.key, i === this.linking.at ? "is-target" : "is-candidate"));
      const target = this.linking.candidates[this.linking.at];
      if (target) this.view.scrollToSpan(target.span.key);
    }
    this.view.setMarks(marks);
    panels.renderLinkPanel(this);
    this.showLinkPanel();
  }

  // The linking panel (what to do, and its Cancel) scrolled into its box (showPanel).
  showLinkPanel() {
    this.showPanel(document.getElementById("link-panel"));
  }

  cycleLink(step) {
    const { candidates } = this.linking;
    if (!candidates.length) return;
    this.linking.at = (this.linking.at + step + candidates.length) % candidates.length;
    this.markCandidates();
  }

  finishLink(key = null) {
    const link = this.linking;
    const target = key ? link.candidates.find((c) => c.span.key === key) : link.candidates[link.at];
    if (!target) { this.notify("That span cannot be linked to the selected one.", "error"); return; }
    const { type, from, to } = target.links[0];
    const words = (span) => `${span.label} “${this.store.text.slice(span.start, span.end)}”`;
    // Said once the server has taken it: a refusal (one more than max_per_source, made
    // elsewhere meanwhile) follows as "Not linked: …", which a link said at once contradicted.
    this.actions.createRelation(type, from.key, to.key, {
      saved: () => this.announce(`${type} link made: ${words(from)} to ${words(to)}.`),
    });
    this.cancelLink();
    this.view.setCurrent(this.store.sentenceAt(link.source.start), false);
    // The link's start stays selected: a claim with a source and a cue takes its second link
    // with one more `l` (its drawn links are no longer offered), not a click to select it again.
    this.select(link.source.key);
  }

  cancelLink() {
    this.linking = null;
    this.markCandidates();
  }
}
