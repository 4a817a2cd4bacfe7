// What clicks, taps and hovering do on the text, the page's buttons, and the keys' dialog.

import { bindFolds } from "./folds.js";
import { bindGuidelines } from "./guidelines.js";
import { bindWordSelection } from "./words.js";

// Methods of the workspace (workspace.js mixes them into Workspace): `this` is the workspace.
export class PointerAndDialogs {
  bindMouse() {
    const text = document.getElementById("text");
    bindWordSelection(text, this.view);
    let lastSeg = null;
    text.addEventListener("focusin", (event) => {
      const arc = event.target.closest && event.target.closest(".arc");
      if (arc) this.selectRelation(arc.dataset.relation);
    });
    text.addEventListener("focusout", (event) => {
      const arc = event.target.closest && event.target.closest(".arc");
      // Off to another arc, or on to the side panels (Tab goes from the arcs to the span
      // labels, then to the relation's own panel: its note, Remove link): still selected.
      const to = event.relatedTarget && event.relatedTarget.closest ? event.relatedTarget : null;
      const kept = to && (to.closest(".arc") || to.closest(".ws-side"));
      if (arc && !kept && this.arcs.selected === arc.dataset.relation) this.selectRelation(null);
    });
    let hovered = null;
    text.addEventListener("mouseover", (event) => {
      const arc = event.target.closest(".arc");
      const seg = !arc && event.target.closest(".seg--span");
      const what = arc || seg || null;
      if (what === hovered) return;
      hovered = what;
      if (arc) this.arcs.highlight({ relation: arc.dataset.relation });
      else if (seg) this.arcs.highlight({ spans: (this.view.segSpans.get(seg) || []).map((e) => e.key) });
      else this.arcs.highlight();
    });
    text.addEventListener("mouseleave", () => { hovered = null; this.arcs.highlight(); });
    text.addEventListener("click", (event) => {
      const arc = event.target.closest(".arc");
      if (arc) {
        const key = arc.dataset.relation;
        if (this.linking) return;
        this.selectRelation(key);
        this.arcs.focus(key);
        return;
      }
      const seg = event.target.closest(".seg");
      const selection = window.getSelection();
      if (selection && !selection.isCollapsed) return; // the end of a drag, not a click
      const row = event.target.closest(".sent");
      const spanKeys = seg ? this.view.spansAt(seg, event.clientY) : [];
      // Spans of the layer first, then the suggestions under the pointer.
      const keys = seg && !this.linking ? [...spanKeys, ...this.view.suggestionsAt(seg)] : spanKeys;
      if (!keys.length) {
        if (this.linking) {
          this.refuse(this.touch
            ? "Linking: tap one of the spans marked green, or Cancel."
            : "Linking: click one of the spans marked green, or press Esc to cancel.");
        }
        else if (row) { this.view.setCurrent(Number(row.dataset.i), false); this.select(null); }
        return;
      }
      if (this.linking) {
        const hit = keys.find((k) => this.linking.candidates.some((c) => c.span.key === k));
        if (hit) this.finishLink(hit); else this.notify("That span cannot be linked to the selected one.", "error");
        return;
      }
      // A second click on the same place moves to the next span under the pointer.
      let key = keys[0];
      const selected = this.suggestions.selected || this.view.selected;
      if (seg.dataset.s === lastSeg && keys.includes(selected)) {
        key = keys[(keys.indexOf(selected) + 1) % keys.length];
      }
      lastSeg = seg.dataset.s;
      this.select(key);
    });
    const on = (id, fn) => { const b = document.getElementById(id); if (b) b.addEventListener("click", fn); };
    // Mark done does what Ctrl+Enter does: a mouse user is as done with the document.
    // Skip moves on too: a skipped document is one the annotator is not going to work on now.
    on("cancel-link", () => { if (this.linking) this.cancelLink(); });
    on("mark-done", () => this.setStatus("done", { thenNext: true }));
    on("mark-skip", () => this.setStatus("skipped", { thenNext: true }));
    // Reopening stays on the document: it is the one the annotator means to work on again.
    on("mark-reopen", () => this.setStatus("in_progress"));
    // A narrow window's sheet: a fold opened shows its fields, not the sheet's foot alone.
    bindFolds(this.root, (panel, open) => {
      this.keepSelectionInView();
      if (open) this.showPanel(panel);
    });
    on("show-help", () => this.toggleHelp(true));
    bindGuidelines();
    on("stale-reload", () => this.reloadInPlace());
    on("close-help", () => this.toggleHelp(false));
    // A click or tap on the dimmed page around the box closes it, as dialogs are closed.
    document.getElementById("help").addEventListener("click", (event) => {
      if (event.target.id === "help") this.toggleHelp(false);
    });
  }

  toggleHelp(show) {
    const help = document.getElementById("help");
    if (show && help.hidden) this.helpOpener = document.activeElement;
    help.hidden = !show;
    if (!show) {
      // Back to what had the focus (the Keys button, the text), not to the start of the page.
      const opener = this.helpOpener;
      this.helpOpener = null;
      if (opener && opener.isConnected) opener.focus({ preventScroll: true });
      return;
    }
    // The list opens at its first key and scrolls (wheel, arrows, Page Down) from there.
    document.getElementById("close-help").focus({ preventScroll: true });
    help.querySelector(".help__box").scrollTop = 0;
  }
}
