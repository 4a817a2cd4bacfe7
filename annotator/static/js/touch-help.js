// What "(?)" says on a touch screen: the taps and buttons the workspace answers to there, in
// place of the keys' table (a phone has no Esc, Ctrl or arrows). Each row is what the code
// does on a tap: workspace-pointer.js (taps on the text), panels.js and relation-panel.js (the
// panels' buttons), workspace-spans.js (a label tapped), folds.js (Labels, Document labels).
// A way added there is added here; nothing here that a tap does not do.

export const TOUCH_HELP = {
  title: "Touch",
  close: "Close",
};

// [what to touch, what it does] for the schema's labels (their names).
export function touchHelpRows(schema) {
  const label = schema.span_labels.length ? schema.span_labels[0].name : "a label";
  return [
    ["Touch and hold a word", `the phone selects it; drag its handles over the other words, then tap a label`
      + ` at the window's foot (${label}, ...): a span of that label`],
    ["Tap a span", "select it: its panel opens above the labels, with Remove span, Link, Set extent,"
      + " its attributes and a box for a note on it (tap the same place again: the next span there);"
      + " tap an attribute's value to set it (again: it stays), its × to take it off"],
    ["Tap a label", "with a span selected: give it that label instead"],
    ["Set extent", "with a span selected: select the words it should cover, then tap Set extent"],
    ["Link", "with a span selected: tap Link, then a span marked green (Cancel linking stops)"],
    ["Tap an arc", "select the link it draws: its panel shows its ends and a box for its note, with Remove link"],
    ["Tap a dashed outline", "select that suggestion: Accept makes it a span of your layer, Reject hides it"
      + " (Accept all N in sentence K: every one that starts in the sentence)"],
    ["Tap other words", "make their sentence the current one and close the panel of what was selected"],
    ["Labels", "beside the sentence's number at the window's foot: its label fields; tap a value"
      + " to set it (again: it stays), its × to take it off. Document labels: the document's"],
    ["↶ ↷", "Undo, Redo: the buttons beside Saved at the top"],
    ["Mark done, Skip", "mark the document and open the next one still to do (Reopen: back to work on it)"],
    ["Note", "after the text, at the page's end: a note on the whole document for the reviewers"],
    ["Close", "or tap the dimmed page around this box"],
  ];
}
