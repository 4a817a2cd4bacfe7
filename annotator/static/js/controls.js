// The side panels' controls, redrawn after every press: what a press must not lose.
//
// A panel is drawn anew from the store after each change, so the control just pressed is
// replaced by a new element. Two things would go with the old one: the keyboard's focus (it
// fell to the page's start, the next Tab at the site's header) and the sense of a double
// click (its second click landed on the new button and undid the first).

// Whether the newest input was a key rather than a pointer: only the keyboard's focus is put
// back, so that after a click the workspace's keys (Enter, Space) act on the text, not on the
// button clicked.
let byKeyboard = false;
document.addEventListener("keydown", () => { byKeyboard = true; }, true);
document.addEventListener("pointerdown", () => { byKeyboard = false; }, true);

// Put `parts` in `box`; a control of the box that had the keyboard's focus hands it on to its
// new self, known by its `data-focus` name, or, gone with what it did (a value's ×), to the
// control its `data-focus-after` names.
export function redraw(box, ...parts) {
  const focused = document.activeElement;
  const inside = focused && box.contains(focused);
  const names = inside ? [focused.dataset.focus, focused.dataset.focusAfter].filter(Boolean) : [];
  box.replaceChildren(...parts);
  if (!names.length || !byKeyboard) return;
  const controls = [...box.querySelectorAll("[data-focus]")];
  const again = names.map((name) => controls.find((node) => node.dataset.focus === name)).find(Boolean);
  if (again) again.focus({ preventScroll: true });
}

// A click handler for a control that toggles: a double click is one press, not two (a
// keyboard's press has no click count, `detail` 0).
export function oncePerClick(handler) {
  return (event) => {
    if (event.detail > 1) { event.preventDefault(); return; }
    handler(event);
  };
}
